import type { AppContext } from '../context';
import { approvalGet, approvalPost, type WebAppEvent } from './handlers';
import { noticePage } from './pages';
import { CARD_API, cardApiGet, cardApiPost } from './card-endpoint';
import { statusGet } from './status-page';
import { planeBackend } from '../plane/backend';
import { runUnit } from '../plane/unit';

/** The row hint an approval link or its confirm page carries (`r`), checked on read. */
function rowHint(e: WebAppEvent | undefined): number | null {
  const r = Number(e?.parameter?.r ?? Number.NaN);
  return Number.isInteger(r) && r >= 2 ? r : null;
}

/**
 * The web app's routes: approval links (?t=<token>), the Gmail card's JSON API (POST api=card; a GET only says so),
 * requesters' status pages (?status=<token>, read-only).
 * Anything else gets a plain page.
 * The backend (the governed Sheet) is opened only when a token verifies, so junk requests cost no Sheet calls.
 */
export function webAppGet(
  ctx: AppContext,
  e: WebAppEvent | undefined,
): GoogleAppsScript.HTML.HtmlOutput | GoogleAppsScript.Content.TextOutput {
  if (e?.parameter?.api === CARD_API) return cardApiGet(ctx.services);
  if (e?.parameter?.status !== undefined) return status(ctx, e.parameter.status, rowHint(e));
  // The confirm page: one read (the request's row by its hint, Config/Directory unless cached), no lock.
  if (e?.parameter?.t !== undefined) return runUnit(ctx, { lock: false }, (u) => approvalGet(ctx.services, planeBackend(u, rowHint(e)), e));
  return home(ctx);
}

export function webAppPost(
  ctx: AppContext,
  e: WebAppEvent | undefined,
): GoogleAppsScript.HTML.HtmlOutput | GoogleAppsScript.Content.TextOutput {
  if (e?.parameter?.api === CARD_API)
    return cardApiPost(ctx.services, (lock, body) => runUnit(ctx, { lock }, (u) => body(planeBackend(u, rowHint(e)))), e, ctx.now());
  // A status link is read-only whatever the method.
  if (e?.parameter?.status !== undefined) return status(ctx, e.parameter.status, rowHint(e));
  // A decision: under the lock, one read, the engine, one write (see src/gas/plane/unit.ts).
  return runUnit(ctx, { lock: true }, (u) => approvalPost(ctx.services, planeBackend(u, rowHint(e)), e));
}

function home(ctx: AppContext): GoogleAppsScript.HTML.HtmlOutput {
  const p = noticePage(
    'invalid_link',
    'This is the Handoff approvals page. Open an Approve, Reject or Request changes link from a Handoff email.',
  );
  return ctx.services.HtmlService.createHtmlOutput(p.html)
    .setTitle('Handoff')
    .setXFrameOptionsMode(ctx.services.HtmlService.XFrameOptionsMode.DEFAULT);
}

/**
 * A requester's status page: one unit without the lock: the request's row (by the link's row hint, else its Index
 * entry) with Config and Directory in one batchGet, then its Audit rows found by one TextFinder search and read in one.
 */
function status(ctx: AppContext, token: string, row: number | null): GoogleAppsScript.HTML.HtmlOutput {
  try {
    return runUnit(ctx, { lock: false }, (u) => statusGet(ctx.services, planeBackend(u, row), token));
  } catch (err) {
    // The unit could not open (the sheet is unreachable): the same notice statusGet gives for a failed read.
    const p = noticePage(
      'error',
      `Handoff could not show this request right now. (${String((err as Error)?.message ?? err).slice(0, 200)})`,
    );
    return ctx.services.HtmlService.createHtmlOutput(p.html)
      .setTitle(p.title)
      .setXFrameOptionsMode(ctx.services.HtmlService.XFrameOptionsMode.DEFAULT);
  }
}

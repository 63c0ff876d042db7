import type { AppContext } from '../context';
import { createStoreBackend } from '../approvals/store-backend';
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
  if (e?.parameter?.status !== undefined) return statusGet(ctx.services, lazyBackend(ctx), e.parameter.status);
  // The confirm page: one read (the request's row by its hint, Config/Directory unless cached), no lock.
  if (e?.parameter?.t !== undefined) return runUnit(ctx, { lock: false }, (u) => approvalGet(ctx.services, planeBackend(u, rowHint(e)), e));
  return home(ctx);
}

export function webAppPost(
  ctx: AppContext,
  e: WebAppEvent | undefined,
): GoogleAppsScript.HTML.HtmlOutput | GoogleAppsScript.Content.TextOutput {
  if (e?.parameter?.api === CARD_API) return cardApiPost(ctx.services, lazyBackend(ctx), e);
  // A status link is read-only whatever the method.
  if (e?.parameter?.status !== undefined) return statusGet(ctx.services, lazyBackend(ctx), e.parameter.status);
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

function lazyBackend(ctx: AppContext) {
  let b: ReturnType<typeof createStoreBackend> | null = null;
  const get = () => (b ??= createStoreBackend(ctx));
  return {
    now: () => ctx.now(),
    load: (id: string) => get().load(id),
    loadArchived: (id: string) => get().loadArchived?.(id) ?? null,
    directory: () => get().directory(),
    apply: (...a: Parameters<ReturnType<typeof createStoreBackend>['apply']>) => get().apply(...a),
    createRequest: (input: Parameters<NonNullable<ReturnType<typeof createStoreBackend>['createRequest']>>[0]) =>
      get().createRequest!(input),
    auditOf: (id: string) => get().auditOf(id),
    requestLink: (r: Parameters<NonNullable<ReturnType<typeof createStoreBackend>['requestLink']>>[0]) => get().requestLink?.(r) ?? null,
  };
}

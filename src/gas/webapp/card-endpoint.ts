import type { Services } from '../services';
import type { ApprovalBackend } from '../approvals/backend';
import { cardDecision, cardView, sidebarAction, type CardApiResult } from '../approvals/card-api';
import { SIDEBAR_ONLY_OPS, verifyCardToken } from '../approvals/card-token';
import { MAX_COMMENT } from '../approvals/decide';
import { openFields } from '../approvals/fields-digest';
import { whenZone } from '../approvals/summary';
import { formFields, type WebAppEvent } from './handlers';

/**
 * The web app's JSON endpoint for the Gmail card: POST with `api=card`, a card token `t` (card-token.ts) and, for a
 * decision, `comment`. It runs as the deployer, so it can read and write the governed sheet for an approver who
 * cannot. A GET with api=card only says to POST: it never reads or acts.
 * The sidebar posts here too (tokens with via "sidebar", signed in the sidebar's execution as the person using it):
 * an approver's decision, or a requester's / assignee's cancel, resubmit or transition (`comment` carries the
 * comment or the reason, `fields` the field values whose digest the token holds), or a new request. The audit records the method: gmail_addon or sidebar.
 */
export type CardEndpointServices = Pick<Services, 'ContentService' | 'PropertiesService' | 'Utilities' | 'CacheService'>;

/**
 * Runs `body` over the governed sheet as one unit of work (src/gas/plane/unit.ts): `lock` for a change (one read,
 * the engine, one write, under the script lock with the revision check), none for a view. Called only once the
 * token verifies, so a junk POST reads nothing and takes no lock.
 */
export type BackendRun = <T>(lock: boolean, body: (backend: ApprovalBackend) => T) => T;

export const CARD_API = 'card';
const NONCE_PREFIX = 'handoff:card-nonce:';

function json(s: CardEndpointServices, body: CardApiResult): GoogleAppsScript.Content.TextOutput {
  return s.ContentService.createTextOutput(JSON.stringify(body)).setMimeType(s.ContentService.MimeType.JSON);
}

export function cardApiGet(s: CardEndpointServices): GoogleAppsScript.Content.TextOutput {
  return json(s, { ok: false, code: 'invalid', message: 'The Handoff card API answers POST only. Nothing was read or changed.' });
}

/**
 * Each card token acts once: its nonce is remembered in the script cache until the token expires. (If the cache
 * dropped it early, a replayed decision still finds the step decided and changes nothing.)
 */
function firstUse(s: CardEndpointServices, nonce: string, expiresAt: number, now: number): boolean {
  const cache = s.CacheService.getScriptCache();
  const key = NONCE_PREFIX + nonce;
  if (cache.get(key) !== null) return false;
  cache.put(key, '1', Math.max(1, Math.min(21600, Math.ceil((expiresAt - now) / 1000) + 60)));
  return true;
}

export function cardApiPost(
  s: CardEndpointServices,
  run: BackendRun,
  e: WebAppEvent | undefined,
  now: number,
): GoogleAppsScript.Content.TextOutput {
  try {
    const f = formFields(e);
    const v = verifyCardToken(s, f.t, now);
    if (!v.ok) return json(s, { ok: false, code: 'invalid', message: v.message });
    const c = v.claims;
    if (!firstUse(s, c.nonce, c.expiresAt, now)) {
      return json(s, {
        ok: false,
        code: 'replayed',
        message: 'This card request was already used once. Nothing was changed. Open the email again to see where the request stands.',
      });
    }
    // The card shows the times this answer carries (summary.dueText, "already decided … at <time>"): formatted here
    // with Utilities, never Intl.
    const zone = whenZone(s.Utilities);
    if (c.op === 'view')
      return json(
        s,
        run(false, (backend) => cardView(backend, c.requestId, c.user, zone)),
      );
    const text = String(f.comment ?? '').slice(0, MAX_COMMENT);
    if (SIDEBAR_ONLY_OPS.has(c.op)) {
      // Field values travel beside the token; its digest must match them exactly.
      const fields = openFields(s, f.fields, c.digest ?? '');
      if (!fields.ok) return json(s, { ok: false, code: 'invalid', message: fields.message });
      return json(
        s,
        run(true, (backend) => sidebarAction(backend, c, text, zone, fields.fields)),
      );
    }
    return json(
      s,
      run(true, (backend) => cardDecision(backend, c, text, zone)),
    );
  } catch (err) {
    return json(s, {
      ok: false,
      code: 'error',
      message: `Handoff could not do this right now. Nothing was changed. (${String((err as Error)?.message ?? err).slice(0, 200)})`,
    });
  }
}

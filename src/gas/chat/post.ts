/**
 * Posting a message to a Chat space's incoming webhook (UrlFetchApp, muteHttpExceptions so every status is seen):
 * 200 → posted; 429 and 5xx → try again later (the Outbox backs off); any other status → it will not work by trying
 * again (a bad token, a removed webhook, a refused card): failed at once, with Chat's message. Error texts never carry
 * the webhook's key or token (scrubSecrets).
 */
import type { Services } from '../services';
import type { ChatMessage } from './message';
import { scrubSecrets } from './spaces';

export type PostOutcome = { kind: 'sent' } | { kind: 'retry'; error: string } | { kind: 'fail'; error: string };

export const REPLY_OPTION = 'messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD';

export function postToChat(s: Pick<Services, 'UrlFetchApp'>, url: string, message: ChatMessage): PostOutcome {
  const target = `${url.trim()}${url.includes('?') ? '&' : '?'}${REPLY_OPTION}`;
  let code: number;
  let body = '';
  try {
    const res = s.UrlFetchApp.fetch(target, {
      method: 'post',
      contentType: 'application/json; charset=UTF-8',
      payload: JSON.stringify(message),
      muteHttpExceptions: true,
    });
    code = res.getResponseCode();
    body = res.getContentText();
  } catch (e) {
    // Network trouble or the daily UrlFetch quota: both pass.
    return {
      kind: 'retry',
      error: scrubSecrets(`Chat could not be reached: ${e instanceof Error ? e.message : String(e)}`, url).slice(0, 500),
    };
  }
  if (code >= 200 && code < 300) return { kind: 'sent' };
  let detail = body.slice(0, 300);
  try {
    const j = JSON.parse(body) as { error?: { message?: string } };
    if (j.error?.message) detail = j.error.message;
  } catch {
    /* not JSON: keep the text */
  }
  const error = scrubSecrets(`Chat answered ${code}: ${detail}`, url).slice(0, 500);
  return code === 429 || code >= 500 ? { kind: 'retry', error } : { kind: 'fail', error };
}

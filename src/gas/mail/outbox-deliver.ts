/**
 * Delivering one claimed Outbox entry (outbox-sender.ts claims, records and backs off): to a Chat space, by email, or
 * into the recipient's digest.
 *   chat    `chat:<space>`, or a queue that has a space: one card message in the request's thread (chat/message.ts);
 *   digest  an approval, assignment or reminder for someone on digest delivery whose next digest comes before the
 *           request's due time (delivery.ts): nothing is sent, their digest lists it;
 *   email   everyone else, once each: a queue's members but those with their own copy (`except`) or on digest.
 */
import { chatSpaceOf, queueName, type NotificationIntent } from '../../core';
import { signToken, LINK_ACTIONS, type LinkAction } from '../approvals/token';
import { whenZone } from '../approvals/summary';
import { chatMessage } from '../chat/message';
import { postToChat } from '../chat/post';
import { spaceForQueue, spaceNamed, type ChatSpace } from '../chat/spaces';
import type { AppContext } from '../context';
import { actionUrl } from './approval-email';
import type { Folding } from './delivery';
import { recipients, render } from './outbox-render';
import type { RenderCache } from './render-cache';
import { isTestRequest, testAdmin } from '../testrun/marker';
import { ownerEmail } from '../auth';
import { isNotice, type NoticePayload, type OutboxPayload } from '../store/outbox';
import type { RenderedEmail } from './approval-email';

export type Delivered =
  | { kind: 'sent'; recipients: number; chat: boolean }
  | { kind: 'retry'; error: string }
  | { kind: 'fail'; error: string }
  | { kind: 'cancel'; reason: string }
  | { kind: 'digest'; note: string; people: string[] };

export interface DeliverEnv {
  ctx: AppContext;
  cache: RenderCache;
  folding: Folding;
  spaces: readonly ChatSpace[];
  /** Called right before anything leaves (the previous outcome is flushed first). */
  beforeSend(): void;
  /** Mail recipients left today. */
  mailLeft(): number;
  /** Counts recipients a send used (grouped reminders and escalations, nudges.ts). */
  spend(recipients: number): void;
  /** People whose next digest now has something new. */
  folded(people: readonly string[]): void;
}

const MOOT = 'Not sent: the request has moved on since this was queued.';
const NOT_WAITING = 'Not sent: this approval no longer waits for this person (decided, or the request moved on).';

export function deliver(env: DeliverEnv, payload: OutboxPayload | null): Delivered {
  if (isNotice(payload)) return noticeByEmail(env, payload);
  const intent = payload;
  if (intent && isTestRequest(intent.requestId)) return testRunByEmail(env, intent);
  if (!intent || typeof intent !== 'object' || !intent.kind || !intent.requestId) throw new Error('the Payload cell is not a notification');
  const named = chatSpaceOf(intent.to);
  const queue = queueName(intent.to);
  const space = named !== null ? spaceNamed(env.spaces, named) : queue !== null ? spaceForQueue(env.spaces, queue) : null;
  if (named !== null && !space)
    return { kind: 'retry', error: `No Chat space is named "${named}": an admin adds it in the panel (Settings › Chat spaces).` };
  if (space) return toChat(env, intent, space);
  return byEmail(env, intent);
}

function toChat(env: DeliverEnv, intent: NotificationIntent, space: ChatSpace): Delivered {
  const { ctx, cache } = env;
  const request = cache.request(intent.requestId);
  const version = cache.version(request.workflowId, request.version);
  if ((intent.kind === 'reminder' || intent.kind === 'escalation') && request.state !== intent.state)
    return { kind: 'cancel', reason: MOOT };
  const directory = cache.directory();
  const nameOf = (e: string) => directory.get(e)?.name || e;
  const approvals: Array<{ approver: string; links: Record<LinkAction, string> }> = [];
  const a = request.approval;
  const url = cache.webAppUrl();
  if ((intent.kind === 'approval_requested' || intent.kind === 'receipt') && a && a.state === request.state && url) {
    const ttlDays = cache.settings(request.workflowId).linkTtlDays;
    for (const approver of a.pending.slice(0, 3)) {
      const links = {} as Record<LinkAction, string>;
      for (const action of LINK_ACTIONS) {
        const target = { requestId: request.id, stepId: a.stepId, round: a.round, approver };
        links[action] = actionUrl(url, signToken(ctx.services, { ...target, recipient: approver, action, now: ctx.now(), ttlDays }));
      }
      approvals.push({ approver, links });
    }
  }
  const message = chatMessage({
    intent,
    request,
    version,
    zone: whenZone(ctx.services.Utilities),
    now: ctx.now(),
    nameOf,
    requestLink: cache.sheetUrl(),
    approvals,
  });
  env.beforeSend();
  const out = postToChat(ctx.services, space.url, message);
  if (out.kind === 'sent') return { kind: 'sent', recipients: 0, chat: true };
  return out;
}

function byEmail(env: DeliverEnv, intent: NotificationIntent): Delivered {
  const { ctx, cache, folding } = env;
  const mail = render(ctx, cache, intent);
  if (!mail) {
    const moot = intent.kind === 'reminder' || intent.kind === 'escalation';
    return { kind: 'cancel', reason: moot ? MOOT : NOT_WAITING };
  }
  const request = cache.request(intent.requestId);
  const due = request.sla && request.sla.runningSince !== null ? request.sla.dueAt : null;
  const all = recipients(mail.to, cache.directory(), intent.except ?? []);
  const now: string[] = [];
  const later: string[] = [];
  // A delegate acting for someone away is told at once (the digest lists only their own approvals).
  for (const to of all) (!intent.onBehalfOf && folding.folds(to, intent.kind, due) ? later : now).push(to);
  if (now.length === 0) {
    if (later.length > 0) {
      const when = Math.min(...later.map((p) => folding.nextDigest(p)));
      return { kind: 'digest', note: `In the digest of ${later.join(', ')} (next at ${new Date(when).toISOString()}).`, people: later };
    }
    return { kind: 'retry', error: `Nobody to send to: ${mail.to} has no members in the Directory.` };
  }
  if (now.length > env.mailLeft()) return { kind: 'retry', error: 'The daily email quota is used up.' };
  env.folded(later);
  return sendNow(env, mail, now);
}

/**
 * A test run's notice (TEST-000001): it mails nobody but the admin who started the run, at once, never to Chat or a
 * digest, and the subject says whom it was for.
 */
function testRunByEmail(env: DeliverEnv, intent: NotificationIntent): Delivered {
  const mail = render(env.ctx, env.cache, intent);
  if (!mail) return { kind: 'cancel', reason: NOT_WAITING };
  const admin = testAdmin(env.ctx) ?? ownerEmail(env.ctx) ?? '';
  if (!admin) return { kind: 'retry', error: 'Nobody to send to: no admin started this test run.' };
  const meant = recipients(mail.to, env.cache.directory(), intent.except ?? []).join(', ') || mail.to;
  return sendNow(env, { ...mail, subject: `[TEST for ${meant}] ${mail.subject}` }, [admin]);
}

/** Handoff's own notices (a health incident to the admins): by email, at once, never folded into a digest. */
function noticeByEmail(env: DeliverEnv, notice: NoticePayload): Delivered {
  const mail = render(env.ctx, env.cache, notice)!;
  const to = recipients(mail.to, env.cache.directory());
  if (to.length === 0) return { kind: 'retry', error: `Nobody to send to: ${mail.to} has no members in the Directory.` };
  if (to.length > env.mailLeft()) return { kind: 'retry', error: 'The daily email quota is used up.' };
  return sendNow(env, mail, to);
}

function sendNow(env: DeliverEnv, mail: RenderedEmail, to: readonly string[]): Delivered {
  env.beforeSend();
  try {
    env.ctx.services.MailApp.sendEmail({ to: to.join(','), subject: mail.subject, body: mail.text, htmlBody: mail.html, name: 'Handoff' });
  } catch (e) {
    return { kind: 'retry', error: (e instanceof Error ? e.message : String(e)).slice(0, 500) };
  }
  return { kind: 'sent', recipients: to.length, chat: false };
}

/** Whether an entry goes to a Chat space (it needs no mail quota). */
export function chatBound(r: { payload: OutboxPayload | null }, env: Pick<DeliverEnv, 'spaces'>): boolean {
  const to = r.payload && typeof r.payload === 'object' && !isNotice(r.payload) ? r.payload.to : null;
  if (typeof to !== 'string') return false;
  if (chatSpaceOf(to) !== null) return true;
  const q = queueName(to);
  return q !== null && spaceForQueue(env.spaces, q) !== null;
}

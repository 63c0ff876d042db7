/**
 * Reminders and escalations, one message per person per run: every reminder and escalation a run sends by email is
 * rendered for its request as on its own (an approver's copy keeps its own signed links, says whom the request waits
 * on and how late it is, in the workflow's zone), then grouped by the person who receives it. A person with one gets
 * that email; a person with several gets one message listing each, the most overdue first, each with its own links
 * and text. A request reaches a person once per run however many roles lead to them (their own copy first).
 * Folding into a digest, Chat spaces, test runs and notices keep their own paths (outbox-deliver.ts).
 */
import { chatSpaceOf, normalizeEmail, queueName, type NotificationIntent } from '../../core';
import { spaceForQueue } from '../chat/spaces';
import { isTestRequest } from '../testrun/marker';
import { isNotice, type OutboxPayload, type OutboxRow } from '../store/outbox';
import { escapeHtml } from '../../core';
import type { RenderedEmail } from './approval-email';
import type { Delivered, DeliverEnv } from './outbox-deliver';
import { recipients, render } from './outbox-render';

const MOOT = 'Not sent: the request has moved on since this was queued.';

/** Whether an entry is a reminder or an escalation sent by email (grouped per person by sendNudges). */
export function isNudge(payload: OutboxPayload | null, env: Pick<DeliverEnv, 'spaces'>): payload is NotificationIntent {
  if (!payload || typeof payload !== 'object' || isNotice(payload)) return false;
  if (payload.kind !== 'reminder' && payload.kind !== 'escalation') return false;
  if (typeof payload.requestId !== 'string' || isTestRequest(payload.requestId)) return false;
  if (typeof payload.to !== 'string' || chatSpaceOf(payload.to) !== null) return false;
  const q = queueName(payload.to);
  return !(q !== null && spaceForQueue(env.spaces, q) !== null);
}

interface Item {
  entry: OutboxRow;
  intent: NotificationIntent;
  mail: RenderedEmail;
  dueAt: number | null;
}

/** Each entry's outcome, and the recipients it reached. */
export type NudgeOutcomes = Map<string, Delivered | { kind: 'unreached' }>;

/**
 * Sends the run's reminders and escalations, one message per person. `stop()` says when no send may start (the
 * run's deadline); each message needs one recipient of the day's quota.
 */
export function sendNudges(env: DeliverEnv, entries: readonly OutboxRow[], stop: () => boolean): NudgeOutcomes {
  const out: NudgeOutcomes = new Map();
  const { ctx, cache, folding } = env;
  const people = new Map<string, Item[]>();
  const waiting = new Map<string, Set<string>>(); // entry id → people it must still reach
  for (const entry of entries) {
    const intent = entry.payload as NotificationIntent;
    let mail: RenderedEmail | null;
    try {
      mail = render(ctx, cache, intent);
    } catch (e) {
      out.set(entry.id, {
        kind: 'retry',
        error: `Could not build the message: ${(e instanceof Error ? e.message : String(e)).slice(0, 300)}`,
      });
      continue;
    }
    if (!mail) {
      out.set(entry.id, { kind: 'cancel', reason: MOOT });
      continue;
    }
    const request = cache.request(intent.requestId);
    const due = request.sla && request.sla.runningSince !== null ? request.sla.dueAt : null;
    const all = recipients(mail.to, cache.directory(), intent.except ?? []);
    const now = all.filter((p) => intent.onBehalfOf || !folding.folds(p, intent.kind, due));
    const later = all.filter((p) => !now.includes(p));
    if (now.length === 0) {
      if (later.length === 0) out.set(entry.id, { kind: 'retry', error: `Nobody to send to: ${mail.to} has no members in the Directory.` });
      else {
        const when = Math.min(...later.map((p) => folding.nextDigest(p)));
        env.folded(later);
        out.set(entry.id, {
          kind: 'digest',
          note: `In the digest of ${later.join(', ')} (next at ${new Date(when).toISOString()}).`,
          people: later,
        });
      }
      continue;
    }
    env.folded(later);
    waiting.set(entry.id, new Set(now));
    for (const p of now) {
      const list = people.get(p) ?? [];
      list.push({ entry, intent, mail, dueAt: due });
      people.set(p, list);
    }
  }
  const reached = new Map<string, number>();
  const failed = new Map<string, string>();
  for (const [person, all] of people) {
    const items = onePerRequest(person, all);
    if (stop() || env.mailLeft() < 1) break;
    const mail = items.length === 1 ? (items[0] as Item).mail : combine(env, person, items);
    env.beforeSend();
    let error: string | null = null;
    try {
      ctx.services.MailApp.sendEmail({ to: person, subject: mail.subject, body: mail.text, htmlBody: mail.html, name: 'Handoff' });
    } catch (e) {
      error = (e instanceof Error ? e.message : String(e)).slice(0, 500);
    }
    env.spend(1);
    // Every entry of this person's list is settled for them (the ones folded into another's copy too).
    for (const it of all) {
      const w = waiting.get(it.entry.id);
      if (!w?.delete(person)) continue;
      if (error) failed.set(it.entry.id, error);
      else reached.set(it.entry.id, (reached.get(it.entry.id) ?? 0) + 1);
    }
  }
  for (const [id, w] of waiting) {
    const error = failed.get(id);
    const got = reached.get(id) ?? 0;
    if (error) out.set(id, { kind: 'retry', error });
    else if (w.size === 0) out.set(id, { kind: 'sent', recipients: got, chat: false });
    else if (got === 0) out.set(id, { kind: 'unreached' });
    else out.set(id, { kind: 'retry', error: `Sent to ${got} of ${got + w.size} recipients before the run ended.` });
  }
  return out;
}

/** One item per request: an escalation before a reminder, the person's own copy (with their links) before a queue's. */
function onePerRequest(person: string, items: readonly Item[]): Item[] {
  const rank = (i: Item) =>
    (i.intent.kind === 'escalation' ? 0 : 2) + (normalizeEmail(i.intent.onBehalfOf ?? i.intent.to) === person ? 0 : 1);
  const best = new Map<string, Item>();
  for (const i of items) {
    const cur = best.get(i.intent.requestId);
    if (!cur || rank(i) < rank(cur)) best.set(i.intent.requestId, i);
  }
  return [...best.values()].sort(
    (a, b) => (a.dueAt ?? Infinity) - (b.dueAt ?? Infinity) || a.intent.requestId.localeCompare(b.intent.requestId),
  );
}

/** Several requests in one message: each with its own subject line, text and links, the most overdue first. */
export function combine(env: Pick<DeliverEnv, 'cache' | 'ctx'>, person: string, items: readonly Item[]): RenderedEmail {
  const names = new Set<string>();
  for (const i of items) {
    try {
      const r = env.cache.request(i.intent.requestId);
      names.add(env.cache.version(r.workflowId, r.version).definition.name);
    } catch {
      names.add('Handoff');
    }
  }
  const label = names.size === 1 ? [...names][0]! : 'Handoff';
  const overdue = items.filter((i) => i.dueAt !== null && i.dueAt <= env.ctx.now()).length;
  const soon = items.length - overdue;
  const subject = `${label}: ${
    overdue === items.length
      ? `${items.length} requests overdue`
      : overdue === 0
        ? `reminder, ${items.length} requests waiting`
        : `${overdue} request${overdue === 1 ? '' : 's'} overdue, reminder for ${soon} more`
  }`.replace(/[\r\n]+/g, ' ');
  const name = env.cache.directory().get(person)?.name || person;
  const head = `${items.length} requests need you, the most overdue first. Each has its own links and page to confirm on.`;
  const text = [`Hello ${name},`, '', head, ...items.flatMap((i, k) => ['', `=== ${k + 1}. ${i.mail.subject} ===`, i.mail.text])].join(
    '\n',
  );
  const html = `<div style="font-family:Arial,sans-serif;font-size:14px;color:#202124;max-width:640px"><p>Hello ${escapeHtml(name)},</p><p>${escapeHtml(head)}</p>${items
    .map((i, k) => `<hr><h3 style="font-size:15px">${k + 1}. ${escapeHtml(i.mail.subject)}</h3>${i.mail.html}`)
    .join('')}</div>`;
  return { to: person, subject, text, html };
}

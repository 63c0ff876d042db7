/**
 * Undelivered emails: the Outbox rows the sender gave up on ('failed': MAX_ATTEMPTS failures, or an error no retry
 * fixes, such as an invalid address). They stay in the Outbox DEAD_KEEP_DAYS after they were queued, then Audit
 * records them as expired. Admins list them and, once the cause is fixed (the address corrected in the Directory,
 * the quota back), send them again:
 *   listUndelivered   one read of the queue, no lock;
 *   retryUndelivered  one unit of work under the lock: the rows asked for that are still dead go back to 'pending'
 *                     (attempts from 0, due now, the last error kept until the next attempt replaces it), one Audit
 *                     event says who retried which, and a wake-up makes the next timer run send them.
 * Rows are found by their ID, checked in the same read as the write. How many there are is kept in one script
 * property (`outbox:undelivered`), staged by every unit that reads the queue and changes it (the sender's record,
 * a retry), so the panel tells admins at each open without reading the Outbox.
 */
import { requestlessEvent, type AuditEvent } from '../../core';
import { scopedKey, type AppContext } from '../context';
import { lowerNextDue } from '../plane/next-due';
import { stageAudit } from '../plane/rows';
import { runUnit, type Unit } from '../plane/unit';
import type { OutboxRow } from '../store/outbox';
import { DEAD_KEEP_DAYS, isLeftover } from './outbox-claim';
import { readQueue, RECORDS_PER_EVENT, rowsById, stageMark } from './outbox-queue';

export interface UndeliveredEmail {
  id: string;
  /** Recipients (emails) or the Chat space the entry was for. */
  to: string;
  kind: string;
  subject: string;
  requestId: string;
  /** Why the last attempt failed. */
  error: string;
  attempts: number;
  /** When it was queued (epoch ms); it leaves the Outbox DEAD_KEEP_DAYS after. */
  queuedAt: number;
}

const requestOf = (r: OutboxRow): string => {
  const p = r.payload as { requestId?: unknown } | null;
  return typeof p?.requestId === 'string' ? p.requestId : '';
};

const view = (r: OutboxRow): UndeliveredEmail => ({
  id: r.id,
  to: r.to,
  kind: r.kind,
  subject: r.subject,
  requestId: requestOf(r),
  error: r.lastError,
  attempts: r.attempts,
  queuedAt: r.created,
});

/** A dead row still kept (not yet expired). */
export const isUndelivered = (r: OutboxRow, now: number): boolean => r.status === 'failed' && !isLeftover(r, now);

export const undeliveredKey = (ctx: AppContext): string => scopedKey(ctx, 'outbox', 'undelivered');

/** Stages the number of undelivered emails after the unit's changes (a write only when it changed). */
export function stageUndeliveredCount(u: Unit, count: number): void {
  const key = undeliveredKey(u.ctx);
  if ((u.props.get(key) ?? '0') !== String(count)) u.props.set(key, String(count));
}

/** The number of undelivered emails the last unit that changed the queue left (0 when none recorded). */
export function undeliveredCount(ctx: AppContext): number {
  const n = Number(ctx.props().get(undeliveredKey(ctx)) ?? 0);
  return Number.isInteger(n) && n > 0 ? n : 0;
}

/** The dead rows still kept (oldest first), and how long they are kept. */
export function listUndelivered(ctx: AppContext): { emails: UndeliveredEmail[]; keepDays: number } {
  return runUnit(ctx, { lock: false }, (u) => {
    const now = ctx.now();
    const q = readQueue(u);
    return { emails: [...rowsById(q).values()].filter((r) => isUndelivered(r, now)).map(view), keepDays: DEAD_KEEP_DAYS };
  });
}

export interface RetryResult {
  /** The rows sent back to the queue. */
  retried: UndeliveredEmail[];
  /** Asked-for ids that were no longer dead (sent, retried by someone else, or expired). */
  gone: string[];
}

/** Sends the dead rows `ids` (every dead row when `ids` is null) back to the queue; the next timer run sends them. */
export function retryUndelivered(ctx: AppContext, actor: string, ids: readonly string[] | null): RetryResult {
  return runUnit(ctx, { lock: true }, (u) => {
    const now = ctx.now();
    const q = readQueue(u, true);
    const byId = rowsById(q);
    const wanted = ids ? [...new Set(ids)] : [...byId.values()].filter((r) => isUndelivered(r, now)).map((r) => r.id);
    const out: RetryResult = { retried: [], gone: [] };
    for (const id of wanted) {
      const r = byId.get(id);
      if (!r || !isUndelivered(r, now)) {
        out.gone.push(id);
        continue;
      }
      out.retried.push(view(r));
      stageMark(u, q, { ...r, status: 'pending', attempts: 0, nextAttempt: now, sentAt: null });
    }
    if (!out.retried.length) return out;
    stageUndeliveredCount(u, [...byId.values()].filter((r) => isUndelivered(r, now)).length - out.retried.length);
    // One event per RECORDS_PER_EVENT emails, as the runs' records: its Details cell stays far under Sheets' limit.
    const key = `outbox-retry:${ctx.services.Utilities.getUuid()}`;
    const entries = [];
    for (let i = 0; i < out.retried.length; i += RECORDS_PER_EVENT) {
      const part = out.retried.slice(i, i + RECORDS_PER_EVENT);
      const event = requestlessEvent({
        at: now,
        actor,
        method: 'session',
        action: 'outbox_retried',
        name: 'outbox',
        details: {
          messages: part.map((m) => ({ id: m.id, request: m.requestId, kind: m.kind, to: m.to, error: m.error })),
        } as unknown as AuditEvent['details'],
      });
      entries.push({ key: `${key}:${i / RECORDS_PER_EVENT}`, event });
    }
    stageAudit(u, q.snap, entries);
    lowerNextDue(u, now);
    return out;
  });
}

/**
 * What became of Outbox entries, live or gone: the rows still in the Outbox (waiting, being sent, dead) and, for the
 * rows a run removed, what the run's Audit event recorded (sent, cancelled, folded into a digest, expired). One read
 * of the Outbox and one of the whole Audit log: for admins' checks and tests, never on a hot path.
 */
import type { AppContext } from '../context';
import { readAudit } from '../commands/read';
import { OutboxStore, type OutboxStatus } from '../store/outbox';
import type { SendRecord } from './outbox-queue';

export interface OutboxFate {
  id: string;
  to: string;
  kind: string;
  request: string;
  status: OutboxStatus | 'expired' | 'done earlier';
  /** The last error of a live row, or the note of a removed one (whose digest, why cancelled). */
  lastError: string;
  attempts: number;
  /** A live row's next attempt (a removed row: null). */
  nextAttempt: number | null;
  /** Still a row of the Outbox. */
  live: boolean;
  /** The notification's due time (a folded entry's record carries it), else null. */
  dueAt: number | null;
}

export function outboxHistory(ctx: AppContext): OutboxFate[] {
  const out: OutboxFate[] = [];
  for (const e of readAudit(ctx)) {
    if (e.event.action !== 'outbox_sent') continue;
    const messages = (e.event.details as unknown as { messages?: SendRecord[] }).messages ?? [];
    for (const m of messages)
      out.push({
        id: m.id,
        to: m.to,
        kind: m.kind,
        request: m.request,
        status: m.outcome === 'cancelled' ? 'cancelled' : m.outcome,
        lastError: m.note ?? '',
        attempts: m.attempts ?? 0,
        nextAttempt: null,
        live: false,
        dueAt: m.due ?? null,
      });
  }
  for (const r of new OutboxStore(ctx).readAll()) {
    const p = r.payload as { requestId?: string; dueAt?: number | null } | null;
    out.push({
      id: r.id,
      to: r.to,
      kind: r.kind,
      request: p?.requestId ?? '',
      status: r.status,
      lastError: r.lastError,
      attempts: r.attempts,
      nextAttempt: r.nextAttempt,
      live: true,
      dueAt: p?.dueAt ?? null,
    });
  }
  return out;
}

/**
 * The Outbox's claim (outbox-sender.ts step 1), shared by the sender's own claim unit and the timers' first unit
 * (sla-unit.ts), which claims in the same batchUpdate that writes the run's reminders and escalations.
 */
import type { Request } from '../../core';
import type { Unit } from '../plane/unit';
import type { OutboxRow } from '../store/outbox';
import { DONE, type Queue, stageMark } from './outbox-queue';

const MINUTE = 60_000;
/** A claimed entry is due again after this (a run killed between its claim and its record). */
export const LEASE_MS = 10 * MINUTE;
/** Dead rows stay in the Outbox this long after they were queued. */
export const DEAD_KEEP_DAYS = 30;

/** What a claim gave the run: the claimed rows and the queue's counts. */
export interface Claim {
  claimed: OutboxRow[];
  /** Rows an older version left done, and dead rows past their time (the record step removes them). */
  leftovers: number;
  /** Pending rows (claimed ones included). */
  pending: number;
  /** Of those, the rows waiting for a later attempt, and the earliest such attempt. */
  later: number;
  nextAttemptAt: number | null;
  /** Rows that were due (claimed or beyond the batch). */
  due: number;
}

const deadKeepMs = DEAD_KEEP_DAYS * 86_400_000;
export const isLeftover = (r: OutboxRow, now: number) => DONE.has(r.status) || (r.status === 'failed' && r.created < now - deadKeepMs);

/**
 * Claims the due entries of the queue, oldest (highest in the tab) first, up to `max`: attempts + 1 and the lease
 * (Next attempt = now + LEASE_MS), staged in the unit. `mine`: rows this run claimed already (counted as pending only).
 */
export function claimIn(
  u: Unit,
  q: Queue,
  now: number,
  max: number,
  o: { ids?: readonly string[]; mine?: ReadonlySet<string> } = {},
): Claim {
  const c: Claim = { claimed: [], leftovers: 0, pending: 0, later: 0, nextAttemptAt: null, due: 0 };
  const due: OutboxRow[] = [];
  for (const r of q.rows) {
    if (isLeftover(r, now)) c.leftovers++;
    if (o.ids && !o.ids.includes(r.id)) continue;
    if (r.status !== 'pending') continue;
    c.pending++;
    if (o.mine?.has(r.id)) continue;
    if ((r.nextAttempt ?? 0) <= now) due.push(r);
    else {
      c.later++;
      c.nextAttemptAt = Math.min(c.nextAttemptAt ?? Number.POSITIVE_INFINITY, r.nextAttempt ?? now);
    }
  }
  c.due = due.length;
  c.claimed = due.slice(0, Math.max(0, max));
  for (const r of c.claimed) {
    r.attempts += 1;
    r.nextAttempt = now + LEASE_MS;
    stageMark(u, q, r);
  }
  return c;
}

/** What the timers' first unit already claimed (sla-unit.ts), and the requests it read (to render without a read). */
export interface PreClaimed {
  claim: Claim;
  requests: ReadonlyMap<string, { request: Request; row: number }>;
  /** Entries may have been queued since (the sweep made requests): claim again for the rest of the batch. */
  more: boolean;
}

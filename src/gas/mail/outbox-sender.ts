/**
 * Sending the Outbox. The timers call flushOutbox every run; nothing is ever dropped:
 *   - the daily quota is checked first (MailApp.getRemainingDailyQuota()); with none left the entries stay
 *     pending, untouched, for the next run;
 *   - due entries are claimed under the lock (attempts+1, next attempt pushed out by a lease) so two runs never
 *     send the same entry; the mail is sent outside the lock (sending is slow);
 *   - a send that throws is retried with exponential backoff (1 min, 2, 4 … capped at 6 h); after MAX_ATTEMPTS it
 *     is marked 'failed' with the error, where operators see it (Outbox tab, and the result's `failed` list);
 *   - an approval request whose step no longer waits for that approver is marked 'cancelled' with the reason.
 * A crash between the send and the status write sends that entry again after the lease (at least once).
 * Each outcome is recorded right after its send, before the next send starts: a run killed mid-way
 * re-sends at most the one entry in flight. With `deadline` (the timers' budget) no send starts after it.
 * A reminder or escalation whose request has moved on (other state, or ended) is 'cancelled' as moot.
 *
 * Cost (Sheet calls; test/unit/gas/mail/outbox-cost.test.ts holds the bound): per run, the claim (one locked scan of
 * the ID and mark columns, one write of the claimed marks and one read of the claimed rows per cluster of nearby
 * rows), one batched read of the requests to render (request-batch.ts), the Directory and Config once, the URLs
 * once, and a final read of the claimed rows' IDs (sorted or deleted by hand meanwhile → a locked repair);
 * per send, one write of the row's mark cells and the flush that lands it before the next send. No lock, no read.
 */
import type { AppContext } from '../context';
import { withLock } from '../lock';
import type { CellValue } from '../sheet/values';
import type { OutboxRow } from '../store/outbox';
import { readSpaces } from '../chat/spaces';
import { updateDigestDue } from '../timers/state';
import { folding } from './delivery';
import { deliver, type DeliverEnv, type Delivered } from './outbox-deliver';
import { CLUSTER_GAP, clusters, markKey, OutboxRows, type Mark } from './outbox-rows';
import { chatBound } from './outbox-deliver';
import { repairMarks } from './outbox-repair';
import { renderCache } from './render-cache';

export const MAX_ATTEMPTS = 8;
const MINUTE = 60_000;
export const LEASE_MS = 10 * MINUTE;
const MAX_BACKOFF_MS = 6 * 60 * MINUTE;

export function backoffMs(attempts: number): number {
  return Math.min(MAX_BACKOFF_MS, MINUTE * 2 ** Math.max(0, attempts - 1));
}

export interface FlushResult {
  sent: number;
  retrying: number;
  failed: Array<{ id: string; to: string; subject: string; error: string }>;
  cancelled: number;
  /** Entries folded into their recipient's digest (mail/delivery.ts). */
  digested: number;
  /** Messages posted to Chat spaces. */
  chatPosts: number;
  /** Entries still waiting (not yet due, deferred for quota, or beyond this run's batch). */
  pending: number;
  quotaExhausted: boolean;
  /** Of `pending`, the entries waiting for a later attempt (backoff), and the earliest of those attempts: the timers' next-due time. */
  later: number;
  nextAttemptAt: number | null;
}

export interface FlushOptions {
  /** Most entries sent in one run (keeps a run well inside the 6-minute limit). */
  max?: number;
  /** Epoch ms (ctx.now() clock): no send starts after it; claimed entries not reached are given back. */
  deadline?: number;
  /** Only these entries (by ID): an incident notice sent at once, when the timer that flushes the Outbox is stalled. */
  ids?: readonly string[];
}

type Outcome =
  | { kind: 'sent' }
  | { kind: 'retry'; error: string }
  | { kind: 'fail'; error: string }
  | { kind: 'cancel'; reason: string }
  | { kind: 'digest'; note: string };

function quota(ctx: AppContext): number {
  try {
    return ctx.services.MailApp.getRemainingDailyQuota();
  } catch {
    return 0;
  }
}

export function flushOutbox(ctx: AppContext, opts: FlushOptions = {}): FlushResult {
  const result: FlushResult = {
    sent: 0,
    retrying: 0,
    failed: [],
    cancelled: 0,
    pending: 0,
    quotaExhausted: false,
    later: 0,
    nextAttemptAt: null,
    digested: 0,
    chatPosts: 0,
  };
  const max = Math.max(1, opts.max ?? 25);
  let left = quota(ctx);
  const outbox = new OutboxRows(ctx);

  // 1. Claim the due entries, oldest (highest in the tab) first, under the lock: one scan of the ID and mark
  //    columns, one write of the claimed marks per cluster of rows, one read of the claimed rows per cluster.
  const claim = withLock(ctx, () => {
    const now = ctx.now();
    const scan = outbox.scan();
    const due: number[] = [];
    for (let i = 0; i < scan.ids.length; i++) {
      if (scan.ids[i] === '') continue; // a blank row
      if (opts.ids && !opts.ids.includes(scan.ids[i] as string)) continue;
      const m = outbox.markOf(scan.spans[i] as CellValue[]);
      if (m.status !== 'pending') continue;
      result.pending++;
      if ((m.nextAttempt ?? 0) <= now) due.push(i + 2);
      else {
        result.later++;
        result.nextAttemptAt = Math.min(result.nextAttemptAt ?? Number.POSITIVE_INFINITY, m.nextAttempt ?? now);
      }
    }
    // With no mail left, entries are still claimed: a Chat post or a digest fold needs no mail quota.
    if (left <= 0) result.quotaExhausted = due.length > 0;
    const take = due.slice(0, max);
    if (take.length === 0) return null;
    const spans = new Map<number, CellValue[]>();
    for (const row of take) {
      const base = scan.spans[row - 2] as CellValue[];
      const m = outbox.markOf(base);
      spans.set(row, outbox.spanWith({ ...m, attempts: m.attempts + 1, nextAttempt: now + LEASE_MS }, base));
    }
    // Rows between claimed ones in a cluster are written back as just scanned (under the lock).
    for (const [first, count] of clusters(take, CLUSTER_GAP)) {
      outbox.writeSpans(
        first,
        Array.from({ length: count }, (_, i) => spans.get(first + i) ?? (scan.spans[first + i - 2] as CellValue[])),
      );
    }
    const full = outbox.readEntries(take);
    const claimed: OutboxRow[] = [];
    for (const row of take) {
      const r = full.get(row);
      if (!r) continue;
      Object.assign(r, outbox.markOf(spans.get(row) as CellValue[]));
      claimed.push(r);
    }
    return { scan, claimed, spans };
  });
  if (!claim) return result;
  const { scan, claimed, spans } = claim;

  // 2. Render and send, outside the lock. The claim's lease makes these rows this run's alone, so each outcome is
  //    one write of the row's mark cells (no lock, no read), flushed before the next send starts: a run killed
  //    mid-way re-sends at most the one entry in flight.
  const cache = renderCache(ctx, claimed);
  const written = new Set<string>();
  let unflushed = false;
  const writeMark = (r: OutboxRow, m: Mark): void => {
    const span = outbox.spanWith(m, spans.get(r.row) as CellValue[]);
    spans.set(r.row, span);
    outbox.writeSpans(r.row, [span]);
    written.add(markKey(m));
    Object.assign(r, m);
    unflushed = true;
  };
  const record = (r: OutboxRow, o: Outcome): void => {
    const now = ctx.now();
    const m: Mark = { status: r.status, attempts: r.attempts, nextAttempt: r.nextAttempt, lastError: r.lastError, sentAt: r.sentAt };
    if (o.kind === 'sent') {
      Object.assign(m, { status: 'sent', sentAt: now, lastError: '' });
      result.sent++;
      result.pending--;
    } else if (o.kind === 'cancel') {
      Object.assign(m, { status: 'cancelled', lastError: o.reason });
      result.cancelled++;
      result.pending--;
    } else if (o.kind === 'digest') {
      Object.assign(m, { status: 'digest', lastError: o.note });
      result.digested++;
      result.pending--;
    } else if (o.kind === 'fail' || r.attempts >= MAX_ATTEMPTS) {
      const why = o.kind === 'fail' ? o.error : `${o.error} (gave up after ${r.attempts} attempts)`;
      Object.assign(m, { status: 'failed', lastError: why });
      result.failed.push({ id: r.id, to: r.to, subject: r.subject, error: m.lastError });
      result.pending--;
    } else {
      Object.assign(m, { lastError: o.error, nextAttempt: now + backoffMs(r.attempts) });
      result.later++;
      result.nextAttemptAt = Math.min(result.nextAttemptAt ?? Number.POSITIVE_INFINITY, m.nextAttempt ?? now);
      result.retrying++;
    }
    writeMark(r, m);
  };
  const newInDigest: Record<string, number> = {};
  const env: DeliverEnv = {
    ctx,
    cache,
    folding: folding(ctx, cache.directory()),
    spaces: readSpaces(ctx.services),
    beforeSend: () => {
      if (unflushed) {
        ctx.services.SpreadsheetApp.flush(); // the previous outcome is in the sheet before this send starts
        unflushed = false;
      }
    },
    mailLeft: () => left,
    folded: (people) => {
      for (const p of people) newInDigest[p] = Math.min(newInDigest[p] ?? ctx.now(), ctx.now());
    },
  };
  let reached = 0;
  for (const r of claimed) {
    if (left <= 0 && !chatBound(r, env)) {
      result.quotaExhausted = true;
      break;
    }
    if (opts.deadline !== undefined && ctx.now() >= opts.deadline) break;
    reached++;
    let d: Delivered;
    try {
      d = deliver(env, r.payload);
    } catch (e) {
      record(r, { kind: 'retry', error: `Could not build the message: ${errorText(e)}` });
      continue;
    }
    if (d.kind === 'sent') {
      left -= d.recipients;
      if (d.chat) result.chatPosts++;
      record(r, { kind: 'sent' });
    } else if (d.kind === 'digest') {
      env.folded(d.people);
      record(r, { kind: 'digest', note: d.note });
    } else if (d.kind === 'fail') {
      record(r, { kind: 'fail', error: d.error });
    } else record(r, d);
  }

  // Whose next digest has something new: one locked write of the timers' state.
  updateDigestDue(ctx, newInDigest);

  // 3. Entries not reached (quota or deadline) are given back: due again at once, the attempt not counted.
  //    One write per run of consecutive rows (outside the lock only this run's own rows are written).
  const unreached = claimed.slice(reached);
  if (unreached.length > 0) {
    const now = ctx.now();
    const byRow = new Map<number, CellValue[]>();
    for (const r of unreached) {
      const m: Mark = {
        status: r.status,
        attempts: Math.max(0, r.attempts - 1),
        nextAttempt: now,
        lastError: r.lastError,
        sentAt: r.sentAt,
      };
      Object.assign(r, m);
      written.add(markKey(m));
      byRow.set(r.row, outbox.spanWith(m, spans.get(r.row) as CellValue[]));
    }
    for (const [first, count] of clusters([...byRow.keys()])) {
      outbox.writeSpans(
        first,
        Array.from({ length: count }, (_, i) => byRow.get(first + i) as CellValue[]),
      );
    }
  }

  // 4. Did the rows stay put? An operator may sort or delete Outbox rows while a run sends. One read of the claimed
  //    rows' ID cells (per cluster); only when one has moved, a locked repair puts each mark where it belongs.
  const ids = outbox.readIds(claimed.map((r) => r.row));
  if (claimed.some((r) => ids.get(r.row) !== r.id)) repairMarks(ctx, outbox, scan, claimed, written);
  return result;
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 500);
}

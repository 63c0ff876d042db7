/**
 * Sending the Outbox, a queue. The timers call flushOutbox every run; nothing is ever dropped:
 *   1. claim   one unit of work under the lock (one read of the queue, one batchUpdate): the due entries, oldest
 *              first, up to the run's batch, get attempts+1 and a lease (Next attempt = now + 10 minutes), so no
 *              other run sends them;
 *   2. send    outside the lock, with no Sheet call between sends: approval asks, decisions and notices one by one
 *              (outbox-deliver.ts); reminders and escalations one message per person (nudges.ts);
 *   3. record  one unit of work under the lock (one read of the queue and the Audit tail, one batchUpdate): one Audit
 *              event lists what the run did with each entry (message id, request, kind, recipients, outcome), and in
 *              the same atomic write the sent, cancelled and digest-folded rows leave the Outbox; a failed send is
 *              retried with exponential backoff (1 min, 2, 4 … capped at 6 h); after MAX_ATTEMPTS the row is marked
 *              'failed' (dead) and stays in the Outbox, where admins see it, for DEAD_KEEP_DAYS after it was queued
 *              (then Audit records it as expired and it leaves); entries not reached (quota, deadline) are given back.
 * The daily quota is checked first (MailApp.getRemainingDailyQuota()); with none left mail entries stay pending.
 * Crash safety: the claim's lease is the journal. A run killed after its claim and before its record leaves its
 * claimed rows pending with the lease; after the lease they are due again, so a crash re-sends at most the entries
 * that run claimed (its batch: 25 by default) and never loses one. Rows an older version left as sent, cancelled or
 * digest are removed by the record step too (up to LEFTOVERS_PER_RUN a run, each listed in Audit), except in a tab
 * too big to read whole, where the archive moves them with their requests.
 *
 * Cost (test/unit/gas/mail/outbox-cost.test.ts holds the bound): per run, two units (lock, one batchGet, one
 * batchUpdate each), the quota, one batched read of the requests to render (request-batch.ts), the Directory and
 * Config once, the URLs once; per send, the send alone.
 */
import type { AppContext } from '../context';
import { runUnit } from '../plane/unit';
import { readSpaces } from '../chat/spaces';
import { stateKey } from '../timers/state';
import type { OutboxRow } from '../store/outbox';
import { folding } from './delivery';
import { deliver, chatBound, type DeliverEnv, type Delivered } from './outbox-deliver';
import { claimIn, isLeftover, type Claim, type PreClaimed } from './outbox-claim';
import { readQueue, rowsById, stageMark, stageRemoval, stageSendAudit, type SendRecord } from './outbox-queue';
import { isNudge, sendNudges } from './nudges';
import { isUndelivered, stageUndeliveredCount } from './undelivered';
import { renderCache } from './render-cache';

export const MAX_ATTEMPTS = 8;
export { DEAD_KEEP_DAYS, LEASE_MS } from './outbox-claim';
const MINUTE = 60_000;
const MAX_BACKOFF_MS = 6 * 60 * MINUTE;
/** Rows left done by an older version (or dead past their time) removed per run. */
export const LEFTOVERS_PER_RUN = 300;

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
  /** Emails sent (a person's reminders and escalations of one run are one email). */
  emails: number;
  /** Entries still waiting (not yet due, deferred for quota, or beyond this run's batch). */
  pending: number;
  quotaExhausted: boolean;
  /** Of `pending`, the entries waiting for a later attempt (backoff), and the earliest of those attempts: the timers' next-due time. */
  later: number;
  nextAttemptAt: number | null;
  /** Rows that left the Outbox (their outcome is in Audit). */
  removed: number;
}

export interface FlushOptions {
  /** Most entries sent in one run (keeps a run well inside the 6-minute limit; bounds what a crash re-sends). */
  max?: number;
  /** Epoch ms (ctx.now() clock): no send starts after it; claimed entries not reached are given back. */
  deadline?: number;
  /** Only these entries (by ID): an incident notice sent at once, when the timer that flushes the Outbox is stalled. */
  ids?: readonly string[];
  /** Mail left today, when the caller read it already (the timers: before their first unit). */
  mailLeft?: number;
  /** The record's tail hint is left to the caller's last property write (PlaneProps.flush): the timers. */
  deferProps?: boolean;
  /** Claimed already by the timers' first unit (no claim unit of its own). */
  preClaimed?: PreClaimed;
}

type Final = Delivered | { kind: 'unreached' };

/** Mail recipients left today (0 when the quota cannot be read). */
export function quotaLeft(ctx: AppContext): number {
  try {
    return ctx.services.MailApp.getRemainingDailyQuota();
  } catch {
    return 0;
  }
}

function uuid(ctx: AppContext): string {
  try {
    return ctx.services.Utilities.getUuid();
  } catch {
    return `run-${ctx.now()}-${Math.random()}`;
  }
}

export function emptyFlush(): FlushResult {
  return {
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
    emails: 0,
    removed: 0,
  };
}

export function flushOutbox(ctx: AppContext, opts: FlushOptions = {}): FlushResult {
  const result = emptyFlush();
  const max = Math.max(1, opts.max ?? 25);
  let left = opts.mailLeft ?? quotaLeft(ctx);

  // 1. Claim the due entries, oldest (highest in the tab) first: one unit of work (none when the timers' first unit
  // claimed them with the rows it wrote, unless entries may have been queued since).
  const pre = opts.preClaimed ?? null;
  let claim: Claim;
  if (pre && !pre.more) claim = pre.claim;
  else {
    const mine = new Set(pre?.claim.claimed.map((r) => r.id) ?? []);
    const room = max - mine.size;
    claim = runUnit(ctx, { lock: true }, (u) =>
      claimIn(u, readQueue(u), ctx.now(), room, { ...(opts.ids ? { ids: opts.ids } : {}), mine }),
    );
    if (pre) claim = { ...claim, claimed: [...pre.claim.claimed, ...claim.claimed], due: claim.due + pre.claim.due };
  }
  result.pending = claim.pending;
  result.later = claim.later;
  result.nextAttemptAt = claim.nextAttemptAt;
  // With no mail left, entries are still claimed: a Chat post or a digest fold needs no mail quota.
  if (left <= 0) result.quotaExhausted = claim.due > 0;
  const { claimed } = claim;
  if (claimed.length === 0 && claim.leftovers === 0) return result;

  // 2. Send, outside the lock, with no Sheet call between sends.
  const outcomes = new Map<string, Final>();
  const newInDigest: Record<string, number> = {};
  const cache = renderCache(ctx, claimed, pre?.requests);
  const env: DeliverEnv = {
    ctx,
    cache,
    folding: folding(ctx, cache.directory()),
    spaces: claimed.length ? readSpaces(ctx.services) : [],
    beforeSend: () => undefined,
    mailLeft: () => left,
    spend: (n) => {
      left -= n;
      result.emails += n > 0 ? 1 : 0;
    },
    folded: (people) => {
      for (const p of people) newInDigest[p] = Math.min(newInDigest[p] ?? ctx.now(), ctx.now());
    },
  };
  const stop = () => opts.deadline !== undefined && ctx.now() >= opts.deadline;
  const nudges = claimed.filter((r) => isNudge(r.payload, env));
  for (const r of claimed) {
    if (nudges.includes(r)) continue;
    if (stop() || (left <= 0 && !chatBound(r, env))) {
      if (left <= 0) result.quotaExhausted = true;
      outcomes.set(r.id, { kind: 'unreached' });
      continue;
    }
    let d: Delivered;
    try {
      d = deliver(env, r.payload);
    } catch (e) {
      d = { kind: 'retry', error: `Could not build the message: ${errorText(e)}` };
    }
    if (d.kind === 'sent') {
      if (d.chat) result.chatPosts++;
      else env.spend(d.recipients);
    } else if (d.kind === 'digest') env.folded(d.people);
    outcomes.set(r.id, d);
  }
  if (nudges.length) {
    for (const [id, o] of sendNudges(env, nudges, stop)) outcomes.set(id, o);
    if (left <= 0 && nudges.some((r) => outcomes.get(r.id)?.kind === 'unreached')) result.quotaExhausted = true;
  }

  // 3. Record: one Audit event, the done rows removed, the others' marks, the digest state: one unit of work.
  const run = uuid(ctx);
  // In a timer run (deferProps) the properties the run read are fresh enough: tail hints are checked on read.
  runUnit(ctx, { lock: true, fresh: opts.deferProps !== true }, (u) => {
    // Its tail hint waits for the caller's last property write (the timers' run), unless a digest changed.
    u.deferProps = opts.deferProps === true;
    const q = readQueue(u, true);
    const now = ctx.now();
    const byId = rowsById(q);
    const records: SendRecord[] = [];
    const remove: number[] = [];
    const ours = new Set(claimed.map((r) => r.id));
    for (const r of claimed) {
      const fresh = byId.get(r.id);
      const o = outcomes.get(r.id) ?? { kind: 'unreached' };
      const base = { id: r.id, request: requestOf(r), kind: r.kind, at: now, attempts: r.attempts };
      if (o.kind === 'sent' || o.kind === 'cancel' || o.kind === 'digest') {
        result.pending--;
        if (o.kind === 'sent') result.sent++;
        else if (o.kind === 'cancel') result.cancelled++;
        else result.digested++;
        records.push({
          ...base,
          to: o.kind === 'digest' ? o.people.join(', ') : r.to,
          outcome: o.kind === 'cancel' ? 'cancelled' : o.kind,
          ...(o.kind === 'cancel' ? { note: o.reason } : o.kind === 'digest' ? { note: o.note, due: dueOf(r) } : {}),
        });
        if (fresh) remove.push(fresh.row);
        continue;
      }
      if (o.kind === 'unreached') {
        Object.assign(r, { attempts: Math.max(0, r.attempts - 1), nextAttempt: now });
      } else if (o.kind === 'fail' || r.attempts >= MAX_ATTEMPTS) {
        const why = o.kind === 'fail' ? o.error : `${o.error} (gave up after ${r.attempts} attempts)`;
        Object.assign(r, { status: 'failed', lastError: why });
        result.failed.push({ id: r.id, to: r.to, subject: r.subject, error: why });
        result.pending--;
        records.push({ ...base, to: r.to, outcome: 'failed', note: why });
      } else {
        Object.assign(r, { lastError: o.error, nextAttempt: now + backoffMs(r.attempts) });
        result.retrying++;
        result.later++;
        result.nextAttemptAt = Math.min(result.nextAttemptAt ?? Number.POSITIVE_INFINITY, r.nextAttempt ?? now);
      }
      if (fresh) stageMark(u, q, { ...r, row: fresh.row });
    }
    // Rows an older version left done, and dead rows past their time.
    let n = 0;
    for (const r of q.rows) {
      if (n >= LEFTOVERS_PER_RUN || ours.has(r.id) || !isLeftover(r, now)) continue;
      n++;
      remove.push(r.row);
      records.push({
        id: r.id,
        request: requestOf(r),
        kind: r.kind,
        to: r.to,
        outcome: r.status === 'failed' ? 'expired' : 'done earlier',
        at: r.sentAt ?? now,
        note: r.status === 'failed' ? r.lastError : r.status,
      });
    }
    if (records.length) stageSendAudit(u, q, run, records);
    stageRemoval(u, q, remove);
    // Dead rows kept, with the ones this run gave up on: the panel tells admins (undelivered.ts).
    stageUndeliveredCount(u, q.rows.filter((r) => !ours.has(r.id) && isUndelivered(r, now)).length + result.failed.length);
    result.removed = remove.length;
    if (Object.keys(newInDigest).length) {
      u.props.refresh(); // digestDue is read afresh before it changes (another execution may have changed it)
      stageDigestDue(u, newInDigest);
      u.deferProps = false;
    }
  });
  return result;
}

/** Whose next digest has something new (the timers' `digestDue` state), staged with the unit's properties. */
function stageDigestDue(
  u: { ctx: AppContext; props: { get(k: string): string | null; set(k: string, v: string): void } },
  add: Record<string, number>,
): boolean {
  if (Object.keys(add).length === 0) return false;
  const key = stateKey(u.ctx, 'digestDue');
  let due: Record<string, number> = {};
  try {
    due = JSON.parse(u.props.get(key) ?? '{}') as Record<string, number>;
  } catch {
    due = {};
  }
  for (const [email, at] of Object.entries(add)) due[email] = Math.min(due[email] ?? at, at);
  u.props.set(key, JSON.stringify(due));
  return true;
}

function dueOf(r: OutboxRow): number | null {
  const p = r.payload as { dueAt?: unknown } | null;
  return p && typeof p.dueAt === 'number' ? p.dueAt : null;
}

function requestOf(r: OutboxRow): string {
  const p = r.payload as { requestId?: unknown } | null;
  return p && typeof p.requestId === 'string' ? p.requestId : '';
}

function errorText(e: unknown): string {
  return (e instanceof Error ? e.message : String(e)).slice(0, 500);
}

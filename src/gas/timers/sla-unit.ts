/**
 * The timers' units of work (src/gas/plane/unit.ts: lock, one Values.batchGet, the engine, one atomic
 * Spreadsheets.batchUpdate, one setProperties).
 *
 * The run's FIRST unit takes the run lease and, when the run starts with the SLA phase, does that phase's first batch
 * and the Outbox's claim in the same round trips:
 *   lock → the properties (the lease checked; a live one: leave, writing nothing) → one batchGet: the scan of
 *   Requests from its start (scan-start.ts; the rows whole when they are few), Config, Directory, the Audit tail and
 *   the Outbox queue → the due rows (read again only when the scan read columns) → the engine (recordReminder /
 *   recordBreach, timerStep) → one batchUpdate: the request rows, their Audit rows, their Outbox rows, and the claim
 *   (attempts + 1 and the Outbox lease on the due rows, up to the run's batch; the rows this unit adds are written
 *   claimed already) → one setProperties: the run lease and the tail hints.
 * The sender then sends and records (outbox-sender.ts) with no claim unit of its own. A run killed after this unit
 * and before its record leaves the claimed rows pending under the Outbox lease: a later run sends them once more,
 * at most the claimed batch, and loses none. Everything is decided under the lock, on what this unit read: no
 * revision can change between the scan and the write.
 * Due rows beyond the first batch go in later units, one per batch (slaBatches), each re-reading its rows under the
 * lock; their Outbox rows are claimed by the sender's own claim unit.
 */
import type { AuditEvent, Directory, NotificationIntent, Request } from '../../core';
import type { AppContext } from '../context';
import { executionId } from '../ids';
import { claimIn, LEASE_MS as OUTBOX_LEASE_MS, type Claim } from '../mail/outbox-claim';
import { planQueue, queueOf } from '../mail/outbox-queue';
import { readForUnit } from '../plane/commands';
import { rememberRows, stageAudit, stageOutbox, stageRequestUpdate } from '../plane/rows';
import { ReadPlan, type Snapshot } from '../plane/snapshot';
import { tableOf } from '../plane/tables';
import { absorbWake } from '../plane/next-due';
import { nextRow, planTail, stageTails } from '../plane/tails';
import { runUnit, type Unit } from '../plane/unit';
import { AUDIT, OUTBOX, REQUESTS } from '../sheet/tabs';
import { keyEvents, type KeyedEvent } from '../store/audit';
import { outboxEntries, type OutboxRow } from '../store/outbox';
import { recordToRequest } from '../store/request-row';
import type { ScanRow } from './scan';
import { planScan, scanFrom, type StartedScan } from './scan-start';
import { orderedDue, readSpans, timerStep, versionCache, type SlaResult, type VersionCache } from './sla';
import { leaseHeld, leaseKey, type Lease } from './lease';
import { LEASE_MS } from './state';

export type Known = Map<string, { request: Request; row: number }>;

export interface FirstUnitOptions {
  run: string;
  /** How long to try the lock (a second run leaves when it cannot get it). */
  waitMs: number;
  /** The SLA phase's first batch in this unit (null: the lease alone). */
  sla: { fromRow: number; batchSize: number } | null;
  /** Claim the Outbox's due rows in this unit, up to `max` (only when every due SLA row fits in it). */
  claimMax: number | null;
}

export interface FirstUnit {
  busy: boolean;
  started: StartedScan | null;
  versions: VersionCache | null;
  /** Due rows the first unit did not take (later batches). */
  rest: ScanRow[];
  sla: SlaResult;
  claim: Claim | null;
  /** Requests this unit wrote (the sender renders them without reading them again). */
  requests: Known;
}

export const emptySla = (): SlaResult => ({ reminders: 0, escalations: 0, skippedReminders: 0, resumeRow: null, processed: 0 });

/** The run's first unit (see above). Throws LockTimeoutError when the lock stays busy for `waitMs`. */
export function firstUnit(ctx: AppContext, o: FirstUnitOptions): FirstUnit {
  const out: FirstUnit = { busy: false, started: null, versions: null, rest: [], sla: emptySla(), claim: null, requests: new Map() };
  return runUnit(ctx, { lock: true, waitMs: o.waitMs }, (u) => {
    const now = ctx.now();
    if (leaseHeld(u.props.json<Lease>(leaseKey(ctx)), now)) {
      out.busy = true;
      return out; // another run is working: nothing staged, nothing written
    }
    u.props.set(leaseKey(ctx), JSON.stringify({ run: o.run, until: now + LEASE_MS }));
    absorbWake(ctx, u.props); // what is due now is this run's: a later wake-up is the next run's (plane/next-due.ts)
    if (!o.sla) return out;
    let scanPlan = null as ReturnType<typeof planScan> | null;
    let queuePlan = null as ReturnType<typeof planQueue> | null;
    const l = readForUnit(
      u,
      (plan) => {
        scanPlan = planScan(u, plan);
        planTail(u, plan, AUDIT.name);
        if (o.claimMax !== null) queuePlan = planQueue(u, plan);
        else planTail(u, plan, OUTBOX.name);
      },
      [],
      'none',
    );
    const snap = l.snap;
    out.started = scanFrom(u, snap, scanPlan!);
    const versions = versionCache(ctx);
    out.versions = versions;
    const ordered = orderedDue(out.started.scan, versions, now, o.sla.fromRow, ctx.zoneOffset);
    const size = Math.max(1, o.sla.batchSize);
    const batch = ordered.slice(0, size);
    out.rest = ordered.slice(size);
    if (batch.length && !out.started.whole) readRows(u, snap, batch);
    const staged = stageBatch(u, snap, batch, versions, l.directory.directory(), out.sla, out.requests);
    stageAudit(u, snap, staged.audit);
    // The claim: the queue's due rows first (oldest first), then this unit's new rows, up to the run's batch.
    const q = queuePlan && out.rest.length === 0 ? queueOf(u, snap, queuePlan) : null;
    const claim = q ? claimIn(u, q, now, o.claimMax ?? 0) : null;
    const entries = outboxEntries(staged.notifications, now, () => executionId(ctx.services.Utilities));
    let room = claim ? Math.max(0, (o.claimMax ?? 0) - claim.claimed.length) : 0;
    const first = entries.length ? nextRow(u, snap, OUTBOX.name) : 0;
    // Requests whose entries another run will send get their row hint in the script cache (one putAll).
    const hints: Record<string, number> = {};
    entries.forEach((e, i) => {
      const id = e.payload && 'requestId' in e.payload ? e.payload.requestId : '';
      if (claim) {
        claim.pending++;
        claim.due++;
      }
      if (!claim || room <= 0) {
        const k = out.requests.get(id);
        if (k) hints[id] = k.row;
        return;
      }
      room--;
      e.attempts = 1;
      e.nextAttempt = now + OUTBOX_LEASE_MS;
      claim.claimed.push({ ...e, row: first + i } as OutboxRow);
    });
    stageOutbox(u, entries);
    stageTails(u, snap);
    rememberRows(u, hints);
    out.claim = claim;
    return out;
  });
}

/** Reads the batch's rows (nearby rows in one span each) into the snapshot: one more batchGet. */
function readRows(u: Unit, snap: Snapshot, batch: readonly ScanRow[]): void {
  const plan = new ReadPlan();
  for (const [first, count] of readSpans(batch.map((b) => b.row))) plan.rows(REQUESTS.name, first, first + count - 1);
  u.read(plan, snap);
}

/**
 * The engine on each candidate's fresh row (as this unit read it): its timer step staged (the request row), its Audit
 * events and notifications returned. A row that moved, was replaced or is damaged is left for the next scan.
 */
function stageBatch(
  u: Unit,
  snap: Snapshot,
  batch: readonly ScanRow[],
  versions: VersionCache,
  directory: Directory,
  result: SlaResult,
  known: Known,
): { audit: KeyedEvent[]; notifications: NotificationIntent[] } {
  const table = tableOf(u.schema, REQUESTS);
  const audit: KeyedEvent[] = [];
  const notifications: NotificationIntent[] = [];
  const now = u.ctx.now();
  for (const cand of batch) {
    const cells = snap.row(REQUESTS.name, cand.row);
    let fresh: Request | null = null;
    try {
      fresh = cells ? recordToRequest(table.record(cells), cand.row) : null;
    } catch {
      fresh = null; // a damaged row: left for operators, the scan reports it
    }
    if (!fresh || fresh.id !== cand.id || !cells) continue;
    const version = versions.get(fresh.workflowId, fresh.version);
    const step = version ? timerStep(version, fresh, now, directory, u.ctx.zoneOffset) : null;
    if (!step) continue;
    stageRequestUpdate(u, { row: cand.row, cells, request: fresh }, step.request);
    audit.push(...keyEvents(step.events as AuditEvent[]));
    notifications.push(...step.notifications);
    known.set(step.request.id, { request: step.request, row: cand.row });
    result.reminders += step.reminders;
    result.escalations += step.escalations;
    result.skippedReminders += step.skipped;
    result.processed++;
  }
  return { audit, notifications };
}

/**
 * Due rows after the first unit's batch: one unit per batch (its rows, the Audit tail and the Outbox tail in one
 * batchGet; Config and Directory from the execution's copy), until the deadline. Sets result.resumeRow when it stops.
 */
export function slaBatches(
  ctx: AppContext,
  ordered: readonly ScanRow[],
  versions: VersionCache,
  result: SlaResult,
  o: { deadline: number; batchSize: number },
): void {
  const size = Math.max(1, o.batchSize);
  for (let i = 0; i < ordered.length; i += size) {
    if (ctx.now() >= o.deadline) {
      result.resumeRow = (ordered[i] as ScanRow).row;
      return;
    }
    const batch = ordered.slice(i, i + size);
    runUnit(ctx, { lock: true }, (u) => {
      const l = readForUnit(
        u,
        (plan) => {
          for (const [first, count] of readSpans(batch.map((b) => b.row))) plan.rows(REQUESTS.name, first, first + count - 1);
          planTail(u, plan, AUDIT.name);
          planTail(u, plan, OUTBOX.name);
        },
        [],
        'none',
      );
      const known: Known = new Map();
      const staged = stageBatch(u, l.snap, batch, versions, l.directory.directory(), result, known);
      rememberRows(u, Object.fromEntries([...known].map(([id, k]) => [id, k.row])));
      stageAudit(u, l.snap, staged.audit);
      stageOutbox(
        u,
        outboxEntries(staged.notifications, ctx.now(), () => executionId(ctx.services.Utilities)),
      );
      stageTails(u, l.snap);
    });
  }
}

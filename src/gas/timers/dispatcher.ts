/**
 * One dispatcher run (the time-driven trigger calls it every period):
 *   sla      reminders and escalations (sla.ts), in locked batches;
 *   digests  daily digests (digest.ts);
 *   outbox   flushOutbox (mail/outbox-sender.ts): quota, oldest first, backoff, failures surfaced;
 *   intake   retry of form responses that could not get the lock at submit time (the intake feature's
 *            function, handed in by src/main.ts when it exists).
 * Never two at once: a run first takes a lease (a script property set under the script lock, tried for a few
 * seconds only), in its first unit of work (sla-unit.ts), which also does the SLA phase's first batch and the
 * Outbox's claim when the run starts with the SLA phase. A second overlapping run finds the lease and leaves at
 * once; a run that was killed leaves its lease, which expires after the longest possible execution. The run's last
 * write (run-end.ts) is one setProperties: its summary, what the next run needs, the lease released.
 * Within quotas: no new work starts after the time budget (default 4.5 of Apps Script's 6 minutes, measured
 * with the run's clock, Date.now in Apps Script); the phase and row reached are saved as a checkpoint and the
 * next run starts there.
 * Paused (break glass): no sends, no escalations, no reminders; only intake retries run, so intake still records.
 * Every run (paused or not) first writes the refusals parked by people who may not write Audit (refusals.ts).
 * Sweep: after the first unit, before the other phases, the intake feature's sweep for missed form submissions (handed in by src/main.ts when
 * it is due: every 30 minutes, every run for a form whose trigger is known to be missing), paused or not. Health: the run's one getProperties is also the health record the run checks at its end (after
 * its own `last` is written, so a stalled-timer incident ends here).
 */
import type { AppContext } from '../context';
import { finishRun, recordRun } from './run-end';
import { checkAtEntry } from '../health/check';
import { flushOutbox, quotaLeft, type FlushResult } from '../mail/outbox-sender';
import { auditParkedRefusals } from '../refusals';
import { sendDigests } from './digest';
import { LockTimeoutError } from '../errors';
import { executionId } from '../ids';
import type { Scan } from './scan';
import { nextScanStart, scanStartKey, startedScan, type StartedScan } from './scan-start';
import { BATCH_SIZE, orderedDue, versionCache } from './sla';
import { emptySla, firstUnit, slaBatches, type FirstUnit } from './sla-unit';
import { PHASES, stateFrom, stateKey, type Checkpoint, type Phase, type RunSummary } from './state';
import { nextDue } from './next-due';
import { nextDueKey, readNextDue, runNextDue, wakeSeen } from '../plane/next-due';

/**
 * Rough cost of one Outbox send (cost model: the send 1 s; the claim and the record are one unit of work each per
 * run, not per send). Generous, so a run claims only what it can send before its deadline.
 */
const SEND_ESTIMATE_MS = 1_500;

export type IntakeRetry = (ctx: AppContext, opts: { deadline: number }) => { retried: number; pending?: number } | undefined;

/** The intake feature's sweep for missed form submissions: `all` is the run's property snapshot (kept in step). */
export type IntakeSweep = (
  ctx: AppContext,
  opts: { deadline: number; all: Record<string, string>; deferRecords: boolean },
) => { created: number } | undefined;

export interface RunOptions {
  /** The intake feature's retry of pending form responses (called when present). */
  intakeRetry?: IntakeRetry;
  /** The intake feature's sweep of linked forms for responses their trigger missed (src/main.ts hands it in when due). */
  sweep?: IntakeSweep;
  /** Overrides the configured budget (tests). */
  budgetMs?: number;
  /** Requests written per locked batch. */
  batchSize?: number;
  /** Most Outbox entries sent per run. */
  outboxMax?: number;
  /** How long to try the script lock for the lease (ms). */
  leaseWaitMs?: number;
}

export interface RunReport extends RunSummary {
  checkpoint: Checkpoint | null;
  outbox: FlushResult | null;
  digestFailures: Array<{ to: string; error: string }>;
  skippedRows: Array<{ row: number; reason: string }>;
  /** Refused calls parked since the last run and written to Audit by this one (absent when none). */
  refusalsAudited?: number;
}

/**
 * Nothing is due before the stored next-due time (src/gas/plane/next-due.ts): a run reads the script properties
 * once and stops. Writes nothing and reveals nothing, so it may run before the caller is checked.
 */
export function isIdle(ctx: AppContext): boolean {
  const at = readNextDue(ctx, ctx.props());
  return at !== null && at > ctx.now();
}

export function emptyReport(startedAt: number): RunReport {
  return {
    startedAt,
    endedAt: startedAt,
    outcome: 'done',
    reminders: 0,
    escalations: 0,
    digests: 0,
    sent: 0,
    outboxFailed: 0,
    intakeRetried: 0,
    swept: 0,
    checkpoint: null,
    outbox: null,
    digestFailures: [],
    skippedRows: [],
  };
}

/**
 * A run with nothing due (isIdle): the sweep of linked forms when it is due (opts.sweep), then the run's heartbeat
 * (one property write, so the health check knows the timer runs) and the health check. With no sweep due that is
 * the whole run: one property read, one write. No lease: the sweep goes through intake, idempotent on the response.
 */
export function idleRun(ctx: AppContext, opts: RunOptions = {}): RunReport {
  const report = emptyReport(ctx.now());
  report.outcome = 'idle';
  const all = ctx.properties();
  const state = stateFrom(ctx, all);
  if (opts.sweep) {
    try {
      // Its records (only they) ride on the run's heartbeat write; intake's own writes go out under its lock.
      const deadline = report.startedAt + (opts.budgetMs ?? state.config.budgetMs);
      report.swept = opts.sweep(ctx, { deadline, all, deferRecords: true })?.created ?? 0;
    } catch (e) {
      report.error = `sweep: ${(e instanceof Error ? e.message : String(e)).slice(0, 280)}`;
    }
  }
  report.endedAt = ctx.now();
  try {
    recordRun(ctx, all, report);
  } catch {
    /* the next run writes it */
  }
  checkAtEntry(ctx, 'timer', all);
  return report;
}

export function runTimers(ctx: AppContext, opts: RunOptions = {}): RunReport {
  const startedAt = ctx.now();
  const report = emptyReport(startedAt);
  const all = ctx.properties();
  const state = stateFrom(ctx, all);
  const run = executionId(ctx.services.Utilities);
  const deadline = startedAt + (opts.budgetMs ?? state.config.budgetMs);
  const paused = state.config.paused !== null;
  const start = state.checkpoint ? Math.max(0, PHASES.indexOf(state.checkpoint.phase)) : 0;
  const order: Phase[] = [...PHASES.slice(start), ...PHASES.slice(0, start)];
  const batchSize = opts.batchSize ?? BATCH_SIZE;
  // The run's first unit: the lease, and (when the run starts with the SLA phase) its first batch and the Outbox's claim.
  const slaFirst = !paused && order[0] === 'sla';
  // With no mail left the sender's own claim unit runs later (a claim now would only be given back).
  const mailLeft = slaFirst ? quotaLeft(ctx) : 0;
  const fits = Math.max(1, Math.floor((deadline - ctx.now()) / SEND_ESTIMATE_MS));
  let first: FirstUnit;
  try {
    first = firstUnit(ctx, {
      run,
      waitMs: opts.leaseWaitMs ?? 3_000,
      sla: slaFirst ? { fromRow: state.checkpoint?.phase === 'sla' ? state.checkpoint.row : 0, batchSize } : null,
      claimMax: slaFirst && mailLeft > 0 ? Math.min(opts.outboxMax ?? 25, fits) : null,
    });
  } catch (e) {
    if (!(e instanceof LockTimeoutError)) {
      report.outcome = 'error';
      report.error = (e instanceof Error ? e.message : String(e)).slice(0, 300);
      finishRun(ctx, all, report, {}, run); // a lease the failed unit staged is released with it
      throw e;
    }
    first = { busy: true } as FirstUnit;
  }
  if (first.busy) {
    report.outcome = 'busy';
    report.endedAt = ctx.now();
    return report; // another run is working: leave at once, write nothing
  }
  const end: Record<string, string> = {};
  // The wake-ups the first unit saw (under the lock, with its scan and its Outbox claim): the run's last write marks
  // them seen. A later one (another execution's create while this run sends, this run's sweep or intake retry) keeps
  // its time after that write (src/gas/plane/next-due.ts).
  const seen = wakeSeen(ctx, ctx.props());
  try {
    const refused = auditParkedRefusals(ctx);
    if (refused > 0) report.refusalsAudited = refused;
  } catch {
    /* left parked for the next run */
  }
  try {
    if (opts.sweep) {
      try {
        // Its records (only they) ride on the run's last property write; intake's own writes go out under its lock.
        report.swept = opts.sweep(ctx, { deadline, all, deferRecords: true })?.created ?? 0;
      } catch (e) {
        report.error = `sweep: ${(e instanceof Error ? e.message : String(e)).slice(0, 280)}`;
      }
    }
    let scan: Scan | null = null;
    let pendingIntake = 0;
    const versions = first.versions ?? versionCache(ctx);
    let started: StartedScan | null = first.started;
    const getScan = (): Scan => {
      started ??= startedScan(ctx);
      scan = started.scan;
      return scan;
    };
    let stopped: Checkpoint | null = null;
    for (const phase of order) {
      if (paused && phase !== 'intake') continue;
      if (ctx.now() >= deadline) {
        stopped = { phase, row: 0, at: ctx.now() };
        break;
      }
      if (phase === 'sla') {
        const s = getScan();
        report.skippedRows = s.skipped;
        const r = first.started ? first.sla : emptySla();
        const rest = first.started ? first.rest : orderedDue(s, versions, ctx.now(), checkpointRow(state.checkpoint), ctx.zoneOffset);
        slaBatches(ctx, rest, versions, r, { deadline, batchSize });
        report.reminders = r.reminders;
        report.escalations = r.escalations;
        if (r.resumeRow !== null) {
          stopped = { phase: 'sla', row: r.resumeRow, at: ctx.now() };
          break;
        }
      } else if (phase === 'digests') {
        const d = sendDigests(ctx, getScan(), versions, state.digests, {
          deadline,
          digestHour: state.config.digestHour,
          due: state.digestDue,
        });
        report.digests = d.sent;
        report.digestFailures = d.failed;
        if (d.stoppedAtBudget) {
          stopped = { phase: 'digests', row: 0, at: ctx.now() };
          break;
        }
      } else if (phase === 'outbox') {
        // Claim only what can be sent before the deadline (about 1.5 s per send, generously).
        const room = Math.max(1, Math.floor((deadline - ctx.now()) / SEND_ESTIMATE_MS));
        const o = flushOutbox(ctx, {
          deadline,
          max: Math.min(opts.outboxMax ?? 25, room),
          ...(slaFirst ? { mailLeft } : {}),
          deferProps: true,
          // Claimed by the first unit; claimed again only when the sweep may have queued more since.
          ...(first.claim ? { preClaimed: { claim: first.claim, requests: first.requests, more: (report.swept ?? 0) > 0 } } : {}),
        });
        report.outbox = o;
        report.sent = o.sent;
        report.outboxFailed = o.failed.length;
        if (ctx.now() >= deadline && o.pending > 0 && !o.quotaExhausted) {
          stopped = { phase: 'outbox', row: 0, at: ctx.now() };
          break;
        }
      } else if (phase === 'intake' && opts.intakeRetry) {
        const r = opts.intakeRetry(ctx, { deadline });
        report.intakeRetried = r?.retried ?? 0;
        pendingIntake = r?.pending ?? 0;
      }
    }
    report.checkpoint = stopped;
    // Rows above the first open request stay closed: the next scan starts there.
    const from = started ? nextScanStart(ctx, started, versions) : null;
    if (from !== null) end[scanStartKey(ctx)] = from;
    // When the next run has work: until then a run reads one property and stops (isIdle).
    const computed = Math.floor(
      nextDue(ctx, {
        scan,
        versions,
        outbox: report.outbox,
        stopped: stopped !== null,
        paused,
        pendingIntake,
        digestHour: state.config.digestHour,
      }),
    );
    const value = runNextDue(computed, seen);
    if (ctx.props().get(nextDueKey(ctx)) !== value) end[nextDueKey(ctx)] = value;
    if (stopped) {
      report.outcome = 'stopped_at_budget';
      end[stateKey(ctx, 'checkpoint')] = JSON.stringify(stopped);
    } else {
      if (paused) report.outcome = 'paused';
      if (state.checkpoint) end[stateKey(ctx, 'checkpoint')] = 'null';
    }
  } catch (e) {
    report.outcome = 'error';
    report.error = (e instanceof Error ? e.message : String(e)).slice(0, 300);
    throw e;
  } finally {
    finishRun(ctx, all, report, end, run);
  }
  return report;
}

const checkpointRow = (c: Checkpoint | null): number => (c?.phase === 'sla' ? c.row : 0);

/**
 * The end of a timer run (dispatcher.ts): one setProperties, then the health check. A working run's last write
 * (finishRun) and an idle run's heartbeat (recordRun) store the same summary.
 */
import type { AppContext } from '../context';
import { checkAtEntry } from '../health/check';
import type { RunReport } from './dispatcher';
import { leaseKey } from './lease';
import { stateKey } from './state';

/** The run's summary as stored (`timers:last`, the heartbeat the health check reads): the report without its lists. */
function summaryOf(report: RunReport): string {
  const { checkpoint: _c, outbox: _o, digestFailures: _d, skippedRows: _s, ...summary } = report;
  return JSON.stringify(summary);
}

/** An idle run's heartbeat: its summary, with what the sweep staged, in one write; kept in the run's snapshot too. */
export function recordRun(ctx: AppContext, all: Record<string, string>, report: RunReport): void {
  const props = ctx.props();
  const last = summaryOf(report);
  props.set(stateKey(ctx, 'last'), last);
  props.flush();
  all[stateKey(ctx, 'last')] = last;
}

/**
 * The run's last write, one setProperties: its summary (the heartbeat the health check reads), what it stored for
 * the next run (`end`: scan start, next-due time, checkpoint) and the lease released (`run`: the lease it holds).
 * A run killed before it leaves its lease, which expires by itself. Then the health check.
 */
export function finishRun(ctx: AppContext, all: Record<string, string>, report: RunReport, end: Record<string, string>, run: string): void {
  report.endedAt = ctx.now();
  const values: Record<string, string> = { ...end, [stateKey(ctx, 'last')]: summaryOf(report) };
  try {
    // With what a unit of the run left staged (the Outbox's tail hint): one setProperties.
    const props = ctx.props();
    // The lease is released only when it is this run's: a run that failed before taking it leaves another's alone.
    const lease = props.get(leaseKey(ctx));
    if (!lease || lease.includes(run)) values[leaseKey(ctx)] = JSON.stringify({ run, until: 0 });
    for (const [k, v] of Object.entries(values)) props.set(k, v);
    props.flush();
    all[stateKey(ctx, 'last')] = values[stateKey(ctx, 'last')]!;
  } catch {
    /* the execution is out of time: the lease expires by itself */
  }
  checkAtEntry(ctx, 'timer', all);
}

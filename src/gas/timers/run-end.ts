/**
 * The end of a timer run (dispatcher.ts): one setProperties, then the health check.
 */
import type { AppContext } from '../context';
import { checkAtEntry } from '../health/check';
import type { RunReport } from './dispatcher';
import { stateKey } from './state';

/**
 * The run's last write, one setProperties: its summary (the heartbeat the health check reads), what it stored for
 * the next run (`end`: scan start, next-due time, checkpoint) and the lease released (`run`: the lease it holds).
 * A run killed before it leaves its lease, which expires by itself. Then the health check.
 */
export function finishRun(ctx: AppContext, all: Record<string, string>, report: RunReport, end: Record<string, string>, run: string): void {
  report.endedAt = ctx.now();
  const { checkpoint: _c, outbox: _o, digestFailures: _d, skippedRows: _s, ...summary } = report;
  const values: Record<string, string> = { ...end, [stateKey(ctx, 'last')]: JSON.stringify(summary) };
  try {
    // With what a unit of the run left staged (the Outbox's tail hint): one setProperties.
    const props = ctx.props();
    // The lease is released only when it is this run's: a run that failed before taking it leaves another's alone.
    const lease = props.get(stateKey(ctx, 'lease'));
    if (!lease || lease.includes(run)) values[stateKey(ctx, 'lease')] = JSON.stringify({ run, until: 0 });
    for (const [k, v] of Object.entries(values)) props.set(k, v);
    props.flush();
    all[stateKey(ctx, 'last')] = values[stateKey(ctx, 'last')]!;
  } catch {
    /* the execution is out of time: the lease expires by itself */
  }
  checkAtEntry(ctx, 'timer', all);
}

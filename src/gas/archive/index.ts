/** The archive feature's entry points for src/main.ts. See docs/archives.md. */
import { requireAdmin } from '../auth';
import type { AppContext } from '../context';
import { withLock } from '../lock';
import { readState, type RunSummary } from '../timers/state';
import { archiveInTimerRun } from './timer';
import { writeRetention } from './registry';

export { capacityAsAdmin } from './capacity';

/** Admins: set the Config setting "Retention days" (refused, writing nothing, unless a whole number ≥ 1). */
export function setRetentionAsAdmin(ctx: AppContext, days: unknown): string {
  requireAdmin(ctx, 'handoffSetRetention');
  const n = withLock(ctx, () => writeRetention(ctx, days));
  return `Closed requests now move to the yearly archive ${n} day${n === 1 ? '' : 's'} after they close.`;
}

export { archiveDue } from './timer';

/**
 * After the dispatcher (or instead of it, when it had nothing due: `report` null): the archive moves batches in
 * the time the run has left, not while automation is paused.
 */
export function archiveAfterTimers(ctx: AppContext, report: Pick<RunSummary, 'outcome' | 'startedAt'> | null) {
  if (report && report.outcome !== 'done') return null;
  const state = readState(ctx);
  if (state.config.paused) return null;
  return archiveInTimerRun(ctx, (report?.startedAt ?? ctx.now()) + state.config.budgetMs);
}

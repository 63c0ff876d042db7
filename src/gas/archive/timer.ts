/**
 * The archive's part of a timer run, after the dispatcher's phases, in the time the run has left. It holds its own
 * lease (a script property taken under the script lock), so two overlapping timer runs never move the same batch.
 * A run that found nothing due checks again only after ARCHIVE_IDLE_MS, so idle timer runs cost one property read.
 */
import { scopedKey, type AppContext } from '../context';
import { checkCapacity } from './capacity';
import { runArchive, type ArchiveRunReport } from './run';

/** How long after a run that found nothing to move the next one looks again. */
export const ARCHIVE_IDLE_MS = 6 * 3_600_000;
const LEASE_MS = 6.5 * 60_000;

const nextKey = (ctx: AppContext): string => scopedKey(ctx, 'archive', 'next');
const leaseKey = (ctx: AppContext): string => scopedKey(ctx, 'archive', 'lease');

function takeLease(ctx: AppContext, run: string): boolean {
  const lock = ctx.services.LockService.getScriptLock();
  if (!lock.tryLock(3_000)) return false;
  try {
    const props = ctx.services.PropertiesService.getScriptProperties();
    const held = Number(props.getProperty(leaseKey(ctx))?.split('|')[1] ?? 0);
    if (held > ctx.now()) return false;
    props.setProperty(leaseKey(ctx), `${run}|${ctx.now() + LEASE_MS}`);
    return true;
  } finally {
    lock.releaseLock();
  }
}

/** Whether an archive run is due (one script property): lets an otherwise idle timer run stop at once. */
export function archiveDue(ctx: AppContext): boolean {
  const next = Number(ctx.services.PropertiesService.getScriptProperties().getProperty(nextKey(ctx)) ?? 0);
  return !(next > ctx.now());
}

/** Runs the archive until `deadline` when it is due; null when it was not (or another run holds it). */
export function archiveInTimerRun(
  ctx: AppContext,
  deadline: number,
  opts: { force?: boolean } = {},
): (ArchiveRunReport & { capacityShare: number }) | null {
  const props = ctx.services.PropertiesService.getScriptProperties();
  if (!opts.force && !archiveDue(ctx)) return null;
  if (ctx.now() >= deadline) return null;
  const run = ctx.services.Utilities.getUuid();
  if (!takeLease(ctx, run)) return null;
  try {
    const report = runArchive(ctx, { deadline });
    props.setProperty(nextKey(ctx), String(report.outcome === 'idle' || report.outcome === 'done' ? ctx.now() + ARCHIVE_IDLE_MS : 0));
    return { ...report, capacityShare: checkCapacity(ctx).share };
  } finally {
    if (props.getProperty(leaseKey(ctx))?.startsWith(run)) props.deleteProperty(leaseKey(ctx));
  }
}

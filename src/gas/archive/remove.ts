/**
 * The delete step: under the script lock, removes the batch's rows from the live Requests and Audit tabs, Requests
 * first (after that no one can change those requests), then Audit. Before the first row goes, the live Audit rows
 * of the batch must be exactly the ones that were copied and verified (same count, same digest): a request that
 * changed after its copy blocks the batch, with nothing removed. Run again after a crash, it removes what is left.
 */
import { deletionRuns, digestAudit, type ArchiveBatch } from '../../core/archive/plan';
import type { AppContext } from '../context';
import { withLock } from '../lock';
import type { Table } from '../sheet/table';
import { liveAudit, liveRequests, readAuditRefs, requestRows } from './live';

export type RemoveResult = { ok: true; requests: number; audit: number } | { ok: false; message: string };

export interface RemoveHooks {
  /** Test seam: runs after the Requests rows are gone and before the Audit rows go. */
  betweenDeletes?: () => void;
}

export function removeBatch(ctx: AppContext, batch: ArchiveBatch, hooks: RemoveHooks = {}): RemoveResult {
  return withLock(ctx, () => {
    const ids = new Set(batch.requestIds);
    const reqRows = requestRows(ctx, ids);
    const refs = readAuditRefs(ctx).filter((a) => ids.has(a.requestId));
    if (reqRows.length > 0) {
      // Nothing of the Audit rows has gone yet: they must be exactly the verified copy's.
      if (refs.length !== batch.auditRows || digestAudit(refs) !== batch.auditDigest)
        return {
          ok: false,
          message: `A request of the batch changed after it was copied to the archive (its Audit rows differ). Nothing more was removed from the live tabs.`,
        };
    } else if (refs.length > batch.auditRows) {
      return {
        ok: false,
        message: 'The live Audit tab holds more rows for the batch than were copied. Nothing more was removed from the live tabs.',
      };
    }
    deleteRows(liveRequests(ctx), reqRows);
    hooks.betweenDeletes?.();
    deleteRows(
      liveAudit(ctx),
      refs.map((a) => a.row),
    );
    return { ok: true, requests: reqRows.length, audit: refs.length };
  });
}

/** Deletes rows, last run first (one deleteRows call per run of consecutive rows). */
function deleteRows(t: Table, rows: readonly number[]): void {
  const runs = deletionRuns(rows);
  const gone = runs.reduce((n, r) => n + r.count, 0);
  // Sheets refuses to delete every row under the frozen header: keep one empty row.
  if (gone > 0 && t.sheet.getMaxRows() - gone < 2) t.sheet.insertRowsAfter(t.sheet.getMaxRows(), 1);
  for (const run of runs) t.sheet.deleteRows(run.start, run.count);
}

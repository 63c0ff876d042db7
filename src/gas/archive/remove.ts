/**
 * The delete step: under the script lock, removes the batch's rows from the live Requests, Audit and Outbox tabs,
 * Requests first (after that no one can change those requests), together with their Intake log rows and the Index
 * rewritten without them (src/gas/plane/index.ts pruneIndex: one Sheets API batchUpdate for the three, so the
 * Index's row hints are never stale), then Audit, then the Outbox rows that are done. Before the first row goes, the live Audit rows
 * of the batch must be exactly the ones that were copied and verified (same count, same digest): a request that
 * changed after its copy blocks the batch, with nothing removed. Run again after a crash, it removes what is left.
 */
import { deletionRuns, digestAudit, type ArchiveBatch } from '../../core/archive/plan';
import type { AppContext } from '../context';
import { withLock } from '../lock';
import type { Table } from '../sheet/table';
import type { CellValue } from '../sheet/values';
import { BUCKETS, INDEX_TAB, pruneIndex } from '../plane/index';
import { liveAudit, liveLedger, liveOutbox, liveRequests, readAuditRefs, readLedgerRefs, readOutboxRefs, requestRows } from './live';

export type RemoveResult = { ok: true; requests: number; audit: number; outbox: number; intake: number } | { ok: false; message: string };

export interface RemoveHooks {
  /** Test seam: runs after the Requests rows are gone and before the Audit rows go. */
  betweenDeletes?: () => void;
}

export function removeBatch(ctx: AppContext, batch: ArchiveBatch, hooks: RemoveHooks = {}): RemoveResult {
  return withLock(ctx, () => {
    const ids = new Set(batch.requestIds);
    const reqRows = requestRows(ctx, ids);
    const refs = readAuditRefs(ctx).filter((a) => ids.has(a.requestId));
    const moving = batch.from.outbox === undefined ? [] : readOutboxRefs(ctx).filter((o) => ids.has(o.requestId) && o.status !== 'pending');
    const ledger = batch.from.intake === undefined ? [] : readLedgerRefs(ctx).filter((l) => ids.has(l.requestId));
    if (ledger.length > (batch.intakeRows ?? 0))
      return {
        ok: false,
        message: 'The live Intake log holds more rows for the batch than were copied. Nothing more was removed from the live tabs.',
      };
    if (moving.length > (batch.outboxRows ?? 0))
      return {
        ok: false,
        message: 'The live Outbox holds more rows for the batch than were copied. Nothing more was removed from the live tabs.',
      };
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
    deleteWithIndex(
      ctx,
      ids,
      reqRows,
      ledger.map((l) => l.row),
    );
    hooks.betweenDeletes?.();
    deleteRows(
      ctx,
      liveAudit(ctx),
      refs.map((a) => a.row),
    );
    deleteRows(
      ctx,
      liveOutbox(ctx),
      moving.map((o) => o.row),
    );
    return { ok: true, requests: reqRows.length, audit: refs.length, outbox: moving.length, intake: ledger.length };
  });
}

/** The Sheets advanced service when the manifest enables it (one batchUpdate deletes any number of runs). */
function sheetsApi(ctx: AppContext): GoogleAppsScript.Sheets | null {
  try {
    return (ctx.services as unknown as { Sheets?: GoogleAppsScript.Sheets }).Sheets ?? null;
  } catch {
    return null; // not enabled
  }
}

/**
 * Deletes rows, last run first: with the Sheets API, every run in one batchUpdate (atomic, one call, however
 * scattered the rows); else one deleteRows call per run of consecutive rows.
 */
function deleteRows(ctx: AppContext, t: Table, rows: readonly number[]): void {
  const runs = deletionRuns(rows);
  const gone = runs.reduce((n, r) => n + r.count, 0);
  if (gone === 0) return;
  // Sheets refuses to delete every row under the frozen header: keep one empty row.
  if (t.sheet.getMaxRows() - gone < 2) t.sheet.insertRowsAfter(t.sheet.getMaxRows(), 1);
  const api = sheetsApi(ctx);
  if (api && runs.length > 1) {
    ctx.services.SpreadsheetApp.flush(); // the API does not see SpreadsheetApp's pending writes
    const sheetId = t.sheet.getSheetId();
    api.Spreadsheets!.batchUpdate(
      {
        requests: runs.map((r) => ({
          deleteDimension: { range: { sheetId, dimension: 'ROWS', startIndex: r.start - 1, endIndex: r.start - 1 + r.count } },
        })),
      },
      ctx.spreadsheet().getId(),
    );
    return;
  }
  for (const run of runs) t.sheet.deleteRows(run.start, run.count);
}

/**
 * The batch's Requests rows and Intake log rows, and the Index without them: with the Sheets API one batchUpdate
 * (atomic), else one deleteRows per run and one setValues of the Index. The Index is read once (its 2,048 buckets).
 */
function deleteWithIndex(ctx: AppContext, ids: ReadonlySet<string>, reqRows: readonly number[], ledgerRows: readonly number[]): void {
  const requests = liveRequests(ctx);
  const ledger = ledgerRows.length > 0 ? liveLedger(ctx) : null;
  const index = ctx.spreadsheet().getSheetByName(INDEX_TAB);
  const pruned = index
    ? pruneIndex(index.getSheetValues(2, 1, BUCKETS, 2) as CellValue[][], ids, { requests: reqRows, intake: ledgerRows })
    : null;
  const api = sheetsApi(ctx);
  const tabs = [{ t: requests, runs: deletionRuns(reqRows) }, ...(ledger ? [{ t: ledger, runs: deletionRuns(ledgerRows) }] : [])].filter(
    (x) => x.runs.length > 0,
  );
  for (const { t, runs } of tabs) {
    // Sheets refuses to delete every row under the frozen header: keep one empty row.
    const gone = runs.reduce((n, r) => n + r.count, 0);
    if (t.sheet.getMaxRows() - gone < 2) t.sheet.insertRowsAfter(t.sheet.getMaxRows(), 1);
  }
  if (api) {
    const requestsOut: Array<Record<string, unknown>> = tabs.flatMap(({ t, runs }) => {
      const sheetId = t.sheet.getSheetId();
      return runs.map((r) => ({
        deleteDimension: { range: { sheetId, dimension: 'ROWS', startIndex: r.start - 1, endIndex: r.start - 1 + r.count } },
      }));
    });
    if (index && pruned?.changed)
      requestsOut.push({
        updateCells: {
          start: { sheetId: index.getSheetId(), rowIndex: 1, columnIndex: 0 },
          rows: pruned.buckets.map((b) => ({ values: b.map((v) => ({ userEnteredValue: { stringValue: v } })) })),
          fields: 'userEnteredValue',
        },
      });
    if (requestsOut.length === 0) return;
    ctx.services.SpreadsheetApp.flush(); // the API does not see SpreadsheetApp's pending writes
    api.Spreadsheets!.batchUpdate({ requests: requestsOut }, ctx.spreadsheet().getId());
    return;
  }
  for (const { t, runs } of tabs) for (const run of runs) t.sheet.deleteRows(run.start, run.count);
  if (index && pruned?.changed) index.getRange(2, 1, BUCKETS, 2).setValues(pruned.buckets);
}

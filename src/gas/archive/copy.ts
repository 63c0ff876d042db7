/**
 * The copy and verify steps of an archive batch. Copy appends to the archive the batch's live rows it does not
 * hold yet (found from the batch's first archive row on), so a copy interrupted anywhere, or run twice, leaves
 * each row once. Verify reads the archive's rows from the same place and checks them against the batch.
 */
import { outboxRequest, type ArchiveBatch } from '../../core/archive/plan';
import { verifyCopy, type ChainRow, type CopyCheck } from '../../core/archive/verify';
import type { AppContext } from '../context';
import { parseAuditCells } from '../store/audit-rows';
import { AUDIT, OUTBOX, REQUESTS } from '../sheet/tabs';
import { headerKey, type Table } from '../sheet/table';
import { cellText, textCell, type CellValue } from '../sheet/values';
import { archiveTable } from './book';
import { INTAKE_LOG } from '../intake/tabs';
import {
  liveAudit,
  liveLedger,
  liveOutbox,
  liveRequests,
  readAuditRefs,
  readLedgerRefs,
  readOutboxRefs,
  readRowsAt,
  requestRows,
} from './live';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

/** A row as read (getValues) → the same row in the archive's column order, safe for setValues. */
export function mapRow(from: Table, to: Table, cells: readonly CellValue[]): CellValue[] {
  const out: CellValue[] = new Array(to.width).fill('');
  const at = new Map(to.headers.map((h, i) => [headerKey(h), i]));
  from.headers.forEach((h, i) => {
    const j = at.get(headerKey(h));
    if (j === undefined || h.trim() === '') return;
    const v = cells[i] ?? '';
    out[j] = typeof v === 'string' ? textCell(v) : v;
  });
  return out;
}

/** Appends rows after the archive tab's last row, growing the grid by exactly what they need. */
export function appendExact(t: Table, rows: CellValue[][]): void {
  if (rows.length === 0) return;
  const last = t.lastRow();
  const need = last + rows.length - t.sheet.getMaxRows();
  if (need > 0) t.sheet.insertRowsAfter(t.sheet.getMaxRows(), need);
  t.writeRows(last + 1, rows);
}

/** One column of an archive tab from `first` to its last row. */
function tail(t: Table, column: string, first: number): string[] {
  const last = t.lastRow();
  return last >= first ? t.readColumn(column, first, last - first + 1).map(cellText) : [];
}

export interface CopyHooks {
  /** Test seam: runs between the copy's two appends (throwing simulates a crash). */
  betweenAppends?: () => void;
}

/** Copies what the archive lacks of the batch; returns how many rows were appended per tab. */
export function copyBatch(
  ctx: AppContext,
  ss: Spreadsheet,
  batch: ArchiveBatch,
  hooks: CopyHooks = {},
): { requests: number; audit: number; outbox: number; intake: number } {
  const ids = new Set(batch.requestIds);
  const liveReq = liveRequests(ctx);
  const liveAud = liveAudit(ctx);
  const archReq = archiveTable(ss, REQUESTS, liveReq.headers);
  const archAud = archiveTable(ss, AUDIT, liveAud.headers);

  const haveReq = new Set(tail(archReq, 'ID', batch.from.requests));
  const reqRows = readRowsAt(liveReq, requestRows(ctx, ids)).filter((r) => !haveReq.has(cellText(r.cells[liveReq.col('ID') - 1])));
  appendExact(
    archReq,
    reqRows.map((r) => mapRow(liveReq, archReq, r.cells)),
  );
  hooks.betweenAppends?.();

  // Seq is unique along the one chain (and in both Audit layouts): what the archive holds of the batch already.
  const haveSeqs = new Set(tail(archAud, 'Seq', batch.from.audit));
  const refs = readAuditRefs(ctx).filter((a) => ids.has(a.requestId));
  const audRows = readRowsAt(
    liveAud,
    refs.map((a) => a.row),
  )
    .sort((a, b) => seqOf(liveAud, a.cells) - seqOf(liveAud, b.cells))
    .filter((r) => !haveSeqs.has(cellText(r.cells[liveAud.col('Seq') - 1])));
  appendExact(
    archAud,
    audRows.map((r) => mapRow(liveAud, archAud, r.cells)),
  );

  // Outbox rows that are done (sent, failed, cancelled); a batch planned before Outbox rows moved has no `from.outbox`.
  let outbox = 0;
  if (batch.from.outbox !== undefined && (batch.outboxRows ?? 0) > 0) {
    const liveOut = liveOutbox(ctx);
    const archOut = archiveTable(ss, OUTBOX, liveOut.headers, ctx);
    const haveIds = new Set(tail(archOut, 'ID', batch.from.outbox));
    const refs = readOutboxRefs(ctx).filter((o) => ids.has(o.requestId) && o.status !== 'pending' && !haveIds.has(o.id));
    const outRows = readRowsAt(
      liveOut,
      refs.map((o) => o.row),
    );
    appendExact(
      archOut,
      outRows.map((r) => mapRow(liveOut, archOut, r.cells)),
    );
    outbox = outRows.length;
  }
  return { requests: reqRows.length, audit: audRows.length, outbox, intake: copyLedger(ctx, ss, batch, ids) };
}

/** The batch's Intake log rows the archive lacks (by response id, from the batch's first archive row on). */
function copyLedger(ctx: AppContext, ss: Spreadsheet, batch: ArchiveBatch, ids: ReadonlySet<string>): number {
  const live = liveLedger(ctx);
  if (batch.from.intake === undefined || !live) return 0;
  const arch = archiveTable(ss, INTAKE_LOG, live.headers, ctx);
  const have = new Set(tail(arch, 'Response ID', batch.from.intake));
  const refs = readLedgerRefs(ctx).filter((l) => ids.has(l.requestId) && !have.has(l.responseId));
  const rows = readRowsAt(
    live,
    refs.map((l) => l.row),
  );
  appendExact(
    arch,
    rows.map((r) => mapRow(live, arch, r.cells)),
  );
  return rows.length;
}

/** The archive's copy of the batch's Intake log rows: each response once, as many as were planned. */
function verifyLedger(ctx: AppContext, ss: Spreadsheet, batch: ArchiveBatch): CopyCheck {
  const live = liveLedger(ctx);
  if (batch.from.intake === undefined || !batch.intakeRows || !live) return { ok: true };
  const arch = archiveTable(ss, INTAKE_LOG, live.headers, ctx);
  const ids = new Set(batch.requestIds);
  const last = arch.lastRow();
  const mine = (
    last >= batch.from.intake ? arch.readColumns(['Response ID', 'Request'], batch.from.intake, last - batch.from.intake + 1) : []
  )
    .map((r) => ({ request: cellText(r.Request), response: cellText(r['Response ID']) }))
    .filter((r) => ids.has(r.request));
  if (new Set(mine.map((r) => r.response)).size < mine.length)
    return { ok: false, kind: 'doubled', message: 'The archive holds an Intake log row of the batch more than once.' };
  if (mine.length < batch.intakeRows)
    return {
      ok: false,
      kind: 'missing',
      message: `${batch.intakeRows - mine.length} of ${batch.intakeRows} Intake log rows are not in the archive`,
    };
  if (mine.length > batch.intakeRows)
    return {
      ok: false,
      kind: 'altered',
      message: `The archive holds ${mine.length} Intake log rows for the batch where the live tab had ${batch.intakeRows}.`,
    };
  return { ok: true };
}

const seqOf = (t: Table, cells: readonly CellValue[]): number => Number(cells[t.col('Seq') - 1]) || 0;

/** The archive's rows of a batch, as verification needs them. */
export function readArchivedBatch(
  ss: Spreadsheet,
  batch: ArchiveBatch,
  liveHeaders: { requests: string[]; audit: string[] },
): { ids: string[]; audit: ChainRow[] } {
  const archReq = archiveTable(ss, REQUESTS, liveHeaders.requests);
  const archAud = archiveTable(ss, AUDIT, liveHeaders.audit);
  const ids = tail(archReq, 'ID', batch.from.requests);
  return { ids, audit: chainRows(archAud, batch.from.audit) };
}

/** An Audit tab's rows from `first` on, as chain rows (one read). */
export function chainRows(t: Table, first: number): ChainRow[] {
  const last = t.lastRow();
  if (last < first) return [];
  return t.readRows(first, last - first + 1).map((cells, i) => {
    const row = first + i;
    const e = parseAuditCells(t.headers, cells, row);
    return { row, seq: e.seq, requestId: e.event.requestId, prevHash: e.prevHash, hash: e.hash, event: e.event };
  });
}

export function verifyBatch(ctx: AppContext, ss: Spreadsheet, batch: ArchiveBatch): CopyCheck {
  const got = readArchivedBatch(ss, batch, { requests: liveRequests(ctx).headers, audit: liveAudit(ctx).headers });
  let outbox: Array<{ id: string; requestId: string }> = [];
  if (batch.from.outbox !== undefined && (batch.outboxRows ?? 0) > 0) {
    const archOut = archiveTable(ss, OUTBOX, liveOutbox(ctx).headers, ctx);
    const ids = tail(archOut, 'ID', batch.from.outbox);
    outbox = tail(archOut, 'Key', batch.from.outbox).map((k, i) => ({ id: ids[i] ?? '', requestId: outboxRequest(k) }));
  }
  const copy = verifyCopy(batch, got.ids, got.audit, outbox);
  return copy.ok ? verifyLedger(ctx, ss, batch) : copy;
}

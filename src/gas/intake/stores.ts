/**
 * The "Intake log" ledger and the "Intake errors" tab.
 * Finding a response in the ledger costs a constant number of Sheet calls: a cached response→row hint verified
 * by reading that row, else one batched read of the "Response ID" column (the same pattern as RequestStore).
 */
import { scopedKey, type AppContext } from '../context';
import type { Table } from '../sheet/table';
import { MAX_CELL_CHARS, cellText, cellTime, dateCell, splitText, toCell, type CellValue } from '../sheet/values';
import { INTAKE_ERRORS, INTAKE_LOG, RAW_PARTS, rawColumn } from './tabs';
import { requireLock } from '../lock-state';
import type { RawAnswer } from './mapping';

const HINT_SECONDS = 6 * 60 * 60;

export interface LedgerEntry {
  responseId: string;
  requestId: string;
  editLink: string;
  note: string;
}

/** A ledger entry's cells by header (text quoted for setValues; the data plane unquotes). */
export function ledgerRecord(e: LedgerEntry): Record<string, CellValue> {
  return {
    'Response ID': toCell(e.responseId),
    Request: toCell(e.requestId),
    'Edit link': toCell(e.editLink),
    Note: toCell(e.note.slice(0, MAX_CELL_CHARS - 1)),
  };
}

export class IntakeLog {
  readonly table: Table;
  /** The last row as read by find(), reused by append() in the same locked operation. */
  private lastSeen: number | null = null;

  constructor(private readonly ctx: AppContext) {
    this.table = ctx.table(INTAKE_LOG);
  }

  private cache(): GoogleAppsScript.Cache.Cache | null {
    try {
      return this.ctx.services.CacheService.getScriptCache();
    } catch {
      return null;
    }
  }

  private hintKey(responseId: string): string {
    return scopedKey(this.ctx, 'intake', responseId);
  }

  static fromRecord(rec: Record<string, CellValue>): LedgerEntry {
    return {
      responseId: cellText(rec['Response ID']),
      requestId: cellText(rec.Request),
      editLink: cellText(rec['Edit link']),
      note: cellText(rec.Note),
    };
  }

  toRecord(e: LedgerEntry): Record<string, CellValue> {
    return ledgerRecord(e);
  }

  /** The ledger row of a response, or null. */
  find(responseId: string): (LedgerEntry & { row: number; cells: CellValue[] }) | null {
    const col = this.table.col('Response ID') - 1;
    const hint = Number(this.cache()?.get(this.hintKey(responseId)) ?? NaN);
    if (Number.isInteger(hint) && hint >= 2) {
      const cells = this.table.readRow(hint);
      if (cellText(cells[col]) === responseId) return { ...IntakeLog.fromRecord(this.table.record(cells)), row: hint, cells };
    }
    // One TextFinder search of the column (no column read: it would grow with the log).
    for (const row of this.table.findRows('Response ID', [responseId])) {
      const cells = this.table.readRow(row);
      if (cellText(cells[col]) !== responseId) continue;
      this.cache()?.put(this.hintKey(responseId), String(row), HINT_SECONDS);
      return { ...IntakeLog.fromRecord(this.table.record(cells)), row, cells };
    }
    return null;
  }

  /** The ledger row of a request (for emails: a cached hint, else one read of the "Request" column). */
  findByRequest(requestId: string): (LedgerEntry & { row: number }) | null {
    const key = scopedKey(this.ctx, 'intake-req', requestId);
    const hint = Number(this.cache()?.get(key) ?? NaN);
    if (Number.isInteger(hint) && hint >= 2) {
      const e = IntakeLog.fromRecord(this.table.record(this.table.readRow(hint)));
      if (e.requestId === requestId) return { ...e, row: hint };
    }
    for (const row of this.table.findRows('Request', [requestId])) {
      const e = IntakeLog.fromRecord(this.table.record(this.table.readRow(row)));
      if (e.requestId !== requestId) continue;
      this.cache()?.put(key, String(row), HINT_SECONDS);
      return { ...e, row };
    }
    return null;
  }

  append(e: LedgerEntry): number {
    requireLock(this.ctx, 'IntakeLog.append');
    // A find() under the same lock already read the last row (nothing else writes this tab meanwhile).
    const row = this.table.append([this.table.row(this.toRecord(e))], this.lastSeen ?? this.table.lastRow());
    this.lastSeen = row;
    this.cache()?.put(this.hintKey(e.responseId), String(row), HINT_SECONDS);
    this.cache()?.put(scopedKey(this.ctx, 'intake-req', e.requestId), String(row), HINT_SECONDS);
    return row;
  }

  update(row: number, base: readonly CellValue[], e: LedgerEntry): void {
    requireLock(this.ctx, 'IntakeLog.update');
    this.table.writeRow(row, this.table.row(this.toRecord(e), base));
  }
}

/** The raw response, as kept in "Intake errors": everything needed to process it again. */
export interface RawResponse {
  formId: string;
  responseId: string;
  respondentEmail: string;
  timestamp: number;
  editLink: string;
  answers: RawAnswer[];
}

export type IntakeErrorKind = 'unmappable' | 'late_edit' | 'edit_problems' | 'failed';
export type IntakeErrorStatus = 'open' | 'reprocessed' | 'reviewed';

export interface IntakeErrorRow {
  row: number;
  received: number;
  kind: IntakeErrorKind;
  status: IntakeErrorStatus;
  formId: string;
  responseId: string;
  workflow: string;
  respondent: string;
  requestId: string;
  reason: string;
  resolved: number | null;
  raw: RawResponse | null;
}

export class IntakeErrors {
  readonly table: Table;

  constructor(private readonly ctx: AppContext) {
    this.table = ctx.table(INTAKE_ERRORS);
  }

  /** The raw response as JSON, split over the raw columns (each under the cell limit). */
  private rawCells(raw: RawResponse): Record<string, CellValue> {
    const parts = splitText(JSON.stringify(raw), MAX_CELL_CHARS - 1);
    const out: Record<string, CellValue> = {};
    let i = 0;
    for (; i < RAW_PARTS; i++) out[rawColumn(i + 1)] = toCell(parts[i] ?? '');
    if (parts.length > RAW_PARTS) {
      // Beyond 5 cells (250,000 characters): keep the answers' start, say so; the form still holds the response.
      out[rawColumn(RAW_PARTS)] = toCell((parts[RAW_PARTS - 1] ?? '').slice(0, MAX_CELL_CHARS - 200));
    }
    return out;
  }

  toRecord(e: Omit<IntakeErrorRow, 'row'>): Record<string, CellValue> {
    return {
      Received: dateCell(e.received),
      Kind: toCell(e.kind),
      Status: toCell(e.status),
      Form: toCell(e.formId),
      'Response ID': toCell(e.responseId),
      Workflow: toCell(e.workflow),
      Respondent: toCell(e.respondent),
      Request: toCell(e.requestId),
      Reason: toCell(e.reason.slice(0, MAX_CELL_CHARS - 1)),
      Resolved: dateCell(e.resolved),
      ...(e.raw ? this.rawCells(e.raw) : {}),
    };
  }

  static fromRecord(rec: Record<string, CellValue>, row: number): IntakeErrorRow {
    let text = '';
    for (let i = 1; i <= RAW_PARTS; i++) text += cellText(rec[rawColumn(i)]);
    let raw: RawResponse | null = null;
    try {
      raw = text ? (JSON.parse(text) as RawResponse) : null;
    } catch {
      raw = null;
    }
    return {
      row,
      received: cellTime(rec.Received) ?? 0,
      kind: cellText(rec.Kind) as IntakeErrorKind,
      status: (cellText(rec.Status) || 'open') as IntakeErrorStatus,
      formId: cellText(rec.Form),
      responseId: cellText(rec['Response ID']),
      workflow: cellText(rec.Workflow),
      respondent: cellText(rec.Respondent),
      requestId: cellText(rec.Request),
      reason: cellText(rec.Reason),
      resolved: cellTime(rec.Resolved),
      raw,
    };
  }

  /** Every row (one read). */
  readAll(): IntakeErrorRow[] {
    const last = this.table.lastRow();
    if (last < 2) return [];
    return this.table.readRows(2, last - 1).map((cells, i) => IntakeErrors.fromRecord(this.table.record(cells), i + 2));
  }

  /** The open row of one response and kind, or null: one read of three columns (constant calls). */
  findOpen(responseId: string, kind: IntakeErrorKind): number | null {
    const last = this.table.lastRow();
    if (last < 2) return null;
    const rows = this.table.readColumns(['Response ID', 'Kind', 'Status'], 2, last - 1);
    const i = rows.findIndex(
      (r) => cellText(r['Response ID']) === responseId && cellText(r.Kind) === kind && cellText(r.Status) === 'open',
    );
    return i < 0 ? null : i + 2;
  }

  append(e: Omit<IntakeErrorRow, 'row'>): number {
    requireLock(this.ctx, 'IntakeErrors.append');
    return this.table.append([this.table.row(this.toRecord(e))]);
  }

  /** Rewrites a row's status/reason (one read, one write), keeping operator columns. */
  update(e: IntakeErrorRow): void {
    requireLock(this.ctx, 'IntakeErrors.update');
    const base = this.table.readRow(e.row);
    const { raw: _raw, ...rest } = e;
    const rec = this.toRecord({ ...rest, raw: null });
    this.table.writeRow(e.row, this.table.row(rec, base));
  }

  openCount(): number {
    const last = this.table.lastRow();
    if (last < 2) return 0;
    return this.table.readColumn('Status', 2, last - 1).filter((v) => cellText(v) === 'open').length;
  }
}

/**
 * The governed rows a unit reads and writes: a request (found by a checked row hint, else one TextFinder
 * lookup), Audit events (hash-chained from the tail's head), Outbox entries. Everything is staged in the unit's
 * ChangeSet; nothing here writes.
 */
import type { AuditEvent, Request } from '../../core';
import { GENESIS_HASH } from '../../core/audit/chain';
import { AUDIT, OUTBOX, REQUESTS } from '../sheet/tabs';
import { cellText, type CellValue } from '../sheet/values';
import { auditRows, type KeyedEvent } from '../store/audit';
import { parseAuditCells } from '../store/audit-rows';
import { outboxRecord, type OutboxEntry } from '../store/outbox';
import { columnsToAdd } from '../store/json-cells';
import { recordToRequest, requestToRecord } from '../store/request-row';
import type { LoadedRequest } from '../store/requests';
import { unquoted } from './codec';
import { indexGet, indexPut, INDEX_TAB, planIndex } from './index';
import { ReadPlan, type Snapshot } from './snapshot';
import { withColumns } from './schema';
import { tableOf } from './tables';
import { columnLetters } from './ranges';
import { nextRow, tailOf } from './tails';
import type { Unit } from './unit';
import { scopedKey } from '../context';

/** Audit rows a unit already wrote (a unit that writes twice chains the second batch from them). */
const writtenAudit = new WeakMap<Unit, CellValue[][]>();
const onWrite = (u: Unit, f: () => void): void => {
  u.onWrite.push(f);
};

export const rowKey = (u: Unit, id: string): string => scopedKey(u.ctx, 'row', id);

/** Remembers a request's row in the script cache after the unit's write (one putAll for all). */
export function rememberRows(u: Unit, rows: Record<string, number>): void {
  for (const [id, row] of Object.entries(rows)) u.cachePuts[rowKey(u, id)] = String(row);
}

/** Adds the request's hinted row to the plan; without a hint, its Index bucket. */
export function planRequest(u: Unit, plan: ReadPlan, id: string, hint: number | null | undefined): void {
  if (typeof hint === 'number' && Number.isInteger(hint) && hint >= 2) plan.rows(REQUESTS.name, hint);
  else planIndex(u, plan, id);
}

function loaded(u: Unit, cells: LoadedRequest['cells'], row: number): LoadedRequest {
  const table = tableOf(u.schema, REQUESTS);
  return { row, cells, request: recordToRequest(table.record(cells), row) };
}

/**
 * The request from the snapshot: the hinted row when its ID matches, or a row of the Requests tail; else one
 * lookup (TextFinder on the ID column, then a read of that row). Null when there is no such request.
 */
export function findRequest(u: Unit, snap: Snapshot, id: string, hint: number | null | undefined): LoadedRequest | null {
  const table = tableOf(u.schema, REQUESTS);
  const col = table.col('ID');
  if (typeof hint === 'number' && hint >= 2) {
    const cells = snap.row(REQUESTS.name, hint);
    if (cells && cellText(cells[col - 1]) === id) return loaded(u, cells, hint);
  }
  const tail = snap.tail(REQUESTS.name);
  if (tail) {
    const i = tail.rows.findIndex((r) => cellText(r[col - 1]) === id);
    if (i >= 0) {
      rememberRows(u, { [id]: tail.from + i });
      return loaded(u, tail.rows[i]!, tail.from + i);
    }
  }
  // The Index (its bucket is in the snapshot when the plan had no hint), then one TextFinder lookup.
  if (u.schema.tabs[INDEX_TAB]) {
    const at = Number(indexGet(u, snap, 'requests', id) ?? Number.NaN);
    if (Number.isInteger(at) && at >= 2) {
      u.read(new ReadPlan().rows(REQUESTS.name, at), snap);
      const cells = snap.row(REQUESTS.name, at);
      if (cells && cellText(cells[col - 1]) === id) {
        rememberRows(u, { [id]: at });
        return loaded(u, cells, at);
      }
    }
  }
  const row = findRowByText(u, REQUESTS.name, col, id);
  if (row === null) return null;
  u.read(new ReadPlan().rows(REQUESTS.name, row), snap);
  const cells = snap.row(REQUESTS.name, row);
  if (!cells || cellText(cells[col - 1]) !== id) return null;
  rememberRows(u, { [id]: row });
  // A request the Index did not know (created before it existed): the next lookup finds it there.
  if (u.locked) indexPut(u, snap, 'requests', id, String(row));
  return loaded(u, cells, row);
}

/** One TextFinder lookup of an exact cell in a column (rows 2 on): the row, or null. */
export function findRowByText(u: Unit, tab: string, col: number, text: string): number | null {
  const sheet = u.ctx.sheet(tab);
  if (!sheet || !text) return null;
  const hit = columnBelowHeader(sheet, col)?.createTextFinder(text).matchEntireCell(true).matchCase(true).findNext();
  return hit ? hit.getRow() : null;
}

/**
 * Column `col` from row 2 down: an open-ended A1 range (C2:C) reaches the last row without asking for it
 * (getMaxRows is a round trip); a tab with no row below its header has nothing to search (null).
 */
function columnBelowHeader(sheet: GoogleAppsScript.Spreadsheet.Sheet, col: number): GoogleAppsScript.Spreadsheet.Range | null {
  const letter = columnLetters(col);
  try {
    return sheet.getRange(`${letter}2:${letter}`);
  } catch {
    const rows = sheet.getMaxRows() - 1;
    return rows < 1 ? null : sheet.getRange(2, col, rows, 1);
  }
}

/** Every row (2 on) whose cell in `col` is exactly `text`: one TextFinder findAll. */
export function findRowsByText(u: Unit, tab: string, col: number, text: string): number[] {
  const sheet = u.ctx.sheet(tab);
  if (!sheet || !text) return [];
  const range = columnBelowHeader(sheet, col);
  if (!range) return [];
  return range
    .createTextFinder(text)
    .matchEntireCell(true)
    .matchCase(true)
    .findAll()
    .map((r) => r.getRow());
}

/**
 * A request's row as the unit will write it. When its JSON needs a continuation column the tab lacks ("Fields (2)"
 * ...), the column is staged first (added with its header in the same batchUpdate, before the rows), and the row
 * is built over the headers with it. A column already staged by this unit is reused.
 */
function requestRow(u: Unit, request: Request, base?: readonly CellValue[]): CellValue[] {
  let table = tableOf(withColumns(u.schema, u.changes.columns), REQUESTS);
  let rec = requestToRecord(table, request);
  const add = columnsToAdd(table, rec);
  if (add.length) {
    u.changes.addColumns(REQUESTS.name, add);
    table = tableOf(withColumns(u.schema, u.changes.columns), REQUESTS);
    rec = requestToRecord(table, request);
  }
  return table.row(unquoted(rec), base);
}

/** Stages the request's row rewritten (columns Handoff does not own keep their cells). */
export function stageRequestUpdate(u: Unit, current: LoadedRequest, request: Request): void {
  u.changes.update(REQUESTS.name, current.row, requestRow(u, request, current.cells));
}

/** Stages a new request row; returns its row number. The Requests tail must be in the snapshot. */
export function stageRequestInsert(u: Unit, snap: Snapshot, request: Request): number {
  const row = nextRow(u, snap, REQUESTS.name);
  u.changes.append(REQUESTS.name, [requestRow(u, request)]);
  if (u.fillsCache) rememberRows(u, { [request.id]: row });
  indexPut(u, snap, 'requests', request.id, String(row));
  return row;
}

/** Stages Audit rows chained from the tail's last hash (keys already in the tail are skipped). Returns how many. */
export function stageAudit(u: Unit, snap: Snapshot, entries: readonly KeyedEvent[]): number {
  if (!entries.length) return 0;
  const table = tableOf(u.schema, AUDIT);
  const tail = tailOf(u, snap, AUDIT.name);
  const staged = u.changes.appends.get(AUDIT.name) ?? [];
  // Rows an earlier write of this unit appended are in `written` (kept by stageAudit for the chain).
  const all = [...tail.rows.filter((_, i) => tail.from + i >= 2), ...(writtenAudit.get(u) ?? []), ...staged];
  // Rows through the one parser (either layout: a wide tab not yet upgraded gets compact rows).
  const parsed = all.map((r) => parseAuditCells(table.headers, r, 0));
  const last = parsed[parsed.length - 1];
  const start = {
    seq: last ? last.seq || tail.last - 1 + staged.length : 0,
    prev: last ? last.hash || GENESIS_HASH : GENESIS_HASH,
    present: new Set(parsed.map((r) => r.key)),
  };
  const rows = auditRows(table, entries, start).rows.map((r) => table.row(unquoted(table.record(r))));
  u.changes.append(AUDIT.name, rows);
  onWrite(u, () => writtenAudit.set(u, [...(writtenAudit.get(u) ?? []), ...rows]));
  return rows.length;
}

/** Stages Outbox rows. */
export function stageOutbox(u: Unit, entries: readonly OutboxEntry[]): void {
  const table = tableOf(u.schema, OUTBOX);
  u.changes.append(
    OUTBOX.name,
    entries.map((e) => table.row(unquoted(outboxRecord(e)))),
  );
}

export type { AuditEvent };

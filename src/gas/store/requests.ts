/**
 * The Requests tab. Finding a request's row costs a constant number of calls: a cached id→row hint that is
 * verified by the read of that row (which the caller needs anyway), else one batched read of the ID column.
 */
import type { Request } from '../../core';
import { scopedKey, type AppContext } from '../context';
import { addColumns } from '../sheet/add-columns';
import { REQUESTS } from '../sheet/tabs';
import type { Table } from '../sheet/table';
import { cellInt, cellText, type CellValue } from '../sheet/values';
import { recordToRequest, requestToRecord } from './request-row';
import { requireLock } from '../lock-state';
import { bumpStamp } from '../plane/schema';
import { columnsToAdd } from './json-cells';

export interface LoadedRequest {
  request: Request;
  row: number;
  /** The row as read, so that columns Handoff does not own are written back unchanged. */
  cells: CellValue[];
}

const HINT_SECONDS = 6 * 60 * 60; // CacheService's maximum

export class RequestStore {
  readonly table: Table;

  constructor(private readonly ctx: AppContext) {
    this.table = ctx.table(REQUESTS);
  }

  private cache(): GoogleAppsScript.Cache.Cache | null {
    try {
      return this.ctx.services.CacheService.getScriptCache();
    } catch {
      return null;
    }
  }

  private hintKey(id: string): string {
    return scopedKey(this.ctx, 'row', id);
  }

  rememberRow(id: string, row: number): void {
    this.cache()?.put(this.hintKey(id), String(row), HINT_SECONDS);
  }

  /** The request's row number, or null. */
  findRow(id: string): { row: number; cells: CellValue[] } | null {
    const hint = Number(this.cache()?.get(this.hintKey(id)) ?? NaN);
    if (Number.isInteger(hint) && hint >= 2) {
      const cells = this.table.readRow(hint);
      if (cellText(cells[this.table.col('ID') - 1]) === id) return { row: hint, cells };
    }
    // One TextFinder search of the ID column (no column read: it would grow with the tab).
    for (const row of this.table.findRows('ID', [id])) {
      const cells = this.table.readRow(row);
      if (cellText(cells[this.table.col('ID') - 1]) !== id) continue;
      this.rememberRow(id, row);
      return { row, cells };
    }
    return null;
  }

  find(id: string): LoadedRequest | null {
    const found = this.findRow(id);
    if (!found) return null;
    return { ...found, request: recordToRequest(this.table.record(found.cells), found.row) };
  }

  /** Whether the sheet holds the request at `revision` or later (did a write land?). */
  hasRevision(id: string, revision: number): boolean {
    const found = this.findRow(id);
    return found !== null && (cellInt(found.cells[this.table.col('Revision') - 1]) ?? 0) >= revision;
  }

  /** Reads the request stored at a known row (no id check). */
  readAt(row: number): LoadedRequest {
    const cells = this.table.readRow(row);
    return { row, cells, request: recordToRequest(this.table.record(cells), row) };
  }

  /** Appends a new request row (one write); returns its row number. */
  insert(request: Request): number {
    requireLock(this.ctx, 'RequestStore.insert');
    const row = this.table.append([requestCells(this.ctx, this.table, request)]);
    this.rememberRow(request.id, row);
    return row;
  }

  /** Overwrites the request's row (one write), keeping the cells of columns Handoff does not own. */
  update(row: number, base: readonly CellValue[], request: Request): void {
    requireLock(this.ctx, 'RequestStore.update');
    this.table.writeRow(row, requestCells(this.ctx, this.table, request, base));
  }

  /**
   * The row as it would be written, for the journal (validates sizes before any row is written). A request that
   * needs a continuation column the tab lacks gets it here, empty, with its header (harmless if the operation
   * then stops: Set up / repair removes an empty one).
   */
  cellsFor(request: Request, base?: readonly CellValue[]): CellValue[] {
    return requestCells(this.ctx, this.table, request, base);
  }
}

/**
 * A request's row on a Sheet-backed Requests table. When its JSON needs a continuation column the tab lacks
 * ("Fields (2)"...), the column is added first, with its header (sheet/add-columns.ts), and the data plane's cached
 * schema is dropped (the stamp) so the next unit reads the new header.
 */
export function requestCells(ctx: AppContext, table: Table, request: Request, base?: readonly CellValue[]): CellValue[] {
  let rec = requestToRecord(table, request);
  const add = columnsToAdd(table, rec);
  if (add.length > 0) {
    if (addColumns(table, add).length > 0) bumpStamp(ctx);
    rec = requestToRecord(table, request);
  }
  return table.row(rec, base);
}

/**
 * What every method of the Sheets API model works with: the spreadsheet, the caller, the cells read and written
 * (for metering), and an undo log so that a batch that fails part-way leaves the spreadsheet as it was (the API
 * applies a batch atomically: "If any request is not valid, no requests will be applied").
 */
import type { SpreadsheetEnv } from '../spreadsheet/env';
import type { Cell } from '../spreadsheet/values';
import type { SheetData, SpreadsheetData } from '../spreadsheet/model';
import { badRequest, CELL_LIMIT_MESSAGE, NO_PERMISSION_MESSAGE, PROTECTED_MESSAGE, SheetsApiError } from './errors';
import { MAX_CELLS } from '../spreadsheet/model';

export interface Usage {
  cellsRead: number;
  cellsWritten: number;
}

export class ApiCtx {
  private readonly undo: Array<() => void> = [];
  readonly usage: Usage = { cellsRead: 0, cellsWritten: 0 };

  constructor(
    readonly env: SpreadsheetEnv,
    readonly ss: SpreadsheetData,
    /** The caller's email (the effective user in Apps Script; the token's user over HTTP). */
    readonly user: string,
  ) {}

  get tz(): string {
    return this.ss.timeZone;
  }

  /** Sets one cell, remembering what it held. */
  set(sheet: SheetData, r: number, c: number, cell: Cell | undefined): void {
    const prev = sheet.get(r, c);
    if (prev === cell) return;
    this.undo.push(() => sheet.set(r, c, prev));
    sheet.set(r, c, cell);
  }

  /** Registers the inverse of a structural change already made. */
  onRollback(fn: () => void): void {
    this.undo.push(fn);
  }

  rollback(): void {
    for (let i = this.undo.length - 1; i >= 0; i--) this.undo[i]!();
    this.undo.length = 0;
  }

  /** Only the owner and editors change a file; viewers read. */
  assertCanEditFile(): void {
    if (!this.ss.canEditFile(this.user)) throw new SheetsApiError('PERMISSION_DENIED', NO_PERMISSION_MESSAGE);
  }

  /** Owner, editors; and protections (owner and protection editors; warning-only protections allow everyone). */
  assertCanEdit(sheet: SheetData, r1: number, c1: number, r2: number, c2: number): void {
    const u = this.user.toLowerCase();
    if (u === this.ss.owner.toLowerCase()) return;
    for (const p of this.ss.protections) {
      if (p.sheetId !== sheet.sheetId || p.warningOnly) continue;
      if (p.type === 'RANGE') {
        const overlaps = r1 <= p.row + p.numRows - 1 && p.row <= r2 && c1 <= p.col + p.numCols - 1 && p.col <= c2;
        if (!overlaps) continue;
      }
      if (!p.editors.some((e) => e.toLowerCase() === u)) throw badRequest(PROTECTED_MESSAGE);
    }
  }

  assertCellLimit(extra: number): void {
    if (this.ss.cellCount() + extra > MAX_CELLS) throw badRequest(CELL_LIMIT_MESSAGE);
  }

  /** Adds rows at the end of a sheet (undone on rollback). */
  growRows(sheet: SheetData, n: number): void {
    if (n <= 0) return;
    this.assertCellLimit(n * sheet.maxColumns);
    sheet.maxRows += n;
    this.undo.push(() => {
      sheet.maxRows -= n;
      if (sheet.rows.length > sheet.maxRows) sheet.rows.length = sheet.maxRows;
    });
  }

  /** Inserts empty rows before `before` (1-based), shifting the rows below down (undone on rollback). */
  insertRows(sheet: SheetData, before: number, n: number): void {
    if (n <= 0) return;
    this.assertCellLimit(n * sheet.maxColumns);
    sheet.insertRows(before, n);
    this.undo.push(() => sheet.deleteRows(before, n));
  }

  deleteRows(sheet: SheetData, start: number, n: number): void {
    const removed = sheet.rows.slice(start - 1, start - 1 + n);
    sheet.deleteRows(start, n);
    this.undo.push(() => {
      if (sheet.rows.length >= start - 1 && removed.length) sheet.rows.splice(start - 1, 0, ...removed);
      sheet.maxRows += n;
    });
  }

  insertColumns(sheet: SheetData, before: number, n: number): void {
    if (n <= 0) return;
    this.assertCellLimit(n * sheet.maxRows);
    sheet.insertColumns(before, n);
    this.undo.push(() => sheet.deleteColumns(before, n));
  }

  deleteColumns(sheet: SheetData, start: number, n: number): void {
    const removed = sheet.rows.map((r) => (r ? r.slice(start - 1, start - 1 + n) : undefined));
    sheet.deleteColumns(start, n);
    this.undo.push(() => {
      sheet.rows.forEach((r, i) => {
        const back = removed[i];
        if (r && back && r.length >= start - 1) r.splice(start - 1, 0, ...back);
      });
      sheet.maxColumns += n;
    });
  }
}

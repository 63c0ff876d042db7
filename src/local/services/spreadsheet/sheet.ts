import { gasError } from '../../kernel/errors';
import type { Implements } from '../../kernel/implements';
import { parseA1 } from './a1';
import { OUTSIDE_SHEET } from './env';
import { LocalDeveloperMetadata, addMetadata } from './metadata';
import { LocalProtection } from './protection';
import { LocalRange, type A1Form } from './range';
import type { LocalSpreadsheet } from './spreadsheet';
import { duplicateSheetName, HIDE_ALL_SHEETS } from './sheet-base';
import type { SheetMethods } from './sheet-methods';
import { SheetRowsColumns } from './sheet-rows';
import type { Scalar } from './values';

export { duplicateSheetName };

type GSheet = GoogleAppsScript.Spreadsheet.Sheet;
export class LocalSheet extends SheetRowsColumns implements Implements<GSheet, SheetMethods> {
  /** A range on this sheet, checked like Apps Script does (unmetered). */
  rangeAt(row: number, col: number, numRows = 1, numCols = 1, form: A1Form = 'cells'): LocalRange {
    for (const [v, what] of [
      [row, 'row'],
      [col, 'column'],
      [numRows, 'rows'],
      [numCols, 'columns'],
    ] as const) {
      if (typeof v !== 'number' || Number.isNaN(v))
        throw gasError(`The parameters (${typeof v}) don't match the method signature for SpreadsheetApp.Sheet.getRange.`);
      void what;
    }
    if (row < 1) throw gasError('The starting row of the range is too small.');
    if (col < 1) throw gasError('The starting column of the range is too small.');
    if (numRows < 1) throw gasError('The number of rows in the range must be at least 1.');
    if (numCols < 1) throw gasError('The number of columns in the range must be at least 1.');
    if (row + numRows - 1 > this.data.maxRows || col + numCols - 1 > this.data.maxColumns) throw gasError(OUTSIDE_SHEET);
    return new LocalRange(
      this.env,
      this.ss,
      this.data,
      () => this,
      Math.floor(row),
      Math.floor(col),
      Math.floor(numRows),
      Math.floor(numCols),
      form,
    );
  }

  /** Resolves A1 notation (optionally 'Sheet!A1') against this sheet's size (unmetered). */
  rangeByA1(a1: string): LocalRange {
    const ref = parseA1(a1);
    let sheet: LocalSheet = this;
    if (ref.sheetName !== null && ref.sheetName !== this.data.name) {
      const other = this.ss.sheetByName(ref.sheetName);
      if (!other) throw gasError('Range not found');
      sheet = this.env.makeSheet(this.ss, other);
    }
    const d = sheet.data;
    const startRow = ref.startRow ?? 1;
    const startCol = ref.startCol ?? 1;
    const endRow = ref.endRow ?? d.maxRows;
    const endCol = ref.endCol ?? d.maxColumns;
    const form: A1Form =
      ref.startRow === null
        ? 'columns'
        : ref.startCol === null
          ? 'rows'
          : ref.endRow === null
            ? 'openRows'
            : ref.endCol === null
              ? 'openColumns'
              : 'cells';
    return sheet.rangeAt(startRow, startCol, endRow - startRow + 1, endCol - startCol + 1, form);
  }

  getName(): string {
    this.call('getName');
    return this.data.name;
  }
  getSheetName(): string {
    this.call('getSheetName');
    return this.data.name;
  }
  getSheetId(): number {
    this.call('getSheetId');
    return this.data.sheetId;
  }
  getIndex(): number {
    this.call('getIndex');
    return this.ss.sheets.indexOf(this.data) + 1;
  }
  getParent(): LocalSpreadsheet {
    this.call('getParent');
    return this.env.makeSpreadsheet(this.ss);
  }
  getMaxRows(): number {
    this.call('getMaxRows');
    return this.data.maxRows;
  }
  getMaxColumns(): number {
    this.call('getMaxColumns');
    return this.data.maxColumns;
  }
  getLastRow(): number {
    this.call('getLastRow');
    return this.data.lastRow();
  }
  getLastColumn(): number {
    this.call('getLastColumn');
    return this.data.lastColumn();
  }
  getFormUrl(): string | null {
    this.call('getFormUrl');
    return this.data.formUrl;
  }
  getFrozenRows(): number {
    this.call('getFrozenRows');
    return this.data.frozenRows;
  }
  getFrozenColumns(): number {
    this.call('getFrozenColumns');
    return this.data.frozenColumns;
  }
  isSheetHidden(): boolean {
    this.call('isSheetHidden');
    return this.data.hidden;
  }
  getTabColor(): string | null {
    this.call('getTabColor');
    return this.data.tabColor;
  }

  setName(name: string): LocalSheet {
    this.call('setName');
    this.env.assertCanEditFile(this.ss);
    const n = String(name);
    if (n !== this.data.name && this.ss.sheets.some((s) => s.name.toLowerCase() === n.toLowerCase())) throw gasError(duplicateSheetName(n));
    this.data.name = n;
    return this;
  }

  getRange(a: number | string, column?: number, numRows?: number, numColumns?: number): LocalRange {
    this.call('getRange');
    if (typeof a === 'string') return this.rangeByA1(a);
    if (column === undefined) throw gasError("The parameters (number) don't match the method signature for SpreadsheetApp.Sheet.getRange.");
    return this.rangeAt(a, column, numRows ?? 1, numColumns ?? 1);
  }

  getDataRange(): LocalRange {
    this.call('getDataRange');
    return this.dataRange();
  }

  dataRange(): LocalRange {
    return this.rangeAt(1, 1, Math.max(1, this.data.lastRow()), Math.max(1, this.data.lastColumn()));
  }

  getSheetValues(startRow: number, startColumn: number, numRows: number, numColumns: number): Scalar[][] {
    const r = this.rangeAt(
      startRow,
      startColumn,
      numRows === -1 ? this.data.lastRow() - startRow + 1 : numRows,
      numColumns === -1 ? this.data.lastColumn() - startColumn + 1 : numColumns,
    );
    this.call('getSheetValues', { cellsRead: r.numRows * r.numCols });
    return r.readValues();
  }

  /** Writes after the last row with content; the sheet grows when full (as in Sheets). */
  appendRow(rowContents: unknown[]): LocalSheet {
    this.call('appendRow', { cellsWritten: Array.isArray(rowContents) ? rowContents.length : 0 });
    if (!Array.isArray(rowContents))
      throw gasError(`The parameters (${typeof rowContents}) don't match the method signature for SpreadsheetApp.Sheet.appendRow.`);
    this.appendRowValues(rowContents);
    return this;
  }

  /** appendRow without metering: also used by the form-response hook. Returns the row written (1-based). */
  appendRowValues(rowContents: unknown[]): number {
    const row = this.data.lastRow() + 1;
    const width = Math.max(1, rowContents.length);
    this.env.assertCanEdit(this.ss, this.data, row, 1, 1, width);
    const extraRows = row > this.data.maxRows ? row - this.data.maxRows : 0;
    const extraCols = width > this.data.maxColumns ? width - this.data.maxColumns : 0;
    if (extraRows || extraCols) {
      this.env.checkCellLimit(this.ss, extraRows * (this.data.maxColumns + extraCols) + extraCols * this.data.maxRows);
      this.data.maxRows += extraRows;
      this.data.maxColumns += extraCols;
    }
    if (rowContents.length)
      new LocalRange(this.env, this.ss, this.data, () => this, row, 1, 1, rowContents.length).writeValues([rowContents]);
    return row;
  }

  clear(options?: { formatOnly?: boolean; contentsOnly?: boolean }): LocalSheet {
    this.call('clear');
    this.env.assertCanEdit(this.ss, this.data, 1, 1, this.data.maxRows, this.data.maxColumns);
    const contents = !options || options.contentsOnly || !options.formatOnly;
    const formats = !options || options.formatOnly || !options.contentsOnly;
    new LocalRange(this.env, this.ss, this.data, () => this, 1, 1, this.data.maxRows, this.data.maxColumns).clearCells(contents, formats);
    return this;
  }

  clearContents(): LocalSheet {
    this.call('clearContents');
    this.env.assertCanEdit(this.ss, this.data, 1, 1, this.data.maxRows, this.data.maxColumns);
    new LocalRange(this.env, this.ss, this.data, () => this, 1, 1, this.data.maxRows, this.data.maxColumns).clearCells(true, false);
    return this;
  }

  clearFormats(): LocalSheet {
    this.call('clearFormats');
    this.env.assertCanEditFile(this.ss);
    new LocalRange(this.env, this.ss, this.data, () => this, 1, 1, this.data.maxRows, this.data.maxColumns).clearCells(false, true);
    return this;
  }

  hideSheet(): LocalSheet {
    this.call('hideSheet');
    this.env.assertCanEditFile(this.ss);
    if (!this.data.hidden && this.ss.sheets.filter((s) => !s.hidden).length <= 1) throw gasError(HIDE_ALL_SHEETS);
    this.data.hidden = true;
    return this;
  }

  showSheet(): LocalSheet {
    this.call('showSheet');
    this.env.assertCanEditFile(this.ss);
    this.data.hidden = false;
    return this;
  }

  protect(): LocalProtection {
    this.call('protect');
    return LocalProtection.create(this.env, this.ss, this.data, 'SHEET');
  }

  getProtections(type: GoogleAppsScript.Spreadsheet.ProtectionType | string): LocalProtection[] {
    this.call('getProtections');
    const t = String(type);
    return this.ss.protections
      .filter((p) => p.sheetId === this.data.sheetId && p.type === t)
      .map((p) => new LocalProtection(this.env, this.ss, p));
  }

  activate(): LocalSheet {
    this.call('activate');
    this.ss.activeSheetId = this.data.sheetId;
    this.data.hidden = false;
    return this;
  }

  setTabColor(color: string | null): LocalSheet {
    this.call('setTabColor');
    this.env.assertCanEditFile(this.ss);
    this.data.tabColor = color;
    return this;
  }

  addDeveloperMetadata(
    key: string,
    a?: string | GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility,
    b?: string | GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility,
  ): LocalSheet {
    this.call('addDeveloperMetadata');
    this.env.assertCanEditFile(this.ss);
    addMetadata(this.ss, 'SHEET', key, a as string | undefined, b as string | undefined, this.data.sheetId);
    return this;
  }

  getDeveloperMetadata(): LocalDeveloperMetadata[] {
    this.call('getDeveloperMetadata');
    return this.ss.metadata
      .filter((m) => m.location === 'SHEET' && m.sheetId === this.data.sheetId)
      .map((m) => new LocalDeveloperMetadata(this.env, this.ss, m));
  }

  override toString(): string {
    return 'Sheet';
  }
}

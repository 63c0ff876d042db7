import { gasError } from '../../kernel/errors';
import type { Implements } from '../../kernel/implements';
import { parseA1 } from './a1';
import type { SpreadsheetEnv } from './env';
import { OUTSIDE_SHEET } from './env';
import { LocalDeveloperMetadata, addMetadata } from './metadata';
import type { SheetData, SpreadsheetData } from './model';
import { LocalProtection } from './protection';
import { LocalRange, type A1Form } from './range';
import type { LocalSpreadsheet } from './spreadsheet';
import type { Scalar } from './values';

type GSheet = GoogleAppsScript.Spreadsheet.Sheet;
type Methods =
  | 'getName'
  | 'setName'
  | 'getSheetName'
  | 'getSheetId'
  | 'getIndex'
  | 'getParent'
  | 'getRange'
  | 'getDataRange'
  | 'getLastRow'
  | 'getLastColumn'
  | 'getMaxRows'
  | 'getMaxColumns'
  | 'appendRow'
  | 'insertRows'
  | 'insertRowsAfter'
  | 'insertRowsBefore'
  | 'insertRowAfter'
  | 'insertRowBefore'
  | 'insertColumns'
  | 'insertColumnsAfter'
  | 'insertColumnsBefore'
  | 'insertColumnAfter'
  | 'insertColumnBefore'
  | 'deleteRow'
  | 'deleteRows'
  | 'deleteColumn'
  | 'deleteColumns'
  | 'clear'
  | 'clearContents'
  | 'clearFormats'
  | 'hideSheet'
  | 'showSheet'
  | 'isSheetHidden'
  | 'protect'
  | 'getProtections'
  | 'activate'
  | 'setFrozenRows'
  | 'getFrozenRows'
  | 'setFrozenColumns'
  | 'getFrozenColumns'
  | 'autoResizeColumns'
  | 'autoResizeColumn'
  | 'setColumnWidth'
  | 'setColumnWidths'
  | 'getFormUrl'
  | 'getSheetValues'
  | 'setTabColor'
  | 'getTabColor'
  | 'addDeveloperMetadata'
  | 'getDeveloperMetadata';

export const ROWS_OUT_OF_BOUNDS = 'Those rows are out of bounds.';
export const COLUMNS_OUT_OF_BOUNDS = 'Those columns are out of bounds.';
export const DELETE_ALL_ROWS = 'Sorry, it is not possible to delete all non-frozen rows.';
export const DELETE_ALL_COLUMNS = 'Sorry, it is not possible to delete all non-frozen columns.';
export const HIDE_ALL_SHEETS = "You can't hide all the sheets in a document.";

export function duplicateSheetName(name: string): string {
  return `A sheet with the name "${name}" already exists. Please enter another name.`;
}

export class LocalSheet implements Implements<GSheet, Methods> {
  constructor(
    private readonly env: SpreadsheetEnv,
    readonly ss: SpreadsheetData,
    readonly data: SheetData,
  ) {}

  private call(method: string, extra?: { cellsRead?: number; cellsWritten?: number }): void {
    this.env.kernel.call('Sheet', method, extra);
    if (!this.ss.sheets.includes(this.data)) throw gasError(`Sheet ${this.data.name} was deleted.`);
  }

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

  private growRows(before: number, howMany: number, method: string): LocalSheet {
    if (!(before >= 1) || before > this.data.maxRows + 1 || !(howMany >= 1)) throw gasError(ROWS_OUT_OF_BOUNDS);
    this.env.assertCanEdit(this.ss, this.data, 1, 1, this.data.maxRows, this.data.maxColumns);
    this.env.checkCellLimit(this.ss, howMany * this.data.maxColumns);
    this.data.insertRows(before, howMany);
    void method;
    return this;
  }

  private growColumns(before: number, howMany: number): LocalSheet {
    if (!(before >= 1) || before > this.data.maxColumns + 1 || !(howMany >= 1)) throw gasError(COLUMNS_OUT_OF_BOUNDS);
    this.env.assertCanEdit(this.ss, this.data, 1, 1, this.data.maxRows, this.data.maxColumns);
    this.env.checkCellLimit(this.ss, howMany * this.data.maxRows);
    this.data.insertColumns(before, howMany);
    return this;
  }

  insertRowsAfter(afterPosition: number, howMany: number): LocalSheet {
    this.call('insertRowsAfter');
    return this.growRows(afterPosition + 1, howMany, 'insertRowsAfter');
  }
  insertRowsBefore(beforePosition: number, howMany: number): LocalSheet {
    this.call('insertRowsBefore');
    return this.growRows(beforePosition, howMany, 'insertRowsBefore');
  }
  insertRowAfter(afterPosition: number): LocalSheet {
    this.call('insertRowAfter');
    return this.growRows(afterPosition + 1, 1, 'insertRowAfter');
  }
  insertRowBefore(beforePosition: number): LocalSheet {
    this.call('insertRowBefore');
    return this.growRows(beforePosition, 1, 'insertRowBefore');
  }
  insertRows(rowIndex: number, numRows?: number): void {
    this.call('insertRows');
    this.growRows(rowIndex, numRows ?? 1, 'insertRows');
  }
  insertColumnsAfter(afterPosition: number, howMany: number): LocalSheet {
    this.call('insertColumnsAfter');
    return this.growColumns(afterPosition + 1, howMany);
  }
  insertColumnsBefore(beforePosition: number, howMany: number): LocalSheet {
    this.call('insertColumnsBefore');
    return this.growColumns(beforePosition, howMany);
  }
  insertColumnAfter(afterPosition: number): LocalSheet {
    this.call('insertColumnAfter');
    return this.growColumns(afterPosition + 1, 1);
  }
  insertColumnBefore(beforePosition: number): LocalSheet {
    this.call('insertColumnBefore');
    return this.growColumns(beforePosition, 1);
  }
  insertColumns(columnIndex: number, numColumns?: number): void {
    this.call('insertColumns');
    this.growColumns(columnIndex, numColumns ?? 1);
  }

  private shrinkRows(start: number, howMany: number): void {
    if (!(start >= 1) || !(howMany >= 1) || start + howMany - 1 > this.data.maxRows) throw gasError(ROWS_OUT_OF_BOUNDS);
    if (this.data.maxRows - howMany <= this.data.frozenRows) throw gasError(DELETE_ALL_ROWS);
    this.env.assertCanEdit(this.ss, this.data, start, 1, howMany, this.data.maxColumns);
    this.data.deleteRows(start, howMany);
  }

  private shrinkColumns(start: number, howMany: number): void {
    if (!(start >= 1) || !(howMany >= 1) || start + howMany - 1 > this.data.maxColumns) throw gasError(COLUMNS_OUT_OF_BOUNDS);
    if (this.data.maxColumns - howMany <= this.data.frozenColumns) throw gasError(DELETE_ALL_COLUMNS);
    this.env.assertCanEdit(this.ss, this.data, 1, start, this.data.maxRows, howMany);
    this.data.deleteColumns(start, howMany);
  }

  deleteRow(rowPosition: number): LocalSheet {
    this.call('deleteRow');
    this.shrinkRows(rowPosition, 1);
    return this;
  }
  deleteRows(rowPosition: number, howMany: number): void {
    this.call('deleteRows');
    this.shrinkRows(rowPosition, howMany);
  }
  deleteColumn(columnPosition: number): LocalSheet {
    this.call('deleteColumn');
    this.shrinkColumns(columnPosition, 1);
    return this;
  }
  deleteColumns(columnPosition: number, howMany: number): void {
    this.call('deleteColumns');
    this.shrinkColumns(columnPosition, howMany);
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

  setFrozenRows(rows: number): void {
    this.call('setFrozenRows');
    this.env.assertCanEditFile(this.ss);
    if (rows < 0 || rows >= this.data.maxRows) throw gasError(ROWS_OUT_OF_BOUNDS);
    this.data.frozenRows = rows;
  }

  setFrozenColumns(columns: number): void {
    this.call('setFrozenColumns');
    this.env.assertCanEditFile(this.ss);
    if (columns < 0 || columns >= this.data.maxColumns) throw gasError(COLUMNS_OUT_OF_BOUNDS);
    this.data.frozenColumns = columns;
  }

  autoResizeColumns(startColumn: number, numColumns: number): LocalSheet {
    this.call('autoResizeColumns');
    void startColumn;
    void numColumns;
    return this;
  }
  autoResizeColumn(columnPosition: number): LocalSheet {
    this.call('autoResizeColumn');
    void columnPosition;
    return this;
  }
  setColumnWidth(columnPosition: number, width: number): LocalSheet {
    this.call('setColumnWidth');
    void columnPosition;
    void width;
    return this;
  }
  setColumnWidths(startColumn: number, numColumns: number, width: number): LocalSheet {
    this.call('setColumnWidths');
    void startColumn;
    void numColumns;
    void width;
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

  toString(): string {
    return 'Sheet';
  }
}

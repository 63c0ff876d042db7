import { gasError } from '../../kernel/errors';
import type { Implements } from '../../kernel/implements';
import { OUTSIDE_SHEET } from './env';
import { SheetData } from './model';
import { LocalProtection } from './protection';
import type { A1Form } from './range-base';
import type { RangeMethods } from './range-methods';
import { RangeStyles } from './range-styles';
import type { LocalSheet } from './sheet';
import type { LocalDataValidation } from './data-validation';
import { getRules, setRules } from './range-rules';
import { displayOf, toCell, type Cell, type Scalar } from './values';
import { LocalTextFinder } from './textfinder';

type GRange = GoogleAppsScript.Spreadsheet.Range;

export type { A1Form };

export class LocalRange extends RangeStyles implements Implements<GRange, RangeMethods> {
  /** Writes already-validated values (also used by appendRow and the form hook, unmetered). */
  writeValues(rows: unknown[][]): void {
    const tz = this.tz();
    // Convert everything first, so a too-long cell leaves the range untouched (Apps Script writes nothing).
    const converted: Array<Array<Cell | undefined>> = rows.map((r, i) =>
      r.map((v, j) => toCell(v, this.sheetData.get(this.row + i, this.col + j), tz)),
    );
    converted.forEach((r, i) => r.forEach((c, j) => this.sheetData.set(this.row + i, this.col + j, c)));
  }

  /** A TextFinder over this range (textfinder.ts). */
  createTextFinder(findText: string): LocalTextFinder {
    this.call('createTextFinder');
    return new LocalTextFinder(this.env, this, findText);
  }

  /** The one-cell range at (i, j) inside this range, without metering (TextFinder results). */
  offsetCell(i: number, j: number): LocalRange {
    return new LocalRange(this.env, this.ss, this.sheetData, this.sheetObj, this.row + i, this.col + j, 1, 1);
  }

  getValues(): Scalar[][] {
    this.call('getValues', { cellsRead: this.cells });
    return this.readValues();
  }

  readValues(): Scalar[][] {
    return this.grid((r, c) => this.env.valueAt(this.ss, this.sheetData, r, c));
  }

  setValues(values: unknown[][]): LocalRange {
    this.call('setValues', { cellsWritten: this.cells });
    const rows = this.checkDimensions(values, 'setValues');
    this.assertWritable();
    this.writeValues(rows);
    return this;
  }

  getValue(): Scalar {
    this.call('getValue', { cellsRead: 1 });
    return this.env.valueAt(this.ss, this.sheetData, this.row, this.col);
  }

  /** Apps Script writes the value into every cell of the range. */
  setValue(value: unknown): LocalRange {
    this.call('setValue', { cellsWritten: this.cells });
    this.assertWritable();
    this.writeValues(this.grid(() => value));
    return this;
  }

  getDisplayValues(): string[][] {
    this.call('getDisplayValues', { cellsRead: this.cells });
    return this.grid((r, c) => displayOf(this.env.valueAt(this.ss, this.sheetData, r, c), this.sheetData.get(r, c)?.nf, this.tz()));
  }

  getDisplayValue(): string {
    this.call('getDisplayValue', { cellsRead: 1 });
    return displayOf(this.env.valueAt(this.ss, this.sheetData, this.row, this.col), this.sheetData.get(this.row, this.col)?.nf, this.tz());
  }

  getFormulas(): string[][] {
    this.call('getFormulas', { cellsRead: this.cells });
    return this.grid((r, c) => this.sheetData.get(r, c)?.f ?? '');
  }

  getFormula(): string {
    this.call('getFormula', { cellsRead: 1 });
    return this.sheetData.get(this.row, this.col)?.f ?? '';
  }

  setFormulas(formulas: string[][]): LocalRange {
    this.call('setFormulas', { cellsWritten: this.cells });
    const rows = this.checkDimensions(formulas, 'setFormulas');
    this.assertWritable();
    this.writeFormulas(rows);
    return this;
  }

  setFormula(formula: string): LocalRange {
    this.call('setFormula', { cellsWritten: this.cells });
    this.assertWritable();
    this.writeFormulas(this.grid(() => formula));
    return this;
  }

  private writeFormulas(rows: unknown[][]): void {
    rows.forEach((r, i) =>
      r.forEach((f, j) => {
        const s = f === null || f === undefined ? '' : String(f);
        const prev = this.sheetData.get(this.row + i, this.col + j);
        this.sheetData.set(this.row + i, this.col + j, toCell(s === '' || s.startsWith('=') ? s : '=' + s, prev, this.tz()));
      }),
    );
  }

  getSheet(): LocalSheet {
    this.call('getSheet');
    return this.sheetObj();
  }

  /** A cell of this range, 1-based relative to it. */
  getCell(row: number, column: number): LocalRange {
    this.call('getCell');
    if (row < 1 || column < 1 || row > this.numRows || column > this.numCols) throw gasError('Cell reference out of range');
    return new LocalRange(this.env, this.ss, this.sheetData, this.sheetObj, this.row + row - 1, this.col + column - 1, 1, 1);
  }

  offset(rowOffset: number, columnOffset: number, numRows?: number, numColumns?: number): LocalRange {
    this.call('offset');
    const r = this.row + rowOffset;
    const c = this.col + columnOffset;
    const nr = numRows ?? this.numRows;
    const nc = numColumns ?? this.numCols;
    if (r < 1 || c < 1 || r + nr - 1 > this.sheetData.maxRows || c + nc - 1 > this.sheetData.maxColumns) throw gasError(OUTSIDE_SHEET);
    if (nr < 1) throw gasError('The number of rows in the range must be at least 1.');
    if (nc < 1) throw gasError('The number of columns in the range must be at least 1.');
    return new LocalRange(this.env, this.ss, this.sheetData, this.sheetObj, r, c, nr, nc);
  }

  isBlank(): boolean {
    this.call('isBlank', { cellsRead: this.cells });
    for (let r = 0; r < this.numRows; r++)
      for (let c = 0; c < this.numCols; c++) {
        const cell = this.sheetData.get(this.row + r, this.col + c);
        if (cell && (cell.v !== undefined || cell.f !== undefined)) return false;
      }
    return true;
  }

  /** clear() | clear({contentsOnly, formatOnly}). */
  clear(options?: {
    contentsOnly?: boolean;
    formatOnly?: boolean;
    commentsOnly?: boolean;
    validationsOnly?: boolean;
    skipFilteredRows?: boolean;
  }): LocalRange {
    this.call('clear', { cellsWritten: this.cells });
    this.assertWritable();
    const contents = !options || options.contentsOnly || !options.formatOnly;
    const formats = !options || options.formatOnly || !options.contentsOnly;
    this.clearCells(contents, formats);
    return this;
  }

  clearContent(): LocalRange {
    this.call('clearContent', { cellsWritten: this.cells });
    this.assertWritable();
    this.clearCells(true, false);
    return this;
  }

  clearFormat(): LocalRange {
    this.call('clearFormat');
    this.clearCells(false, true);
    return this;
  }

  clearCells(contents: boolean, formats: boolean): void {
    SheetData.version++;
    const lastRow = Math.min(this.row + this.numRows - 1, this.sheetData.rows.length);
    for (let r = this.row; r <= lastRow; r++) {
      const row = this.sheetData.rows[r - 1];
      if (!row) continue;
      for (let c = this.col; c < this.col + this.numCols && c <= row.length; c++) {
        const cell = row[c - 1];
        if (!cell) continue;
        const next: Cell = {};
        if (!contents) {
          if (cell.v !== undefined) next.v = cell.v;
          if (cell.f !== undefined) next.f = cell.f;
          if (cell.q) next.q = cell.q;
        }
        if (!formats && cell.nf !== undefined) next.nf = cell.nf;
        if (cell.dv !== undefined) next.dv = cell.dv;
        row[c - 1] = Object.keys(next).length ? next : undefined;
      }
    }
    if (formats)
      this.sheetData.styles = this.sheetData.styles.filter(
        (s) =>
          !(
            s.row >= this.row &&
            s.col >= this.col &&
            s.row + s.numRows <= this.row + this.numRows &&
            s.col + s.numCols <= this.col + this.numCols
          ),
      );
  }

  setNumberFormat(numberFormat: string): LocalRange {
    this.call('setNumberFormat', { cellsWritten: this.cells });
    this.writeFormats(this.grid(() => numberFormat));
    return this;
  }

  setNumberFormats(numberFormats: string[][]): LocalRange {
    this.call('setNumberFormats', { cellsWritten: this.cells });
    this.writeFormats(this.checkDimensions(numberFormats, 'setNumberFormats'));
    return this;
  }

  private writeFormats(rows: unknown[][]): void {
    if (this.row + this.numRows - 1 > this.sheetData.maxRows || this.col + this.numCols - 1 > this.sheetData.maxColumns)
      throw gasError(OUTSIDE_SHEET);
    this.env.assertCanEditFile(this.ss);
    rows.forEach((r, i) =>
      r.forEach((f, j) => {
        const prev = this.sheetData.get(this.row + i, this.col + j);
        this.sheetData.set(this.row + i, this.col + j, { ...(prev ?? {}), nf: String(f) });
      }),
    );
  }

  getNumberFormat(): string {
    this.call('getNumberFormat', { cellsRead: 1 });
    return this.sheetData.get(this.row, this.col)?.nf ?? '0.###############';
  }

  getNumberFormats(): string[][] {
    this.call('getNumberFormats', { cellsRead: this.cells });
    return this.grid((r, c) => this.sheetData.get(r, c)?.nf ?? '0.###############');
  }

  // ---- data validation (range-rules.ts) and the deprecated setBackgroundColor --------------------------------
  setDataValidation(rule: GoogleAppsScript.Spreadsheet.DataValidation | null): LocalRange {
    this.call('setDataValidation', { cellsWritten: this.cells });
    return setRules(this, 'setDataValidation', rule);
  }
  setDataValidations(rules: Array<Array<GoogleAppsScript.Spreadsheet.DataValidation | null>>): LocalRange {
    this.call('setDataValidations', { cellsWritten: this.cells });
    return setRules(this, 'setDataValidations', rules);
  }
  clearDataValidations(): LocalRange {
    this.call('clearDataValidations', { cellsWritten: this.cells });
    return setRules(this, 'clearDataValidations', null);
  }
  getDataValidation(): LocalDataValidation | null {
    this.call('getDataValidation', { cellsRead: 1 });
    return getRules(this, this.env)[0]![0]!;
  }
  getDataValidations(): Array<Array<LocalDataValidation | null>> {
    this.call('getDataValidations', { cellsRead: this.cells });
    return getRules(this, this.env);
  }
  /** Deprecated in Apps Script (setBackground replaces it) and still accepted by old scripts. */
  setBackgroundColor(color: string): LocalRange {
    return this.setBackground(color);
  }

  protect(): LocalProtection {
    this.call('protect');
    return LocalProtection.create(this.env, this.ss, this.sheetData, 'RANGE', this);
  }

  activate(): LocalRange {
    this.call('activate');
    this.ss.activeSheetId = this.sheetData.sheetId;
    return this;
  }

  override toString(): string {
    return 'Range';
  }
}

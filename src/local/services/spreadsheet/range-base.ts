/** The Range's place and size, how it counts calls and checks writes, and its geometry getters. */
import { gasError } from '../../kernel/errors';
import { toA1 } from './a1';
import type { SpreadsheetEnv } from './env';
import { OUTSIDE_SHEET } from './env';
import type { SheetData, SpreadsheetData } from './model';
import type { LocalSheet } from './sheet';

export type A1Form = 'cells' | 'columns' | 'rows' | 'openRows' | 'openColumns';

function describe(v: unknown): string {
  if (Array.isArray(v)) return (v.length && !Array.isArray(v[0]) ? 'number' : 'Object') + '[]';
  if (v === null) return 'null';
  return typeof v === 'object'
    ? 'Object'
    : typeof v === 'string'
      ? 'String'
      : typeof v === 'number'
        ? 'number'
        : typeof v === 'boolean'
          ? 'Boolean'
          : String(typeof v);
}

export abstract class RangeBase {
  constructor(
    protected readonly env: SpreadsheetEnv,
    readonly ss: SpreadsheetData,
    readonly sheetData: SheetData,
    protected readonly sheetObj: () => LocalSheet,
    readonly row: number,
    readonly col: number,
    readonly numRows: number,
    readonly numCols: number,
    readonly form: A1Form = 'cells',
  ) {}

  protected call(method: string, extra?: { cellsRead?: number; cellsWritten?: number }): void {
    this.env.kernel.call('Range', method, extra);
  }

  protected get cells(): number {
    return this.numRows * this.numCols;
  }

  protected tz(): string {
    return this.ss.timeZone;
  }

  assertWritable(): void {
    if (this.row + this.numRows - 1 > this.sheetData.maxRows || this.col + this.numCols - 1 > this.sheetData.maxColumns)
      throw gasError(OUTSIDE_SHEET);
    this.env.assertCanEdit(this.ss, this.sheetData, this.row, this.col, this.numRows, this.numCols);
  }

  grid<T>(f: (r: number, c: number) => T): T[][] {
    const out: T[][] = new Array(this.numRows);
    for (let i = 0; i < this.numRows; i++) {
      const row: T[] = new Array(this.numCols);
      for (let j = 0; j < this.numCols; j++) row[j] = f(this.row + i, this.col + j);
      out[i] = row;
    }
    return out;
  }

  checkDimensions(values: unknown, method: string): unknown[][] {
    if (!Array.isArray(values) || values.some((r) => !Array.isArray(r))) {
      throw gasError(`The parameters (${describe(values)}) don't match the method signature for SpreadsheetApp.Range.${method}.`);
    }
    const rows = values as unknown[][];
    if (rows.length !== this.numRows)
      throw gasError(
        `The number of rows in the data does not match the number of rows in the range. The data has ${rows.length} but the range has ${this.numRows}.`,
      );
    for (const r of rows) {
      if (r.length !== this.numCols)
        throw gasError(
          `The number of columns in the data does not match the number of columns in the range. The data has ${r.length} but the range has ${this.numCols}.`,
        );
    }
    return rows;
  }

  getNumRows(): number {
    this.call('getNumRows');
    return this.numRows;
  }
  getNumColumns(): number {
    this.call('getNumColumns');
    return this.numCols;
  }
  getHeight(): number {
    this.call('getHeight');
    return this.numRows;
  }
  getWidth(): number {
    this.call('getWidth');
    return this.numCols;
  }
  getRow(): number {
    this.call('getRow');
    return this.row;
  }
  getRowIndex(): number {
    this.call('getRowIndex');
    return this.row;
  }
  getColumn(): number {
    this.call('getColumn');
    return this.col;
  }
  getLastRow(): number {
    this.call('getLastRow');
    return this.row + this.numRows - 1;
  }
  getLastColumn(): number {
    this.call('getLastColumn');
    return this.col + this.numCols - 1;
  }
  getGridId(): number {
    this.call('getGridId');
    return this.sheetData.sheetId;
  }

  getA1Notation(): string {
    this.call('getA1Notation');
    return this.a1();
  }

  a1(): string {
    return toA1(this.row, this.col, this.numRows, this.numCols, this.form);
  }
}

/** What every local Sheet method starts from: the sheet's data, call counting, and Apps Script's error messages. */
import { gasError } from '../../kernel/errors';
import type { SpreadsheetEnv } from './env';
import type { SheetData, SpreadsheetData } from './model';

export const ROWS_OUT_OF_BOUNDS = 'Those rows are out of bounds.';
export const COLUMNS_OUT_OF_BOUNDS = 'Those columns are out of bounds.';
export const DELETE_ALL_ROWS = 'Sorry, it is not possible to delete all non-frozen rows.';
export const DELETE_ALL_COLUMNS = 'Sorry, it is not possible to delete all non-frozen columns.';
export const HIDE_ALL_SHEETS = "You can't hide all the sheets in a document.";

export function duplicateSheetName(name: string): string {
  return `A sheet with the name "${name}" already exists. Please enter another name.`;
}

export abstract class SheetBase {
  constructor(
    protected readonly env: SpreadsheetEnv,
    readonly ss: SpreadsheetData,
    readonly data: SheetData,
  ) {}

  protected call(method: string, extra?: { cellsRead?: number; cellsWritten?: number }): void {
    this.env.kernel.call('Sheet', method, extra);
    if (!this.ss.sheets.includes(this.data)) throw gasError(`Sheet ${this.data.name} was deleted.`);
  }
}

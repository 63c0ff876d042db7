/**
 * TextFinder (Range/Sheet.createTextFinder): finds cells by their displayed text, row by row, left to right.
 * find* are metered as one Sheets round trip each (the search runs in Sheets, so no cells are charged).
 */
import { gasError } from '../../kernel/errors';
import type { Implements } from '../../kernel/implements';
import type { SpreadsheetEnv } from './env';
import type { LocalRange } from './range';
import { displayOf } from './values';

type GTextFinder = GoogleAppsScript.Spreadsheet.TextFinder;
type Methods = 'matchCase' | 'matchEntireCell' | 'matchFormulaText' | 'useRegularExpression' | 'findNext' | 'findPrevious' | 'findAll';

export class LocalTextFinder implements Implements<GTextFinder, Methods> {
  private caseSensitive = false;
  private entire = false;
  private formulas = false;
  private regex = false;
  /** Index (in the search order) of the last cell found; -1 before the first search. */
  private at = -1;

  constructor(
    private readonly env: SpreadsheetEnv,
    private readonly range: LocalRange,
    private readonly text: string,
  ) {
    if (typeof text !== 'string' || text === '') throw gasError('Invalid argument: findText');
  }

  private call(method: string): void {
    this.env.kernel.call('TextFinder', method);
  }

  matchCase(b: boolean): LocalTextFinder {
    this.call('matchCase');
    this.caseSensitive = b === true;
    return this;
  }
  matchEntireCell(b: boolean): LocalTextFinder {
    this.call('matchEntireCell');
    this.entire = b === true;
    return this;
  }
  matchFormulaText(b: boolean): LocalTextFinder {
    this.call('matchFormulaText');
    this.formulas = b === true;
    return this;
  }
  useRegularExpression(b: boolean): LocalTextFinder {
    this.call('useRegularExpression');
    this.regex = b === true;
    return this;
  }

  private matches(cellText: string): boolean {
    if (this.regex) return new RegExp(this.entire ? `^(?:${this.text})$` : this.text, this.caseSensitive ? '' : 'i').test(cellText);
    const a = this.caseSensitive ? cellText : cellText.toLowerCase();
    const b = this.caseSensitive ? this.text : this.text.toLowerCase();
    return this.entire ? a === b : a.includes(b);
  }

  /** Matching cells' offsets (row-major) inside the range; only stored rows are searched. */
  private hits(): number[] {
    const r = this.range;
    const d = r.sheetData;
    const out: number[] = [];
    const lastRow = Math.min(r.row + r.numRows - 1, d.rows.length);
    for (let row = r.row; row <= lastRow; row++) {
      const stored = d.rows[row - 1];
      if (!stored) continue;
      for (let col = r.col; col <= Math.min(r.col + r.numCols - 1, stored.length); col++) {
        const cell = stored[col - 1];
        if (!cell) continue;
        const text =
          this.formulas && cell.f !== undefined ? cell.f : displayOf(this.env.valueAt(r.ss, d, row, col), cell.nf, r.ss.timeZone);
        if (text !== '' && this.matches(text)) out.push((row - r.row) * r.numCols + (col - r.col));
      }
    }
    return out;
  }

  private cellAt(offset: number): LocalRange {
    const r = this.range;
    return r.offsetCell(Math.floor(offset / r.numCols), offset % r.numCols);
  }

  findNext(): LocalRange | null {
    this.call('findNext');
    const next = this.hits().find((h) => h > this.at);
    if (next === undefined) return null;
    this.at = next;
    return this.cellAt(next);
  }

  findPrevious(): LocalRange | null {
    this.call('findPrevious');
    const prev = [...this.hits()].reverse().find((h) => this.at < 0 || h < this.at);
    if (prev === undefined) return null;
    this.at = prev;
    return this.cellAt(prev);
  }

  findAll(): LocalRange[] {
    this.call('findAll');
    return this.hits().map((h) => this.cellAt(h));
  }
}

/** The spreadsheets' state: plain data, no metering. Service objects (range.ts, sheet.ts ...) wrap it. */
import type { Cell } from './values';

export const MAX_CELLS = 10_000_000;
export const DEFAULT_ROWS = 1000;
export const DEFAULT_COLUMNS = 26;

export interface ProtectionData {
  id: number;
  type: 'SHEET' | 'RANGE';
  sheetId: number;
  /** For RANGE protections; 1-based. */
  row: number;
  col: number;
  numRows: number;
  numCols: number;
  description: string;
  editors: string[];
  warningOnly: boolean;
  domainEdit: boolean;
}

export interface MetadataData {
  id: number;
  key: string;
  value: string | null;
  visibility: 'DOCUMENT' | 'PROJECT';
  /** SPREADSHEET, or SHEET / ROW / COLUMN of sheetId; index is the 1-based row or column. */
  location: 'SPREADSHEET' | 'SHEET' | 'ROW' | 'COLUMN';
  sheetId?: number;
  index?: number;
}

/** A formatting call recorded (setBackground, setFontWeight ...): not rendered, readable by getters and tests. */
export interface StyleRecord {
  row: number;
  col: number;
  numRows: number;
  numCols: number;
  prop: string;
  value: unknown;
}

/** Formulas whose result may be an array that spills into neighbouring cells (see spill.ts). */
export const MAY_SPILL =
  /ARRAYFORMULA|UNIQUE|FILTER|SPLIT|INDEX|\{|^=\s*(?:'(?:[^']|'')+'!|[\w.]+!)?\$?[A-Za-z]*\$?\d*:\$?[A-Za-z]*\$?\d*\s*$/i;

export class SheetData {
  /** Bumped by every change of any sheet's cells or shape: spilled arrays are recomputed after it. */
  static version = 0;
  /** rows[r][c], 0-based; undefined = never written. */
  private cells: Array<Array<Cell | undefined> | undefined> = [];
  /** True once a formula that may spill was written here (cleared never: only a hint to look for spills). */
  maySpill = false;

  get rows(): Array<Array<Cell | undefined> | undefined> {
    return this.cells;
  }
  set rows(rows: Array<Array<Cell | undefined> | undefined>) {
    this.cells = rows;
    SheetData.version++;
    this.maySpill = rows.some((r) => r?.some((c) => c?.f !== undefined && MAY_SPILL.test(c.f)));
  }
  hidden = false;
  frozenRows = 0;
  frozenColumns = 0;
  /** The form whose responses land here (set by FormApp's setDestination). */
  formUrl: string | null = null;
  styles: StyleRecord[] = [];
  tabColor: string | null = null;

  constructor(
    public sheetId: number,
    public name: string,
    public maxRows = DEFAULT_ROWS,
    public maxColumns = DEFAULT_COLUMNS,
  ) {}

  get(row: number, col: number): Cell | undefined {
    return this.rows[row - 1]?.[col - 1];
  }

  set(row: number, col: number, cell: Cell | undefined): void {
    SheetData.version++;
    if (cell?.f !== undefined && MAY_SPILL.test(cell.f)) this.maySpill = true;
    let r = this.rows[row - 1];
    if (!r) {
      if (cell === undefined) return;
      r = this.rows[row - 1] = [];
    }
    r[col - 1] = cell;
  }

  static hasContent(c: Cell | undefined): boolean {
    return !!c && (c.v !== undefined || c.f !== undefined);
  }

  lastRow(): number {
    for (let r = Math.min(this.rows.length, this.maxRows); r >= 1; r--) {
      const row = this.rows[r - 1];
      if (row?.some((c) => SheetData.hasContent(c))) return r;
    }
    return 0;
  }

  lastColumn(): number {
    let last = 0;
    for (const row of this.rows) {
      if (!row) continue;
      for (let c = Math.min(row.length, this.maxColumns); c > last; c--) {
        if (SheetData.hasContent(row[c - 1])) {
          last = c;
          break;
        }
      }
    }
    return last;
  }

  insertRows(before: number, n: number): void {
    SheetData.version++;
    if (this.rows.length >= before) this.rows.splice(before - 1, 0, ...new Array<undefined>(n).fill(undefined));
    this.maxRows += n;
  }

  deleteRows(start: number, n: number): void {
    SheetData.version++;
    this.rows.splice(start - 1, n);
    this.maxRows -= n;
  }

  insertColumns(before: number, n: number): void {
    SheetData.version++;
    for (const row of this.rows) if (row && row.length >= before) row.splice(before - 1, 0, ...new Array<undefined>(n).fill(undefined));
    this.maxColumns += n;
  }

  deleteColumns(start: number, n: number): void {
    SheetData.version++;
    for (const row of this.rows) if (row) row.splice(start - 1, n);
    this.maxColumns -= n;
  }

  cellCount(): number {
    return this.maxRows * this.maxColumns;
  }
}

export class SpreadsheetData {
  sheets: SheetData[] = [];
  editors: string[] = [];
  viewers: string[] = [];
  formUrl: string | null = null;
  protections: ProtectionData[] = [];
  metadata: MetadataData[] = [];
  activeSheetId = 0;
  nextSheetId = 1;
  nextObjectId = 1;
  /** Recorded toasts (Spreadsheet.toast). */
  toasts: Array<{ msg: string; title: string; timeoutSeconds: number }> = [];

  constructor(
    public id: string,
    public name: string,
    public owner: string,
    public timeZone: string,
  ) {}

  url(): string {
    return `https://docs.google.com/spreadsheets/d/${this.id}/edit`;
  }

  cellCount(): number {
    return this.sheets.reduce((n, s) => n + s.cellCount(), 0);
  }

  sheetById(id: number): SheetData | undefined {
    return this.sheets.find((s) => s.sheetId === id);
  }

  sheetByName(name: string): SheetData | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  canAccess(user: string): boolean {
    const u = user.toLowerCase();
    return (
      u === this.owner.toLowerCase() || this.editors.some((e) => e.toLowerCase() === u) || this.viewers.some((e) => e.toLowerCase() === u)
    );
  }

  canEditFile(user: string): boolean {
    const u = user.toLowerCase();
    return u === this.owner.toLowerCase() || this.editors.some((e) => e.toLowerCase() === u);
  }
}

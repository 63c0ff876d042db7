/**
 * Header-mapped access to one tab. Columns are found by their header (row 1), so operators may reorder
 * columns or add their own; Handoff reads and writes whole rows and keeps what it does not own.
 *
 * Cost: opening a table is 2 SpreadsheetApp calls (getSheetByName, one getSheetValues of row 1 up to the last
 * column with content); every read below is one getSheetValues call and every write one getRange + setValues,
 * whatever the number of rows. An append checks the sheet's size only when the write does not fit (see append).
 */
import { DuplicateColumnError, MissingColumnError, MissingTabError } from '../errors';
import { cellText, type CellValue } from './values';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

/** What a tab must look like. */
export interface TabSpec {
  name: string;
  /** Required columns, in the order set-up creates them. */
  columns: readonly string[];
  /** Columns that may be absent (continuation columns for long JSON); set-up creates those not `onDemand`. */
  optional?: readonly string[];
  /** Optional columns that exist once a row needs one (json-cells.ts); set-up removes them while empty. */
  onDemand?: readonly string[];
  /** Internal tabs are hidden. */
  hidden?: boolean;
  /**
   * Who may edit the tab (a sheet protection set-up keeps in step with the Directory):
   * true — the owner, admins and operators (the tabs the sidebar writes as its user: Requests, Audit, Outbox);
   * 'admins' — the owner and admins only (the tabs that grant rights: Directory, Config).
   */
  protect?: boolean | 'admins';
}

/** Header text → lookup key: trimmed, case- and space-insensitive. */
export const headerKey = (h: unknown): string =>
  String(h ?? '')
    .trim()
    .replace(/\s+/g, ' ')
    .toLowerCase();

/**
 * Spare rows added when an append finds the sheet full: a modest step, since every empty cell counts against the
 * workbook's 10,000,000 (one insertRowsAfter call per APPEND_SLACK appended rows).
 */
export const APPEND_SLACK = 50;

export class Table {
  private constructor(
    readonly sheet: Sheet,
    readonly spec: TabSpec,
    /** The header row as found (its length is the table's width). */
    readonly headers: string[],
    private readonly index: Map<string, number>,
  ) {}

  /**
   * Opens a tab and checks its header. Throws a typed error naming the tab and column when one is missing.
   * `sheet` skips the getSheetByName call when the caller already holds the Sheet (memoised per execution).
   */
  static open(ss: Spreadsheet, spec: TabSpec, sheet: Sheet | null = ss.getSheetByName(spec.name)): Table {
    if (!sheet) throw new MissingTabError(spec.name);
    return Table.fromSheet(sheet, spec);
  }

  /**
   * Opens a small tab (Config, Directory) with all its rows in one read: getSheetValues(1, 1, -1, -1) holds the
   * header and the data up to the last row and column with content, so this costs 2 calls in all (1 with `sheet`).
   * Not for Requests, Audit or Outbox: those grow without bound.
   */
  static openWhole(
    ss: Spreadsheet,
    spec: TabSpec,
    sheet: Sheet | null = ss.getSheetByName(spec.name),
  ): { table: Table; rows: CellValue[][] } {
    if (!sheet) throw new MissingTabError(spec.name);
    const values = readAll(sheet);
    const headers = (values[0] ?? []).map((v) => String(v ?? '').trim());
    while (headers.length > 0 && headers[headers.length - 1] === '') headers.pop();
    // Row i of `rows` is sheet row i + 2; blank rows are kept so row numbers stay right.
    return { table: Table.fromSheet(sheet, spec, headers), rows: values.slice(1) };
  }

  /**
   * A table over known headers with no Sheet behind it (the data plane's rows come from one batchGet): record(),
   * row(), col() and has() work; the read and write methods do not.
   */
  static detached(spec: TabSpec, headers: string[]): Table {
    return Table.fromSheet(null as unknown as Sheet, spec, headers);
  }

  static fromSheet(sheet: Sheet, spec: TabSpec, knownHeaders?: string[]): Table {
    const headers = knownHeaders ?? readHeaders(sheet);
    const index = new Map<string, number>();
    const wanted = new Set([...spec.columns, ...(spec.optional ?? [])].map(headerKey));
    headers.forEach((h, i) => {
      const k = headerKey(h);
      if (k === '') return;
      if (index.has(k)) {
        if (wanted.has(k)) throw new DuplicateColumnError(spec.name, h);
        return;
      }
      index.set(k, i + 1);
    });
    for (const c of spec.columns) if (!index.has(headerKey(c))) throw new MissingColumnError(spec.name, c);
    return new Table(sheet, spec, headers, index);
  }

  get name(): string {
    return this.spec.name;
  }

  get width(): number {
    return this.headers.length;
  }

  has(column: string): boolean {
    return this.index.has(headerKey(column));
  }

  /** 1-based column number of a header. */
  col(column: string): number {
    const c = this.index.get(headerKey(column));
    if (c === undefined) throw new MissingColumnError(this.spec.name, column);
    return c;
  }

  /** Last row with content (1 call). */
  lastRow(): number {
    return this.sheet.getLastRow();
  }

  /**
   * The rows (2 on, in sheet order) whose cell under `header` is exactly one of `texts`: one TextFinder search that
   * runs in Sheets (a regular expression for several texts), so no cells are read whatever the tab's size.
   * Matches are hints like any other: the caller reads the row and checks the cell.
   */
  findRows(header: string, texts: readonly string[]): number[] {
    const wanted = [...new Set(texts.filter((t) => t !== ''))];
    if (wanted.length === 0) return [];
    const last = this.lastRow();
    if (last < 2) return [];
    const range = this.sheet.getRange(2, this.col(header), last - 1, 1);
    const finder =
      wanted.length === 1
        ? range.createTextFinder(wanted[0] as string)
        : range.createTextFinder(wanted.map(escapeRegExp).join('|')).useRegularExpression(true);
    return finder
      .matchEntireCell(true)
      .matchCase(true)
      .findAll()
      .map((r) => r.getRow())
      .sort((a, b) => a - b);
  }

  /** One row, full width, in one call. */
  readRow(row: number): CellValue[] {
    return (this.sheet.getSheetValues(row, 1, 1, this.width)[0] ?? []) as CellValue[];
  }

  /** Consecutive rows, full width, in one call. */
  readRows(first: number, count: number): CellValue[][] {
    if (count <= 0) return [];
    return this.sheet.getSheetValues(first, 1, count, this.width) as CellValue[][];
  }

  /** One column, rows first..first+count-1, in one call. */
  readColumn(column: string, first: number, count: number): CellValue[] {
    if (count <= 0) return [];
    return this.sheet.getSheetValues(first, this.col(column), count, 1).map((r) => r[0] as CellValue);
  }

  /** The last `n` cells of a column (1 call for the last row, 1 for the cells), with that last row. */
  tailColumn(column: string, n: number): { last: number; values: CellValue[] } {
    const last = this.lastRow();
    const count = Math.min(n, last - 1);
    return { last, values: count > 0 ? this.readColumn(column, last - count + 1, count) : [] };
  }

  /** Whether any of `keys` is among the last rows' cells of `column`: did an append of these keyed rows land? */
  tailHasAny(column: string, keys: readonly string[]): boolean {
    if (keys.length === 0) return false;
    const want = new Set(keys);
    return this.tailColumn(column, keys.length).values.some((k) => want.has(cellText(k)));
  }

  /** Several columns over the same rows: one read per contiguous span of the wanted columns (constant in rows). */
  readColumns(columns: readonly string[], first: number, count: number): Array<Record<string, CellValue>> {
    if (count <= 0) return [];
    const cols = columns.map((c) => this.col(c));
    const lo = Math.min(...cols);
    const hi = Math.max(...cols);
    const values = this.sheet.getSheetValues(first, lo, count, hi - lo + 1) as CellValue[][];
    return values.map((r) => {
      const rec: Record<string, CellValue> = {};
      columns.forEach((c, i) => (rec[c] = r[(cols[i] as number) - lo] as CellValue));
      return rec;
    });
  }

  /** A row's cells as { header: value } for the columns this table knows (spec columns and optional ones). */
  record(values: readonly CellValue[]): Record<string, CellValue> {
    const rec: Record<string, CellValue> = {};
    for (const c of [...this.spec.columns, ...(this.spec.optional ?? [])]) {
      const i = this.index.get(headerKey(c));
      if (i !== undefined) rec[c] = (values[i - 1] ?? '') as CellValue;
    }
    return rec;
  }

  /**
   * { header: value } → a full-width row. Starts from `base` (the row as read) so that columns Handoff does not
   * own keep their content. Empty values for absent optional columns are dropped; content for an absent on-demand
   * column throws (the caller adds the column first: json-cells.ts columnsToAdd), never silently lost.
   */
  row(rec: Record<string, CellValue>, base?: readonly CellValue[]): CellValue[] {
    const out: CellValue[] = [];
    for (let i = 0; i < this.width; i++) out.push(base?.[i] ?? '');
    for (const [k, v] of Object.entries(rec)) {
      const i = this.index.get(headerKey(k));
      if (i !== undefined) out[i - 1] = v;
      else if (v !== '' && (this.spec.onDemand ?? []).some((c) => headerKey(c) === headerKey(k)))
        throw new Error(`internal: ${this.spec.name} has no column "${k}" yet; add it before writing the row`);
    }
    return out;
  }

  /** Learns the header row as it is now (columns added since it was opened: add-columns.ts), in place. */
  learnHeaders(headers: readonly string[]): void {
    this.headers.splice(0, this.headers.length, ...headers);
    this.index.clear();
    headers.forEach((h, i) => {
      const k = headerKey(h);
      if (k !== '' && !this.index.has(k)) this.index.set(k, i + 1);
    });
  }

  /** A row built before the table learned a column, padded with the new (empty) columns' cells. */
  private full(v: CellValue[]): CellValue[] {
    return v.length >= this.width ? v : [...v, ...new Array<CellValue>(this.width - v.length).fill('')];
  }

  /** One write of one row. */
  writeRow(row: number, values: CellValue[]): void {
    this.sheet.getRange(row, 1, 1, this.width).setValues([this.full(values)]);
  }

  /** One write of consecutive rows. */
  writeRows(first: number, rows: CellValue[][]): void {
    if (rows.length === 0) return;
    this.sheet.getRange(first, 1, rows.length, this.width).setValues(rows.map((r) => this.full(r)));
  }

  /**
   * Appends rows after the last row with content, in one write. The sheet's size is not read up front: a range
   * past the last row makes getRange throw before anything is written, and only then does append read getMaxRows
   * and insert a block of spare rows (APPEND_SLACK) in one call and write again — so those extra calls happen
   * once per APPEND_SLACK appends, not per append. Never re-reads the sheet. Returns the first appended row's number.
   */
  append(rows: CellValue[][], lastRow = this.lastRow()): number {
    if (rows.length === 0) return lastRow + 1;
    try {
      this.writeRows(lastRow + 1, rows);
    } catch (e) {
      const maxRows = this.sheet.getMaxRows();
      const needed = lastRow + rows.length - maxRows;
      if (needed <= 0) throw e; // not a full sheet: a refusal or a service error, reported as is
      this.sheet.insertRowsAfter(maxRows, needed + APPEND_SLACK);
      this.writeRows(lastRow + 1, rows);
    }
    return lastRow + 1;
  }
}

/** Header and data up to the last row and column with content, in one call ([] for an empty sheet). */
function readAll(sheet: Sheet): CellValue[][] {
  try {
    return sheet.getSheetValues(1, 1, -1, -1) as CellValue[][];
  } catch (e) {
    // An empty sheet has no last row/column: the -1 ranges are empty, which Sheets refuses.
    if (sheet.getLastRow() < 1 || sheet.getLastColumn() < 1) return [];
    throw e;
  }
}

/** Row 1 as text, trimmed of trailing empty cells (one call: row 1 up to the last column with content). */
export function readHeaders(sheet: Sheet): string[] {
  let values: CellValue[][];
  try {
    values = sheet.getSheetValues(1, 1, 1, -1) as CellValue[][];
  } catch (e) {
    if (sheet.getLastColumn() < 1) return [];
    throw e;
  }
  const row = (values[0] ?? []).map((v) => String(v ?? '').trim());
  while (row.length > 0 && row[row.length - 1] === '') row.pop();
  return row;
}

/** Text matched literally inside a regular expression (TextFinder's RE2 takes the same escapes). */
const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

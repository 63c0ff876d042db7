/**
 * Reads a whole tab through the Sheets API in pages: one spreadsheets.get for the tab's size and the
 * spreadsheet's time zone, then values.batchGet calls of several pages each (UNFORMATTED_VALUE, dates as serial
 * numbers), so a 30,000-row Audit tab costs a handful of requests under the 60-reads-a-minute quota. Reading stops
 * at the end of the data (a page that comes back shorter than asked: the API trims trailing empty rows).
 */
import type { sheets_v4 } from '@googleapis/sheets';
import { explain } from '../api-errors';
import { CliError, EXIT } from '../exit-codes';
import { serialToEpoch } from './serial';

export interface TabInfo {
  title: string;
  /** The spreadsheet's name (its title in Drive). */
  spreadsheet: string;
  rowCount: number;
  columnCount: number;
  timeZone: string;
}

export interface PageOptions {
  pageRows: number;
  pagesPerCall: number;
  /** Called after each batchGet: rows read so far, and the tab's grid rows (an upper bound). */
  progress?: (done: number, total: number) => void;
}

export type Cell = string | number | boolean;

/** A1 column letters for a 1-based column number. */
export function columnLetters(n: number): string {
  let s = '';
  for (let x = n; x > 0; x = Math.floor((x - 1) / 26)) s = String.fromCharCode(65 + ((x - 1) % 26)) + s;
  return s;
}

/** A sheet name in A1 notation: always quoted, quotes doubled (valid for every name). */
export function quoteSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}

export async function tabInfo(sheets: sheets_v4.Sheets, spreadsheetId: string, tab: string): Promise<TabInfo> {
  let data: sheets_v4.Schema$Spreadsheet;
  try {
    data = (
      await sheets.spreadsheets.get({
        spreadsheetId,
        fields: 'properties(title,timeZone),sheets.properties(title,gridProperties(rowCount,columnCount))',
      })
    ).data;
  } catch (e) {
    throw explain(e, `opening spreadsheet ${spreadsheetId}`, { spreadsheet: true });
  }
  const sheet = (data.sheets ?? []).find((s) => s.properties?.title === tab);
  if (!sheet)
    throw new CliError(
      `The spreadsheet has no "${tab}" tab (it has ${(data.sheets ?? []).map((s) => `"${s.properties?.title}"`).join(', ') || 'none'}): is it Handoff's governed spreadsheet?`,
      EXIT.NOT_FOUND,
    );
  return {
    title: tab,
    spreadsheet: data.properties?.title ?? spreadsheetId,
    rowCount: sheet.properties?.gridProperties?.rowCount ?? 0,
    columnCount: sheet.properties?.gridProperties?.columnCount ?? 0,
    timeZone: data.properties?.timeZone ?? 'Etc/UTC',
  };
}

/** Every row of the tab (header first), each padded to the header's width. */
export async function readTab(sheets: sheets_v4.Sheets, spreadsheetId: string, info: TabInfo, o: PageOptions): Promise<Cell[][]> {
  const last = columnLetters(Math.max(1, info.columnCount));
  const rows: Cell[][] = [];
  let start = 1;
  let ended = false;
  while (!ended && start <= info.rowCount) {
    const ranges: string[] = [];
    for (let i = 0; i < o.pagesPerCall && start + i * o.pageRows <= info.rowCount; i++) {
      const from = start + i * o.pageRows;
      const to = Math.min(info.rowCount, from + o.pageRows - 1);
      ranges.push(`${quoteSheet(info.title)}!A${from}:${last}${to}`);
    }
    let got: sheets_v4.Schema$BatchGetValuesResponse;
    try {
      got = (
        await sheets.spreadsheets.values.batchGet({
          spreadsheetId,
          ranges,
          valueRenderOption: 'UNFORMATTED_VALUE',
          dateTimeRenderOption: 'SERIAL_NUMBER',
          majorDimension: 'ROWS',
        })
      ).data;
    } catch (e) {
      throw explain(e, `reading the ${info.title} tab`, { spreadsheet: true });
    }
    for (const [i, vr] of (got.valueRanges ?? []).entries()) {
      const values = (vr.values ?? []) as Cell[][];
      rows.push(...values);
      const asked = Math.min(o.pageRows, info.rowCount - (start + i * o.pageRows) + 1);
      if (values.length < asked) {
        ended = true;
        break;
      }
    }
    start += ranges.length * o.pageRows;
    o.progress?.(Math.max(0, rows.length - 1), Math.max(0, info.rowCount - 1));
  }
  const width = (rows[0] ?? []).length;
  return rows.map((r) => (r.length >= width ? r : [...r, ...Array<Cell>(width - r.length).fill('')]));
}

export interface TabRecord {
  /** The sheet row (1-based; the header is row 1). */
  row: number;
  values: Record<string, Cell>;
}

/** Rows (header first) → records keyed by header, date columns as ISO instants. Blank rows are dropped. */
export function records(rows: Cell[][], dateColumns: readonly string[], timeZone: string): TabRecord[] {
  const header = (rows[0] ?? []).map((h) => String(h).trim());
  const dates = new Set(dateColumns);
  const out: TabRecord[] = [];
  rows.slice(1).forEach((r, index) => {
    if (r.every((v) => v === '' || v === null || v === undefined)) return;
    const values: Record<string, Cell> = {};
    header.forEach((h, i) => {
      if (!h) return;
      const v = r[i] ?? '';
      values[h] = dates.has(h) && typeof v === 'number' ? new Date(serialToEpoch(v, timeZone)).toISOString() : v;
    });
    out.push({ row: index + 2, values });
  });
  return out;
}

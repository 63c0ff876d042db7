import type { SheetsInternal } from '../spreadsheet';
import type { FormDestinationSheets } from './destination';

/** Sheets' cell limit: a longer answer is cut in the sheet (the form response keeps it whole). */
const MAX_CELL_CHARS = 50_000;

/**
 * A cell value as Forms writes it: text is never a formula. Sheets parses what the respondent typed
 * (numbers become numbers), but a leading '=' or apostrophe is kept as text.
 */
export function literal(v: unknown): unknown {
  if (typeof v !== 'string') return v;
  const s = v.length > MAX_CELL_CHARS ? v.slice(0, MAX_CELL_CHARS) : v;
  return s.startsWith('=') || s.startsWith("'") ? "'" + s : s;
}

/** FormApp's destination on the local SpreadsheetApp (its unmetered internal API, `ws.sheets`). */
export class SheetsDestination implements FormDestinationSheets {
  constructor(private readonly sheets: SheetsInternal) {}

  exists(spreadsheetId: string): boolean {
    return this.sheets.list().includes(spreadsheetId);
  }

  createResponseSheet(spreadsheetId: string, formUrl: string): string {
    return this.sheets.linkForm(spreadsheetId, formUrl, []).sheetName;
  }

  unlinkForm(spreadsheetId: string): void {
    this.sheets.unlinkForm(spreadsheetId);
  }

  setHeader(spreadsheetId: string, sheetName: string, headers: string[]): void {
    this.sheets.get(spreadsheetId).write(sheetName, 'A1', [headers.map(literal)]);
  }

  writeRow(
    spreadsheetId: string,
    sheetName: string,
    formUrl: string,
    row: number | null,
    values: unknown[],
  ): { row: number; range: unknown } {
    const cells = values.map(literal);
    if (row === null) {
      const r = this.sheets.appendFormResponse(spreadsheetId, formUrl, cells);
      return { row: r.row, range: r.range };
    }
    const ss = this.sheets.get(spreadsheetId);
    ss.write(sheetName, `A${row}`, [cells]);
    return { row, range: ss.range(sheetName, `A${row}:${columnLetter(cells.length)}${row}`) };
  }
}

function columnLetter(n: number): string {
  let s = '';
  for (let c = Math.max(1, n); c > 0; c = Math.floor((c - 1) / 26)) s = String.fromCharCode(65 + ((c - 1) % 26)) + s;
  return s;
}

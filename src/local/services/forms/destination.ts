/**
 * What FormApp needs from SpreadsheetApp to link a form to a spreadsheet:
 * the response sheet, its header and its rows. Values are written literally (a text answer is never
 * parsed as a formula), as Forms writes them.
 */
export interface FormDestinationSheets {
  /** True when a spreadsheet with this id exists. */
  exists(spreadsheetId: string): boolean;
  /** Inserts the response sheet ("Form Responses N") and records the form URL on the spreadsheet; returns the sheet name. */
  createResponseSheet(spreadsheetId: string, formUrl: string): string;
  /** Clears the spreadsheet's form URL (the response sheet stays, as in Sheets). */
  unlinkForm(spreadsheetId: string, sheetName: string): void;
  /** Writes row 1 of the response sheet. */
  setHeader(spreadsheetId: string, sheetName: string, headers: string[]): void;
  /** Writes a response row: a new row after the last one (row null), or over an existing row (an edited response). */
  writeRow(
    spreadsheetId: string,
    sheetName: string,
    formUrl: string,
    row: number | null,
    values: unknown[],
  ): { row: number; range: unknown };
}

/** A stand-in used until a SpreadsheetApp-backed implementation is wired in: rows kept in memory. */
export class MemoryDestinationSheets implements FormDestinationSheets {
  readonly sheets = new Map<string, { formUrl: string | null; tabs: Map<string, unknown[][]> }>();

  addSpreadsheet(id: string): void {
    this.sheets.set(id, { formUrl: null, tabs: new Map() });
  }

  exists(id: string): boolean {
    return this.sheets.has(id);
  }

  createResponseSheet(id: string, formUrl: string): string {
    const ss = this.sheets.get(id);
    if (!ss) throw new Error(`no spreadsheet ${id}`);
    let n = 1;
    while (ss.tabs.has(`Form Responses ${n}`)) n++;
    const name = `Form Responses ${n}`;
    ss.tabs.set(name, [[]]);
    ss.formUrl = formUrl;
    return name;
  }

  unlinkForm(id: string): void {
    const ss = this.sheets.get(id);
    if (ss) ss.formUrl = null;
  }

  setHeader(id: string, sheetName: string, headers: string[]): void {
    const rows = this.rows(id, sheetName);
    rows[0] = headers.slice();
  }

  writeRow(id: string, sheetName: string, _formUrl: string, row: number | null, values: unknown[]): { row: number; range: unknown } {
    const rows = this.rows(id, sheetName);
    const r = row ?? rows.length + 1;
    rows[r - 1] = values.slice();
    return { row: r, range: { sheetName, row: r, getRow: () => r, getValues: () => [values.slice()] } };
  }

  rows(id: string, sheetName: string): unknown[][] {
    const tab = this.sheets.get(id)?.tabs.get(sheetName);
    if (!tab) throw new Error(`no sheet ${sheetName} in ${id}`);
    return tab;
  }

  formUrl(id: string): string | null {
    return this.sheets.get(id)?.formUrl ?? null;
  }
}

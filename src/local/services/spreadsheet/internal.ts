/**
 * The unmetered internal API on the workspace (`ws.sheets`): for tests, the playground, and the other
 * services (FormApp's setDestination and form responses). Nothing here counts as a service call.
 */
import { gasError } from '../../kernel/errors';
import type { SpreadsheetEnv } from './env';
import { SpreadsheetData, type MetadataData, type ProtectionData, type SheetData, type StyleRecord } from './model';
import type { LocalRange } from './range';
import type { LocalSheet } from './sheet';
import type { LocalSpreadsheet } from './spreadsheet';
import { restoreSheets, sheetsToJson, type SheetsState } from './sheets-state';
import type { UiRecorder } from './ui';
import { displayOf, type Scalar } from './values';

export type { SheetsState };

export interface FormResponseRow {
  sheetName: string;
  /** 1-based row written. */
  row: number;
  /** The written row as a Range object: the spreadsheet form-submit event's `e.range`. */
  range: LocalRange;
  sheet: LocalSheet;
  spreadsheet: LocalSpreadsheet;
}

/** One spreadsheet, read without metering. */
export class SpreadsheetInternal {
  constructor(
    private readonly env: SpreadsheetEnv,
    readonly data: SpreadsheetData,
  ) {}

  get id(): string {
    return this.data.id;
  }
  get url(): string {
    return this.data.url();
  }
  sheetNames(): string[] {
    return this.data.sheets.map((s) => s.name);
  }

  private sheetData(name?: string): SheetData {
    const d = name === undefined ? this.data.sheets[0] : this.data.sheetByName(name);
    if (!d) throw new Error(`No sheet named ${name} in ${this.data.name}`);
    return d;
  }

  /** Values of the data range of one sheet (default: the first), as getDataRange().getValues() returns them. */
  values(sheetName?: string): Scalar[][] {
    return this.env.asSystem(() => this.sheet(sheetName).dataRange().readValues());
  }

  displayValues(sheetName?: string): string[][] {
    const d = this.sheetData(sheetName);
    return this.values(sheetName).map((r, i) => r.map((v, j) => displayOf(v, d.get(i + 1, j + 1)?.nf, this.data.timeZone)));
  }

  formulas(sheetName?: string): string[][] {
    const d = this.sheetData(sheetName);
    const rows = Math.max(1, d.lastRow());
    const cols = Math.max(1, d.lastColumn());
    return Array.from({ length: rows }, (_, i) => Array.from({ length: cols }, (_, j) => d.get(i + 1, j + 1)?.f ?? ''));
  }

  /** Every sheet's data-range values, by sheet name. */
  snapshot(): Record<string, Scalar[][]> {
    const out: Record<string, Scalar[][]> = {};
    for (const s of this.data.sheets) out[s.name] = s.lastRow() ? this.values(s.name) : [];
    return out;
  }

  /** The service objects (for event objects: e.source, e.range), created without metering. */
  object(): LocalSpreadsheet {
    return this.env.makeSpreadsheet(this.data);
  }
  sheet(name?: string): LocalSheet {
    return this.env.makeSheet(this.data, this.sheetData(name));
  }
  range(sheetName: string, a1: string): LocalRange {
    return this.env.asSystem(() => this.sheet(sheetName).rangeByA1(a1));
  }

  /** Writes values directly (seeding test data), as the owner, without metering. */
  write(sheetName: string, a1: string, values: unknown[][]): void {
    this.env.asSystem(() =>
      this.range(sheetName, a1)
        .offset(0, 0, values.length, values[0]?.length ?? 1)
        .writeValues(values),
    );
  }

  /**
   * A person edits cells by hand, as in the Sheets UI: refused as Sheets refuses (not an editor, a protected range
   * they are not an editor of), typed as typed (numbers, dates, TRUE...). Returns the range and the values before.
   * Fires no trigger: whoever models the UI fires onEdit (the playground: src/local/server/hand-edit.ts).
   */
  editAs(user: string, sheetName: string, a1: string, values: unknown[][]): { range: LocalRange; before: Scalar[][] } {
    return this.env.asUser(user, () => {
      const range = this.sheet(sheetName).rangeByA1(a1);
      const before = range.readValues();
      range.setValues(values);
      return { range, before };
    });
  }

  /** Each sheet's id (what a URL's #gid= names), by name. */
  sheetIds(): Record<string, number> {
    return Object.fromEntries(this.data.sheets.map((s) => [s.name, s.sheetId]));
  }

  addSheet(name: string, rows?: number, columns?: number): LocalSheet {
    return this.env.asSystem(() => this.env.makeSheet(this.data, this.object().addSheet(name, undefined, rows, columns)));
  }

  share(email: string, role: 'editor' | 'viewer' = 'editor'): void {
    if (this.data.canAccess(email)) return;
    (role === 'editor' ? this.data.editors : this.data.viewers).push(email);
  }

  protections(): ProtectionData[] {
    return this.data.protections;
  }
  metadata(): MetadataData[] {
    return this.data.metadata;
  }
  styles(sheetName?: string): StyleRecord[] {
    return this.sheetData(sheetName).styles;
  }
  toasts(): SpreadsheetData['toasts'] {
    return this.data.toasts;
  }
}

export class SheetsInternal {
  constructor(private readonly env: SpreadsheetEnv) {}

  get ui(): UiRecorder {
    return this.env.ui;
  }

  /** Creates a spreadsheet owned by `owner` (default: the workspace owner); returns its id. */
  create(name: string, opts: { owner?: string; rows?: number; columns?: number; bind?: boolean } = {}): string {
    const ss = new SpreadsheetData(this.env.newId(), name, opts.owner ?? this.env.kernel.owner, this.env.defaultTimeZone());
    this.env.spreadsheets.set(ss.id, ss);
    this.env.asSystem(() => this.env.makeSpreadsheet(ss).addSheet('Sheet1', 0, opts.rows, opts.columns));
    if (opts.bind) this.env.activeId = ss.id;
    return ss.id;
  }

  /** Sets the bound spreadsheet: what SpreadsheetApp.getActiveSpreadsheet() returns. */
  setActive(id: string | null): void {
    if (id !== null && !this.env.spreadsheets.has(id)) throw new Error(`No spreadsheet ${id}`);
    this.env.activeId = id;
  }

  get activeId(): string | null {
    return this.env.activeId;
  }

  get(id: string): SpreadsheetInternal {
    const ss = this.env.spreadsheets.get(id);
    if (!ss) throw new Error(`No spreadsheet ${id}`);
    return new SpreadsheetInternal(this.env, ss);
  }

  byUrl(url: string): SpreadsheetInternal {
    const m = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(url);
    if (!m) throw new Error(`Not a spreadsheet URL: ${url}`);
    return this.get(m[1]!);
  }

  list(): string[] {
    return [...this.env.spreadsheets.keys()];
  }

  /** The file is deleted (emptied from Drive's trash): openById fails as for an unknown id. */
  remove(id: string): void {
    if (!this.env.spreadsheets.delete(id)) throw new Error(`No spreadsheet ${id}`);
    if (this.env.activeId === id) this.env.activeId = null;
  }

  /**
   * FormApp's setDestination: links the form and creates its responses sheet ('Form Responses N', first tab,
   * header row 'Timestamp' + the item titles, frozen). Returns the sheet's name.
   */
  linkForm(spreadsheetId: string, formUrl: string, headers: string[]): { sheetName: string } {
    const ss = this.get(spreadsheetId).data;
    return this.env.asSystem(() => {
      const existing = ss.sheets.find((s) => s.formUrl === formUrl);
      if (existing) return { sheetName: existing.name };
      let n = 1;
      while (ss.sheetByName(`Form Responses ${n}`)) n++;
      const d = this.env.makeSpreadsheet(ss).addSheet(`Form Responses ${n}`, 0);
      d.formUrl = formUrl;
      ss.formUrl = formUrl;
      const sheet = this.env.makeSheet(ss, d);
      sheet.appendRowValues(['Timestamp', ...headers]);
      d.frozenRows = 1;
      return { sheetName: d.name };
    });
  }

  unlinkForm(spreadsheetId: string): void {
    const ss = this.get(spreadsheetId).data;
    for (const s of ss.sheets) s.formUrl = null;
    ss.formUrl = null;
  }

  /** Appends a response row to the sheet linked to formUrl (as the form does, ignoring protections). */
  appendFormResponse(spreadsheetId: string, formUrl: string, row: unknown[]): FormResponseRow {
    const ss = this.get(spreadsheetId).data;
    const d = ss.sheets.find((s) => s.formUrl === formUrl);
    if (!d) throw gasError(`No sheet of ${ss.name} receives responses from ${formUrl}`);
    return this.env.asSystem(() => {
      const sheet = this.env.makeSheet(ss, d);
      const r = sheet.appendRowValues(row);
      return {
        sheetName: d.name,
        row: r,
        range: sheet.rangeAt(r, 1, 1, Math.max(1, row.length)),
        sheet,
        spreadsheet: this.env.makeSpreadsheet(ss),
      };
    });
  }

  // ---- persistence ---------------------------------------------------------------------------

  toJSON(): SheetsState {
    return sheetsToJson(this.env);
  }

  restore(state: SheetsState): void {
    restoreSheets(this.env, state);
  }
}

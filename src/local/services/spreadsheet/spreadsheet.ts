import { gasError } from '../../kernel/errors';
import type { Implements } from '../../kernel/implements';
import { emailOf, LocalUser } from '../session/user';
import type { SpreadsheetEnv } from './env';
import { LocalDeveloperMetadata, LocalMetadataFinder, addMetadata } from './metadata';
import { DEFAULT_COLUMNS, DEFAULT_ROWS, SheetData, type SpreadsheetData } from './model';
import { LocalProtection } from './protection';
import type { LocalRange } from './range';
import { duplicateSheetName, type LocalSheet } from './sheet';

type GSpreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;
type Methods =
  | 'getId'
  | 'getUrl'
  | 'getName'
  | 'rename'
  | 'getSheets'
  | 'getSheetByName'
  | 'getSheetById'
  | 'insertSheet'
  | 'deleteSheet'
  | 'getActiveSheet'
  | 'setActiveSheet'
  | 'getRange'
  | 'getOwner'
  | 'getEditors'
  | 'addEditor'
  | 'addEditors'
  | 'removeEditor'
  | 'getViewers'
  | 'addViewer'
  | 'getFormUrl'
  | 'getProtections'
  | 'getSpreadsheetTimeZone'
  | 'setSpreadsheetTimeZone'
  | 'toast'
  | 'getNumSheets'
  | 'getDataRange'
  | 'getLastRow'
  | 'getLastColumn'
  | 'appendRow'
  | 'getSheetName'
  | 'addDeveloperMetadata'
  | 'getDeveloperMetadata'
  | 'createDeveloperMetadataFinder'
  | 'getRangeByName';

export const DELETE_LAST_SHEET = "You can't remove all the sheets in a document.";

export class LocalSpreadsheet implements Implements<GSpreadsheet, Methods> {
  constructor(
    private readonly env: SpreadsheetEnv,
    readonly data: SpreadsheetData,
  ) {}

  private call(method: string): void {
    this.env.kernel.call('Spreadsheet', method);
  }

  private sheet(d: SheetData): LocalSheet {
    return this.env.makeSheet(this.data, d);
  }

  activeSheetData(): SheetData {
    return this.data.sheetById(this.data.activeSheetId) ?? this.data.sheets[0]!;
  }

  getId(): string {
    this.call('getId');
    return this.data.id;
  }
  getUrl(): string {
    this.call('getUrl');
    return this.data.url();
  }
  getName(): string {
    this.call('getName');
    return this.data.name;
  }
  rename(newName: string): void {
    this.call('rename');
    this.env.assertCanEditFile(this.data);
    this.data.name = String(newName);
  }
  getSheets(): LocalSheet[] {
    this.call('getSheets');
    return this.data.sheets.map((s) => this.sheet(s));
  }
  getNumSheets(): number {
    this.call('getNumSheets');
    return this.data.sheets.length;
  }
  getFormUrl(): string | null {
    this.call('getFormUrl');
    return this.data.formUrl;
  }
  getSpreadsheetTimeZone(): string {
    this.call('getSpreadsheetTimeZone');
    return this.data.timeZone;
  }
  setSpreadsheetTimeZone(timezone: string): void {
    this.call('setSpreadsheetTimeZone');
    this.env.assertCanEditFile(this.data);
    this.data.timeZone = String(timezone);
  }
  getOwner(): LocalUser {
    this.call('getOwner');
    return new LocalUser(this.env.kernel, this.data.owner);
  }
  getEditors(): LocalUser[] {
    this.call('getEditors');
    return [this.data.owner, ...this.data.editors].map((e) => new LocalUser(this.env.kernel, e));
  }
  getViewers(): LocalUser[] {
    this.call('getViewers');
    return [...this.data.viewers].map((e) => new LocalUser(this.env.kernel, e));
  }
  getRangeByName(name: string): LocalRange | null {
    this.call('getRangeByName');
    void name;
    return null;
  }

  getSheetByName(name: string): LocalSheet | null {
    this.call('getSheetByName');
    // Sheets matches sheet names case-insensitively.
    const d = this.data.sheetByName(name) ?? this.data.sheets.find((s) => s.name.toLowerCase() === String(name).toLowerCase());
    return d ? this.sheet(d) : null;
  }

  getSheetById(id: number): LocalSheet | null {
    this.call('getSheetById');
    const d = this.data.sheetById(id);
    return d ? this.sheet(d) : null;
  }

  getSheetName(): string {
    this.call('getSheetName');
    return this.activeSheetData().name;
  }

  /** insertSheet() | (index) | (name) | (name, index) | (name, index, options) | (name, options) | (index, options) | (options). */
  insertSheet(a?: string | number | object, b?: number | object, c?: object): LocalSheet {
    this.call('insertSheet');
    const name = typeof a === 'string' ? a : undefined;
    const index = typeof a === 'number' ? a : typeof b === 'number' ? b : undefined;
    void c;
    return this.sheet(this.addSheet(name, index));
  }

  /** Unmetered: also used by create() and the form hook. */
  addSheet(name?: string, index?: number, rows = DEFAULT_ROWS, columns = DEFAULT_COLUMNS): SheetData {
    if (!this.data.canEditFile(this.env.effectiveUser())) throw gasError('You do not have permission to perform that action.');
    let n = name;
    if (n === undefined) {
      let i = this.data.sheets.length + 1;
      while (this.data.sheets.some((s) => s.name.toLowerCase() === `sheet${i}`)) i++;
      n = `Sheet${i}`;
    }
    n = String(n);
    if (this.data.sheets.some((s) => s.name.toLowerCase() === n!.toLowerCase())) throw gasError(duplicateSheetName(n));
    this.env.checkCellLimit(this.data, rows * columns);
    const id = this.data.sheets.length === 0 ? 0 : this.env.sheetIdFor(this.data);
    const d = new SheetData(id, n, rows, columns);
    const at = index === undefined ? this.data.sheets.length : Math.max(0, Math.min(this.data.sheets.length, index));
    this.data.sheets.splice(at, 0, d);
    this.data.activeSheetId = d.sheetId;
    return d;
  }

  deleteSheet(sheet: GoogleAppsScript.Spreadsheet.Sheet | LocalSheet): void {
    this.call('deleteSheet');
    const d = (sheet as unknown as LocalSheet).data;
    if (!this.data.sheets.includes(d)) throw gasError('Sheet not found');
    if (this.data.sheets.length <= 1) throw gasError(DELETE_LAST_SHEET);
    this.env.assertCanEdit(this.data, d, 1, 1, d.maxRows, d.maxColumns);
    this.data.sheets = this.data.sheets.filter((s) => s !== d);
    this.data.protections = this.data.protections.filter((p) => p.sheetId !== d.sheetId);
    if (this.data.activeSheetId === d.sheetId) this.data.activeSheetId = this.data.sheets[0]!.sheetId;
  }

  getActiveSheet(): LocalSheet {
    this.call('getActiveSheet');
    return this.sheet(this.activeSheetData());
  }

  setActiveSheet(sheet: GoogleAppsScript.Spreadsheet.Sheet | LocalSheet): LocalSheet {
    this.call('setActiveSheet');
    const d = (sheet as unknown as LocalSheet).data;
    this.data.activeSheetId = d.sheetId;
    d.hidden = false;
    return this.sheet(d);
  }

  /** 'Sheet1!A1:B2', or A1 notation on the active (first) sheet. */
  getRange(a1Notation: string): LocalRange {
    this.call('getRange');
    return this.sheet(this.activeSheetData()).rangeByA1(a1Notation);
  }

  getDataRange(): LocalRange {
    this.call('getDataRange');
    return this.sheet(this.activeSheetData()).dataRange();
  }
  getLastRow(): number {
    this.call('getLastRow');
    return this.activeSheetData().lastRow();
  }
  getLastColumn(): number {
    this.call('getLastColumn');
    return this.activeSheetData().lastColumn();
  }

  appendRow(rowContents: unknown[]): LocalSheet {
    this.call('appendRow');
    const s = this.sheet(this.activeSheetData());
    s.appendRowValues(rowContents);
    return s;
  }

  addEditor(emailAddress: string | GoogleAppsScript.Base.User): LocalSpreadsheet {
    this.call('addEditor');
    this.share([emailOf(emailAddress)]);
    return this;
  }

  addEditors(emailAddresses: string[]): LocalSpreadsheet {
    this.call('addEditors');
    this.share(emailAddresses.map(emailOf));
    return this;
  }

  addViewer(emailAddress: string | GoogleAppsScript.Base.User): LocalSpreadsheet {
    this.call('addViewer');
    const e = emailOf(emailAddress);
    if (!this.data.canAccess(e)) this.data.viewers.push(e);
    return this;
  }

  private share(emails: string[]): void {
    if (!this.data.canEditFile(this.env.effectiveUser())) throw gasError('You do not have permission to perform that action.');
    for (const e of emails) {
      this.data.viewers = this.data.viewers.filter((v) => v.toLowerCase() !== e.toLowerCase());
      if (!this.data.canEditFile(e)) this.data.editors.push(e);
    }
  }

  removeEditor(emailAddress: string | GoogleAppsScript.Base.User): LocalSpreadsheet {
    this.call('removeEditor');
    const e = emailOf(emailAddress).toLowerCase();
    this.data.editors = this.data.editors.filter((x) => x.toLowerCase() !== e);
    return this;
  }

  getProtections(type: GoogleAppsScript.Spreadsheet.ProtectionType | string): LocalProtection[] {
    this.call('getProtections');
    return this.data.protections.filter((p) => p.type === String(type)).map((p) => new LocalProtection(this.env, this.data, p));
  }

  toast(msg: string, title?: string, timeoutSeconds?: number | null): void {
    this.call('toast');
    this.data.toasts.push({ msg: String(msg), title: title ?? '', timeoutSeconds: timeoutSeconds ?? 5 });
  }

  addDeveloperMetadata(
    key: string,
    a?: string | GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility,
    b?: string | GoogleAppsScript.Spreadsheet.DeveloperMetadataVisibility,
  ): LocalSpreadsheet {
    this.call('addDeveloperMetadata');
    this.env.assertCanEditFile(this.data);
    addMetadata(this.data, 'SPREADSHEET', key, a as string | undefined, b as string | undefined);
    return this;
  }

  /** All metadata in the spreadsheet (Apps Script: on the spreadsheet and everything in it). */
  getDeveloperMetadata(): LocalDeveloperMetadata[] {
    this.call('getDeveloperMetadata');
    return this.data.metadata.map((m) => new LocalDeveloperMetadata(this.env, this.data, m));
  }

  createDeveloperMetadataFinder(): LocalMetadataFinder {
    this.call('createDeveloperMetadataFinder');
    return new LocalMetadataFinder(this.env, this.data, () => true);
  }

  toString(): string {
    return 'Spreadsheet';
  }
}

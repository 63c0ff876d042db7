import { gasError } from '../../kernel/errors';
import { DATA_VALIDATION_CRITERIA, LocalDataValidationBuilder } from './data-validation';
import type { Implements } from '../../kernel/implements';
import { NO_ACCESS, type SpreadsheetEnv } from './env';
import { SpreadsheetData } from './model';
import type { LocalRange } from './range';
import type { LocalSheet } from './sheet';
import type { LocalSpreadsheet } from './spreadsheet';
import { LocalUi } from './ui';

type GApp = GoogleAppsScript.Spreadsheet.SpreadsheetApp;
type Methods =
  | 'create'
  | 'openById'
  | 'openByUrl'
  | 'getActiveSpreadsheet'
  | 'getActive'
  | 'setActiveSpreadsheet'
  | 'getActiveSheet'
  | 'setActiveSheet'
  | 'getActiveRange'
  | 'flush'
  | 'getUi'
  | 'newDataValidation';

export const UI_CONTEXT = 'Cannot call SpreadsheetApp.getUi() from this context.';

function permissionMessage(method: string): string {
  return `You do not have permission to call SpreadsheetApp.${method}. Required permissions: https://www.googleapis.com/auth/spreadsheets`;
}

export class LocalSpreadsheetApp implements Implements<GApp, Methods> {
  readonly ProtectionType = { RANGE: 'RANGE', SHEET: 'SHEET' } as const;
  readonly DeveloperMetadataVisibility = { DOCUMENT: 'DOCUMENT', PROJECT: 'PROJECT' } as const;
  readonly DeveloperMetadataLocationType = { SPREADSHEET: 'SPREADSHEET', SHEET: 'SHEET', ROW: 'ROW', COLUMN: 'COLUMN' } as const;
  readonly Dimension = { COLUMNS: 'COLUMNS', ROWS: 'ROWS' } as const;
  readonly WrapStrategy = { WRAP: 'WRAP', OVERFLOW: 'OVERFLOW', CLIP: 'CLIP' } as const;
  readonly BorderStyle = {
    DOTTED: 'DOTTED',
    DASHED: 'DASHED',
    SOLID: 'SOLID',
    SOLID_MEDIUM: 'SOLID_MEDIUM',
    SOLID_THICK: 'SOLID_THICK',
    DOUBLE: 'DOUBLE',
  } as const;

  readonly DataValidationCriteria = DATA_VALIDATION_CRITERIA;

  constructor(private readonly env: SpreadsheetEnv) {}

  private call(method: string): void {
    this.env.kernel.call('SpreadsheetApp', method);
  }

  /** Simple triggers (onOpen, onEdit) run with LIMITED authorization: they cannot open or create other files. */
  private requireFullAuth(method: string): void {
    const mode = this.env.kernel.executions.current().authMode;
    if (mode === 'LIMITED' || mode === 'NONE' || mode === 'CUSTOM_FUNCTION') throw gasError(permissionMessage(method));
  }

  create(name: string, rows?: number, columns?: number): LocalSpreadsheet {
    this.call('create');
    this.requireFullAuth('create');
    const ss = new SpreadsheetData(this.env.newId(), String(name), this.env.effectiveUser(), this.env.defaultTimeZone());
    this.env.spreadsheets.set(ss.id, ss);
    const s = this.env.makeSpreadsheet(ss);
    s.addSheet('Sheet1', 0, rows ?? undefined, columns ?? undefined);
    return s;
  }

  openById(id: string): LocalSpreadsheet {
    this.call('openById');
    this.requireFullAuth('openById');
    return this.open(String(id), 'openById');
  }

  openByUrl(url: string): LocalSpreadsheet {
    this.call('openByUrl');
    this.requireFullAuth('openByUrl');
    const m = /\/spreadsheets\/d\/([A-Za-z0-9_-]+)/.exec(String(url));
    if (!m) throw gasError('Invalid argument: url');
    return this.open(m[1]!, 'openByUrl');
  }

  private open(id: string, method: string): LocalSpreadsheet {
    const ss = this.env.spreadsheets.get(id);
    if (!ss) throw gasError(`Unexpected error while getting the method or property ${method} on object SpreadsheetApp.`);
    if (!ss.canAccess(this.env.effectiveUser())) throw gasError(NO_ACCESS);
    return this.env.makeSpreadsheet(ss);
  }

  /** The spreadsheet the script is bound to (set per workspace: `ws.sheets.setActive(id)`), or null. */
  getActiveSpreadsheet(): LocalSpreadsheet | null {
    this.call('getActiveSpreadsheet');
    return this.active();
  }

  getActive(): LocalSpreadsheet | null {
    this.call('getActive');
    return this.active();
  }

  /**
   * The bound spreadsheet. A Gmail add-on's executions (kind 'addon-card') have no host document, so there it is
   * null, as in Apps Script. Elsewhere the effective user must have access to it (a web app executing as the
   * visitor, for a visitor the file is not shared with, gets Apps Script's access error).
   */
  private active(): LocalSpreadsheet | null {
    if (this.env.system === 0 && this.env.kernel.executions.current().kind === 'addon-card') return null;
    const ss = this.env.activeId ? this.env.spreadsheets.get(this.env.activeId) : undefined;
    if (!ss) return null;
    if (this.env.system === 0 && !ss.canAccess(this.env.effectiveUser())) throw gasError(NO_ACCESS);
    return this.env.makeSpreadsheet(ss);
  }

  setActiveSpreadsheet(newActiveSpreadsheet: GoogleAppsScript.Spreadsheet.Spreadsheet | LocalSpreadsheet): void {
    this.call('setActiveSpreadsheet');
    this.env.activeId = (newActiveSpreadsheet as unknown as LocalSpreadsheet).data.id;
  }

  getActiveSheet(): LocalSheet | null {
    this.call('getActiveSheet');
    const ss = this.active();
    return ss ? this.env.makeSheet(ss.data, ss.activeSheetData()) : null;
  }

  setActiveSheet(sheet: GoogleAppsScript.Spreadsheet.Sheet | LocalSheet): LocalSheet {
    this.call('setActiveSheet');
    const s = sheet as unknown as LocalSheet;
    s.ss.activeSheetId = s.data.sheetId;
    return s;
  }

  /** The selection: the local Workspace has none, so A1 of the active sheet (null without a bound spreadsheet). */
  getActiveRange(): LocalRange | null {
    this.call('getActiveRange');
    const ss = this.active();
    return ss ? this.env.makeSheet(ss.data, ss.activeSheetData()).rangeAt(1, 1) : null;
  }

  /** Writes are applied at once locally; flush only counts. */
  flush(): void {
    this.call('flush');
  }

  /** A builder for data validation rules (Range.setDataValidation). */
  newDataValidation(): LocalDataValidationBuilder {
    this.call('newDataValidation');
    return new LocalDataValidationBuilder(this.env.kernel, (ref) => this.env.rangeFromRef(ref));
  }

  getUi(): LocalUi {
    this.call('getUi');
    const kind = this.env.kernel.executions.current().kind;
    if (kind === 'time-trigger' || kind === 'web-app') throw gasError(UI_CONTEXT);
    return new LocalUi(this.env.kernel, this.env.ui);
  }

  toString(): string {
    return 'SpreadsheetApp';
  }
}

/**
 * The app context every command runs with: the Services, a clock, settings, and per-execution caches
 * (the spreadsheet, opened tables). Built by src/main.ts from servicesFromGlobals(); tests build it from the
 * local Workspace's globals.
 */
import type { Services } from './services';
import { Table, type TabSpec } from './sheet/table';
import { NotSetUpError } from './errors';
import type { ZoneOffset } from '../core';
import { utilitiesZoneOffset } from './zone';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface Settings {
  /** Longest wait for the script lock before giving up with LockTimeoutError. */
  lockWaitMs: number;
}

export const DEFAULT_SETTINGS: Settings = { lockWaitMs: 20_000 };

/** Test seams for crash tests: each runs between two writes of an operation; throwing simulates a crash. */
export interface Hooks {
  afterJournal?: () => void;
  afterAudit?: () => void;
  afterOutbox?: () => void;
  afterRequest?: () => void;
}

export interface AppContext {
  readonly services: Services;
  readonly settings: Settings;
  readonly hooks: Hooks;
  now(): number;
  spreadsheet(): Spreadsheet;
  /** Namespaces script properties and cache keys per governed spreadsheet (an add-on serves many). */
  scope(): string;
  table(spec: TabSpec): Table;
  /** A tab's Sheet object by name, memoised for the execution (null when absent; absence is not memoised). */
  sheet(name: string): GoogleAppsScript.Spreadsheet.Sheet | null;
  /** Forget opened tables and sheets (after set-up changed headers or tabs). */
  resetTables(): void;
  /** The signed-in user's email, or '' when Apps Script cannot see it. */
  activeUser(): string;
  /** Time-zone offsets for the engine's SLA calendar (Utilities.formatDate, see zone.ts). */
  readonly zoneOffset: ZoneOffset;
}

export const SPREADSHEET_ID_PROPERTY = 'handoff.spreadsheetId';

export interface ContextOptions {
  now?: () => number;
  settings?: Partial<Settings>;
  hooks?: Hooks;
  /** Open this spreadsheet instead of the active one. */
  spreadsheetId?: string;
  /** Overrides the Utilities.formatDate time-zone port. */
  zoneOffset?: ZoneOffset;
}

export function createContext(services: Services, opts: ContextOptions = {}): AppContext {
  let ss: Spreadsheet | null = null;
  let scope: string | null = null;
  const tables = new Map<string, Table>();
  const sheets = new Map<string, GoogleAppsScript.Spreadsheet.Sheet>();
  const ctx: AppContext = {
    services,
    settings: { ...DEFAULT_SETTINGS, ...opts.settings },
    hooks: opts.hooks ?? {},
    now: opts.now ?? (() => Date.now()),
    zoneOffset: opts.zoneOffset ?? utilitiesZoneOffset(services.Utilities),
    spreadsheet() {
      if (ss) return ss;
      const app = services.SpreadsheetApp;
      if (opts.spreadsheetId) ss = app.openById(opts.spreadsheetId);
      else {
        ss = app.getActiveSpreadsheet();
        if (!ss) {
          const id = services.PropertiesService.getScriptProperties().getProperty(SPREADSHEET_ID_PROPERTY);
          if (!id) throw new NotSetUpError();
          ss = app.openById(id);
        }
      }
      return ss;
    },
    scope() {
      if (scope === null) scope = `handoff:${ctx.spreadsheet().getId()}`;
      return scope;
    },
    table(spec) {
      let t = tables.get(spec.name);
      if (!t) {
        t = Table.open(ctx.spreadsheet(), spec, ctx.sheet(spec.name));
        tables.set(spec.name, t);
      }
      return t;
    },
    sheet(name) {
      let sh = sheets.get(name) ?? null;
      if (!sh) {
        sh = ctx.spreadsheet().getSheetByName(name);
        if (sh) sheets.set(name, sh);
      }
      return sh;
    },
    resetTables() {
      tables.clear();
      sheets.clear();
    },
    activeUser() {
      try {
        return services.Session.getActiveUser().getEmail() ?? '';
      } catch {
        return '';
      }
    },
  };
  return ctx;
}

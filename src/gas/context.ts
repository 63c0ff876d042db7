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
import { memoPropertiesService, PlaneProps } from './plane/props';

type Spreadsheet = GoogleAppsScript.Spreadsheet.Spreadsheet;

export interface Settings {
  /** Longest wait for the script lock before giving up with LockTimeoutError. */
  lockWaitMs: number;
}

export const DEFAULT_SETTINGS: Settings = { lockWaitMs: 20_000 };

/** Test seams for crash tests: throwing from one simulates the execution stopping there. */
export interface Hooks {
  afterJournal?: () => void;
  afterAudit?: () => void;
  afterOutbox?: () => void;
  afterRequest?: () => void;
  /** A unit of work (src/gas/plane) about to send its one batchUpdate. */
  beforeWrite?: () => void;
  /** A unit of work whose batchUpdate landed, before its script properties are written. */
  afterWrite?: () => void;
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
  /**
   * The governed spreadsheet's id without opening it: the option, the bound spreadsheet, else the script property
   * set-up stores (read with every other property in one call).
   */
  spreadsheetId(): string;
  /** The execution's script properties, read once (src/gas/plane/props.ts); `services.PropertiesService` serves them. */
  props(): PlaneProps;
  /**
   * Every script property, as props() read them (one getProperties call per execution, or handed in by the entry
   * point). Entry-point checks (health) and lookups read it; a locked change reads fresh.
   */
  properties(): Record<string, string>;
  /**
   * The snapshot when this execution has already read it, else null: a check that must add no read uses it.
   * Code that writes a property it may read again from the snapshot sets it there too.
   */
  propertiesIfRead(): Record<string, string> | null;
}

export const SPREADSHEET_ID_PROPERTY = 'handoff.spreadsheetId';

/** The scope of a governed spreadsheet: its script properties and cache keys start with it (an add-on serves many). */
export function scopeOf(spreadsheetId: string): string {
  return `handoff:${spreadsheetId}`;
}

/** A script property or cache key of the governed spreadsheet: `handoff:<spreadsheet id>:<part>:<part>…`. */
export function scopedKey(ctx: AppContext, ...parts: Array<string | number>): string {
  return [ctx.scope(), ...parts].join(':');
}

export interface ContextOptions {
  now?: () => number;
  settings?: Partial<Settings>;
  hooks?: Hooks;
  /** Open this spreadsheet instead of the active one (a function is asked once, when the id is first needed). */
  spreadsheetId?: string | (() => string | undefined);
  /** Overrides the Utilities.formatDate time-zone port. */
  zoneOffset?: ZoneOffset;
  /** The script properties the entry point already read (getProperties), so the context does not read them again. */
  properties?: Record<string, string>;
}

export function createContext(raw: Services, opts: ContextOptions = {}): AppContext {
  let ss: Spreadsheet | null = null;
  let scope: string | null = null;
  const given = (): string | undefined => (typeof opts.spreadsheetId === 'function' ? opts.spreadsheetId() : opts.spreadsheetId);
  let id: string | null = typeof opts.spreadsheetId === 'string' ? opts.spreadsheetId : null;
  // Script properties are read once per execution and served from memory (each getProperty is a round trip in
  // Apps Script); withLock and the unit of work read them again once they hold the lock.
  const props = new PlaneProps(() => raw.PropertiesService.getScriptProperties());
  const memo = memoPropertiesService(raw.PropertiesService, props);
  const services: Services = Object.create(raw, { PropertiesService: { value: memo, enumerable: true } });
  if (opts.properties) props.seed(opts.properties);
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
      const g = id ?? given();
      if (g) ss = app.openById(g);
      else {
        ss = app.getActiveSpreadsheet();
        if (!ss) {
          const id = props.get(SPREADSHEET_ID_PROPERTY);
          if (!id) throw new NotSetUpError();
          ss = app.openById(id);
        }
      }
      return ss;
    },
    spreadsheetId() {
      if (id) return id;
      const g = given();
      if (g) return (id = g);
      if (ss) return (id = ss.getId());
      const active = services.SpreadsheetApp.getActiveSpreadsheet();
      if (active) {
        ss = active;
        return (id = active.getId());
      }
      const stored = props.get(SPREADSHEET_ID_PROPERTY);
      if (!stored) throw new NotSetUpError();
      return (id = stored);
    },
    props: () => props,
    scope() {
      if (scope === null) scope = scopeOf(ctx.spreadsheetId());
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
    properties: () => props.read(),
    propertiesIfRead: () => props.peek(),
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

/**
 * Registers SpreadsheetApp, PropertiesService, CacheService, LockService, Session, Utilities, console and
 * Logger on a workspace, with their unmetered internals (`ws.sheets`, `ws.locks`, `ws.logs` ...), the
 * script runtime (`ws.runtime`) and persistence (`ws.persistence`).
 */
import type { Kernel } from '../kernel/kernel';
import { LocalBrowser } from '../services/browser';
import { CacheState, LocalCacheService } from '../services/cache';
import { LocalConsole, LocalLogger, LogStore } from '../services/console';
import { LocalLockService, LockRegistry } from '../services/lock';
import { LocalPropertiesService, PropertiesState } from '../services/properties';
import { LocalSession, type ScriptSettings } from '../services/session';
import { createSpreadsheetService, type SheetsInternal, type SheetsState, type UiRecorder } from '../services/spreadsheet';
import type { SpreadsheetEnv } from '../services/spreadsheet/env';
import { LocalUtilities } from '../services/utilities';
import { Persistence } from './persistence';
import { ScriptRuntime } from './index';

export interface CoreOptions {
  /** appsscript.json timeZone (default 'Etc/GMT'). */
  timeZone?: string;
  scriptId?: string;
}

/** The globals typed as Apps Script's own interfaces: a wrong signature in a caller is a compile error. */
export interface CoreGlobals {
  SpreadsheetApp: GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  PropertiesService: GoogleAppsScript.Properties.PropertiesService;
  CacheService: GoogleAppsScript.Cache.CacheService;
  LockService: GoogleAppsScript.Lock.LockService;
  Session: GoogleAppsScript.Base.Session;
  Utilities: GoogleAppsScript.Utilities.Utilities;
  Logger: GoogleAppsScript.Base.Logger;
  console: Pick<Console, 'log' | 'info' | 'warn' | 'error' | 'debug'>;
  Browser: GoogleAppsScript.Base.Browser;
}

export interface CoreInternals {
  /** Spreadsheets without metering: create, bind (setActive), read values, form hooks, persistence. */
  readonly sheets: SheetsInternal;
  /** getUi() recordings: menus, dialogs, alerts; queue alert/prompt answers. */
  readonly ui: UiRecorder;
  readonly properties: PropertiesState;
  readonly caches: CacheState;
  /** Lock holders; `holdScriptLock()` makes "someone else" hold the script lock. */
  readonly locks: LockRegistry;
  /** console/Logger output by execution. */
  readonly logs: LogStore;
  readonly settings: ScriptSettings;
  /** The loaded script: invoke a handler by name, run executions concurrently. */
  readonly runtime: ScriptRuntime;
  readonly persistence: Persistence;
  /** The spreadsheets' shared state, for services that work on the same cells (the Sheets API model). */
  readonly spreadsheetEnv: SpreadsheetEnv;
  /** Where a form-bound script's form id comes from (set by workspace.ts from FormApp). */
  readonly boundForm: { get(): string | null };
}

export function createCoreServices(kernel: Kernel, opts: CoreOptions = {}): { globals: CoreGlobals; internals: CoreInternals } {
  const settings: ScriptSettings = { timeZone: opts.timeZone ?? 'Etc/GMT', scriptId: opts.scriptId ?? 'local-script-id', locale: 'en' };
  const { SpreadsheetApp, sheets, env: spreadsheetEnv } = createSpreadsheetService(kernel, () => settings.timeZone);
  // The bound document: the bound spreadsheet, else the bound form (workspace.ts wires FormApp in).
  const boundForm = { get: (): string | null => null };
  const bound = (): string | null => sheets.activeId ?? boundForm.get();
  const properties = new PropertiesState();
  const caches = new CacheState();
  const locks = new LockRegistry(kernel);
  const logs = new LogStore(kernel);
  const persistence = new Persistence();
  persistence.register('clock', {
    toJSON: () => ({ now: kernel.clock.now() }),
    restore: (j) => kernel.clock.restore((j as { now: number }).now),
  });
  persistence.register('settings', { toJSON: () => ({ ...settings }), restore: (j) => Object.assign(settings, j) });
  persistence.register('spreadsheets', { toJSON: () => sheets.toJSON(), restore: (j) => sheets.restore(j as SheetsState) });
  persistence.register('properties', {
    toJSON: () => properties.toJSON(),
    restore: (j) => properties.restore(j as Record<string, Record<string, string>>),
  });
  persistence.register('caches', { toJSON: () => caches.toJSON(), restore: (j) => caches.restore(j as ReturnType<CacheState['toJSON']>) });
  const globals = {
    SpreadsheetApp,
    PropertiesService: new LocalPropertiesService(kernel, properties, bound),
    CacheService: new LocalCacheService(kernel, caches, bound),
    LockService: new LocalLockService(kernel, locks, bound),
    Session: new LocalSession(kernel, settings),
    Utilities: new LocalUtilities(kernel),
    Logger: new LocalLogger(kernel, logs),
    console: new LocalConsole(kernel, logs),
    Browser: new LocalBrowser(kernel, sheets.ui),
  } as unknown as CoreGlobals;
  return {
    globals,
    internals: {
      sheets,
      ui: sheets.ui,
      properties,
      caches,
      locks,
      logs,
      settings,
      runtime: new ScriptRuntime(),
      persistence,
      spreadsheetEnv,
      boundForm,
    },
  };
}

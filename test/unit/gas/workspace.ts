/**
 * A local Workspace for the src/gas unit tests: the adapters get `ws.globals` as their Services.
 * Services the local Workspace does not provide yet are filled with minimal stand-ins below (each says so);
 * once the real one is registered in createWorkspace() the stand-in is no longer used.
 */
import { createWorkspace, type Workspace } from '../../../src/local/workspace';
import { createContext, type AppContext, type ContextOptions } from '../../../src/gas/context';
import type { Services } from '../../../src/gas/services';
import { SHEET_SERVICES } from '../../../src/local/kernel/meter';

export interface TestWorkspace {
  ws: Workspace;
  services: Services;
  spreadsheetId: string;
  /** Unmetered access to the bound spreadsheet's cells. */
  sheet: {
    values(tab: string): unknown[][];
    write(tab: string, a1: string, values: unknown[][]): void;
  };
  ctx(opts?: ContextOptions): AppContext;
  /** Empties the script cache (the id→row hints). */
  forgetCache(): void;
  /** SpreadsheetApp-family calls made by fn. */
  sheetCalls(fn: () => void): { calls: number; detail: Record<string, number> };
  /**
   * Runs fn as one execution whose active user is `user` and which runs as the owner (effective user), as a
   * web app deployed "execute as me" or an installable trigger does: only the owner and admins may write the
   * protected tabs, so a change by anyone else reaches the sheet through such an execution.
   */
  as<T>(user: string, fn: () => T): T;
}

export const OWNER = 'ada@acme.test';

export function testWorkspace(owner = OWNER): TestWorkspace {
  const ws = createWorkspace({ owner, start: Date.UTC(2026, 0, 5, 9, 0, 0) });
  const g = ws.globals as Record<string, unknown> & { sheets?: unknown };
  fillMissing(ws);
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const sheets = (ws as any).sheets ?? (g as any).__sheets;
  const spreadsheetId: string = sheets.create('Handoff', { owner, bind: true });
  sheets.setActive?.(spreadsheetId);
  const services = ws.globals as unknown as Services;
  return {
    ws,
    services,
    spreadsheetId,
    sheet: {
      values: (tab) => sheets.get(spreadsheetId).values(tab),
      write: (tab, a1, values) =>
        ws.kernel.meter.unmetered(() => {
          // Grow the sheet first when the values reach past its last row (seeding thousands of rows).
          const sheet = (services.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp).openById(spreadsheetId).getSheetByName(tab)!;
          const firstRow = Number(/\d+/.exec(a1)?.[0] ?? 1);
          const need = firstRow + values.length - 1 - sheet.getMaxRows();
          if (need > 0) sheet.insertRowsAfter(sheet.getMaxRows(), need + 1000); // spare rows, as Table.append leaves
          sheets.get(spreadsheetId).write(tab, a1, values);
        }),
    },
    ctx: (opts = {}) => createContext(services, { now: () => ws.kernel.clock.now(), ...opts }),
    forgetCache() {
      ws.kernel.meter.unmetered(() => {
        const c = services.CacheService.getScriptCache() as unknown as { __clear?: () => void; removeAll?: (keys: string[]) => void; getAll?: (keys: string[]) => object };
        if (c.__clear) c.__clear();
        else (ws as unknown as { cache?: { clear?: () => void } }).cache?.clear?.();
      });
    },
    sheetCalls(fn) {
      const { cost } = ws.kernel.measure(fn);
      const detail: Record<string, number> = {};
      let calls = 0;
      for (const [k, v] of Object.entries(cost.calls)) {
        if (SHEET_SERVICES.includes(k.slice(0, k.indexOf('.')))) {
          detail[k] = v;
          calls += v;
        }
      }
      return { calls, detail };
    },
    as: (user, fn) => ws.kernel.executions.run({ activeUser: user, effectiveUser: owner, kind: 'web-app' }, fn),
  };
}

/* ---------------------------------------------------------------------------------------------------------
 * Stand-ins, used only while the local Workspace lacks the service. Deliberately small.
 * ------------------------------------------------------------------------------------------------------- */
function fillMissing(ws: Workspace): void {
  const g = ws.globals as Record<string, unknown>;
  const k = ws.kernel;
  if (!g.SpreadsheetApp) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { createSpreadsheetService } = require('../../../src/local/services/spreadsheet') as typeof import('../../../src/local/services/spreadsheet');
    const s = createSpreadsheetService(k, () => 'Etc/UTC');
    g.SpreadsheetApp = s.SpreadsheetApp;
    (ws as unknown as { sheets: unknown }).sheets = s.sheets;
  }
  if (!g.PropertiesService) {
    const stores = new Map<string, Map<string, string>>();
    const store = (name: string) => {
      let m = stores.get(name);
      if (!m) stores.set(name, (m = new Map()));
      const props = {
        getProperty: (key: string) => (k.call('Properties', 'getProperty'), m!.get(key) ?? null),
        getProperties: () => (k.call('Properties', 'getProperties'), Object.fromEntries(m!)),
        setProperty: (key: string, v: string) => {
          k.call('Properties', 'setProperty');
          if (v.length > 9000) throw new Error('Argument too large: value');
          m!.set(key, v);
          return props;
        },
        setProperties: (o: Record<string, string>) => {
          k.call('Properties', 'setProperties');
          for (const [a, b] of Object.entries(o)) m!.set(a, b);
          return props;
        },
        deleteProperty: (key: string) => (k.call('Properties', 'deleteProperty'), m!.delete(key), props),
      };
      return props;
    };
    g.PropertiesService = { getScriptProperties: () => store('script'), getUserProperties: () => store('user'), getDocumentProperties: () => store('doc') };
  }
  if (!g.CacheService) {
    const m = new Map<string, string>();
    const cache = {
      get: (key: string) => (k.call('Cache', 'get'), m.get(key) ?? null),
      put: (key: string, v: string) => void (k.call('Cache', 'put'), m.set(key, v)),
      remove: (key: string) => void (k.call('Cache', 'remove'), m.delete(key)),
      __clear: () => m.clear(),
    };
    g.CacheService = { getScriptCache: () => cache };
  }
  if (!g.LockService) {
    let held = false;
    const lock = () => ({
      waitLock: () => {
        k.call('Lock', 'waitLock');
        if (held) throw new Error('Lock timeout: another process was holding the lock for too long.');
        held = true;
      },
      releaseLock: () => void (k.call('Lock', 'releaseLock'), (held = false)),
      hasLock: () => held,
    });
    g.LockService = { getScriptLock: lock };
  }
  if (!g.Session) {
    const user = (email: () => string) => ({ getEmail: email });
    g.Session = {
      getActiveUser: () => user(() => k.executions.current().activeUser),
      getEffectiveUser: () => user(() => k.executions.current().effectiveUser),
    };
  }
  if (!g.Utilities) {
    let n = 0;
    g.Utilities = { getUuid: () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}` };
  }
}

/** A local Workspace for the src/gas unit tests: the adapters get `ws.globals` as their Services. */
import { createWorkspace, type Workspace } from '../../../src/local/workspace';
import { createContext, type AppContext, type ContextOptions } from '../../../src/gas/context';
import type { Services } from '../../../src/gas/services';
import { SHEET_SERVICES } from '../../../src/local/kernel/meter';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** The project's manifest: its advanced services (Sheets) exist for the adapters, as in Apps Script. */
const MANIFEST = JSON.parse(readFileSync(join(__dirname, '../../../appsscript/appsscript.json'), 'utf8'));

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
  ws.advanced.applyManifest(MANIFEST);
  const sheets = ws.sheets;
  const spreadsheetId: string = sheets.create('Handoff', { owner, bind: true });
  sheets.setActive(spreadsheetId);
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
          const sheet = (services.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp)
            .openById(spreadsheetId)
            .getSheetByName(tab)!;
          const firstRow = Number(/\d+/.exec(a1)?.[0] ?? 1);
          const need = firstRow + values.length - 1 - sheet.getMaxRows();
          if (need > 0) sheet.insertRowsAfter(sheet.getMaxRows(), need + 1000); // spare rows, as Table.append leaves
          // And past its last column (set-up trims tabs to their own columns): an operator adds columns first.
          const letters = /^[A-Z]+/.exec(a1)?.[0] ?? 'A';
          const firstCol = [...letters].reduce((n, ch) => n * 26 + ch.charCodeAt(0) - 64, 0);
          const needCols = firstCol + Math.max(0, ...values.map((r) => r.length)) - 1 - sheet.getMaxColumns();
          if (needCols > 0) sheet.insertColumnsAfter(sheet.getMaxColumns(), needCols);
          sheets.get(spreadsheetId).write(tab, a1, values);
        }),
    },
    ctx: (opts = {}) => createContext(services, { now: () => ws.kernel.clock.now(), ...opts }),
    forgetCache() {
      ws.kernel.meter.unmetered(() => {
        ws.caches.caches.clear();
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

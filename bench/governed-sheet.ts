/**
 * A governed sheet on the local Workspace for the benches (no test code imported): set up, a Directory, the
 * purchase-approval workflow published, and helpers to seed rows unmetered and to run an execution as someone.
 */
import { createContext, type AppContext } from '../src/gas/context';
import { publishWorkflow } from '../src/gas/commands/workflows';
import type { Services } from '../src/gas/services';
import { setUp } from '../src/gas/setup/setup';
import { createWorkspace, type Workspace } from '../src/local/workspace';
import { purchaseApproval } from '../src/templates';

export const OWNER = 'ada@acme.test';
export const RITA = 'rita@acme.test';
export const MAX = 'max@acme.test';
export const laptop = { item: 'Laptop', amount: 1200, costCenter: 'Engineering', justification: 'new hire' };

const PEOPLE: unknown[][] = [
  [RITA, 'Rita Requester', '', MAX, '', '', '', '', ''],
  [MAX, 'Max Manager', 'manager', '', '', '', '', '', ''],
  ['fay@acme.test', 'Fay Finance', 'finance', '', '', '', '', '', ''],
  ['pat@acme.test', 'Pat Procurement', 'procurement', '', '', '', '', '', ''],
];

export interface BenchSheet {
  ws: Workspace;
  ctx(): AppContext;
  /** One execution whose active user is `user`, running as the owner (a trigger or the web app). */
  as<T>(user: string, fn: () => T): T;
  values(tab: string): unknown[][];
  /** Writes rows unmetered, growing the sheet first when they reach past its last row. */
  write(tab: string, a1: string, values: unknown[][]): void;
}

export function benchSheet(): BenchSheet {
  const ws = createWorkspace({ owner: OWNER, start: Date.UTC(2026, 0, 5, 9, 0, 0) });
  const id: string = ws.sheets.create('Handoff', { owner: OWNER, bind: true });
  ws.sheets.setActive(id);
  const services = ws.globals as unknown as Services;
  const app = services.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp;
  const b: BenchSheet = {
    ws,
    ctx: () => createContext(services, { now: () => ws.kernel.clock.now() }),
    as: (user, fn) => ws.kernel.executions.run({ activeUser: user, effectiveUser: OWNER, kind: 'web-app' }, fn),
    values: (tab) => ws.sheets.get(id).values(tab),
    write: (tab, a1, values) =>
      ws.kernel.meter.unmetered(() => {
        const sheet = app.openById(id).getSheetByName(tab)!;
        const need = Number(/\d+/.exec(a1)?.[0] ?? 1) + values.length - 1 - sheet.getMaxRows();
        if (need > 0) sheet.insertRowsAfter(sheet.getMaxRows(), need + 1000);
        ws.sheets.get(id).write(tab, a1, values);
      }),
  };
  b.as(OWNER, () => setUp(b.ctx()));
  b.write('Directory', 'A3', PEOPLE);
  b.as(OWNER, () => publishWorkflow(b.ctx(), purchaseApproval, OWNER));
  return b;
}

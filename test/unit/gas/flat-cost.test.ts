/**
 * Create and approve are units of work (src/gas/plane): one Values.batchGet, the engine, one Spreadsheets.batchUpdate,
 * whatever the number of rows, with no SpreadsheetApp call at all on the warm path.
 */
import { applyActionCommand, createRequestCommand } from '../../../src/gas/commands/requests';
import { governedSheet, laptop, MAX, RITA } from './fixtures';

const actor = (email: string) => ({ email, method: 'session' as const });
type T = ReturnType<typeof governedSheet>;

/** Copies of the first request row with fresh ids, written through the workspace's unmetered internals. */
function seed(t: T, n: number): void {
  const template = t.sheet.values('Requests')[1]!;
  const rows = Array.from({ length: n }, (_, i) => template.map((v, j) => (j === 0 ? `ZZ-${String(i + 1).padStart(6, '0')}` : v)));
  t.sheet.write('Requests', 'A3', rows);
}

function measure(t: T, fn: () => void) {
  const { cost } = t.ws.kernel.measure(fn);
  return { calls: cost.calls, cellsRead: cost.cellsRead };
}

const create = (t: T) =>
  t.as(RITA, () =>
    createRequestCommand(t.ctx(), {
      workflowId: 'purchase-approval',
      requester: RITA,
      fields: laptop,
      channel: 'form',
      actor: actor(RITA),
    }),
  );

function costOfCreateAndApprove(extraRows: number, opts: { forgetHints?: boolean } = {}) {
  const t = governedSheet();
  create(t);
  seed(t, extraRows);
  create(t); // the tail hints follow the seeded rows
  let id = '';
  const c = measure(t, () => {
    id = create(t).request.id;
  });
  if (opts.forgetHints) t.forgetCache();
  const a = measure(t, () => {
    t.as(MAX, () => applyActionCommand(t.ctx(), { requestId: id, action: { type: 'approve' }, actor: actor(MAX), expectedRevision: 1 }));
  });
  return { create: c, approve: a, t };
}

/** SpreadsheetApp calls other than the two handles that name the bound spreadsheet (getActiveSpreadsheet, getId). */
const sheetApp = (calls: Record<string, number>) =>
  Object.entries(calls)
    .filter(([k]) => /^(SpreadsheetApp|Spreadsheet|Sheet|Range|TextFinder)\./.test(k))
    .filter(([k]) => k !== 'SpreadsheetApp.getActiveSpreadsheet' && k !== 'Spreadsheet.getId')
    .reduce((n, [, v]) => n + v, 0);

describe('flat cost', () => {
  it('a create and an approve are one batchGet and one batchUpdate, with 10 or 3,000 rows', () => {
    const small = costOfCreateAndApprove(10);
    const big = costOfCreateAndApprove(3_000);
    for (const op of [small.create, small.approve]) {
      expect(op.calls['Sheets.Spreadsheets.Values.batchGet']).toBe(1);
      expect(op.calls['Sheets.Spreadsheets.batchUpdate']).toBe(1);
      expect(sheetApp(op.calls)).toBe(0);
      expect(op.calls['Lock.waitLock']).toBe(1);
      // Script properties: one read, at most one write (sequence, tail hints, next due).
      expect(op.calls['Properties.getProperties']).toBe(1);
      expect((op.calls['Properties.setProperties'] ?? 0) + (op.calls['Properties.setProperty'] ?? 0)).toBeLessThanOrEqual(1);
      expect(op.calls['Properties.getProperty'] ?? 0).toBe(0);
    }
    expect(big.create.calls).toEqual(small.create.calls);
    expect(big.approve.calls).toEqual(small.approve.calls);
    // The reads do not grow with the rows either: the tails start at their hints.
    expect(big.create.cellsRead).toBe(small.create.cellsRead);
    expect(big.approve.cellsRead).toBe(small.approve.cellsRead);
  });

  it('an append past the grid is part of the one write (appendCells grows the sheet)', () => {
    const t = governedSheet();
    const ss = () => (t.services.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp).openById(t.spreadsheetId);
    const audit = () => ss().getSheetByName('Audit')!;
    create(t);
    // Shrink Audit to exactly its content, so the next append does not fit.
    t.ws.kernel.meter.unmetered(() => audit().deleteRows(audit().getLastRow() + 1, audit().getMaxRows() - audit().getLastRow()));
    const before = t.ws.kernel.meter.unmetered(() => audit().getMaxRows());
    const c = measure(t, () => create(t));
    expect(c.calls['Sheets.Spreadsheets.batchUpdate']).toBe(1);
    expect(t.ws.kernel.meter.unmetered(() => audit().getMaxRows())).toBeGreaterThan(before);
    create(t);
    expect(
      t.sheet
        .values('Requests')
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['PR-000001', 'PR-000002', 'PR-000003']);
  });

  it('without the cached row hint, the request is found with one TextFinder lookup and a read of its row (still flat)', () => {
    const small = costOfCreateAndApprove(10, { forgetHints: true });
    const big = costOfCreateAndApprove(3_000, { forgetHints: true });
    expect(big.approve.calls).toEqual(small.approve.calls);
    expect(small.approve.calls['TextFinder.findNext'] ?? 0).toBeLessThanOrEqual(1);
    expect(small.approve.calls['Sheets.Spreadsheets.Values.batchGet']).toBeLessThanOrEqual(2);
    const hinted = costOfCreateAndApprove(10);
    expect(hinted.approve.calls['TextFinder.findNext'] ?? 0).toBe(0);
  });

  it('with the script cache expired, Config and Directory ride in the same read and are cached for the stamp', () => {
    const t = governedSheet();
    create(t);
    t.forgetCache();
    const cold = measure(t, () => create(t));
    expect(cold.calls['Sheets.Spreadsheets.Values.batchGet']).toBe(1);
    expect(cold.calls['Cache.putAll']).toBeGreaterThanOrEqual(1);
    const warm = measure(t, () => create(t));
    expect(warm.calls['Sheets.Spreadsheets.Values.batchGet']).toBe(1);
    expect(warm.cellsRead).toBeLessThan(cold.cellsRead);
  });
});

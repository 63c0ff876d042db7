/**
 * The timers' scan of Requests starts at the first request that is not closed (src/gas/timers/scan-start.ts): the
 * rows above it stay closed, so the scan grows with the open work, not with every request ever made. The start is
 * checked by the ID of the row above it, and a full scan runs at least once a day.
 */
import { runTimers } from '../../../../src/gas/timers/dispatcher';
import { startedScan } from '../../../../src/gas/timers/scan-start';
import { OWNER, PAT, timersWorld } from './helpers';

/** `closed` closed requests (one real, the rest copies under fresh ids), then one open request. */
function world(closed: number) {
  const w = timersWorld(Date.UTC(2026, 2, 10, 13, 0));
  const first = w.create('Closed');
  w.act(first, { type: 'transition', name: 'close' }, PAT);
  const values = w.sheet.values('Requests');
  const template = values[1] as unknown[];
  const id = (values[0] as string[]).indexOf('ID');
  w.sheet.write(
    'Requests',
    'A3',
    Array.from({ length: closed - 1 }, (_, i) => template.map((v, j) => (j === id ? `DR-9${String(i).padStart(5, '0')}` : v))),
  );
  const open = w.create('Open');
  return { w, open, openRow: closed + 2 };
}

const scanOf = (w: ReturnType<typeof world>['w']) => {
  let out!: ReturnType<typeof startedScan>;
  const { cellsRead } = w.ws.kernel.measure(() => {
    out = w.as(OWNER, () => startedScan(w.c()));
  }).cost;
  return { ...out, cellsRead };
};

describe('where the timers scan from', () => {
  it('a run stores the first open row; the next scan reads from there, whatever the closed rows above it', () => {
    const small = world(5);
    const big = world(400);
    for (const { w } of [small, big]) w.as(OWNER, () => runTimers(w.c()));
    const a = scanOf(small.w);
    const b = scanOf(big.w);
    expect([a.scan.firstRow, b.scan.firstRow]).toEqual([small.openRow, big.openRow]);
    expect(b.scan.rows.map((r) => r.id)).toEqual([big.open]);
    expect(b.cellsRead).toBe(a.cellsRead);
  });

  it('rows removed above the start (its anchor moved) or a day passed: the scan starts at row 2 again', () => {
    const { w, open, openRow } = world(20);
    w.as(OWNER, () => runTimers(w.c()));
    expect(scanOf(w).scan.firstRow).toBe(openRow);
    w.ws.kernel.clock.set(w.ws.kernel.clock.now() + 86_400_000);
    expect(scanOf(w).used).toBeNull();
    w.as(OWNER, () => runTimers(w.c()));
    expect(scanOf(w).scan.firstRow).toBe(openRow);
    w.as(OWNER, () => w.services.SpreadsheetApp.openById(w.spreadsheetId).getSheetByName('Requests')!.deleteRow(5));
    const after = scanOf(w);
    expect(after.used).toBeNull();
    expect(after.scan.firstRow).toBe(2);
    expect(after.scan.rows.map((r) => r.id)).toContain(open);
  });

  it('an open request keeps the start at its row until it closes', () => {
    const { w, open, openRow } = world(10);
    const later = w.create('Later');
    w.as(OWNER, () => runTimers(w.c()));
    expect(scanOf(w).scan.firstRow).toBe(openRow);
    w.act(open, { type: 'transition', name: 'close' }, PAT);
    w.as(OWNER, () => runTimers(w.c()));
    const s = scanOf(w);
    expect(s.scan.firstRow).toBe(openRow + 1);
    expect(s.scan.rows.map((r) => r.id)).toEqual([later]);
  });
});

/**
 * A request's timeline in the sidebar finds its Audit rows with one TextFinder search, so the cells it reads do not
 * grow with the Audit log (no read grows with history).
 */
import * as panel from '../../../../src/gas/panel';
import { call, createAs, OLGA, panelSheet } from './helpers';
import { RITA } from '../fixtures';

function viewCost(extraAuditRows: number) {
  const t = panelSheet();
  const id = createAs(t, RITA).request.id;
  if (extraAuditRows > 0) {
    // Other requests' events, copied under other request ids (unmetered), between nothing and the end of the log.
    const values = t.sheet.values('Audit');
    const head = values[0] as string[];
    const req = head.indexOf('Request');
    const row = values[1] as unknown[];
    t.sheet.write(
      'Audit',
      `A${values.length + 1}`,
      Array.from({ length: extraAuditRows }, (_, i) => row.map((v, j) => (j === req ? `PR-9${String(i).padStart(5, '0')}` : v))),
    );
  }
  let view!: ReturnType<typeof panel.getRequestView>;
  const { cost } = t.ws.kernel.measure(() => {
    view = call(t, OLGA, panel.getRequestView, { requestId: id });
  });
  return { view, cellsRead: cost.cellsRead, calls: cost.calls };
}

test('the timeline reads the same cells with 0 and 3,000 other Audit rows, and still finds every event', () => {
  const small = viewCost(0);
  const big = viewCost(3_000);
  expect(big.view.timeline.map((e) => e.action)).toEqual(small.view.timeline.map((e) => e.action));
  expect(big.view.timeline[0]).toMatchObject({ action: 'create', actor: RITA });
  expect(big.calls['TextFinder.findAll']).toBe(1);
  expect(big.cellsRead).toBe(small.cellsRead);
});

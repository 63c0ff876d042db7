/**
 * Finding rows by a cell without reading the column (Table.findRows: one TextFinder search in Sheets): a request
 * without a cached row hint costs the same cells with 10 and 3,000 requests, and several ids are found at once.
 */
import { REQUESTS } from '../../../src/gas/sheet/tabs';
import { RequestStore } from '../../../src/gas/store/requests';
import { createRequestCommand } from '../../../src/gas/commands/requests';
import { governedSheet, laptop, RITA } from './fixtures';

type T = ReturnType<typeof governedSheet>;

function world(extra: number): { t: T; id: string } {
  const t = governedSheet();
  const id = t.as(RITA, () =>
    createRequestCommand(t.ctx(), {
      workflowId: 'purchase-approval',
      requester: RITA,
      fields: laptop,
      channel: 'form',
      actor: { email: RITA, method: 'session' },
    }),
  ).request.id;
  const template = t.sheet.values('Requests')[1]!;
  // Copies above it would move it; copies below keep it at row 2. Ids that contain the searched one as a prefix.
  t.sheet.write(
    'Requests',
    'A3',
    Array.from({ length: extra }, (_, i) => template.map((v, j) => (j === 0 ? `${id}${i}` : v))),
  );
  t.ws.caches.caches.clear();
  return { t, id };
}

test('a request without a row hint: the same cells read with 10 and 3,000 rows, and only the exact id matches', () => {
  const cost = (extra: number) => {
    const { t, id } = world(extra);
    let row = 0;
    const { cellsRead } = t.ws.kernel.measure(() => {
      row = t.as(RITA, () => new RequestStore(t.ctx()).find(id)?.row ?? 0);
    }).cost;
    return { row, cellsRead };
  };
  const small = cost(10);
  const big = cost(3_000);
  expect([small.row, big.row]).toEqual([2, 2]);
  expect(big.cellsRead).toBe(small.cellsRead);
});

test('several texts in one search (a regular expression, its characters escaped); blanks and repeats ignored', () => {
  const { t, id } = world(20);
  const table = t.as(RITA, () => t.ctx().table(REQUESTS));
  expect(table.findRows('ID', [`${id}3`, `${id}17`, '', `${id}3`])).toEqual([6, 20]);
  expect(table.findRows('ID', [`${id}.`, `${id}1`])).toEqual([4]);
  expect(table.findRows('ID', [])).toEqual([]);
  const { calls } = t.ws.kernel.measure(() => table.findRows('ID', [id, `${id}5`])).cost;
  expect(calls['TextFinder.findAll']).toBe(1);
});

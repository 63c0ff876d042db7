/** ChangeSet row deletions (the Outbox queue's removals): one deleteDimension per run of rows, the lowest run last. */
import { ChangeSet, toRequests } from '../../../../src/gas/plane/changeset';
import type { PlaneSchema } from '../../../../src/gas/plane/schema';

const schema: PlaneSchema = {
  stamp: 's',
  tz: 'Etc/UTC',
  tabs: { Outbox: { sheetId: 7, headers: ['ID', 'Status'], dates: [false, false], rowCount: 100, columnCount: 2 } },
};
const codec = { tz: 'Etc/UTC', zone: () => 0 };

test('rows to delete become runs, deleted bottom-up after the rewrites, each row once', () => {
  const c = new ChangeSet();
  c.update('Outbox', 3, ['b', 'failed']);
  c.remove('Outbox', [2, 5, 6, 7, 9, 6, 1]); // row 1 (the header) is never deleted
  expect(c.empty).toBe(false);
  const reqs = toRequests(c, schema, codec);
  expect(reqs[0]).toHaveProperty('updateCells');
  const ranges = reqs.slice(1).map((r) => (r.deleteDimension as { range: { startIndex: number; endIndex: number } }).range);
  expect(ranges.map((r) => [r.startIndex, r.endIndex])).toEqual([
    [8, 9],
    [4, 7],
    [1, 2],
  ]);
  c.clear();
  expect(c.empty).toBe(true);
});

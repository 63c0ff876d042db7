/**
 * The Sheet-backed writer of Requests rows (RequestStore: commands' and the timers' batch path) adds a continuation
 * column a request needs before it writes the row, once: a Table opened before learns the column instead of adding
 * it again, and rows it built before are written with the new (empty) cell.
 */
import { withLock } from '../../../../src/gas/lock';
import { REQUESTS } from '../../../../src/gas/sheet/tabs';
import { Table } from '../../../../src/gas/sheet/table';
import { RequestStore, requestCells } from '../../../../src/gas/store/requests';
import { createRequestAs, governedSheet, laptop } from '../fixtures';
import { OWNER } from '../workspace';

test('RequestStore.update adds "Fields (2)" with its header, once; the request reads back whole', () => {
  const t = governedSheet();
  const create = () => createRequestAs(t);
  const [a, b] = [create(), create()];
  const headers = () => (t.sheet.values('Requests')[0] ?? []).map(String);
  expect(headers()).not.toContain('Fields (2)');
  const justification = 'j'.repeat(60_000);
  t.as(OWNER, () => {
    const ctx = t.ctx();
    withLock(ctx, () => {
      const store = new RequestStore(ctx);
      const before = Table.open(ctx.spreadsheet(), REQUESTS); // another holder, opened before the column exists
      const la = store.find(a)!;
      const lb = store.find(b)!;
      const rowB = requestCells(ctx, before, { ...lb.request, fields: { ...lb.request.fields, vendor: 'Acme' } }, lb.cells);
      expect(rowB).toHaveLength(18);
      store.update(la.row, la.cells, { ...la.request, fields: { ...la.request.fields, justification } });
      expect(headers().filter((h) => h === 'Fields (2)')).toHaveLength(1);
      // The holder opened before learns the column when it needs it, instead of adding a second one.
      requestCells(ctx, before, { ...la.request, fields: { ...la.request.fields, justification } }, la.cells);
      expect(headers().filter((h) => h === 'Fields (2)')).toHaveLength(1);
      expect(before.width).toBe(19);
      // A row built before the column was learned is written with the new cell empty.
      before.writeRow(lb.row, rowB);
    });
  });
  const read = t.as(OWNER, () => new RequestStore(t.ctx()));
  expect(read.find(a)!.request.fields.justification).toBe(justification);
  expect(read.find(b)!.request.fields).toMatchObject({ ...laptop, vendor: 'Acme' });
  const row = t.sheet.values('Requests')[2]!;
  expect(row[headers().indexOf('Fields (2)')]).toBe('');
});

import { RITA } from '../fixtures';
import { intakeWorld, valid } from './helpers';

/** Sheet calls of one submission after seeding `n` more requests (and their Intake log rows). */
function costAt(n: number) {
  const t = intakeWorld();
  const link = t.generate();
  t.w.forms.submitAs(link.formId, RITA, valid); // the first request: a row to copy
  const reqRow = t.sheet.values('Requests')[1]!;
  const logRow = t.sheet.values('Intake log')[1]!;
  t.sheet.write(
    'Requests',
    'A3',
    Array.from({ length: n }, (_, i) => reqRow.map((v, j) => (j === 0 ? `ZZ-${String(i + 1).padStart(6, '0')}` : v))),
  );
  t.sheet.write(
    'Intake log',
    'A3',
    Array.from({ length: n }, (_, i) =>
      logRow.map((v, j) => (j === 0 ? `seed-${i}` : j === 2 ? `ZZ-${String(i + 1).padStart(6, '0')}` : v)),
    ),
  );
  let status = '';
  const api = t.ws.kernel.measure(() => t.w.forms.submitAs(link.formId, RITA, { ...valid, Item: 'Lamp' })).cost.calls;
  const cost = t.sheetCalls(() => {
    status = (t.w.forms.submitAs(link.formId, RITA, { ...valid, Item: 'Chair' }).runs[0]!.result as { status: string }).status;
  });
  const dup = t.sheetCalls(() => {
    const rid = t.w.forms.submitAs(link.formId, RITA, { ...valid, Item: 'Desk' }, { deliveries: 2 });
    expect(rid.runs.map((r) => (r.result as { status: string }).status)).toEqual(['created', 'duplicate']);
  });
  return { status, cost, dup, api, rows: t.rows('Requests').length };
}

describe('intake: the calls per submission stay flat as the Requests tab grows', () => {
  it('a new response is one batchGet and one batchUpdate, with 10 and 3,000 existing requests', () => {
    const small = costAt(10);
    const big = costAt(3_000);
    expect(small.status).toBe('created');
    expect(big.rows).toBe(3_000 + 4);
    expect(big.api).toEqual(small.api);
    expect(small.api['Sheets.Spreadsheets.Values.batchGet']).toBe(1);
    expect(small.api['Sheets.Spreadsheets.batchUpdate']).toBe(1);
    // No SpreadsheetApp round trip: the response id is found in the Index, not by reading a column.
    expect(small.cost.calls).toBe(0);
    expect(big.cost.detail).toEqual(small.cost.detail);
    // A second delivery of the same response is recognised from the Index and changes nothing.
    expect(big.dup.detail).toEqual(small.dup.detail);
  });
});

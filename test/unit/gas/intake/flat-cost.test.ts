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
  const cost = t.sheetCalls(() => {
    status = (t.w.forms.submitAs(link.formId, RITA, { ...valid, Item: 'Chair' }).runs[0]!.result as { status: string }).status;
  });
  const dup = t.sheetCalls(() => {
    const rid = t.w.forms.submitAs(link.formId, RITA, { ...valid, Item: 'Desk' }, { deliveries: 2 });
    expect(rid.runs.map((r) => (r.result as { status: string }).status)).toEqual(['created', 'duplicate']);
  });
  return { status, cost, dup, rows: t.rows('Requests').length };
}

describe('intake: Sheet calls per submission stay flat as the Requests tab grows', () => {
  it('a submission costs the same SpreadsheetApp calls with 10 and 3,000 existing requests', () => {
    const small = costAt(10);
    const big = costAt(3_000);
    expect(small.status).toBe('created');
    expect(big.rows).toBe(3_000 + 3);
    expect(big.cost.detail).toEqual(small.cost.detail);
    expect(big.dup.detail).toEqual(small.dup.detail);
    expect(small.cost.calls).toBeGreaterThan(0);
    expect(small.cost.calls).toBeLessThan(60);
  });
});

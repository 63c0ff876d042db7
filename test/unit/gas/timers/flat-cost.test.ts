/** Sheet calls of one dispatcher run do not grow with the number of requests (the meter proves it). */
import { runTimers } from '../../../../src/gas/timers/dispatcher';
import { OWNER } from '../workspace';
import { seededWorld } from './helpers';

function oneRun(rows: number, due: number) {
  const w = seededWorld(rows, due);
  let report: ReturnType<typeof runTimers> | null = null;
  const { calls, detail } = w.sheetCalls(() => {
    report = w.as(OWNER, () => runTimers(w.c()));
  });
  return { calls, detail, report: report! };
}

test('with nothing due, 300 and 3,000 open requests cost the same Sheet calls', () => {
  const small = oneRun(300, 0);
  const large = oneRun(3_000, 0);
  expect(small.report.reminders).toBe(0);
  expect(large.calls).toBe(small.calls);
  expect(large.detail).toEqual(small.detail);
});

test('with the same 12 reminders due, 300 and 3,000 rows cost the same Sheet calls (changed rows written in batches)', () => {
  const small = oneRun(300, 12);
  const large = oneRun(3_000, 12);
  expect(small.report.reminders).toBe(12);
  expect(large.report.reminders).toBe(12);
  expect(large.calls).toBe(small.calls);
  // The 12 changed rows are consecutive: one Audit append, one Outbox append and one setValues for the 12 rows.
  // The Outbox sender writes nothing per send: it claims in one batchUpdate and records in another.
  const writes = (d: Record<string, number>) => d['Range.setValues'] ?? 0;
  expect(small.report.sent).toBe(12);
  expect(writes(small.detail)).toBe(3);
  expect(small.detail['SpreadsheetApp.flush']).toBe(2); // the SLA batch's two (commit, lock release), none per send
});

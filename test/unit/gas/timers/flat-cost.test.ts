/** Calls of one dispatcher run do not grow with the number of requests (the meter proves it). */
import { runTimers } from '../../../../src/gas/timers/dispatcher';
import { OWNER } from '../workspace';
import { seededWorld } from './helpers';

/** Spreadsheet calls (SpreadsheetApp and the Sheets API) and every call, by method. */
function oneRun(rows: number, due: number) {
  const w = seededWorld(rows, due);
  let report: ReturnType<typeof runTimers> | null = null;
  const { cost } = w.ws.kernel.measure(() => {
    report = w.as(OWNER, () => runTimers(w.c()));
  });
  const sheet = Object.fromEntries(
    Object.entries(cost.calls).filter(([k]) => /^(Sheets|Sheet|Range|Spreadsheet|SpreadsheetApp)\./.test(k)),
  );
  return { detail: sheet, all: cost.calls, report: report! };
}

test('with nothing due, 300 and 3,000 open requests cost the same calls', () => {
  const small = oneRun(300, 0);
  const large = oneRun(3_000, 0);
  expect(small.report.reminders).toBe(0);
  expect(large.detail).toEqual(small.detail);
  expect(large.all).toEqual(small.all);
});

test('with the same 12 reminders due, 300 and 3,000 rows cost the same calls: two units of work in all', () => {
  const small = oneRun(300, 12);
  const large = oneRun(3_000, 12);
  expect(small.report.reminders).toBe(12);
  expect(large.report.reminders).toBe(12);
  expect(large.detail).toEqual(small.detail);
  expect(small.report.sent).toBe(12);
  // The first unit (lease, scan, the 12 rows, their Audit and Outbox rows written claimed) and the Outbox's record:
  // one batchGet and one batchUpdate each. Nothing through SpreadsheetApp's ranges, no flush, no claim unit.
  expect(small.detail['Sheets.Spreadsheets.Values.batchGet']).toBe(2);
  expect(small.detail['Sheets.Spreadsheets.batchUpdate']).toBe(2);
  expect(small.detail['Range.setValues']).toBeUndefined();
  expect(small.detail['Sheet.getSheetValues']).toBeUndefined();
  expect(small.detail['SpreadsheetApp.flush']).toBeUndefined();
  // Two locks (the first unit, the record); the run's properties written twice: the first unit's (lease, tail hints)
  // and the run's last (summary, next-due time, scan start, lease released); no deleteProperty.
  expect(small.all['Lock.waitLock']).toBe(2);
  expect(small.all['Properties.setProperty'] ?? 0).toBe(0);
  expect(small.all['Properties.deleteProperty'] ?? 0).toBe(0);
  expect(small.all['Utilities.getUuid']).toBe(1);
});

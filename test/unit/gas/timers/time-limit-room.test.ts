/**
 * The dispatcher's time budget leaves room before Apps Script's 6-minute stop, which cannot be caught: a run
 * that reached the stop would lose its checkpoint and leave its lease to expire. Under the cost model
 * (simulateLatency) a run with the default budget (4.5 minutes) and more due work than fits in it stops at the
 * budget and saves a checkpoint; the execution completes and is not recorded TIMED_OUT.
 */
import { runTimers } from '../../../../src/gas/timers/dispatcher';
import { DEFAULT_BUDGET_MS, readState } from '../../../../src/gas/timers/state';
import { OWNER } from '../workspace';
import { seededWorld } from './helpers';

const SIX_MINUTES = 6 * 60_000;

// 20,000 seeded rows, all due (a batch of 40 is one unit of work, about 0.8 s in the cost model: 500 of them do not
// fit in 4.5 minutes), take a few seconds to set up on a busy machine.
jest.setTimeout(60_000);

test('a run with the default budget and too much due work stops at the budget, well before the 6-minute stop', () => {
  const w = seededWorld(20_000, 20_000);
  w.ws.kernel.simulateLatency = true;
  const report = w.as(OWNER, () => runTimers(w.c()));
  const last = w.ws.kernel.executions.history.at(-1)!;
  expect(last.status).toBe('COMPLETED');
  expect(report.outcome).toBe('stopped_at_budget');
  expect(readState(w.c()).checkpoint).not.toBeNull();
  const ran = report.endedAt - report.startedAt;
  expect(ran).toBeGreaterThanOrEqual(DEFAULT_BUDGET_MS);
  // What the run did after its last deadline check fits in the 90 s between the budget and the stop, with room
  // (measured: about 6 s past the budget with 20,000 open requests).
  expect(ran).toBeLessThan(DEFAULT_BUDGET_MS + 60_000);
  expect(last.durationMs).toBeLessThan(SIX_MINUTES);
});

test('the same run with a budget past 6 minutes is stopped by Apps Script: no report, no checkpoint, TIMED_OUT', () => {
  const w = seededWorld(20_000, 20_000);
  w.ws.kernel.simulateLatency = true;
  expect(() => w.as(OWNER, () => runTimers(w.c(), { budgetMs: 7 * 60_000 }))).toThrow('Exceeded maximum execution time');
  expect(w.ws.kernel.executions.history.at(-1)!.status).toBe('TIMED_OUT');
  w.ws.kernel.simulateLatency = false;
  expect(readState(w.c()).checkpoint).toBeNull();
});

/**
 * The timers' first unit of work (src/gas/timers/sla-unit.ts): the lease, the scan, the due rows, their Audit and
 * Outbox rows (written claimed) in one batchGet and one batchUpdate. A run killed after it leaves its lease, which
 * expires; the claimed rows go out once after the Outbox lease; a request changed between the scan and a later
 * batch is decided again on its fresh row.
 */
import { readAudit, readOutbox } from '../../../../src/gas/commands/read';
import { isIdle, runTimers } from '../../../../src/gas/timers/dispatcher';
import { readNextDue } from '../../../../src/gas/plane/next-due';
import { LEASE_MS, readState } from '../../../../src/gas/timers/state';
import { RequestStore } from '../../../../src/gas/store/requests';
import { OWNER } from '../workspace';
import { PAT, timersWorld, type TimersWorld } from './helpers';

const at = (d: number, h: number, m = 0) => Date.UTC(2026, 2, d, h, m);

/** n requests, their "assigned" mail sent, the clock at Tue 10 March 15:05 UTC (the 4-hour reminders due). */
function withDue(n: number): { w: TimersWorld; ids: string[] } {
  const w = timersWorld(at(6, 20));
  const ids = Array.from({ length: n }, (_, i) => w.create(`Item ${i}`));
  w.as(OWNER, () => runTimers(w.c()));
  w.ws.kernel.clock.set(at(10, 15, 5));
  return { w, ids };
}

const run = (w: TimersWorld, opts: Parameters<typeof runTimers>[1] = {}) => w.as(OWNER, () => runTimers(w.c(), opts));
const reminderMails = (w: TimersWorld) => w.mail.controls.inbox(PAT).filter((m) => /reminder/i.test(m.subject));
const mentions = (w: TimersWorld, ids: readonly string[]) =>
  ids.map((id) => reminderMails(w).filter((m) => `${m.subject}\n${m.body}`.includes(id)).length);

test('a run killed after its first unit: its lease keeps other runs out until it expires; the claimed reminders go out once, after the Outbox lease', () => {
  const { w, ids } = withDue(3);
  const start = w.ws.kernel.clock.now();
  // Apps Script stops the execution right after the first unit wrote (the sweep runs next): every later call fails.
  expect(() =>
    run(w, {
      sweep: () => {
        w.ws.kernel.executions.markTimedOut(w.ws.kernel.executions.current());
        throw new Error('Exceeded maximum execution time');
      },
    }),
  ).toThrow(/Exceeded maximum execution time/);
  expect(reminderMails(w)).toHaveLength(0);
  // The unit's one write landed whole: the reminders recorded, their Outbox rows claimed (attempt 1, leased).
  expect(readAudit(w.c()).filter((e) => e.event.action === 'reminder')).toHaveLength(3);
  expect(readOutbox(w.c()).map((o) => [o.kind, o.status, o.attempts])).toEqual(ids.map(() => ['reminder', 'pending', 1]));
  const lease = readState(w.c()).lease!;
  expect(lease.until).toBe(start + LEASE_MS);
  // A minute later the lease is live: the next run leaves at once and writes nothing.
  w.ws.kernel.clock.set(start + 60_000);
  expect(run(w).outcome).toBe('busy');
  expect(readState(w.c()).lease).toEqual(lease);
  // Once it expired (6.5 minutes), runs work again; the claimed rows wait for their own lease (10 minutes).
  w.ws.kernel.clock.set(start + LEASE_MS + 30_000);
  const after = run(w);
  expect(after.outcome).toBe('done');
  expect(after.reminders).toBe(0); // recorded once, by the killed run
  expect(reminderMails(w)).toHaveLength(0);
  w.ws.kernel.clock.set(start + 11 * 60_000);
  expect(run(w).sent).toBe(3);
  expect(mentions(w, ids)).toEqual([1, 1, 1]);
  expect(readOutbox(w.c())).toEqual([]);
  // Released at the end of a run (no deleteProperty: the run's last setProperties marks it expired).
  expect(readState(w.c()).lease!.until).toBeLessThanOrEqual(w.ws.kernel.clock.now());
});

test('a request changed between the scan and its batch is decided again on its fresh row, and the change is kept', () => {
  const { w, ids } = withDue(2);
  const [first, second] = ids as [string, string];
  // Batches of one: the first unit takes the first request; the second goes in a later unit. In between (the sweep
  // runs after the first unit), Pat closes the second request.
  const r = run(w, {
    batchSize: 1,
    sweep: () => {
      w.act(second, { type: 'transition', name: 'close' }, PAT);
      return { created: 0 };
    },
  });
  expect(r.reminders).toBe(1);
  const reminded = readAudit(w.c())
    .filter((e) => e.event.action === 'reminder')
    .map((e) => e.event.requestId);
  expect(reminded).toEqual([first]);
  const closed = w.as(OWNER, () => new RequestStore(w.c()).find(second))!.request;
  expect(closed.state).toBe('done'); // the batch did not write back the row it scanned
  expect(mentions(w, ids)).toEqual([1, 0]);
  // Without the change, both are reminded in the same two batches.
  const control = withDue(2);
  expect(run(control.w, { batchSize: 1 }).reminders).toBe(2);
  expect(mentions(control.w, control.ids)).toEqual([1, 1]);
});

test('the first unit writes the run lease with the scan and the reminders: no lease unit, no claim unit', () => {
  const { w } = withDue(3);
  const { cost } = w.ws.kernel.measure(() => run(w));
  expect(cost.calls['Sheets.Spreadsheets.Values.batchGet']).toBe(2); // the first unit, the record
  expect(cost.calls['Sheets.Spreadsheets.batchUpdate']).toBe(2);
  expect(cost.calls['Lock.waitLock']).toBe(2);
  expect(cost.calls['Lock.tryLock'] ?? 0).toBe(0);
  expect(cost.calls['Properties.setProperties']).toBe(2); // the first unit's (lease, tail hints), the run's last
  expect(cost.calls['Properties.setProperty'] ?? 0).toBe(0);
  expect(cost.calls['Properties.deleteProperty'] ?? 0).toBe(0);
});

test('after a run that sent the due reminders, the stored next-due time is the next reminder: the next run is idle', () => {
  const { w } = withDue(2);
  expect(run(w).reminders).toBe(2);
  const at = w.as(OWNER, () => {
    const ctx = w.c();
    return readNextDue(ctx, ctx.props());
  });
  expect(at).toBeGreaterThan(w.ws.kernel.clock.now());
  expect(w.as(OWNER, () => isIdle(w.c()))).toBe(true);
});

/**
 * The idle timer: the next time anything is due is kept in one script property. A run before it reads the
 * properties and stops (isIdle); every write that makes something due lowers it; a run that did the work sets it
 * to the earliest thing it found (an SLA reminder or deadline, a digest, an Outbox retry).
 */
import { nextSlaEvent, type SlaInfo } from '../../../../src/core';
import { readNextDue } from '../../../../src/gas/plane/next-due';
import { isIdle, runTimers } from '../../../../src/gas/timers/dispatcher';
import { toggleAutomationAsAdmin } from '../../../../src/gas/timers/admin';
import { desk, OWNER, PEOPLE, timersWorld } from './helpers';

const H = 3_600_000;
/** Tue 10 March 2026, 09:00 in New York (EDT, UTC-4). */
const TUE_9AM = Date.UTC(2026, 2, 10, 13, 0);

const sla = (over: Partial<SlaInfo> = {}): SlaInfo => ({
  state: 'triage',
  budgetMs: 16 * H,
  consumedMs: 0,
  runningSince: TUE_9AM,
  pausedSince: null,
  dueAt: Date.UTC(2026, 2, 11, 21, 0),
  remindersSent: [],
  breachRecorded: false,
  ...over,
});

describe('nextSlaEvent (core)', () => {
  it('is the first reminder not yet sent, in business time; then the next; then the deadline; null while paused', () => {
    expect(nextSlaEvent(desk, sla(), TUE_9AM)).toBe(Date.UTC(2026, 2, 10, 17, 0)); // 4 business hours: 13:00 NY
    expect(nextSlaEvent(desk, sla({ remindersSent: [4] }), TUE_9AM)).toBe(Date.UTC(2026, 2, 10, 21, 0)); // 8 h: 17:00 NY
    expect(nextSlaEvent(desk, sla({ remindersSent: [4, 8] }), TUE_9AM)).toBe(Date.UTC(2026, 2, 11, 21, 0));
    expect(nextSlaEvent(desk, sla({ remindersSent: [4, 8], breachRecorded: true }), TUE_9AM)).toBeNull();
    expect(nextSlaEvent(desk, sla({ runningSince: null, pausedSince: TUE_9AM, dueAt: null }), TUE_9AM)).toBeNull();
    // Events at or before now are the current run's work, not the next.
    expect(nextSlaEvent(desk, sla(), Date.UTC(2026, 2, 10, 17, 0))).toBe(Date.UTC(2026, 2, 10, 21, 0));
  });
});

describe('the stored next-due time', () => {
  // Nobody takes daily digests here, so the SLA events alone set the time.
  const world = () => {
    const w = timersWorld(TUE_9AM);
    w.sheet.write(
      'Directory',
      'A3',
      PEOPLE.map((p) => p.map((v, i) => (i === 8 ? '' : v))),
    );
    return w;
  };
  const stored = (w: ReturnType<typeof world>) => {
    const ctx = w.c();
    return readNextDue(ctx, ctx.props());
  };

  it('a create lowers it; the run that sends the mail sets it to the first reminder; before it a run is idle', () => {
    const w = world();
    w.create('Desk');
    expect(stored(w)).toBeLessThanOrEqual(w.ws.kernel.clock.now());
    expect(isIdle(w.c())).toBe(false);
    w.as(OWNER, () => runTimers(w.c()));
    expect(stored(w)).toBe(Date.UTC(2026, 2, 10, 17, 0));
    w.ws.kernel.clock.set(Date.UTC(2026, 2, 10, 16, 59));
    expect(isIdle(w.c())).toBe(true);
    w.ws.kernel.clock.set(Date.UTC(2026, 2, 10, 17, 0));
    expect(isIdle(w.c())).toBe(false);
    const report = w.as(OWNER, () => runTimers(w.c()));
    expect(report.reminders).toBe(1);
    expect(stored(w)).toBe(Date.UTC(2026, 2, 10, 21, 0));
  });

  it('pausing stops the runs; resuming lowers the time so the next run catches up', () => {
    const w = world();
    w.create('Desk');
    w.as(OWNER, () => toggleAutomationAsAdmin(w.c()));
    w.as(OWNER, () => runTimers(w.c()));
    expect(stored(w)).toBe(Number.MAX_SAFE_INTEGER);
    expect(isIdle(w.c())).toBe(true);
    w.as(OWNER, () => toggleAutomationAsAdmin(w.c()));
    expect(isIdle(w.c())).toBe(false);
  });
});

/**
 * The idle timer: the next time anything is due is kept in one script property. A run before it reads the
 * properties and stops (isIdle); every write that makes something due lowers it; a run that did the work sets it
 * to the earliest thing it found (an SLA reminder or deadline, a digest, an Outbox retry).
 */
import { nextSlaEvent, type SlaInfo } from '../../../../src/core';
import { readNextDue } from '../../../../src/gas/plane/next-due';
import { isIdle, runTimers } from '../../../../src/gas/timers/dispatcher';
import { toggleAutomationAsAdmin } from '../../../../src/gas/timers/admin';
import type { AppContext } from '../../../../src/gas/context';
import { createRequestCommand } from '../../../../src/gas/commands/requests';
import { alertOperatorsOnce } from '../../../../src/gas/intake/park';
import { LEASE_MS as OUTBOX_LEASE_MS } from '../../../../src/gas/mail/outbox-claim';
import { LEASE_MS } from '../../../../src/gas/timers/state';
import { desk, OWNER, PAT, PEOPLE, REQ, runKilledAfterFirstWrite, timersWorld } from './helpers';

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

/** A request made from a form response inside a run (the run's own context: its intake retry or sweep). */
const formRequest = (w: ReturnType<typeof timersWorld>, ctx: AppContext, item: string): string =>
  w.as(REQ, () =>
    createRequestCommand(ctx, {
      workflowId: 'desk',
      requester: REQ,
      fields: { item, owner: PAT },
      channel: 'form',
      actor: { email: REQ, method: 'form_response' },
    }),
  ).request.id;

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

  it("a request the run's own intake retry makes keeps the time its create lowered: its mail goes at the next run", () => {
    const w = world();
    w.as(OWNER, () => runTimers(w.c())); // nothing open: the stored time is far off
    const far = stored(w);
    let made = '';
    const report = w.as(OWNER, () =>
      runTimers(w.c(), {
        // The intake phase runs last, after the Outbox: a response that found the lock busy becomes a request now.
        intakeRetry: (ctx) => {
          made = formRequest(w, ctx, 'Late lamp');
          return { retried: 1, pending: 0 };
        },
      }),
    );
    expect(report.intakeRetried).toBe(1);
    expect(made).not.toBe('');
    expect(far === null || far > w.ws.kernel.clock.now() + H).toBe(true);
    expect(stored(w)).toBeLessThanOrEqual(w.ws.kernel.clock.now()); // not the run's own, later time
    w.ws.kernel.clock.advance(60_000);
    expect(isIdle(w.c())).toBe(false);
    const next = w.as(OWNER, () => runTimers(w.c()));
    // Pat takes a daily digest here: the run folds the new request's "assigned" mail into it.
    expect((next.outbox?.sent ?? 0) + (next.outbox?.digested ?? 0)).toBeGreaterThanOrEqual(1);
    expect(stored(w)).toBeGreaterThan(w.ws.kernel.clock.now()); // and then sets the time to what is really next
  });

  it("what intake writes during the run's sweep is stored at once, under its lock (only the sweep's records wait)", () => {
    const w = world();
    const raw = () => w.ws.kernel.meter.unmetered(() => w.services.PropertiesService.getScriptProperties().getProperties());
    const seqOf = (all: Record<string, string>) => Object.entries(all).find(([k]) => k.endsWith(':seq:DR'))?.[1] ?? null;
    let during: string | null = null;
    let alerted = false;
    w.as(OWNER, () =>
      runTimers(w.c(), {
        sweep: (ctx) => {
          formRequest(w, ctx, 'Swept lamp');
          // A response parked on the way: the operators' alert is claimed once, by a flag set under the lock.
          alertOperatorsOnce(ctx);
          during = seqOf(raw()); // what another execution would read now, with the lock released
          alerted = Object.keys(raw()).some((k) => k.endsWith(':intake:alerted'));
          return { created: 1 };
        },
      }),
    );
    expect(during).toBe('1');
    expect(alerted).toBe(true);
    expect(seqOf(raw())).toBe('1');
  });

  it('a create lowers it; the run that sends the mail sets it to the first reminder; before it a run is idle', () => {
    const w = world();
    expect(stored(w)).toBeNull(); // no run stored a time yet: everything may be due
    w.as(OWNER, () => runTimers(w.c())); // nothing open: the time is far off
    expect(stored(w)).toBeGreaterThan(w.ws.kernel.clock.now() + H);
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

  it("a create by another execution while the run sends keeps its wake-up after the run's last write: its mail goes at the next run", () => {
    const w = timersWorld(TUE_9AM); // Pat takes each mail at once here
    w.as(OWNER, () => runTimers(w.c())); // nothing open: the time is far off
    w.create('First desk');
    const send = w.mail.MailApp.sendEmail.bind(w.mail.MailApp);
    let late = '';
    (w.mail.MailApp as unknown as { sendEmail: unknown }).sendEmail = (...args: unknown[]) => {
      // The run is sending (the lock is free): a requester's create lands now, in its own execution.
      if (!late) late = w.create('Late desk');
      return (send as (...a: unknown[]) => unknown)(...args);
    };
    const report = w.as(OWNER, () => runTimers(w.c()));
    (w.mail.MailApp as unknown as { sendEmail: unknown }).sendEmail = send;
    expect(report.sent).toBeGreaterThanOrEqual(1);
    expect(late).not.toBe('');
    // The run wrote its own time (the first desk's reminder, hours away) last; the late create's time still counts.
    expect(stored(w)).toBeLessThanOrEqual(w.ws.kernel.clock.now());
    expect(isIdle(w.c())).toBe(false);
    const before = w.received(PAT).length;
    w.ws.kernel.clock.advance(60_000);
    const next = w.as(OWNER, () => runTimers(w.c()));
    expect(next.sent).toBeGreaterThanOrEqual(1);
    expect(w.received(PAT).length).toBeGreaterThan(before);
    expect(w.received(PAT).some((m) => m.subject.includes(late))).toBe(true);
    // That run saw the wake-up: the time is what is really next, and the run after it is idle.
    expect(stored(w)).toBeGreaterThan(w.ws.kernel.clock.now());
    expect(isIdle(w.c())).toBe(true);
  });

  it('a run killed after its first unit (the wake-up marked seen there) leaves that work due: a run after the leases sends it', () => {
    const w = timersWorld(TUE_9AM);
    w.as(OWNER, () => runTimers(w.c()));
    const id = w.create('Killed desk');
    expect(() => runKilledAfterFirstWrite(w)).toThrow();
    expect(stored(w)).toBeLessThanOrEqual(w.ws.kernel.clock.now());
    expect(isIdle(w.c())).toBe(false);
    expect(w.received(PAT).some((m) => m.subject.includes(id))).toBe(false);
    // The run's lease, then the Outbox lease on the rows it claimed, expire; no run is idle until the mail went.
    w.ws.kernel.clock.advance(Math.max(LEASE_MS, OUTBOX_LEASE_MS) + 60_000);
    expect(isIdle(w.c())).toBe(false);
    w.as(OWNER, () => runTimers(w.c()));
    expect(w.received(PAT).some((m) => m.subject.includes(id))).toBe(true);
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

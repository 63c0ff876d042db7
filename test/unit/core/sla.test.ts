import {
  addBusinessTime,
  businessTimeBetween,
  intlZoneOffset,
  recordBreach,
  recordReminder,
  slaStatus,
  type Calendar,
  type ZoneOffset,
} from '../../../src/core';
import { purchaseApproval } from '../../../src/templates';
import { act, create, directory, HOUR, ok, publish, step } from './helpers';

const ny: Calendar = { timeZone: 'America/New_York', workingDays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00', holidays: ['2025-03-12'] };
const utc = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);

describe('business calendar', () => {
  it('intlZoneOffset knows DST', () => {
    expect(intlZoneOffset('America/New_York', utc(2025, 1, 15, 12))).toBe(-300);
    expect(intlZoneOffset('America/New_York', utc(2025, 7, 15, 12))).toBe(-240);
    expect(intlZoneOffset('Asia/Kolkata', utc(2025, 7, 15, 12))).toBe(330);
  });

  it('adds business hours within a day and across nights and weekends', () => {
    // Friday 2025-03-07 15:00 EST (20:00Z) + 4h → Monday 11:00 EDT (15:00Z): DST began Sunday 9 March.
    expect(addBusinessTime(ny, utc(2025, 3, 7, 20), 4 * HOUR)).toBe(utc(2025, 3, 10, 15));
    // Tuesday 10:00 EST + 3h → 13:00 EST.
    expect(addBusinessTime(ny, utc(2025, 3, 4, 15), 3 * HOUR)).toBe(utc(2025, 3, 4, 18));
    // Saturday → starts Monday 09:00.
    expect(addBusinessTime(ny, utc(2025, 3, 1, 15), 1 * HOUR)).toBe(utc(2025, 3, 3, 15));
  });

  it('a deadline in business hours does not shift by an hour across a DST change', () => {
    // Friday 09:00 EST + 8h = Friday 17:00; + 16h = Monday 17:00 local, which is 21:00Z after the change (not 22:00Z).
    const fri9 = utc(2025, 3, 7, 14);
    expect(addBusinessTime(ny, fri9, 16 * HOUR)).toBe(utc(2025, 3, 10, 21));
    // And in autumn: Friday 31 Oct 09:00 EDT + 16h → Monday 3 Nov 17:00 EST = 22:00Z.
    expect(addBusinessTime(ny, utc(2025, 10, 31, 13), 16 * HOUR)).toBe(utc(2025, 11, 3, 22));
  });

  it('skips holidays, and measures business time between instants', () => {
    // Tuesday 11 March 16:00 EDT + 2h: Wednesday 12 is a holiday → Thursday 10:00 EDT.
    expect(addBusinessTime(ny, utc(2025, 3, 11, 20), 2 * HOUR)).toBe(utc(2025, 3, 13, 14));
    expect(businessTimeBetween(ny, utc(2025, 3, 7, 20), utc(2025, 3, 10, 15))).toBe(4 * HOUR);
    expect(businessTimeBetween(ny, utc(2025, 3, 10, 15), utc(2025, 3, 7, 20))).toBe(0);
    expect(businessTimeBetween(ny, utc(2025, 3, 11, 13), utc(2025, 3, 13, 13))).toBe(8 * HOUR);
  });

  it('round-trips: business time between start and start+d is d', () => {
    for (const start of [utc(2025, 3, 6, 19, 17), utc(2025, 3, 8, 3), utc(2025, 11, 1, 12)]) {
      for (const d of [0.5, 3, 8, 13, 40]) {
        const end = addBusinessTime(ny, start, d * HOUR);
        expect(businessTimeBetween(ny, start, end)).toBe(d * HOUR);
      }
    }
  });

  it('uses the ZoneOffset port it is given', () => {
    const fixed: ZoneOffset = () => 0;
    expect(addBusinessTime(ny, utc(2025, 3, 4, 9), HOUR, fixed)).toBe(utc(2025, 3, 4, 10));
  });
});

describe('SLA on requests', () => {
  const v = publish(purchaseApproval);
  const good = { item: 'Laptop', amount: 1200, costCenter: 'Engineering', justification: 'new hire' };
  // Tuesday 2025-03-04 10:00 EST.
  const t0 = utc(2025, 3, 4, 15);

  it('starts a 16 business hour clock on entry', () => {
    const r = create(v, good, { now: t0 }).request;
    expect(r.sla).toMatchObject({
      state: 'approval',
      budgetMs: 16 * HOUR,
      consumedMs: 0,
      runningSince: t0,
      dueAt: utc(2025, 3, 6, 15),
      breachRecorded: false,
    });
  });

  it('pauses while waiting on the requester and resumes with the time left', () => {
    let r = create(v, { ...good, amount: 9000 }, { now: t0 }).request;
    r = step(v, r, 'max@example.com', { type: 'approve' }, { now: t0 + 2 * HOUR });
    r = step(v, r, 'fay@example.com', { type: 'request_changes', comment: 'quote?' }, { now: t0 + 3 * HOUR });
    expect(r.sla).toMatchObject({ consumedMs: 3 * HOUR, runningSince: null, pausedSince: t0 + 3 * HOUR, dueAt: null });
    expect(slaStatus(r, v.definition, t0 + 100 * HOUR).status).toBe('paused');
    // Resubmitted a week later (Tuesday 11 March 10:00 EDT = 14:00Z): 13 business hours left → Wednesday is a holiday in `ny`, not in the template.
    const back = utc(2025, 3, 11, 14);
    r = step(v, r, 'rita@example.com', { type: 'resubmit' }, { now: back });
    expect(r.sla).toMatchObject({ consumedMs: 3 * HOUR, runningSince: back, pausedSince: null, dueAt: utc(2025, 3, 12, 19) });
  });

  it('reports reminders and breaches, and records each once', () => {
    const r = create(v, good, { now: t0 }).request;
    expect(slaStatus(r, v.definition, t0 + HOUR)).toMatchObject({ status: 'on_time', remindersDue: [], breachDue: false });
    const at8 = utc(2025, 3, 5, 15);
    const s = slaStatus(r, v.definition, at8);
    expect(s).toMatchObject({ status: 'on_time', remindersDue: [8], consumedMs: 8 * HOUR });
    const rem = ok(recordReminder({ version: v, request: r, now: at8, directory }, 8));
    expect(rem.request.revision).toBe(r.revision + 1);
    expect(rem.request.sla!.remindersSent).toEqual([8]);
    expect(rem.notifications).toEqual([expect.objectContaining({ kind: 'reminder', to: 'max@example.com', step: 'manager' })]);
    expect(rem.events[0]).toMatchObject({ action: 'reminder', actor: 'system', method: 'system' });
    const again = recordReminder({ version: v, request: rem.request, now: at8, directory }, 8);
    expect(!again.ok && again.refusal.code).toBe('wrong_state');

    const late = utc(2025, 3, 6, 16);
    expect(slaStatus(rem.request, v.definition, late)).toMatchObject({ status: 'overdue', breachDue: true });
    const br = ok(recordBreach({ version: v, request: rem.request, now: late, directory }));
    expect(br.request.sla!.breachRecorded).toBe(true);
    expect(br.notifications.map((n) => [n.kind, n.to])).toEqual([
      ['escalation', 'queue:procurement-leads'],
      ['escalation', 'max@example.com'],
    ]);
    const twice = recordBreach({ version: v, request: br.request, now: late, directory });
    expect(!twice.ok && twice.refusal.message).toMatch(/already recorded/);
    const early = recordBreach({ version: v, request: r, now: t0 + HOUR, directory });
    expect(!early.ok && early.refusal.message).toMatch(/is not overdue/);
  });

  it('a terminal request has no SLA', () => {
    const r = step(v, create(v, good, { now: t0 }).request, 'rita@example.com', { type: 'cancel', reason: 'x' });
    expect(slaStatus(r, v.definition, t0 + 1000 * HOUR).status).toBe('none');
    expect(act(v, r, 'olga@example.com', { type: 'cancel', reason: 'x' }).ok).toBe(false);
  });
});

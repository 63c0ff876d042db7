/**
 * The Utilities.formatDate time-zone port (src/gas/zone.ts) agrees with core's Intl one, minute for minute across
 * DST changes, on the local Workspace's Utilities; it is cached per quarter hour; and the gas context hands it to
 * the engine (creating a request with an SLA asks it, not Intl).
 */
import { addBusinessTime, intlZoneOffset, type Calendar, type ZoneOffset } from '../../../src/core';
import { parseOffset, utilitiesZoneOffset } from '../../../src/gas/zone';
import { OWNER } from './workspace';
import { timersWorld } from './timers/helpers';

const HOUR = 3_600_000;
const utc = (y: number, mo: number, d: number, h: number, mi = 0) => Date.UTC(y, mo - 1, d, h, mi);

function port() {
  const w = timersWorld();
  const utilities = w.services.Utilities;
  return { w, zo: utilitiesZoneOffset(utilities) };
}

/** Every 5 minutes from `from` for `hours`: both ports give the same offset. */
function compare(zo: ZoneOffset, zone: string, from: number, hours: number): Array<[string, number, number]> {
  const diffs: Array<[string, number, number]> = [];
  for (let t = from; t < from + hours * HOUR; t += 5 * 60_000) {
    const a = zo(zone, t);
    const b = intlZoneOffset(zone, t);
    if (a !== b) diffs.push([new Date(t).toISOString(), a, b]);
  }
  return diffs;
}

describe('utilitiesZoneOffset', () => {
  const { zo } = port();

  it.each([
    ['America/New_York', utc(2026, 3, 8, 4), -300, -240], // spring forward, 07:00Z
    ['America/New_York', utc(2026, 11, 1, 3), -240, -300], // fall back, 06:00Z
    ['Europe/London', utc(2026, 3, 29, 0), 0, 60],
    ['Europe/Paris', utc(2026, 10, 25, 0), 120, 60],
    ['Australia/Sydney', utc(2026, 4, 4, 14), 660, 600],
    ['Australia/Lord_Howe', utc(2026, 4, 4, 13), 660, 630], // a half-hour DST shift
    ['America/St_Johns', utc(2026, 3, 8, 2), -210, -150], // a half-hour zone
  ])('%s around %s: same offsets as Intl, every 5 minutes over a day', (zone, from, before, after) => {
    expect(compare(zo, zone, from - 6 * HOUR, 24)).toEqual([]);
    // And the change is really inside the window (the test would prove nothing otherwise).
    expect(zo(zone, from - 6 * HOUR)).toBe(before);
    expect(zo(zone, from + 18 * HOUR - 1)).toBe(after);
  });

  it.each([
    ['Asia/Kolkata', 330],
    ['Asia/Kathmandu', 345],
    ['Etc/UTC', 0],
    ['Pacific/Chatham', 825],
  ])('%s: same as Intl (%i)', (zone, offset) => {
    expect(zo(zone, utc(2026, 1, 15, 12))).toBe(offset);
    expect(compare(zo, zone, utc(2026, 1, 15, 0), 24)).toEqual([]);
  });

  it('business deadlines across the DST change are the same with either port', () => {
    const ny: Calendar = {
      timeZone: 'America/New_York',
      workingDays: [1, 2, 3, 4, 5],
      start: '09:00',
      end: '17:00',
      holidays: ['2026-03-09'],
    };
    for (const start of [utc(2026, 3, 6, 14), utc(2026, 3, 6, 20, 30), utc(2026, 10, 30, 13), utc(2026, 10, 30, 21)]) {
      for (const hours of [1, 4, 8, 16, 24]) {
        expect(addBusinessTime(ny, start, hours * HOUR, zo)).toBe(addBusinessTime(ny, start, hours * HOUR, intlZoneOffset));
      }
    }
    // Friday 6 March 09:00 EST + 16 h → Tuesday 10 March 17:00 EDT (the Monday is a holiday): 21:00Z, not 22:00Z.
    expect(addBusinessTime(ny, utc(2026, 3, 6, 14), 16 * HOUR, zo)).toBe(utc(2026, 3, 10, 21));
  });

  it('UTC and its aliases need no call (offset 0 at every instant); a zone at UTC+0 by law today is still asked', () => {
    const { w, zo: fresh } = port();
    const calls = (fn: () => void) => w.ws.kernel.measure(fn).cost.calls['Utilities.formatDate'] ?? 0;
    expect(calls(() => expect(compare(fresh, 'Etc/UTC', utc(2026, 1, 12, 0), 7 * 24)).toEqual([]))).toBe(0);
    expect(calls(() => expect(fresh('GMT', utc(2026, 7, 1, 12))).toBe(0))).toBe(0);
    // Lisbon and Reykjavik: +0000 in January, and Lisbon is +0100 in July; both are asked.
    expect(calls(() => expect(fresh('Europe/Lisbon', utc(2026, 7, 1, 12))).toBe(60))).toBe(2);
    expect(calls(() => expect(fresh('Atlantic/Reykjavik', utc(2026, 1, 15, 12))).toBe(0))).toBe(2);
  });

  it('asks Utilities.formatDate twice per zone per day (a day shares its end with the next), per quarter hour on a change', () => {
    const { w, zo: fresh } = port();
    const calls = (fn: () => void) => w.ws.kernel.measure(fn).cost.calls['Utilities.formatDate'] ?? 0;
    // A week without a change, every 5 minutes: the 8 day boundaries, not the 672 quarter hours.
    expect(calls(() => compare(fresh, 'America/New_York', utc(2026, 1, 12, 0), 7 * 24))).toBe(8);
    expect(calls(() => fresh('America/New_York', utc(2026, 1, 14, 9, 17)))).toBe(0); // cached
    expect(calls(() => fresh('Europe/Paris', utc(2026, 1, 14, 12)))).toBe(2); // another zone: its day's two ends
    // The day of a change: its two ends disagree, so each quarter hour it is asked about is asked once.
    const change = utc(2026, 3, 8, 7); // New York springs forward
    expect(calls(() => fresh('America/New_York', change - 1))).toBe(3); // the day's two ends, then its quarter hour
    expect(calls(() => fresh('America/New_York', change))).toBe(1);
    expect(calls(() => fresh('America/New_York', change + 60_000))).toBe(0);
    expect([fresh('America/New_York', change - 1), fresh('America/New_York', change)]).toEqual([-300, -240]);
  });

  it('parseOffset reads the RFC 822 offsets formatDate gives, and refuses anything else by name', () => {
    expect([parseOffset('-0500'), parseOffset('+0530'), parseOffset('+0000'), parseOffset('-03:30'), parseOffset('+1345')]).toEqual([
      -300, 330, 0, -210, 825,
    ]);
    expect(() => parseOffset('GMT')).toThrow(/gave "GMT" for the 'Z' pattern/);
    expect(() => parseOffset('')).toThrow(/expected an offset like -0500/);
  });
});

describe('the gas context hands the port to the engine', () => {
  it("the default context's port is Utilities.formatDate: creating a request with an SLA asks it", () => {
    const w = timersWorld(utc(2026, 3, 6, 20)); // Fri 6 March 15:00 EST; desk's triage SLA is on a New York calendar
    const { cost } = w.ws.kernel.measure(() => w.create('Lamp'));
    expect(cost.calls['Utilities.formatDate'] ?? 0).toBeGreaterThan(0);
  });

  it('an overridden port is what createRequest, apply and the timers use', () => {
    const w = timersWorld(utc(2026, 3, 6, 20));
    const seen: string[] = [];
    // A port that agrees with Intl but records what asked it.
    const spy: ZoneOffset = (zone, t) => {
      seen.push(zone);
      return intlZoneOffset(zone, t);
    };
    const { createRequestCommand, applyActionCommand } =
      require('../../../src/gas/commands/requests') as typeof import('../../../src/gas/commands/requests');
    const { runTimers } = require('../../../src/gas/timers/dispatcher') as typeof import('../../../src/gas/timers/dispatcher');
    const created = w.as('rita@acme.test', () =>
      createRequestCommand(w.c({ zoneOffset: spy }), {
        workflowId: 'desk',
        requester: 'rita@acme.test',
        fields: { item: 'Desk', owner: 'pat@acme.test' },
        channel: 'api',
        actor: { email: 'rita@acme.test', method: 'session' },
      }),
    );
    expect(seen.length).toBeGreaterThan(0);
    expect(created.request.sla?.dueAt).toBe(utc(2026, 3, 11, 19)); // Fri 2 h, Tue 8 h, Wed 6 h: Wed 15:00 EDT
    seen.length = 0;
    w.ws.kernel.clock.set(utc(2026, 3, 6, 21)); // an hour later
    w.as('pat@acme.test', () =>
      applyActionCommand(w.c({ zoneOffset: spy }), {
        requestId: created.request.id,
        action: { type: 'transition', name: 'ask' },
        actor: { email: 'pat@acme.test', method: 'session' },
        expectedRevision: created.request.revision,
      }),
    );
    expect(seen.length).toBeGreaterThan(0); // the SLA clock pauses: the business time consumed so far
    seen.length = 0;
    const other = w.create('Chair');
    expect(other).toBeTruthy();
    w.ws.kernel.clock.set(utc(2026, 3, 10, 19)); // Tue: the 4 h reminder of "Chair" is due
    const report = w.as(OWNER, () => runTimers(w.c({ zoneOffset: spy })));
    expect(report.reminders).toBe(1);
    expect(seen).toContain('America/New_York');
  });
});

/**
 * Which reminders, escalations and digests go out, and when, as the local Workspace's clock runs the dispatcher
 * every 10 minutes across a weekend, a holiday (Mon 9 March 2026) and the US daylight-saving change
 * (Sun 8 March 2026: New York goes from UTC-5 to UTC-4). Calendar: Mon-Fri 09:00-17:00 New York.
 */
import { readAudit } from '../../../../src/gas/commands/read';
import { outboxHistory } from '../../../../src/gas/mail/outbox-history';
import { DIG, LEAD, PAT, REQ, timersWorld } from './helpers';

const at = (d: number, h: number, m = 0) => Date.UTC(2026, 2, d, h, m);

test('reminders at 4 and 8 business hours and one escalation at 16, skipping the weekend and the holiday; DST does not shift them', () => {
  const w = timersWorld(at(6, 20)); // Fri 6 March 15:00 EST
  w.install();
  const id = w.create('Chair');
  w.script.controls.advanceTo(at(14, 0));
  // Fri 15-17 = 2 h; Mon 9 is a holiday; Tue 10 from 09:00 EDT (13:00 UTC): 4 h at 11:00 EDT, 8 h at 15:00 EDT.
  // 16 h: Tue 8 h (total 10) + Wed 6 h → Wed 15:00 EDT = 19:00 UTC (20:00 UTC if DST had shifted it).
  expect(w.received(PAT, /reminder|overdue/i)).toEqual([
    { at: '2026-03-10T15:00', subject: `[${id}] Desk request: reminder, due in 28 hours` },
    { at: '2026-03-10T19:00', subject: `[${id}] Desk request: reminder, due in 24 hours` },
    { at: '2026-03-11T19:00', subject: `[${id}] Desk request: overdue now, waiting on Pat Owner` },
  ]);
  expect(w.received(LEAD)).toEqual([{ at: '2026-03-11T19:00', subject: `[${id}] Desk request: overdue now, waiting on Pat Owner` }]);
  const audit = readAudit(w.c())
    .map((e) => e.event)
    .filter((e) => e.requestId === id);
  expect(audit.filter((e) => e.action === 'sla_breach')).toHaveLength(1);
  expect(audit.filter((e) => e.action === 'reminder').map((e) => e.details.offsetHours)).toEqual([4, 8]);
  expect(w.reports.every((r) => r.outcome === 'done')).toBe(true);
});

test('the SLA clock pauses while waiting on the requester and resumes where it stopped', () => {
  const w = timersWorld(at(6, 20));
  w.install();
  const id = w.create('Desk');
  w.script.controls.advanceTo(at(10, 14)); // Tue 10:00 EDT: 3 business hours used
  w.act(id, { type: 'transition', name: 'ask' }, PAT);
  w.script.controls.advanceTo(at(12, 14)); // two days waiting on the requester: nothing is due
  expect(w.received(PAT, /reminder|overdue/i)).toEqual([]);
  w.act(id, { type: 'resubmit' }, REQ); // Thu 10:00 EDT, back in triage with 3 h used
  w.script.controls.advanceTo(at(16, 0));
  expect(w.received(PAT, /reminder|overdue/i)).toEqual([
    { at: '2026-03-12T15:00', subject: `[${id}] Desk request: reminder, due in 28 hours` }, // 4 h
    { at: '2026-03-12T19:00', subject: `[${id}] Desk request: reminder, due in 24 hours` }, // 8 h
    { at: '2026-03-13T19:00', subject: `[${id}] Desk request: overdue now, waiting on Pat Owner` }, // 3 + 7 (Thu) + 6 (Fri) = 16 h
  ]);
});

test('a person on digest delivery gets no individual reminder due after their next digest, and a digest at 08:00 in their time zone on days with something new', () => {
  const w = timersWorld(at(6, 20));
  w.install();
  const mine = w.create('Monitor', DIG);
  const other = w.create('Lamp', PAT);
  w.script.controls.advanceTo(at(13, 12));
  const got = w.received(DIG);
  expect(got.filter((m) => /reminder/i.test(m.subject))).toEqual([]);
  const digests = got.filter((m) => /waiting on you/.test(m.subject));
  // Only when something is new, at 08:00 Paris (07:00 UTC in early March): Saturday's (the request assigned to her on
  // Friday evening) and Wednesday's (Tuesday's two reminders, both due after it); nothing new, no digest.
  expect(digests.map((m) => m.at)).toEqual(['2026-03-07T07:00', '2026-03-11T07:00']);
  const body = w.mail.controls.inbox(DIG).find((m) => /waiting on you/.test(m.subject))!;
  expect(body.body).toContain(mine);
  expect(body.body).not.toContain(other);
  // The reminders were recorded and their Outbox entries say the digest carried them; the escalation still went out.
  const audit = readAudit(w.c())
    .map((e) => e.event)
    .filter((e) => e.requestId === mine && e.action === 'reminder');
  expect(audit).toHaveLength(2);
  const toDora = outboxHistory(w.c()).filter((o) => o.to === DIG && o.kind === 'reminder');
  expect(toDora.map((o) => [o.status, o.live])).toEqual([
    ['digest', false],
    ['digest', false],
  ]);
  expect(toDora[0]!.lastError).toMatch(/In the digest of dora@acme\.test/);
  expect(got.filter((m) => /overdue/.test(m.subject))).toHaveLength(1);
  // Pat (immediate delivery) still gets individual reminders.
  expect(w.received(PAT, /reminder/i)).toHaveLength(2);
});

test('once the request is closed nothing more is sent', () => {
  const w = timersWorld(at(6, 20));
  w.install();
  const id = w.create('Phone');
  w.script.controls.advanceTo(at(10, 16)); // first reminder sent at 15:00 UTC
  w.act(id, { type: 'transition', name: 'close' }, PAT);
  w.script.controls.advanceTo(at(14, 0));
  expect(w.received(PAT, /reminder|overdue/i).map((m) => m.at)).toEqual(['2026-03-10T15:00']);
  expect(w.received(LEAD)).toEqual([]);
});

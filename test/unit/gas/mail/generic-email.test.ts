/**
 * Reminder, escalation and assignment emails as the dispatcher sends them: the due time reads like the approval
 * emails' (local time and zone, not an ISO instant in UTC), the request is one click away, no dangling space.
 */
import { LEAD, PAT, timersWorld } from '../timers/helpers';

const at = (d: number, h: number, m = 0) => Date.UTC(2026, 2, d, h, m);

test("reminders and escalations say when it is due in the calendar's zone and link to the request", () => {
  const w = timersWorld(at(10, 13)); // Tue 10 March 2026, 09:00 EDT
  w.install();
  const id = w.create('Chair');
  w.script.controls.advanceTo(at(12, 0));
  const mails = w.mail.controls.inbox(PAT);
  const reminder = mails.find((m) => m.subject.includes('reminder'))!;
  // 16 business hours from Tue 09:00 EDT: Wed 17:00 EDT; the first reminder (4 h) goes out Tue 13:00 EDT.
  expect(reminder.subject).toBe(`[${id}] Desk request: reminder, due in 28 hours`);
  expect(reminder.body).toContain('is waiting on Pat Owner (Triage). Due: 11 Mar 2026, 17:00 (America/New_York) (due in 28 hours).');
  expect(reminder.body).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:\d\d/);
  const sheetUrl = reminder.body.match(/Open [A-Z]+-\d+: (\S+)/)?.[1];
  expect(reminder.body).toContain(`Open ${id}: `);
  expect(sheetUrl).toMatch(/^https:\/\/docs\.google\.com\/spreadsheets\//);
  expect(reminder.htmlBody).toContain(`>Open ${id}</a>`);

  const escalation = w.mail.controls.inbox(LEAD).find((m) => m.subject.includes('overdue'))!;
  expect(escalation.subject).toBe(`[${id}] Desk request: overdue now, waiting on Pat Owner`);
  expect(escalation.body.split('\n')[0]).toMatch(
    /is overdue \(Triage\): it waits on Pat Owner\. Due: 11 Mar 2026, 17:00 \(America\/New_York\) \(overdue now\)\.$/,
  );
  expect(escalation.body).toContain(`Open ${id}: ${sheetUrl}`);

  const assigned = mails.find((m) => m.subject.includes('assigned to you'))!;
  expect(assigned.body).toContain(`Open ${id}: ${sheetUrl}`);
});

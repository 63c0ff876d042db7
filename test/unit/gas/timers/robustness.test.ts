/** Never twice, never lost, within quotas: overlapping runs, a run killed mid-way, quota, time budget, pause/resume. */
import { readAudit, readOutbox } from '../../../../src/gas/commands/read';
import { outboxHistory } from '../../../../src/gas/mail/outbox-history';
import { pauseAutomationAsAdmin, resumeAutomationAsAdmin } from '../../../../src/gas/timers/admin';
import { runTimers } from '../../../../src/gas/timers/dispatcher';
import { readState } from '../../../../src/gas/timers/state';
import { OWNER } from '../workspace';
import { LEAD, PAT, runKilledAfterFirstWrite, timersWorld, type TimersWorld } from './helpers';

const at = (d: number, h: number, m = 0) => Date.UTC(2026, 2, d, h, m);

/** n requests, their creation mail sent, then the clock moved to Tue 10 March 15:05 UTC (first reminder due). */
function withDue(n: number): { w: TimersWorld; ids: string[] } {
  const w = timersWorld(at(6, 20));
  const ids = Array.from({ length: n }, (_, i) => w.create(`Item ${i}`));
  w.as(OWNER, () => runTimers(w.c())); // sends the "assigned" mail
  w.ws.kernel.clock.set(at(10, 15, 5));
  return { w, ids };
}

const reminders = (w: TimersWorld) => w.received(PAT, /reminder/i);
/** How many reminder messages named each request (one person's reminders of one run are one message). */
const remindedCount = (w: TimersWorld, ids: readonly string[]): number[] => {
  const mails = w.mail.controls.inbox(PAT).filter((m) => /reminder/i.test(m.subject));
  return ids.map((id) => mails.filter((m) => `${m.subject}\n${m.body}`.includes(id)).length);
};
const run = (w: TimersWorld, opts: Parameters<typeof runTimers>[1] = {}) => w.as(OWNER, () => runTimers(w.c(), opts));

test('a second run overlapping the first leaves at once and sends nothing', () => {
  const { w, ids } = withDue(3);
  const send = w.mail.MailApp.sendEmail.bind(w.mail.MailApp);
  let second: ReturnType<typeof runTimers> | null = null;
  (w.mail.MailApp as unknown as { sendEmail: unknown }).sendEmail = (...args: unknown[]) => {
    // While the first run is sending, the trigger fires again (another execution).
    if (!second) second = w.ws.kernel.executions.run({ activeUser: OWNER, kind: 'time-trigger' }, () => runTimers(w.c()));
    return (send as (...a: unknown[]) => unknown)(...args);
  };
  const first = run(w);
  expect(second!.outcome).toBe('busy');
  expect(second!.sent + second!.reminders).toBe(0);
  expect(first.reminders).toBe(3);
  // One message to Pat listing the three, each once.
  expect(reminders(w).map((m) => m.subject)).toEqual(['Desk request: reminder, 3 requests waiting']);
  expect(remindedCount(w, ids)).toEqual([1, 1, 1]);
  // The lease is released at the end: the next run works.
  w.ws.kernel.clock.set(at(10, 15, 15));
  expect(run(w).outcome).toBe('done');
});

test('a run killed after its sends, before its record, re-sends at most its claimed batch after the lease; nothing is lost', () => {
  const { w, ids } = withDue(5);
  const send = w.mail.MailApp.sendEmail.bind(w.mail.MailApp);
  let sends = 0;
  (w.mail.MailApp as unknown as { sendEmail: unknown }).sendEmail = (...args: unknown[]) => {
    const r = (send as (...a: unknown[]) => unknown)(...args);
    // Apps Script kills the execution at 6 minutes: every later service call of this run fails, finally blocks too.
    if (++sends === 1) w.ws.kernel.clock.drift(7 * 60_000);
    return r;
  };
  expect(() => run(w)).toThrow(/maximum execution time|Exceeded/i);
  (w.mail.MailApp as unknown as { sendEmail: unknown }).sendEmail = send;
  expect(remindedCount(w, ids)).toEqual([1, 1, 1, 1, 1]);
  expect(readState(w.c()).lease).not.toBeNull(); // the killed run could not release its lease; it expires by itself
  for (const m of [20, 30, 40]) {
    w.ws.kernel.clock.set(at(10, 15, m));
    expect(run(w).outcome).toBe('done');
  }
  // The claimed batch (all five) went out once more after the lease; none was lost, none a third time.
  expect(remindedCount(w, ids)).toEqual([2, 2, 2, 2, 2]);
  expect(readOutbox(w.c())).toEqual([]);
  // Each reminder was recorded once in the audit log.
  expect(readAudit(w.c()).filter((e) => e.event.action === 'reminder')).toHaveLength(ids.length);
});

test('a run killed right after its SLA unit wrote (reminders recorded, their Outbox rows claimed), before any send: each goes out once after the Outbox lease', () => {
  const { w, ids } = withDue(4);
  // The first unit's batchUpdate landed; Apps Script stops the execution there.
  expect(() => runKilledAfterFirstWrite(w)).toThrow();
  // One atomic write: every reminder recorded in its request and in Audit, its Outbox row claimed, nothing sent.
  expect(readAudit(w.c()).filter((e) => e.event.action === 'reminder')).toHaveLength(ids.length);
  expect(
    readOutbox(w.c())
      .filter((o) => o.kind === 'reminder')
      .map((o) => [o.status, o.attempts]),
  ).toEqual(ids.map(() => ['pending', 1]));
  expect(reminders(w)).toHaveLength(0);
  w.ws.kernel.clock.set(at(10, 15, 10)); // within the Outbox lease: nothing is sent again yet
  run(w);
  expect(reminders(w)).toHaveLength(0);
  w.ws.kernel.clock.set(at(10, 15, 20)); // the claim's lease expired
  run(w);
  w.ws.kernel.clock.set(at(10, 15, 30));
  run(w);
  expect(remindedCount(w, ids)).toEqual(ids.map(() => 1));
  expect(readAudit(w.c()).filter((e) => e.event.action === 'reminder')).toHaveLength(ids.length);
  expect(
    outboxHistory(w.c())
      .filter((o) => o.kind === 'reminder')
      .map((o) => o.status),
  ).toEqual(ids.map(() => 'sent'));
});

test('with the daily mail quota used up nothing is sent or lost; it goes out when the quota resets', () => {
  const { w, ids } = withDue(3);
  w.mail.controls.setUsed(OWNER, 1500);
  const r = run(w);
  expect(r.reminders).toBe(3); // recorded and queued
  expect(r.outbox?.quotaExhausted).toBe(true);
  expect(reminders(w)).toHaveLength(0);
  const queued = readOutbox(w.c()).filter((o) => o.kind === 'reminder');
  expect(queued.map((o) => [o.status, o.attempts])).toEqual(ids.map(() => ['pending', 0]));
  w.ws.kernel.clock.set(at(11, 9)); // after midnight Pacific: quota reset (by now the 8 h reminders are due too)
  expect(run(w).sent).toBe(6);
  // Both reminders of each request are sent; Pat reads each request once, in one message.
  expect(reminders(w)).toHaveLength(1);
  expect(remindedCount(w, ids)).toEqual([1, 1, 1]);
  expect(
    outboxHistory(w.c())
      .filter((o) => o.kind === 'reminder')
      .map((o) => o.status),
  ).toEqual(Array(6).fill('sent'));
});

test('a run stops at its time budget, saves a checkpoint, and the next run continues; none exceeds 6 minutes', () => {
  const { w, ids } = withDue(120);
  w.ws.kernel.simulateLatency = true;
  const budgetMs = 60_000;
  const first = run(w, { budgetMs: 5_000, batchSize: 10 });
  expect(first.outcome).toBe('stopped_at_budget');
  expect(first.checkpoint?.phase).toBe('sla');
  expect(first.reminders).toBeGreaterThan(0);
  expect(first.reminders).toBeLessThan(ids.length);
  expect(first.endedAt - first.startedAt).toBeLessThan(5_000 + 15_000); // a batch in flight finishes
  expect(readState(w.c()).checkpoint?.row).toBeGreaterThan(2);
  const reports = [first];
  let recorded = first.reminders;
  for (let i = 0; i < 20 && recorded < ids.length; i++) {
    w.ws.kernel.clock.set(w.ws.kernel.clock.now() + 10 * 60_000);
    const r = run(w, { budgetMs, batchSize: 10 });
    if (i === 0) expect(r.reminders).toBeGreaterThan(0); // continued from the checkpoint's row, in the SLA phase
    recorded += r.reminders;
    reports.push(r);
  }
  expect(recorded).toBe(ids.length);
  expect(readAudit(w.c()).filter((e) => e.event.action === 'reminder')).toHaveLength(ids.length);
  for (const r of reports) expect(r.endedAt - r.startedAt).toBeLessThan(6 * 60_000);
  // The Outbox drains over the next runs, each within its budget.
  for (let i = 0; i < 30 && readOutbox(w.c()).some((o) => o.status === 'pending'); i++) {
    w.ws.kernel.clock.set(w.ws.kernel.clock.now() + 10 * 60_000);
    const r = run(w, { budgetMs, batchSize: 10 });
    expect(r.endedAt - r.startedAt).toBeLessThan(budgetMs + 15_000);
  }
  expect(readOutbox(w.c()).filter((o) => o.status !== 'sent')).toEqual([]);
  w.ws.kernel.clock.set(w.ws.kernel.clock.now() + 10 * 60_000);
  expect(run(w, { budgetMs }).outcome).toBe('done');
  expect(readState(w.c()).checkpoint).toBeNull();
});

test('pause: no sends, no escalations, intake still records; resume catches up without flooding', () => {
  const w = timersWorld(at(6, 20));
  w.install();
  const first = w.create('Before');
  w.script.controls.advanceTo(at(6, 21)); // "assigned" mail sent
  expect(w.as(OWNER, () => pauseAutomationAsAdmin(w.c()))).toMatch(/paused/);
  const during = w.create('During'); // intake still records
  w.script.controls.advanceTo(at(12, 12)); // both are past their 4 h and 8 h reminders and overdue
  expect(w.received(PAT).filter((m) => m.at > '2026-03-06T21')).toEqual([]);
  expect(w.received(LEAD)).toEqual([]);
  expect(w.reports.filter((r) => r.startedAt > at(6, 21)).every((r) => r.outcome === 'paused')).toBe(true);
  w.as(OWNER, () => resumeAutomationAsAdmin(w.c()));
  w.script.controls.advanceTo(at(12, 13));
  const after = w.received(PAT).filter((m) => m.at >= '2026-03-12T12');
  // No reminder for what is already overdue: one escalation each (in one message), and the "assigned" mail held during the pause.
  expect(after.map((m) => m.subject).sort()).toEqual(
    [`[${during}] Desk request: assigned to you (Triage)`, 'Desk request: 2 requests overdue'].sort(),
  );
  const overdue = w.mail.controls.inbox(PAT).find((m) => m.subject === 'Desk request: 2 requests overdue')!;
  expect(overdue.body).toContain(`[${first}] Desk request: 17 hours overdue, waiting on Pat Owner`);
  expect(overdue.body).toContain(`[${during}] Desk request: 16 hours overdue, waiting on Pat Owner`);
  expect(w.received(LEAD)).toHaveLength(1);
  const audit = readAudit(w.c()).map((e) => e.event);
  expect(audit.filter((e) => e.action === 'reminder')).toHaveLength(0);
  expect(audit.filter((e) => e.action === 'sla_breach')).toHaveLength(2);
});

test('only admins pause and resume', () => {
  const w = timersWorld(at(6, 20));
  expect(() => w.as(PAT, () => pauseAutomationAsAdmin(w.c()))).toThrow(/Only the spreadsheet owner and Handoff admins/);
  expect(readState(w.c()).config.paused).toBeNull();
});

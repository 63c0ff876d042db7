/** Never twice, never lost, within quotas: overlapping runs, a run killed mid-way, quota, time budget, pause/resume. */
import { readAudit, readOutbox } from '../../../../src/gas/commands/read';
import { pauseAutomationAsAdmin, resumeAutomationAsAdmin } from '../../../../src/gas/timers/admin';
import { runTimers } from '../../../../src/gas/timers/dispatcher';
import { readState } from '../../../../src/gas/timers/state';
import { OWNER } from '../workspace';
import { LEAD, PAT, timersWorld, type TimersWorld } from './helpers';

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
  expect(reminders(w)).toHaveLength(3);
  expect(new Set(reminders(w).map((m) => m.subject.replace(/due in \d+ hours/, 'due in N hours')))).toEqual(
    new Set(ids.map((id) => `[${id}] Desk request: reminder, due in N hours`)),
  );
  // The lease is released at the end: the next run works.
  w.ws.kernel.clock.set(at(10, 15, 15));
  expect(run(w).outcome).toBe('done');
});

test('a run killed right after a send re-sends at most that one; nothing is lost', () => {
  const { w, ids } = withDue(5);
  const send = w.mail.MailApp.sendEmail.bind(w.mail.MailApp);
  let sends = 0;
  (w.mail.MailApp as unknown as { sendEmail: unknown }).sendEmail = (...args: unknown[]) => {
    const r = (send as (...a: unknown[]) => unknown)(...args);
    // Apps Script kills the execution at 6 minutes: every later service call of this run fails, finally blocks too.
    if (++sends === 3) w.ws.kernel.clock.drift(7 * 60_000);
    return r;
  };
  expect(() => run(w)).toThrow(/maximum execution time|Exceeded/i);
  (w.mail.MailApp as unknown as { sendEmail: unknown }).sendEmail = send;
  expect(reminders(w)).toHaveLength(3);
  expect(readState(w.c()).lease).not.toBeNull(); // the killed run could not release its lease; it expires by itself
  for (const m of [20, 30, 40]) {
    w.ws.kernel.clock.set(at(10, 15, m));
    expect(run(w).outcome).toBe('done');
  }
  const got = reminders(w).map((m) => m.subject);
  for (const id of ids) expect(got.filter((s) => s.includes(id)).length).toBeGreaterThanOrEqual(1);
  expect(got).toHaveLength(ids.length + 1); // exactly the in-flight one twice
  const third = got[2]!;
  expect(got.filter((s) => s === third)).toHaveLength(2);
  // Each reminder was recorded once in the audit log.
  expect(readAudit(w.c()).filter((e) => e.event.action === 'reminder')).toHaveLength(ids.length);
});

test('a run killed in the middle of writing a batch is repaired by the journal: one reminder each', () => {
  const { w, ids } = withDue(4);
  expect(() =>
    w.as(OWNER, () =>
      runTimers(
        w.c({
          hooks: {
            afterOutbox: () => {
              throw new Error('Exceeded maximum execution time');
            },
          },
        }),
      ),
    ),
  ).toThrow();
  w.ws.kernel.clock.set(at(10, 15, 20)); // lease expired
  run(w);
  w.ws.kernel.clock.set(at(10, 15, 30));
  run(w);
  expect(reminders(w)).toHaveLength(ids.length);
  expect(readAudit(w.c()).filter((e) => e.event.action === 'reminder')).toHaveLength(ids.length);
  expect(
    readOutbox(w.c())
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
  expect(reminders(w)).toHaveLength(6);
  expect(
    readOutbox(w.c())
      .filter((o) => o.kind === 'reminder')
      .map((o) => o.status),
  ).toEqual(Array(6).fill('sent'));
});

test('a run stops at its time budget, saves a checkpoint, and the next run continues; none exceeds 6 minutes', () => {
  const { w, ids } = withDue(120);
  w.ws.kernel.simulateLatency = true;
  const budgetMs = 60_000;
  const first = run(w, { budgetMs: 20_000, batchSize: 10 });
  expect(first.outcome).toBe('stopped_at_budget');
  expect(first.checkpoint?.phase).toBe('sla');
  expect(first.reminders).toBeGreaterThan(0);
  expect(first.reminders).toBeLessThan(ids.length);
  expect(first.endedAt - first.startedAt).toBeLessThan(20_000 + 15_000); // a batch in flight finishes
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
  // No reminder for what is already overdue: one escalation each, and the "assigned" mail held during the pause.
  expect(after.map((m) => m.subject).sort()).toEqual(
    [
      `[${during}] Desk request: assigned to you (Triage)`,
      `[${during}] Desk request: 16 hours overdue, waiting on Pat Owner`,
      `[${first}] Desk request: 17 hours overdue, waiting on Pat Owner`,
    ].sort(),
  );
  expect(w.received(LEAD)).toHaveLength(2);
  const audit = readAudit(w.c()).map((e) => e.event);
  expect(audit.filter((e) => e.action === 'reminder')).toHaveLength(0);
  expect(audit.filter((e) => e.action === 'sla_breach')).toHaveLength(2);
});

test('only admins pause and resume', () => {
  const w = timersWorld(at(6, 20));
  expect(() => w.as(PAT, () => pauseAutomationAsAdmin(w.c()))).toThrow(/Only the spreadsheet owner and Handoff admins/);
  expect(readState(w.c()).config.paused).toBeNull();
});

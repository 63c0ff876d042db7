/** reassignOnBreach through the timers: a breach hands the request over on its Requests row, exactly once. */
import type { Definition } from '../../../../src/core';
import { readAudit } from '../../../../src/gas/commands/read';
import { outboxHistory } from '../../../../src/gas/mail/outbox-history';
import { publishWorkflow } from '../../../../src/gas/commands/workflows';
import { runTimers } from '../../../../src/gas/timers/dispatcher';
import { OWNER } from '../workspace';
import { desk, LEAD, PAT, timersWorld } from './helpers';

const at = (d: number, h: number, m = 0) => Date.UTC(2026, 2, d, h, m);

/** The helpers' desk workflow, its triage SLA escalating to Lee and handing the request to him. */
const handing: Definition = {
  ...desk,
  states: desk.states.map((s) =>
    s.id === 'triage' ? { ...s, sla: { businessHours: 16, escalateTo: { type: 'person', email: LEAD }, reassignOnBreach: true } } : s,
  ),
};

test('a breach with reassignOnBreach changes the Requests row assignee exactly once, with one audited reassign', () => {
  const w = timersWorld(at(6, 20)); // Fri 6 March 15:00 EST
  w.as(OWNER, () => publishWorkflow(w.c(), handing, OWNER));
  const id = w.create('Chair');
  const assigneeCol = () => {
    const rows = w.sheet.values('Requests');
    const header = rows[0] as string[];
    const row = rows.find((r) => r[header.indexOf('ID')] === id)!;
    return row[header.indexOf('Assignee')];
  };
  w.as(OWNER, () => runTimers(w.c()));
  expect(assigneeCol()).toBe(PAT);

  // 16 business hours: Fri 2 h, Mon 9 March a holiday, Tue 8 h, Wed 6 h → due Wed 11 March 15:00 EDT (19:00Z).
  w.ws.kernel.clock.set(at(11, 18, 50));
  w.as(OWNER, () => runTimers(w.c()));
  expect(assigneeCol()).toBe(PAT); // not yet

  w.ws.kernel.clock.set(at(11, 19, 10));
  const first = w.as(OWNER, () => runTimers(w.c()));
  expect(first.escalations).toBe(1);
  expect(assigneeCol()).toBe(LEAD);

  // Later runs change nothing more.
  for (const t of [at(11, 19, 30), at(12, 14), at(13, 14)]) {
    w.ws.kernel.clock.set(t);
    expect(w.as(OWNER, () => runTimers(w.c())).escalations).toBe(0);
  }
  expect(assigneeCol()).toBe(LEAD);
  const trail = readAudit(w.c())
    .filter((e) => e.event.requestId === id)
    .map((e) => e.event);
  expect(trail.filter((e) => e.action === 'reassign').map((e) => [e.actor, e.assigneeBefore, e.assigneeAfter, e.reason])).toEqual([
    ['system', PAT, LEAD, 'SLA breached'],
  ]);
  expect(trail.filter((e) => e.action === 'sla_breach')).toHaveLength(1);
  // Lee is told it is overdue and that it is now his; Pat is told it was escalated.
  const mails = outboxHistory(w.c()).filter((o) => o.request === id && o.kind !== 'assigned');
  const assigned = outboxHistory(w.c()).filter((o) => o.request === id && o.kind === 'assigned');
  expect([...mails, assigned[assigned.length - 1]!].map((o) => [o.kind, o.to, o.status]).sort()).toEqual([
    ['assigned', LEAD, 'sent'],
    ['escalation', LEAD, 'sent'],
    ['escalation', PAT, 'sent'],
  ]);
  expect(w.received(LEAD)).toHaveLength(2);
});

/** reassignOnBreach (SLA breach reassignment): validation, and what recordBreach hands over in each case. */
import { createDirectory, recordBreach, validateDefinition, type AssigneeTarget, type Definition, type StateSla } from '../../../src/core';
import { supportEscalation } from '../../../src/templates';
import { act, create, directory, HOUR, ok, people, publish, T0 } from './helpers';

/** Two states with a 4-business-hour SLA: "work" (assigned to a person) and "review" (a one-step approval). */
function def(
  sla: Partial<StateSla> & { escalateTo?: AssigneeTarget },
  startsIn: 'work' | 'review' = 'work',
): Definition & { startsIn: string } {
  const s: StateSla = { businessHours: 4, ...sla };
  return {
    id: 'desk',
    name: 'Desk',
    prefix: 'DK',
    calendar: { timeZone: 'America/New_York', workingDays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
    fields: [
      { id: 'item', label: 'Item', type: 'text', required: true },
      { id: 'lead', label: 'Lead', type: 'email' },
    ],
    states: [
      { id: 'work', label: 'Work', kind: 'start', owner: { type: 'routing' }, sla: s },
      {
        id: 'review',
        label: 'Review',
        kind: 'active',
        approval: {
          steps: [{ id: 'mgr', label: 'Manager', approvers: [{ type: 'requester_manager' }], policy: { type: 'any' } }],
          onApproved: 'done',
          onRejected: 'done',
        },
        sla: s,
      },
      { id: 'info', label: 'Needs info', kind: 'waiting_on_requester' },
      { id: 'done', label: 'Done', kind: 'terminal', outcome: 'completed' },
    ],
    transitions: [
      { action: 'finish', from: ['work'], to: 'done', by: ['assignee'] },
      { action: 'to_review', from: ['work'], to: 'review', by: ['assignee'] },
    ],
    routing: { rules: [], default: { type: 'person', email: 'pat@example.com' } },
    startsIn,
  };
}

const LATE = T0 + 48 * HOUR; // well past 4 business hours
const pat = 'pat@example.com'; // the routed assignee
const max = 'max@example.com'; // rita's manager, the approver of "review"

/** A request in "work" (or moved to "review" at once), then its breach recorded at LATE. */
function breach(d: Definition & { startsIn: string }, fields: Record<string, string> = { item: 'Desk' }, dir = directory) {
  const { startsIn, ...plain } = d;
  const v = publish(plain);
  let r = create(v, fields, { now: T0, dir }).request;
  if (startsIn === 'review') r = ok(act(v, r, pat, { type: 'transition', name: 'to_review' }, { now: T0, dir })).request;
  const res = ok(recordBreach({ version: v, request: r, now: LATE, directory: dir }));
  return { v, before: r, res };
}

describe('validation', () => {
  it('reassignOnBreach needs an escalation target, and says so at its path', () => {
    const bare = (d: ReturnType<typeof def>) => {
      const { startsIn: _s, ...plain } = d;
      return plain;
    };
    const r = validateDefinition(bare(def({ reassignOnBreach: true })));
    expect(r.ok).toBe(false);
    expect(!r.ok && r.problems).toEqual([
      { path: 'states[0].sla.reassignOnBreach', message: expect.stringMatching(/needs an escalation target: add escalateTo/) },
      { path: 'states[1].sla.reassignOnBreach', message: expect.stringMatching(/needs an escalation target/) },
    ]);
    expect(validateDefinition(bare(def({ reassignOnBreach: true, escalateTo: { type: 'person', email: 'vp@example.com' } }))).ok).toBe(
      true,
    );
    expect(validateDefinition(bare(def({ reassignOnBreach: false }))).ok).toBe(true);
    expect(
      validateDefinition(bare(def({ reassignOnBreach: 'yes' as unknown as boolean, escalateTo: { type: 'queue', queue: 'leads' } }))).ok,
    ).toBe(false);
  });
});

describe('recordBreach with reassignOnBreach', () => {
  it('outside an approval step: the target becomes the assignee, once, with a system reassign event and an assigned intent', () => {
    const { v, before, res } = breach(def({ reassignOnBreach: true, escalateTo: { type: 'person', email: 'vp@example.com' } }));
    expect(before.assignee).toBe(pat);
    expect(res.request.assignee).toBe('vp@example.com');
    expect(res.request.revision).toBe(before.revision + 1);
    expect(res.events.map((e) => [e.action, e.actor, e.assigneeBefore, e.assigneeAfter, e.reason])).toEqual([
      ['sla_breach', 'system', pat, pat, null],
      ['reassign', 'system', pat, 'vp@example.com', 'SLA breached'],
    ]);
    // The target and the assignee at the breach are told; the target is handed the request.
    expect(res.notifications.map((n) => [n.kind, n.to])).toEqual([
      ['escalation', 'vp@example.com'],
      ['escalation', pat],
      ['assigned', 'vp@example.com'],
    ]);
    // Once: a second breach is refused, so nothing is handed over twice.
    const again = recordBreach({ version: v, request: res.request, now: LATE + HOUR, directory });
    expect(again.ok).toBe(false);
    // The new assignee can act.
    expect(act(v, res.request, 'vp@example.com', { type: 'transition', name: 'finish' }, { now: LATE + HOUR }).ok).toBe(true);
    expect(act(v, res.request, pat, { type: 'transition', name: 'finish' }, { now: LATE + HOUR }).ok).toBe(false);
  });

  it('outside an approval step with a queue target: the queue becomes the assignee', () => {
    const { res } = breach(def({ reassignOnBreach: true, escalateTo: { type: 'queue', queue: 'procurement' } }));
    expect(res.request.assignee).toBe('queue:procurement');
    expect(res.events.map((e) => e.action)).toEqual(['sla_breach', 'reassign']);
    expect(res.notifications.map((n) => [n.kind, n.to])).toEqual([
      ['escalation', 'queue:procurement'],
      ['escalation', pat],
      ['assigned', 'queue:procurement'],
    ]);
  });

  it('inside an approval step with a person target: added as a pending approver of the current step, who can then decide', () => {
    const { v, before, res } = breach(def({ reassignOnBreach: true, escalateTo: { type: 'person', email: 'vp@example.com' } }, 'review'));
    expect(before.approval).toMatchObject({ stepId: 'mgr', pending: [max] });
    expect(res.request.approval).toMatchObject({ stepId: 'mgr', pending: [max, 'vp@example.com'], approvers: [max, 'vp@example.com'] });
    expect(res.request.assignee).toBe(before.assignee);
    expect(res.events.map((e) => [e.action, e.actor, e.name, e.reason, e.details])).toEqual([
      ['sla_breach', 'system', null, null, expect.objectContaining({ state: 'review' })],
      ['reassign', 'system', 'mgr', 'SLA breached', { approverFrom: null, approverTo: 'vp@example.com' }],
    ]);
    expect(res.notifications.map((n) => [n.kind, n.to, n.step])).toEqual([
      ['escalation', 'vp@example.com', 'mgr'],
      ['escalation', max, 'mgr'],
      ['approval_requested', 'vp@example.com', 'mgr'],
    ]);
    const approved = ok(act(v, res.request, 'vp@example.com', { type: 'approve' }, { now: LATE + HOUR }));
    expect(approved.request.state).toBe('done');
  });

  it('inside an approval step, a person target who is away: the approval request goes to their delegate on their behalf', () => {
    const away = createDirectory(
      people.map((p) =>
        p.email === 'vp@example.com' ? { ...p, delegate: 'dana@example.com', outOfOffice: { from: T0 - HOUR, to: LATE + 100 * HOUR } } : p,
      ),
    );
    const { res } = breach(
      def({ reassignOnBreach: true, escalateTo: { type: 'person', email: 'vp@example.com' } }, 'review'),
      { item: 'Desk' },
      away,
    );
    expect(res.notifications.filter((n) => n.kind === 'approval_requested').map((n) => [n.to, n.onBehalfOf])).toEqual([
      ['dana@example.com', 'vp@example.com'],
    ]);
  });

  it('inside an approval step with a queue target: notified only, and the breach says why', () => {
    const { before, res } = breach(def({ reassignOnBreach: true, escalateTo: { type: 'queue', queue: 'procurement' } }, 'review'));
    expect(res.request.approval).toEqual(
      expect.objectContaining({ pending: before.approval!.pending, approvers: before.approval!.approvers }),
    );
    expect(res.request.assignee).toBe(before.assignee);
    expect(res.events.map((e) => e.action)).toEqual(['sla_breach']);
    expect(res.events[0]!.details.notReassigned).toMatch(/queue/);
    expect(res.notifications.map((n) => [n.kind, n.to])).toEqual([
      ['escalation', 'queue:procurement'],
      ['escalation', max],
    ]);
  });

  it('a target that names nobody, or a person not in the directory: notified only, with the reason', () => {
    const empty = breach(def({ reassignOnBreach: true, escalateTo: { type: 'field', field: 'lead' } }));
    expect(empty.res.request.assignee).toBe(pat);
    expect(empty.res.events[0]!.details.notReassigned).toMatch(/names nobody/);
    const stranger = breach(def({ reassignOnBreach: true, escalateTo: { type: 'field', field: 'lead' } }), {
      item: 'Desk',
      lead: 'zed@elsewhere.example',
    });
    expect(stranger.res.request.assignee).toBe(pat);
    expect(stranger.res.events.map((e) => e.action)).toEqual(['sla_breach']);
    expect(stranger.res.events[0]!.details.notReassigned).toMatch(/zed@elsewhere.example is not in the directory/);
    expect(stranger.res.notifications.map((n) => n.to)).toEqual(['zed@elsewhere.example', pat]);
  });

  it('already held by the target: nothing to hand over', () => {
    const { res } = breach(def({ reassignOnBreach: true, escalateTo: { type: 'person', email: pat } }));
    expect(res.request.assignee).toBe(pat);
    expect(res.events.map((e) => e.action)).toEqual(['sla_breach']);
    expect(res.events[0]!.details.notReassigned).toMatch(/already assigned/);
  });

  it('without reassignOnBreach, a breach only notifies (as before)', () => {
    const { before, res } = breach(def({ escalateTo: { type: 'person', email: 'vp@example.com' } }));
    expect(res.request.assignee).toBe(before.assignee);
    expect(res.events.map((e) => e.action)).toEqual(['sla_breach']);
    expect(res.events[0]!.details).not.toHaveProperty('notReassigned');
    expect(res.notifications.map((n) => n.kind)).toEqual(['escalation', 'escalation']);
  });
});

describe('the support-escalation template', () => {
  it('hands an untriaged escalation to the support leads queue when its triage SLA breaches', () => {
    const v = publish(supportEscalation);
    const leads = createDirectory([
      ...people,
      { email: 'oncall@example.com', name: 'On Call', roles: ['oncall'] },
      { email: 'sal@example.com', name: 'Sal Lead', roles: ['support-leads'] },
    ]);
    const r = create(v, { customer: 'Acme', severity: 'Sev1', product: 'Web', summary: 'down' }, { now: T0, dir: leads }).request;
    expect(r.assignee).toBe('queue:oncall');
    const res = ok(recordBreach({ version: v, request: r, now: LATE, directory: leads }));
    expect(res.request.assignee).toBe('queue:support-leads');
    expect(res.events.map((e) => [e.action, e.reason])).toEqual([
      ['sla_breach', null],
      ['reassign', 'SLA breached'],
    ]);
    // A support lead (a member of the queue) can now accept it; on-call no longer holds it.
    expect(act(v, res.request, 'sal@example.com', { type: 'transition', name: 'accept' }, { now: LATE + HOUR, dir: leads }).ok).toBe(true);
    expect(act(v, res.request, 'oncall@example.com', { type: 'transition', name: 'accept' }, { now: LATE + HOUR, dir: leads }).ok).toBe(
      false,
    );
  });
});

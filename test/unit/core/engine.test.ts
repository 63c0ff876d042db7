import { createDirectory, formatRequestId, parseRequestId, type Definition, type Request } from '../../../src/core';
import { purchaseApproval } from '../../../src/templates';
import { act, create, directory, HOUR, ok, people, publish, refusalOf, step, T0 } from './helpers';

const v = publish(purchaseApproval);
const good = { item: 'Laptop', amount: 1200, costCenter: 'Engineering', justification: 'new hire' };
const big = { ...good, amount: 9000 };

describe('request ids', () => {
  it('formats and parses per-workflow ids', () => {
    expect(formatRequestId('PR', 123)).toBe('PR-000123');
    expect(formatRequestId('INV', 1234567)).toBe('INV-1234567');
    expect(parseRequestId('PR-000123')).toEqual({ prefix: 'PR', n: 123 });
    expect(parseRequestId('pr-12')).toBeNull();
    expect(() => formatRequestId('PR', 0)).toThrow(/positive integer/);
  });
});

describe('createRequest', () => {
  it('creates at revision 1 in the start state and routes the first approval (no receipt email by default)', () => {
    const r = create(v, good, { seq: 42 });
    expect(r.request).toMatchObject({
      id: 'PR-000042',
      workflowId: 'purchase-approval',
      version: 1,
      versionHash: v.hash,
      revision: 1,
      state: 'approval',
      channel: 'form',
      assignee: 'queue:procurement',
      intakeProblems: [],
    });
    expect(r.request.approval).toMatchObject({ stepId: 'manager', pending: ['max@example.com'] });
    expect(r.request.history).toEqual([{ state: 'approval', enteredAt: T0, leftAt: null }]);
    expect(r.events.map((e) => e.action)).toEqual(['create']);
    expect(r.events[0]).toMatchObject({
      actor: 'rita@example.com',
      method: 'form_response',
      toState: 'approval',
      details: { channel: 'form' },
    });
    expect(r.notifications.map((n) => [n.kind, n.to])).toEqual([['approval_requested', 'max@example.com']]);
    expect(JSON.parse(JSON.stringify(r.request))).toEqual(r.request);
  });

  it('puts a request with intake problems in needs-info, listing each problem', () => {
    const r = create(v, { item: 'Laptop', amount: 'lots', costCenter: 'Moon' });
    expect(r.request.state).toBe('needs_info');
    expect(r.request.assignee).toBe('rita@example.com');
    expect(r.request.intakeProblems).toEqual([
      { path: 'amount', message: 'Amount must be a number.' },
      { path: 'costCenter', message: 'Cost centre must be one of: Engineering, Sales, Marketing, Operations.' },
      { path: 'justification', message: 'Justification is required.' },
    ]);
    expect(r.events.map((e) => e.action)).toEqual(['create', 'intake_problems']);
    expect(r.notifications.map((n) => n.kind)).toEqual(['needs_info']);
    expect(r.notifications[0]!.problems).toHaveLength(3);
  });

  it('resubmit with fixes moves to the start state and starts the chain; still-missing fields are refused by name', () => {
    const r = create(v, { item: 'Laptop' }).request;
    const still = refusalOf(act(v, r, 'rita@example.com', { type: 'resubmit', fields: { amount: 10 } }));
    expect(still.code).toBe('invalid_fields');
    expect(still.problems!.map((p) => p.path)).toEqual(['costCenter', 'justification']);
    expect(still.message).toMatch(/Cost centre is required/);
    const fixed = ok(act(v, r, 'rita@example.com', { type: 'resubmit', fields: { amount: 10, costCenter: 'Sales', justification: 'x' } }));
    expect(fixed.request.state).toBe('approval');
    expect(fixed.request.intakeProblems).toEqual([]);
    expect(fixed.request.assignee).toBe('queue:procurement');
    expect(fixed.request.approval?.pending).toEqual(['max@example.com']);
    expect(fixed.events[0]).toMatchObject({ action: 'resubmit', fromState: 'needs_info', toState: 'approval' });
    expect(fixed.events[0]!.changes).toContainEqual({ field: 'amount', before: null, after: 10 });
  });
});

describe('apply: common refusals', () => {
  const r = create(v, good).request;
  it('stale_revision names both revisions', () => {
    const f = refusalOf(act(v, r, 'max@example.com', { type: 'approve' }, { expectedRevision: 0 }));
    expect(f).toMatchObject({ code: 'stale_revision', expectedRevision: 0, actualRevision: 1 });
    expect(f.message).toMatch(/revision 0, it is now 1/);
  });
  it('version_mismatch when applied with another version than the pinned one', () => {
    const v2 = publish({ ...purchaseApproval, name: 'Purchase approval v2' }, 2);
    const f = refusalOf(act(v2, r, 'max@example.com', { type: 'approve' }));
    expect(f.code).toBe('version_mismatch');
    expect(f.message).toMatch(/pinned to purchase-approval v1/);
  });
  it('unknown_action for an unknown type or transition name', () => {
    expect(refusalOf(act(v, r, 'olga@example.com', { type: 'explode' } as never))).toMatchObject({ code: 'unknown_action' });
    const f = refusalOf(act(v, r, 'olga@example.com', { type: 'transition', name: 'teleport' }));
    expect(f.code).toBe('unknown_action');
    expect(f.message).toMatch(/no action "teleport"/);
  });
  it('wrong_state for a transition from another state', () => {
    const f = refusalOf(act(v, r, 'pat@example.com', { type: 'transition', name: 'mark_ordered' }));
    expect(f.code).toBe('wrong_state');
    expect(f.message).toMatch(/"Awaiting approval".*"Being ordered"/);
  });
  it('wrong_state for resubmit outside a waiting state', () => {
    expect(refusalOf(act(v, r, 'rita@example.com', { type: 'resubmit' })).code).toBe('wrong_state');
  });
  it('terminal: a closed request never changes', () => {
    const closed = step(v, r, 'rita@example.com', { type: 'cancel', reason: 'no longer needed' });
    expect(closed.state).toBe('cancelled');
    for (const who of ['olga@example.com', 'adam@example.com', 'rita@example.com']) {
      const f = refusalOf(act(v, closed, who, { type: 'override_state', to: 'approval', reason: 'reopen' }));
      expect(f.code).toBe('terminal');
      expect(f.message).toMatch(/closed \("Cancelled"\)/);
    }
  });
});

describe('approvals', () => {
  it('manager approval alone suffices at or under the finance limit', () => {
    const r = create(v, good).request;
    const res = ok(act(v, r, 'max@example.com', { type: 'approve' }));
    expect(res.request.state).toBe('ordering');
    expect(res.request.assignee).toBe('queue:procurement');
    expect(res.events.map((e) => e.action)).toEqual(['approve', 'step_completed', 'chain_approved']);
    expect(res.request.revision).toBe(2);
    expect(res.events.every((e) => e.revision === 2)).toBe(true);
  });

  it('over the limit, finance must approve after the manager (sequential chain)', () => {
    let r = create(v, big).request;
    expect(refusalOf(act(v, r, 'fay@example.com', { type: 'approve' })).code).toBe('not_allowed');
    r = step(v, r, 'max@example.com', { type: 'approve' });
    expect(r.state).toBe('approval');
    expect(r.approval).toMatchObject({ stepId: 'finance', pending: ['fay@example.com', 'fred@example.com'] });
    const f = refusalOf(act(v, r, 'max@example.com', { type: 'approve' }));
    expect(f.code).toBe('step_already_decided');
    expect(f.message).toMatch(/"Manager" is already decided.*"Finance"/);
    r = step(v, r, 'fred@example.com', { type: 'approve' });
    expect(r.state).toBe('ordering');
    expect(r.approval).toBeNull();
  });

  it('a rejection at any step ends the chain, with a comment required', () => {
    let r = create(v, big).request;
    r = step(v, r, 'max@example.com', { type: 'approve' });
    const f = refusalOf(act(v, r, 'fay@example.com', { type: 'reject' }));
    expect(f.code).toBe('comment_required');
    expect(f.message).toMatch(/comment is required to reject/);
    const res = ok(act(v, r, 'fay@example.com', { type: 'reject', comment: 'over budget' }));
    expect(res.request.state).toBe('rejected');
    expect(res.events.map((e) => e.action)).toEqual(['reject', 'chain_rejected']);
    expect(res.notifications).toContainEqual(
      expect.objectContaining({ kind: 'decision', to: 'rita@example.com', decision: 'reject', comment: 'over budget' }),
    );
  });

  it('request changes sends it back to the requester as rework, and the resubmit restarts the current step', () => {
    let r = create(v, big).request;
    r = step(v, r, 'max@example.com', { type: 'approve' });
    const res = ok(act(v, r, 'fay@example.com', { type: 'request_changes', comment: 'attach a quote' }));
    r = res.request;
    expect(r).toMatchObject({ state: 'needs_info', assignee: 'rita@example.com', reworkCount: 1, returnTo: 'approval' });
    expect(res.notifications).toContainEqual(
      expect.objectContaining({ kind: 'changes_requested', to: 'rita@example.com', comment: 'attach a quote' }),
    );
    expect(refusalOf(act(v, r, 'olly@example.com', { type: 'resubmit' })).code).toBe('not_allowed');
    r = step(v, r, 'rita@example.com', { type: 'resubmit', fields: { quote: 'https://vendor.example.com/q1' } });
    expect(r.state).toBe('approval');
    expect(r.assignee).toBe('queue:procurement');
    // The manager's approval stands; the finance step restarts with everyone pending.
    expect(r.approval).toMatchObject({ stepId: 'finance', pending: ['fay@example.com', 'fred@example.com'], round: 2 });
    expect(r.approval!.decisions.map((d) => [d.stepId, d.decision])).toEqual([['manager', 'approve']]);
    expect(step(v, r, 'fay@example.com', { type: 'approve' }).state).toBe('ordering');
  });

  it('a delegate decides for an approver who is out of office, and both are recorded', () => {
    const away = createDirectory(
      people.map((p) => (p.email === 'max@example.com' ? { ...p, outOfOffice: { from: T0 - HOUR, to: T0 + 48 * HOUR } } : p)),
    );
    const c = create(v, good, { dir: away });
    expect(c.notifications).toContainEqual(
      expect.objectContaining({ kind: 'approval_requested', to: 'dana@example.com', onBehalfOf: 'max@example.com' }),
    );
    const res = ok(act(v, c.request, 'dana@example.com', { type: 'approve' }, { dir: away }));
    expect(res.events[0]).toMatchObject({ action: 'approve', actor: 'dana@example.com', onBehalfOf: 'max@example.com' });
    const d = res.events[0];
    expect(res.request.state).toBe('ordering');
    expect(d).toBeDefined();
    // Once Max is back, Dana may no longer act for him.
    const back = create(v, good, { dir: away }).request;
    expect(refusalOf(act(v, back, 'dana@example.com', { type: 'approve' }, { dir: away, now: T0 + 72 * HOUR })).code).toBe('not_allowed');
  });

  it('the requester is left out of their own approval step', () => {
    const selfDir = createDirectory([
      ...people.filter((p) => p.email !== 'rita@example.com'),
      { email: 'rita@example.com', name: 'Rita', roles: ['finance'], manager: 'max@example.com' },
    ]);
    let r = create(v, big, { dir: selfDir }).request;
    r = step(v, r, 'max@example.com', { type: 'approve' }, { dir: selfDir });
    expect(r.approval!.pending).toEqual(['fay@example.com', 'fred@example.com']);
    expect(refusalOf(act(v, r, 'rita@example.com', { type: 'approve' }, { dir: selfDir })).code).toBe('not_allowed');
  });

  it('an approval step nobody can approve escalates to operators, who reassign it', () => {
    const noManager = createDirectory(people.map((p) => (p.email === 'rita@example.com' ? { ...p, manager: null } : p)));
    const c = create(v, good, { dir: noManager });
    expect(c.request.approval!.pending).toEqual([]);
    expect(c.notifications).toContainEqual(expect.objectContaining({ kind: 'escalation', to: 'queue:operator', step: 'manager' }));
    const f = refusalOf(act(v, c.request, 'olga@example.com', { type: 'reassign', to: 'vp@example.com', reason: '' }, { dir: noManager }));
    expect(f.code).toBe('reason_required');
    const r = step(
      v,
      c.request,
      'olga@example.com',
      { type: 'reassign', to: 'vp@example.com', reason: 'Rita has no manager on file' },
      { dir: noManager },
    );
    expect(r.approval!.pending).toEqual(['vp@example.com']);
    expect(step(v, r, 'vp@example.com', { type: 'approve' }, { dir: noManager }).state).toBe('ordering');
  });
});

const policyDef = (policy: object): Definition => ({
  id: 'policy',
  name: 'Policy',
  prefix: 'PO',
  fields: [{ id: 'x', label: 'X', type: 'text' }],
  states: [
    {
      id: 'a',
      label: 'A',
      kind: 'start',
      approval: {
        steps: [
          {
            id: 's',
            label: 'S',
            approvers: [{ type: 'people', emails: ['fay@example.com', 'fred@example.com', 'pat@example.com'] }],
            policy: policy as never,
          },
        ],
        onApproved: 'yes',
        onRejected: 'no',
      },
    },
    { id: 'w', label: 'W', kind: 'waiting_on_requester' },
    { id: 'yes', label: 'Yes', kind: 'terminal', outcome: 'approved' },
    { id: 'no', label: 'No', kind: 'terminal', outcome: 'rejected' },
  ],
  transitions: [],
});

describe('approval policies', () => {
  it.each([
    [{ type: 'any' }, 1],
    [{ type: 'quorum', n: 2 }, 2],
    [{ type: 'all' }, 3],
  ])('%j needs %i approvals', (policy, needed) => {
    const pv = publish(policyDef(policy));
    let r: Request = create(pv, {}).request;
    const approvers = ['fay@example.com', 'fred@example.com', 'pat@example.com'];
    for (let i = 0; i < needed; i++) {
      expect(r.state).toBe('a');
      r = step(pv, r, approvers[i]!, { type: 'approve' });
    }
    expect(r.state).toBe('yes');
  });
  it('one approver cannot decide twice in a step', () => {
    const pv = publish(policyDef({ type: 'all' }));
    const r = step(pv, create(pv, {}).request, 'fay@example.com', { type: 'approve' });
    const f = refusalOf(act(pv, r, 'fay@example.com', { type: 'approve' }));
    expect(f.code).toBe('step_already_decided');
    expect(f.message).toMatch(/already decided on step "S" \(approve\)/);
  });
});

describe('transitions', () => {
  const inOrdering = step(v, create(v, good).request, 'max@example.com', { type: 'approve' });
  it('not_allowed names who may act', () => {
    const f = refusalOf(act(v, inOrdering, 'olly@example.com', { type: 'transition', name: 'mark_ordered' }));
    expect(f.code).toBe('not_allowed');
    expect(f.message).toMatch(/olly@example.com may not take "mark_ordered".*the assignee/);
  });
  it('queue members act as the assignee; fields required by the target are named', () => {
    const f = refusalOf(act(v, inOrdering, 'pat@example.com', { type: 'transition', name: 'mark_ordered' }));
    expect(f.code).toBe('invalid_fields');
    expect(f.problems).toEqual([{ path: 'poNumber', message: 'PO number is required.' }]);
    const bad = refusalOf(
      act(v, inOrdering, 'pat@example.com', { type: 'transition', name: 'mark_ordered', fields: { poNumber: 5, colour: 'red' } as never }),
    );
    expect(bad.problems!.map((p) => p.path).sort()).toEqual(['colour', 'poNumber']);
    const res = ok(act(v, inOrdering, 'pat@example.com', { type: 'transition', name: 'mark_ordered', fields: { poNumber: 'PO-77' } }));
    expect(res.request.state).toBe('ordered');
    expect(res.events[0]).toMatchObject({
      action: 'transition',
      name: 'mark_ordered',
      changes: [{ field: 'poNumber', before: null, after: 'PO-77' }],
    });
    expect(res.request.history.map((h) => h.state)).toEqual(['approval', 'ordering', 'ordered']);
    expect(res.request.history.every((h, i, a) => (i === a.length - 1 ? h.leftAt === null : h.leftAt !== null))).toBe(true);
  });
  it('comment_required when the transition says so', () => {
    const f = refusalOf(act(v, inOrdering, 'pat@example.com', { type: 'transition', name: 'ask_requester' }));
    expect(f).toMatchObject({ code: 'comment_required', message: '"ask_requester" needs a comment.' });
  });
  it('guard_failed describes the condition', () => {
    const def: Definition = {
      ...purchaseApproval,
      transitions: [
        ...purchaseApproval.transitions,
        { action: 'rush', from: ['ordering'], to: 'ordered', by: ['assignee'], when: { field: 'amount', op: 'lt', value: 100 } },
      ],
    };
    const pv = publish(def);
    const r = step(pv, create(pv, good).request, 'max@example.com', { type: 'approve' });
    const f = refusalOf(act(pv, r, 'pat@example.com', { type: 'transition', name: 'rush', fields: { poNumber: 'x' } }));
    expect(f).toMatchObject({ code: 'guard_failed', message: '"rush" is only possible when Amount is less than 100.' });
  });
});

describe('operator actions', () => {
  const r = step(v, create(v, good).request, 'max@example.com', { type: 'approve' });
  it('are refused to non-operators', () => {
    for (const a of [
      { type: 'reassign', to: 'pat@example.com', reason: 'x' },
      { type: 'override_state', to: 'ordered', reason: 'x' },
      { type: 'edit_fields', fields: { item: 'x' }, reason: 'x' },
    ] as const) {
      const f = refusalOf(act(v, r, 'rita@example.com', a));
      expect(f.code).toBe('not_allowed');
      expect(f.message).toMatch(/Only an operator/);
    }
  });
  it('each needs a reason', () => {
    expect(refusalOf(act(v, r, 'olga@example.com', { type: 'override_state', to: 'ordered', reason: ' ' }))).toMatchObject({
      code: 'reason_required',
      message: 'A reason is required to override the state.',
    });
    expect(refusalOf(act(v, r, 'olga@example.com', { type: 'edit_fields', fields: { item: 'y' }, reason: '' })).code).toBe(
      'reason_required',
    );
    expect(refusalOf(act(v, r, 'rita@example.com', { type: 'cancel', reason: '' })).code).toBe('reason_required');
  });
  it('reassign sets the assignee and records a handoff; unknown people are refused', () => {
    expect(refusalOf(act(v, r, 'olga@example.com', { type: 'reassign', to: 'ghost@example.com', reason: 'x' })).code).toBe(
      'unknown_person',
    );
    const res = ok(act(v, r, 'olga@example.com', { type: 'reassign', to: 'PAT@example.com', reason: 'Pat knows the vendor' }));
    expect(res.request.assignee).toBe('pat@example.com');
    expect(res.events[0]).toMatchObject({
      action: 'reassign',
      assigneeBefore: 'queue:procurement',
      assigneeAfter: 'pat@example.com',
      reason: 'Pat knows the vendor',
    });
    expect(res.notifications).toEqual([expect.objectContaining({ kind: 'assigned', to: 'pat@example.com' })]);
  });
  it('override moves to any state the workflow has, and only those', () => {
    const f = refusalOf(act(v, r, 'olga@example.com', { type: 'override_state', to: 'limbo', reason: 'x' }));
    expect(f.code).toBe('unknown_state');
    expect(f.message).toMatch(/no state "limbo"/);
    const res = ok(act(v, r, 'adam@example.com', { type: 'override_state', to: 'approval', reason: 'vendor changed' }));
    expect(res.request.state).toBe('approval');
    expect(res.request.approval?.stepId).toBe('manager');
    expect(res.events[0]).toMatchObject({ action: 'override_state', fromState: 'ordering', toState: 'approval', reason: 'vendor changed' });
  });
  it('edit fields validates like intake and records before/after', () => {
    const f = refusalOf(act(v, r, 'olga@example.com', { type: 'edit_fields', fields: { amount: -5, justification: '' }, reason: 'typo' }));
    expect(f.code).toBe('invalid_fields');
    expect(f.problems).toEqual([
      { path: 'amount', message: 'Amount must be at least 0.01.' },
      { path: 'justification', message: 'Justification is required.' },
    ]);
    const res = ok(act(v, r, 'olga@example.com', { type: 'edit_fields', fields: { amount: 1250 }, reason: 'typo' }));
    expect(res.events[0]!.changes).toEqual([{ field: 'amount', before: 1200, after: 1250 }]);
    expect(res.request.fields.amount).toBe(1250);
  });
  it('cancel: by the requester or an operator, to the cancelled state; not by others', () => {
    expect(refusalOf(act(v, r, 'olly@example.com', { type: 'cancel', reason: 'x' })).code).toBe('not_allowed');
    const res = ok(act(v, r, 'olga@example.com', { type: 'cancel', reason: 'duplicate' }));
    expect(res.request.state).toBe('cancelled');
    expect(res.request.sla).toBeNull();
  });
  it('no_cancel_state when the workflow has none', () => {
    const def = policyDef({ type: 'any' });
    const pv = publish(def);
    const f = refusalOf(act(pv, create(pv, {}).request, 'rita@example.com', { type: 'cancel', reason: 'x' }));
    expect(f.code).toBe('no_cancel_state');
  });
});

describe('versions', () => {
  it('a request finishes under the version it started with, even after the workflow is edited', () => {
    const r = create(v, good).request;
    const edited = {
      ...purchaseApproval,
      states: purchaseApproval.states.map((s) => (s.id === 'ordering' ? { ...s, label: 'Purchasing' } : s)),
    };
    const v2 = publish(edited, 2);
    expect(v2.hash).not.toBe(v.hash);
    const r2 = step(v, r, 'max@example.com', { type: 'approve' });
    expect(r2.version).toBe(1);
    expect(r2.versionHash).toBe(v.hash);
    expect(v.definition.states.find((s) => s.id === 'ordering')!.label).toBe('Being ordered');
    expect(Object.isFrozen(v.definition)).toBe(true);
  });
  it('never mutates its input request', () => {
    const r = create(v, good).request;
    const copy = JSON.parse(JSON.stringify(r));
    step(v, r, 'max@example.com', { type: 'approve' });
    step(v, r, 'olga@example.com', { type: 'edit_fields', fields: { amount: 99 }, reason: 'x' });
    expect(r).toEqual(copy);
  });
});

describe('directory', () => {
  it('compares emails case-insensitively', () => {
    expect(directory.get('MAX@Example.com')?.name).toBe('Max Manager');
    expect(directory.membersOf('finance').map((p) => p.email)).toEqual(['fay@example.com', 'fred@example.com']);
  });
});

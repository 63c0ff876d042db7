/** requester_edit: the requester changes what they submitted (form edits), before any decision or while the request waits on them. */
import { ACTION_TYPES, validateDefinition, type Request } from '../../../src/core';
import { purchaseApproval } from '../../../src/templates';
import { act, create, HOUR, ok, publish, refusalOf, step } from './helpers';

const v = publish(purchaseApproval);
const RITA = 'rita@example.com';
const good = { item: 'Laptop', amount: 1200, costCenter: 'Engineering', justification: 'new hire' };
const bad = { item: 'Laptop', amount: 'lots', costCenter: 'Moon' };
const edit = (fields: Request['fields'], extra: { comment?: string; source?: string } = {}) => ({
  type: 'requester_edit' as const,
  fields,
  ...extra,
});

describe('requester_edit in Needs info', () => {
  it('fixing some problems keeps the request waiting, re-lists what is left, records the diff and tells the requester again', () => {
    const r = create(v, bad).request;
    expect(r.state).toBe('needs_info');
    const res = ok(act(v, r, RITA, edit({ amount: 1250.5, costCenter: 'Sales' }, { source: 'resp-1' })));
    const next = res.request;
    expect(next).toMatchObject({ state: 'needs_info', revision: 2, assignee: RITA, returnTo: 'approval' });
    expect(next.fields).toMatchObject({ amount: 1250.5, costCenter: 'Sales', item: 'Laptop' });
    expect(next.intakeProblems).toEqual([{ path: 'justification', message: 'Justification is required.' }]);
    expect(res.events).toHaveLength(1);
    expect(res.events[0]).toMatchObject({
      action: 'edit_fields',
      name: 'requester_edit',
      actor: RITA,
      revision: 2,
      fromState: 'needs_info',
      toState: 'needs_info',
      details: { problems: ['Justification is required.'], source: 'resp-1' },
    });
    expect(res.events[0]!.changes).toEqual([
      { field: 'amount', before: 'lots', after: 1250.5 },
      { field: 'costCenter', before: 'Moon', after: 'Sales' },
    ]);
    expect(res.notifications).toEqual([
      expect.objectContaining({ kind: 'needs_info', to: RITA, state: 'needs_info', problems: next.intakeProblems }),
    ]);
    expect(next.history.map((h) => h.state)).toEqual(['needs_info']); // it did not leave and re-enter
  });

  it('an invalid value is kept and named, not refused', () => {
    const r = create(v, bad).request;
    const next = step(v, r, RITA, edit({ amount: -3, costCenter: 'Sales', justification: 'x' }));
    expect(next.state).toBe('needs_info');
    expect(next.fields.amount).toBe(-3);
    expect(next.intakeProblems).toEqual([{ path: 'amount', message: 'Amount must be at least 0.01.' }]);
  });

  it('fixing everything leaves Needs info as resubmit would: back to the start state, its approval chain started', () => {
    const r = create(v, bad).request;
    const res = ok(act(v, r, RITA, edit({ amount: 10, costCenter: 'Sales', justification: 'x' }, { comment: 'fixed' })));
    const viaResubmit = ok(
      act(v, r, RITA, { type: 'resubmit', fields: { amount: 10, costCenter: 'Sales', justification: 'x' }, comment: 'fixed' }),
    );
    expect(res.request).toEqual(viaResubmit.request);
    expect(res.request).toMatchObject({ state: 'approval', intakeProblems: [], returnTo: null, assignee: 'queue:procurement' });
    expect(res.request.approval).toMatchObject({ stepId: 'manager', pending: ['max@example.com'] });
    expect(res.events.map((e) => e.action)).toEqual(['resubmit']);
    expect(res.events[0]).toMatchObject({
      fromState: 'needs_info',
      toState: 'approval',
      comment: 'fixed',
      details: { via: 'requester_edit' },
    });
    expect(res.notifications.map((n) => [n.kind, n.to])).toEqual(viaResubmit.notifications.map((n) => [n.kind, n.to]));
  });

  it('after changes were requested mid-chain, an edit resubmits and the current step restarts', () => {
    let r = create(v, { ...good, amount: 9000 }).request;
    r = step(v, r, 'max@example.com', { type: 'approve' });
    r = step(v, r, 'fay@example.com', { type: 'request_changes', comment: 'attach a quote' });
    expect(r.state).toBe('needs_info');
    r = step(v, r, RITA, edit({ quote: 'https://vendor.example.com/q1' }));
    expect(r.state).toBe('approval');
    expect(r.approval).toMatchObject({ stepId: 'finance', round: 2 });
    expect(r.approval!.decisions.map((d) => [d.stepId, d.decision])).toEqual([['manager', 'approve']]);
  });
});

describe('requester_edit in the start state', () => {
  it('before any decision, a complete edit changes the fields in place (the approval step continues)', () => {
    const r = create(v, good).request;
    const res = ok(act(v, r, RITA, edit({ vendor: 'Acme' })));
    expect(res.request).toMatchObject({
      state: 'approval',
      revision: 2,
      intakeProblems: [],
      assignee: r.assignee,
      sla: r.sla,
      approval: r.approval,
    });
    expect(res.request.fields.vendor).toBe('Acme');
    expect(res.events.map((e) => [e.action, e.fromState, e.toState])).toEqual([['edit_fields', 'approval', 'approval']]);
    expect(res.events[0]!.changes).toEqual([{ field: 'vendor', before: null, after: 'Acme' }]);
    expect(res.notifications).toEqual([]);
  });

  it('an edit that leaves problems sends it to Needs info (clock paused, problems listed); fixing them returns it and restarts the step', () => {
    const r = create(v, good).request;
    const res = ok(act(v, r, RITA, edit({ justification: '', amount: 'lots' }), { now: r.updatedAt + HOUR }));
    const w = res.request;
    expect(w).toMatchObject({ state: 'needs_info', returnTo: 'approval', returnAssignee: 'queue:procurement', assignee: RITA });
    expect(w.intakeProblems.map((p) => p.path)).toEqual(['amount', 'justification']);
    expect(w.sla).toMatchObject({ state: 'approval', dueAt: null });
    expect(w.sla!.pausedSince).not.toBeNull();
    expect(res.events.map((e) => [e.action, e.name, e.fromState, e.toState])).toEqual([
      ['edit_fields', 'requester_edit', 'approval', 'needs_info'],
    ]);
    expect(res.notifications.map((n) => [n.kind, n.to])).toEqual([['needs_info', RITA]]);
    expect(res.notifications[0]!.problems).toEqual(w.intakeProblems);
    expect(w.approval).toMatchObject({ stepId: 'manager', decisions: [] }); // kept for the way back

    const back = ok(act(v, w, RITA, edit({ justification: 'new hire', amount: 1300 })));
    expect(back.request).toMatchObject({ state: 'approval', intakeProblems: [], assignee: 'queue:procurement', returnTo: null });
    expect(back.request.approval).toMatchObject({ stepId: 'manager', pending: ['max@example.com'], round: 2 });
    expect(back.request.sla).toMatchObject({ state: 'approval', pausedSince: null });
    expect(back.notifications).toContainEqual(expect.objectContaining({ kind: 'approval_requested', to: 'max@example.com' }));
  });
});

describe('requester_edit refusals', () => {
  it('wrong_state once an approver has decided, or once the request moved on', () => {
    let r = create(v, { ...good, amount: 9000 }).request;
    r = step(v, r, 'max@example.com', { type: 'approve' });
    const decided = refusalOf(act(v, r, RITA, edit({ vendor: 'Acme' })));
    expect(decided).toMatchObject({ code: 'wrong_state', state: 'approval' });
    expect(decided.message).toMatch(/already decided/);
    r = step(v, r, 'fay@example.com', { type: 'approve' });
    expect(r.state).toBe('ordering');
    const later = refusalOf(act(v, r, RITA, edit({ vendor: 'Acme' })));
    expect(later.code).toBe('wrong_state');
    expect(later.message).toContain('"Being ordered"');
  });

  it('not_allowed to anyone but the requester, operators included', () => {
    const r = create(v, bad).request;
    for (const who of ['olga@example.com', 'adam@example.com', 'max@example.com', 'olly@example.com', 'system']) {
      const f = refusalOf(act(v, r, who, edit({ amount: 10 })));
      expect([who, f.code]).toEqual([who, 'not_allowed']);
    }
    // The requester's email compares case-insensitively.
    expect(step(v, r, 'Rita@Example.com', edit({ amount: 10 })).fields.amount).toBe(10);
  });

  it('terminal and stale_revision come first, as for every action', () => {
    const r = create(v, good).request;
    const cancelled = step(v, r, RITA, { type: 'cancel', reason: 'no longer needed' });
    expect(refusalOf(act(v, cancelled, RITA, edit({ vendor: 'x' }))).code).toBe('terminal');
    const stale = refusalOf(act(v, r, RITA, edit({ vendor: 'x' }), { expectedRevision: r.revision - 1 }));
    expect(stale).toMatchObject({ code: 'stale_revision', expectedRevision: 0, actualRevision: 1 });
  });

  it('invalid_fields for unknown fields, a missing fields object, or an edit that changes nothing', () => {
    const r = create(v, bad).request;
    const unknown = refusalOf(act(v, r, RITA, edit({ colour: 'red', amount: 10 })));
    expect(unknown.code).toBe('invalid_fields');
    expect(unknown.problems!.map((p) => p.path)).toEqual(['colour']);
    expect(refusalOf(act(v, r, RITA, { type: 'requester_edit' } as never)).code).toBe('invalid_fields');
    const same = refusalOf(act(v, r, RITA, edit({ item: 'Laptop', amount: 'lots' })));
    expect(same).toMatchObject({ code: 'invalid_fields', problems: [] });
    expect(same.message).toMatch(/Nothing to change/);
  });
});

describe('requester_edit is a built-in action', () => {
  it('is listed, and a transition cannot take its name', () => {
    expect(ACTION_TYPES).toContain('requester_edit');
    const def = {
      ...purchaseApproval,
      transitions: [...purchaseApproval.transitions, { action: 'requester_edit', from: ['ordering'], to: 'ordered', by: ['requester'] }],
    };
    const res = validateDefinition(def);
    expect(res).toMatchObject({
      ok: false,
      problems: [{ path: 'transitions[2].action', message: expect.stringContaining('"requester_edit" is a built-in action') }],
    });
  });
});

/**
 * The per-state notification policy (src/core/definition/notify.ts, src/core/notifications/policy.ts): who hears a
 * request entering a state, with the defaults and with an explicit policy. Per role: whoever must act is told.
 */
import { notifyAudiences, recordBreach, validateDefinition, type Definition, type NotificationIntent } from '../../../src/core';
import { purchaseApproval, templates } from '../../../src/templates';
import { act, create, directory, ok, publish, step } from './helpers';

const good = { item: 'Laptop', amount: 1200, costCenter: 'Engineering', justification: 'new hire' };
const big = { ...good, amount: 9000 };
const kinds = (ns: NotificationIntent[], to: string) => ns.filter((n) => n.to === to).map((n) => n.kind);
const withStates = (f: (s: Definition['states'][number]) => Definition['states'][number], extra: Partial<Definition> = {}): Definition => ({
  ...purchaseApproval,
  ...extra,
  states: purchaseApproval.states.map(f),
});

describe('the default policy: the requester hears what they must act on and the outcome only', () => {
  const v = publish(purchaseApproval);

  it('a new request: no receipt email; the manager is asked', () => {
    const r = create(v, good);
    expect(kinds(r.notifications, 'rita@example.com')).toEqual([]);
    expect(kinds(r.notifications, 'max@example.com')).toEqual(['approval_requested']);
  });

  it('approved into an intermediate state (Being ordered): nothing to the requester, the procurement queue is told', () => {
    const r = ok(act(v, create(v, good).request, 'max@example.com', { type: 'approve' }));
    expect(r.request.state).toBe('ordering');
    expect(kinds(r.notifications, 'rita@example.com')).toEqual([]);
    expect(kinds(r.notifications, 'queue:procurement')).toEqual(['assigned']);
  });

  it('the outcome (Ordered) reaches the requester, once', () => {
    const ordering = step(v, create(v, good).request, 'max@example.com', { type: 'approve' });
    const r = ok(act(v, ordering, 'pat@example.com', { type: 'transition', name: 'mark_ordered', fields: { poNumber: 'PO-1' } }));
    expect(r.request.state).toBe('ordered');
    expect(kinds(r.notifications, 'rita@example.com')).toEqual(['state_changed']);
  });

  it('a rejection reaches the requester as the decision, once', () => {
    const r = ok(act(v, create(v, good).request, 'max@example.com', { type: 'reject', comment: 'no' }));
    expect(kinds(r.notifications, 'rita@example.com')).toEqual(['decision']);
  });

  it('changes requested reach the requester (they must act)', () => {
    const r = ok(act(v, create(v, good).request, 'max@example.com', { type: 'request_changes', comment: 'add a quote' }));
    expect(kinds(r.notifications, 'rita@example.com')).toEqual(['changes_requested']);
  });

  it('the second step starts: finance is asked, the requester hears nothing', () => {
    const r = ok(act(v, create(v, big).request, 'max@example.com', { type: 'approve' }));
    expect(r.request.approval?.stepId).toBe('finance');
    expect(kinds(r.notifications, 'fay@example.com')).toEqual(['approval_requested']);
    expect(kinds(r.notifications, 'fred@example.com')).toEqual(['approval_requested']);
    expect(kinds(r.notifications, 'rita@example.com')).toEqual([]);
  });
});

describe('an explicit policy', () => {
  it('receiptEmail: true sends Handoff’s own receipt first', () => {
    const v = publish({ ...purchaseApproval, receiptEmail: true });
    expect(create(v, good).notifications.map((n) => n.kind)).toEqual(['receipt', 'approval_requested']);
  });

  it('an intermediate state that lists the requester tells them; watchers are told too', () => {
    const v = publish(
      withStates((s) =>
        s.id === 'ordering' ? { ...s, notify: { to: ['requester', 'assignee', 'watchers'], watchers: ['vp@example.com'] } } : s,
      ),
    );
    const r = ok(act(v, create(v, good).request, 'max@example.com', { type: 'approve' }));
    expect(kinds(r.notifications, 'rita@example.com')).toEqual(['decision']);
    expect(kinds(r.notifications, 'vp@example.com')).toEqual(['state_changed']);
  });

  it('to: [] tells nobody, not even the requester of the outcome', () => {
    const v = publish(withStates((s) => (s.id === 'rejected' ? { ...s, notify: { to: [] } } : s)));
    const r = ok(act(v, create(v, good).request, 'max@example.com', { type: 'reject', comment: 'no' }));
    expect(r.notifications).toEqual([]);
  });

  it('watchers without addresses are refused with a sentence', () => {
    const def = withStates((s) => (s.id === 'ordering' ? { ...s, notify: { to: ['watchers'] } } : s));
    const res = validateDefinition(def);
    expect(res.ok).toBe(false);
    expect(JSON.stringify(res)).toMatch(/watchers are told only when listed/);
  });

  it('a Chat space gets one post per step, about its most telling event', () => {
    const v = publish({ ...purchaseApproval, chatSpace: 'Procurement' });
    const c = create(v, good);
    expect(c.notifications.filter((n) => n.to === 'chat:Procurement').map((n) => n.kind)).toEqual(['receipt']);
    const r = ok(act(v, c.request, 'max@example.com', { type: 'reject', comment: 'no' }));
    expect(r.notifications.filter((n) => n.to === 'chat:Procurement').map((n) => n.kind)).toEqual(['decision']);
  });

  it('definitions without the new keys still load (existing Config rows)', () => {
    const { receiptEmail: _r, chatSpace: _c, ...old } = { ...purchaseApproval, receiptEmail: undefined, chatSpace: undefined };
    expect(validateDefinition(JSON.parse(JSON.stringify(old))).ok).toBe(true);
  });
});

describe('one copy per person', () => {
  it('a queue’s copy leaves out a member who gets their own copy of the same notice', () => {
    // Max approves and is in procurement: the escalation to queue:procurement leaves him out.
    const def = withStates((s) =>
      s.id === 'approval' ? { ...s, sla: { businessHours: 1, escalateTo: { type: 'queue', queue: 'procurement' } } } : s,
    );
    const v = publish(def);
    const r = create(v, good).request;
    const res = ok(recordBreach({ version: v, request: r, now: r.createdAt + 48 * 3_600_000, directory }));
    const q = res.notifications.find((n) => n.to === 'queue:procurement');
    expect(q?.except).toEqual(['max@example.com']);
    expect(kinds(res.notifications, 'max@example.com')).toEqual(['escalation']);
  });
});

describe('the eight templates: in every state, whoever must act is told on entry', () => {
  for (const t of templates) {
    test(t.id, () => {
      validateDefinition(t);
      for (const s of t.states) {
        const tell = notifyAudiences(s);
        const owner = s.owner?.type ?? (s.kind === 'waiting_on_requester' ? 'requester' : 'assignee');
        if (s.kind === 'waiting_on_requester' || s.kind === 'terminal' || owner === 'requester')
          expect([s.id, tell.has('requester')]).toEqual([s.id, true]);
        if (s.approval) expect([s.id, tell.has('approvers')]).toEqual([s.id, true]);
        if (s.kind !== 'terminal' && owner !== 'requester') expect([s.id, tell.has('assignee')]).toEqual([s.id, true]);
      }
    });
  }

  test('a state the requester owns (Verify with customer) tells them on entry', () => {
    const def = templates.find((x) => x.id === 'support-escalation')!;
    const verify = def.states.find((s) => s.id === 'verify')!;
    expect(notifyAudiences(verify).has('requester')).toBe(true);
  });
});

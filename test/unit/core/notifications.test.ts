import { renderNotification, type Definition } from '../../../src/core';
import { purchaseApproval } from '../../../src/templates';
import { act, create, ok, publish, step } from './helpers';

const v = publish(purchaseApproval);
const good = { item: 'Laptop', amount: 1200, costCenter: 'Engineering', justification: 'new hire' };

describe('notifications to the requester when a request ends', () => {
  it('a rejection tells the requester once (the decision), not also "is now Rejected"', () => {
    const r = create(v, good).request;
    const res = ok(act(v, r, 'max@example.com', { type: 'reject', comment: 'over budget' }));
    expect(res.request.state).toBe('rejected');
    const toRita = res.notifications.filter((n) => n.to === 'rita@example.com').map((n) => n.kind);
    expect(toRita).toEqual(['decision']);
  });

  it('an approval chain that ends in a terminal state tells the requester once', () => {
    const def: Definition = {
      ...purchaseApproval,
      states: purchaseApproval.states
        .map((s) => (s.id === 'approval' ? { ...s, approval: { ...s.approval!, onApproved: 'ordered' } } : s))
        .map((s) => (s.id === 'ordered' ? { ...s, requiredFields: [] } : s)),
    };
    const v2 = publish(def);
    const res = ok(act(v2, create(v2, good).request, 'max@example.com', { type: 'approve' }));
    expect(res.request.state).toBe('ordered');
    expect(res.notifications.filter((n) => n.to === 'rita@example.com').map((n) => n.kind)).toEqual(['decision']);
  });

  it('a terminal move without a decision (cancel) still tells the requester', () => {
    const r = create(v, good).request;
    const res = ok(act(v, r, 'rita@example.com', { type: 'cancel', reason: 'not needed' }));
    expect(res.request.state).toBe('cancelled');
    expect(res.notifications.filter((n) => n.to === 'rita@example.com').map((n) => n.kind)).toEqual(['state_changed']);
  });
});

describe('{{decision}} in templates', () => {
  it('reads as a past-tense word, and the purchase template says it once without repeating the comment', () => {
    const r = create(v, good).request;
    const res = ok(act(v, r, 'max@example.com', { type: 'reject', comment: 'over budget' }));
    const intent = res.notifications.find((n) => n.kind === 'decision')!;
    const out = renderNotification(v.definition, intent, res.request);
    expect(out.subject).toBe('rejected'); // the "[PR-000001] Purchase approval:" prefix is added when sent
    expect(out.text).toBe('Your purchase of Laptop was rejected.');
    const approved = step(v, r, 'max@example.com', { type: 'approve' });
    expect(approved.state).toBe('ordering');
  });

  it('the purchase approval request does not leave "from ." when the vendor is empty', () => {
    const res = create(v, good);
    const intent = res.notifications.find((n) => n.kind === 'approval_requested')!;
    const out = renderNotification(v.definition, intent, res.request);
    expect(out.text).toBe('To buy: Laptop (1200 USD).\nWhy: new hire');
    expect(out.text).not.toMatch(/from \./);
  });
});

/**
 * Segregation of duties: the requester never becomes an approver of their own request's step unless the step
 * allows it — not by resolution (approvers.ts), nor by an operator's reassign, nor by an SLA breach hand-over.
 * (Found by the engine property test: reassign to the requester, then the requester approved.)
 */
import { recordBreach, type Definition } from '../../../src/core';
import { purchaseApproval } from '../../../src/templates';
import { act, create, directory, HOUR, ok, publish, refusalOf, T0 } from './helpers';

const RITA = 'rita@example.com';
const good = { item: 'Laptop', amount: 1200, costCenter: 'Engineering', justification: 'new hire' };

describe('reassign inside an approval step', () => {
  it('refuses the requester as an approver, and accepts them where the step allows self-approval', () => {
    const v = publish(purchaseApproval);
    const r = create(v, good).request;
    const f = refusalOf(
      act(v, r, 'olga@example.com', { type: 'reassign', to: 'Rita@Example.com', from: 'max@example.com', reason: 'max left' }),
    );
    expect(f.code).toBe('not_allowed');
    expect(f.message).toMatch(/requester/);
    expect(
      ok(act(v, r, 'olga@example.com', { type: 'reassign', to: 'pat@example.com', from: 'max@example.com', reason: 'max left' })).request
        .approval!.pending,
    ).toEqual(['pat@example.com']);

    const selfOk = structuredClone(purchaseApproval) as Definition;
    selfOk.states[0]!.approval!.steps[0]!.allowRequester = true;
    const v2 = publish(selfOk);
    const r2 = create(v2, good).request;
    const res = ok(
      act(v2, r2, 'olga@example.com', { type: 'reassign', to: RITA, from: 'max@example.com', reason: 'self-approval allowed' }),
    );
    expect(res.request.approval!.pending).toEqual([RITA]);
  });
});

describe('SLA breach hand-over inside an approval step', () => {
  function deskWithEscalationTo(email: string, allowRequester: boolean): Definition {
    return {
      id: 'desk',
      name: 'Desk',
      prefix: 'DK',
      calendar: { timeZone: 'America/New_York', workingDays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
      fields: [{ id: 'item', label: 'Item', type: 'text', required: true }],
      states: [
        {
          id: 'review',
          label: 'Review',
          kind: 'start',
          approval: {
            steps: [{ id: 'mgr', label: 'Manager', approvers: [{ type: 'requester_manager' }], policy: { type: 'any' }, allowRequester }],
            onApproved: 'done',
            onRejected: 'done',
          },
          sla: { businessHours: 4, escalateTo: { type: 'person', email }, reassignOnBreach: true },
        },
        { id: 'info', label: 'Needs info', kind: 'waiting_on_requester' },
        { id: 'done', label: 'Done', kind: 'terminal', outcome: 'completed' },
      ],
      transitions: [],
    };
  }

  it('does not add the requester as an approver (notified only, with the reason)', () => {
    const v = publish(deskWithEscalationTo(RITA, false));
    const r = create(v, { item: 'Desk' }).request;
    const res = ok(recordBreach({ version: v, request: r, now: T0 + 48 * HOUR, directory }));
    expect(res.request.approval!.pending).toEqual(['max@example.com']);
    expect(res.events[0]!.details.notReassigned).toMatch(/is the requester/);
  });

  it('adds them where the step allows self-approval', () => {
    const v = publish(deskWithEscalationTo(RITA, true));
    const r = create(v, { item: 'Desk' }).request;
    const res = ok(recordBreach({ version: v, request: r, now: T0 + 48 * HOUR, directory }));
    expect(res.request.approval!.pending).toEqual(['max@example.com', RITA]);
  });
});

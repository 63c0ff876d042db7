import { computeMetrics, percentile, type AuditEvent } from '../../../src/core';
import { purchaseApproval } from '../../../src/templates';
import { act, create, HOUR, ok, publish, T0 } from './helpers';

describe('percentile', () => {
  it('uses nearest rank', () => {
    expect(percentile([], 50)).toBeNull();
    expect(percentile([5, 1, 3], 50)).toBe(3);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 90)).toBe(9);
    expect(percentile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 50)).toBe(5);
  });
});

describe('computeMetrics', () => {
  const v = publish(purchaseApproval);
  const good = { item: 'Laptop', amount: 1200, costCenter: 'Engineering', justification: 'x' };
  const events: AuditEvent[] = [];
  const run = (r: ReturnType<typeof create>) => {
    events.push(...r.events);
    return r.request;
  };
  // A: approved after 2h, ordered 3h later (reassigned once on the way) → cycle 5h.
  let a = run(create(v, good, { seq: 1, now: T0 }));
  a = run(ok(act(v, a, 'max@example.com', { type: 'approve' }, { now: T0 + 2 * HOUR })));
  a = run(ok(act(v, a, 'olga@example.com', { type: 'reassign', to: 'pat@example.com', reason: 'vendor' }, { now: T0 + 3 * HOUR })));
  a = run(
    ok(act(v, a, 'pat@example.com', { type: 'transition', name: 'mark_ordered', fields: { poNumber: 'P' } }, { now: T0 + 5 * HOUR })),
  );
  // B: intake problems, fixed, changes requested, then rejected at 10h.
  let b = run(create(v, { item: 'Chair' }, { seq: 2, now: T0, channel: 'operator' }));
  b = run(
    ok(
      act(
        v,
        b,
        'rita@example.com',
        { type: 'resubmit', fields: { amount: 50, costCenter: 'Sales', justification: 'x' } },
        { now: T0 + HOUR },
      ),
    ),
  );
  b = run(ok(act(v, b, 'max@example.com', { type: 'request_changes', comment: 'cheaper?' }, { now: T0 + 2 * HOUR })));
  b = run(ok(act(v, b, 'rita@example.com', { type: 'resubmit' }, { now: T0 + 4 * HOUR })));
  b = run(ok(act(v, b, 'max@example.com', { type: 'reject', comment: 'no' }, { now: T0 + 10 * HOUR })));
  // C: still open, overridden.
  let c = run(create(v, good, { seq: 3, now: T0 }));
  c = run(ok(act(v, c, 'olga@example.com', { type: 'override_state', to: 'ordering', reason: 'pre-approved' }, { now: T0 + HOUR })));

  const m = computeMetrics(events, [v.definition])['purchase-approval']!;
  it('counts requests, completion and cycle time', () => {
    expect(m.requests).toBe(3);
    expect(m.completed).toBe(2);
    expect(m.cycleTime).toEqual({ count: 2, median: 5 * HOUR, p90: 10 * HOUR });
  });
  it('measures time per state from state entries', () => {
    // approval: A 2h; B visits it 1h→2h (1h) and 4h→10h (6h); C 1h.
    expect(m.perState['approval']).toEqual({ count: 4, median: 1 * HOUR, p90: 6 * HOUR });
    expect(m.perState['needs_info']).toEqual({ count: 2, median: 1 * HOUR, p90: 2 * HOUR });
    expect(m.perState['ordering']).toEqual({ count: 1, median: 3 * HOUR, p90: 3 * HOUR });
  });
  it('counts handoffs, rework, exceptions and channels', () => {
    // Handoffs: A queue→pat (1); B procurement→rita (changes) and rita→procurement (resubmit) → 2; intake needs-info→procurement → 1.
    expect(m.handoffs.total).toBe(4);
    expect(m.reworkRate).toBeCloseTo(1 / 3);
    expect(m.exceptions).toEqual({ intakeErrors: 1, needsInfo: 1, overrides: 1 });
    expect(m.exceptionRate).toBeCloseTo(2 / 3);
    expect(m.channels).toEqual({ form: 2 / 3, operator: 1 / 3 });
    expect(m.slaBreaches).toBe(0);
  });
});

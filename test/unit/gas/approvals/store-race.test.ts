/**
 * The race on the governed Sheet (local Workspace), through the web app's backend (one unit of work each): two
 * approvers of an any-of step decide at once. Fred's confirm page read the request (no lock); Fay's decision commits
 * before Fred's POST. Fred's POST runs in its own locked unit: a decision at the revision he saw is refused by the
 * revision check (stale_revision), and decide() — which reads afresh under the lock — tells him who decided.
 * Exactly one decision is in the Audit.
 */
import { decide } from '../../../../src/gas/approvals/decide';
import { whenZone } from '../../../../src/gas/approvals/summary';
import { planeBackend } from '../../../../src/gas/plane/backend';
import { runUnit } from '../../../../src/gas/plane/unit';
import { AuditStore } from '../../../../src/gas/store/audit';
import { createRequestAs, governedSheet, MAX, laptop, FAY } from '../fixtures';

const FRED = 'fred@acme.test';

describe('race on an any-of step, on the governed Sheet', () => {
  it('exactly one of two interleaved decisions applies; the other is refused at its old revision and told who decided', () => {
    const t = governedSheet();
    // A second finance approver, so the finance step (any-of) has two people.
    t.sheet.write('Directory', 'A7', [[FRED, 'Fred Finance', 'finance', '', '', '', '', '', '']]);
    const id = createRequestAs(t, { ...laptop, amount: 9000 });
    const post = (who: string, decision: 'approve' | 'reject', comment = '') =>
      t.as(who, () =>
        runUnit(t.ctx(), { lock: true }, (u) =>
          decide(planeBackend(u), {
            target: { requestId: id, stepId: who === MAX ? 'manager' : 'finance', round: 1, approver: who },
            decision,
            comment,
            recipient: who,
            sessionEmail: who,
            withoutSession: 'refuse',
            sessionMethod: 'session',
            zone: whenZone(t.services.Utilities),
          }),
        ),
      );
    expect(post(MAX, 'approve').kind).toBe('applied');
    // Fred's confirm page: a read without the lock, at the revision he sees.
    const seen = t.as(FRED, () => runUnit(t.ctx(), { lock: false }, (u) => planeBackend(u).load(id)));
    expect(seen?.request.approval?.pending).toEqual(expect.arrayContaining([FAY, FRED]));
    const seenRevision = seen!.request.revision;
    // Fay's decision commits first.
    expect(post(FAY, 'approve').kind).toBe('applied');
    // Fred's change at the revision he saw is refused by the unit's revision check …
    const stale = t.as(FRED, () =>
      runUnit(t.ctx(), { lock: true }, (u) =>
        planeBackend(u).apply(id, { type: 'reject', comment: 'too much' }, { email: FRED, method: 'session' }, seenRevision),
      ),
    );
    expect(stale.ok).toBe(false);
    expect(!stale.ok && stale.refusal.code).toBe('stale_revision');
    // … and his POST, which reads afresh under the lock, is told who decided.
    const fred = post(FRED, 'reject', 'too much');
    expect(fred.kind).toBe('standing');
    expect(fred.kind === 'standing' && fred.standing.kind === 'decided' && fred.standing.message).toMatch(/approved by fay@acme.test/);
    const decisions = new AuditStore(t.ctx())
      .readAll()
      .map((e) => e.event)
      .filter((e) => e.requestId === id && e.name === 'finance' && ['approve', 'reject'].includes(e.action));
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ actor: FAY, action: 'approve' });
  });
});

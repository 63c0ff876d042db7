/**
 * The race on the real store (governed Sheet on the local Workspace): two approvers of an any-of step decide at
 * once. Fred's execution reads the request, then Fay's decision commits before Fred's apply: the store's revision
 * check refuses Fred's (ConflictError → stale_revision), decide() re-reads and tells him who decided. Exactly one
 * decision is in the Audit.
 */
import { createStoreBackend } from '../../../../src/gas/approvals/store-backend';
import { decide } from '../../../../src/gas/approvals/decide';
import { whenZone } from '../../../../src/gas/approvals/summary';
import { createRequestCommand } from '../../../../src/gas/commands/requests';
import { readAuditFor } from '../../../../src/gas/commands/read';
import { governedSheet, RITA, MAX, laptop, FAY } from '../fixtures';

describe('race on an any-of step, on the governed Sheet', () => {
  it('exactly one of two interleaved decisions applies; the other is told who decided', () => {
    const t = governedSheet();
    // A second finance approver, so the finance step (any-of) has two people.
    t.sheet.write('Directory', 'A7', [['fred@acme.test', 'Fred Finance', 'finance', '', '', '', '', '', '']]);
    const created = t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: { ...laptop, amount: 9000 },
        channel: 'form',
        actor: { email: RITA, method: 'form_response' },
      }),
    );
    const id = created.request.id;
    t.as(MAX, () => createStoreBackend(t.ctx()).apply(id, { type: 'approve' }, { email: MAX, method: 'session' }, 1));
    const fayBackend = createStoreBackend(t.ctx());
    const fredBase = createStoreBackend(t.ctx());
    let interleaved = false;
    const fredBackend = {
      ...fredBase,
      apply: (...a: Parameters<typeof fredBase.apply>) => {
        if (!interleaved) {
          interleaved = true;
          const r = t.as(FAY, () =>
            decide(fayBackend, {
              target: { requestId: id, stepId: 'finance', round: 1, approver: FAY },
              decision: 'approve',
              comment: '',
              recipient: FAY,
              sessionEmail: FAY,
              withoutSession: 'refuse',
              sessionMethod: 'session',
              zone: whenZone(t.services.Utilities),
            }),
          );
          expect(r.kind).toBe('applied');
        }
        return fredBase.apply(...a);
      },
    };
    const fred = t.as('fred@acme.test', () =>
      decide(fredBackend, {
        target: { requestId: id, stepId: 'finance', round: 1, approver: 'fred@acme.test' },
        decision: 'reject',
        comment: 'too much',
        recipient: 'fred@acme.test',
        sessionEmail: 'fred@acme.test',
        withoutSession: 'refuse',
        sessionMethod: 'session',
        zone: whenZone(t.services.Utilities),
      }),
    );
    expect(interleaved).toBe(true);
    expect(fred.kind).toBe('standing');
    expect(fred.kind === 'standing' && fred.standing.kind === 'decided' && fred.standing.message).toMatch(/approved by fay@acme.test/);
    const decisions = readAuditFor(t.ctx(), id)
      .map((e) => e.event)
      .filter((e) => e.name === 'finance' && ['approve', 'reject'].includes(e.action));
    expect(decisions).toHaveLength(1);
    expect(decisions[0]).toMatchObject({ actor: FAY, action: 'approve' });
  });
});

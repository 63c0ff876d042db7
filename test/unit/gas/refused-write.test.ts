/**
 * A refused write: an execution whose effective user may not edit the protected tabs (a Gmail add-on, a sidebar run
 * by a non-editor) is refused by the one batchUpdate of its unit of work, which the API applies whole or not at all:
 * nothing is written, nothing is left to replay, and the next operation (run by the owner) does not apply the
 * decision the user was told had failed. A crash after the write keeps the whole decision.
 */
import { applyActionCommand, createRequestCommand } from '../../../src/gas/commands/requests';
import { getRequest, readAudit, readOutbox } from '../../../src/gas/commands/read';
import { readJournal } from '../../../src/gas/store/journal';
import { HandoffError } from '../../../src/gas/errors';
import { governedSheet, laptop, MAX, RITA } from './fixtures';

const actor = (email: string) => ({ email, method: 'session' as const });

/** Runs fn as one execution that runs as `user` themself (not as the owner), as an add-on or sidebar does. */
const asThemself = <T>(t: ReturnType<typeof governedSheet>, user: string, fn: () => T): T => {
  // The user can open the file (shared with them as an editor) but is not an editor of the protected tabs; a user
  // the file is not shared with is refused earlier, at openById ("You do not have permission to access…").
  t.ws.sheets.get(t.spreadsheetId).share(user, 'editor');
  return t.ws.kernel.executions.run({ activeUser: user, effectiveUser: user, kind: 'addon-card' }, fn);
};

describe('a write refused by protection', () => {
  it('leaves no journal, and the next owner operation does not apply the refused decision', () => {
    const t = governedSheet();
    const c = t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    );
    const auditBefore = readAudit(t.ctx()).length;
    const outboxBefore = readOutbox(t.ctx()).length;

    let err: unknown;
    try {
      asThemself(t, MAX, () =>
        applyActionCommand(t.ctx(), { requestId: c.request.id, action: { type: 'approve' }, actor: actor(MAX), expectedRevision: 1 }),
      );
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(HandoffError);
    expect(err).toMatchObject({ code: 'refused' });
    expect((err as Error).message).toContain(MAX);
    expect((err as Error).message).toContain('"Audit"');
    expect((err as Error).message).toMatch(/nothing was changed/i);
    expect(readJournal(t.ctx())).toBeNull();

    // The owner's next operation (any locked one) finds nothing to replay.
    t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    );
    expect(getRequest(t.ctx(), c.request.id)).toEqual(c.request);
    const audit = readAudit(t.ctx());
    expect(audit.filter((a) => a.event.requestId === c.request.id && a.event.action === 'approve')).toEqual([]);
    expect(audit.length).toBe(auditBefore + 1); // only the second create's event
    expect(readOutbox(t.ctx()).filter((o) => o.payload?.requestId === c.request.id).length).toBe(outboxBefore);
  });

  it('a refused create leaves no journal and no request row after the next operation', () => {
    const t = governedSheet();
    expect(() =>
      asThemself(t, RITA, () =>
        createRequestCommand(t.ctx(), {
          workflowId: 'purchase-approval',
          requester: RITA,
          fields: laptop,
          channel: 'form',
          actor: actor(RITA),
        }),
      ),
    ).toThrow(/protected "Audit" tab/);
    expect(readJournal(t.ctx())).toBeNull();
    const next = t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    );
    expect(
      t.sheet
        .values('Requests')
        .slice(1)
        .map((r) => r[0]),
    ).toEqual([next.request.id]);
    expect(readAudit(t.ctx()).map((a) => a.event.requestId)).toEqual([next.request.id]);
  });

  it('a crash after the one write keeps the decision: the write was whole, the next operation sees it', () => {
    const t = governedSheet();
    const c = t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    );
    const crash = () => {
      throw new Error('Exceeded maximum execution time');
    };
    expect(() =>
      t.as(MAX, () =>
        applyActionCommand(t.ctx({ hooks: { afterWrite: crash } }), {
          requestId: c.request.id,
          action: { type: 'approve' },
          actor: actor(MAX),
          expectedRevision: 1,
        }),
      ),
    ).toThrow('Exceeded maximum execution time');
    expect(readJournal(t.ctx())).toBeNull();
    expect(getRequest(t.ctx(), c.request.id)?.revision).toBe(2);
    t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    );
    expect(getRequest(t.ctx(), c.request.id)?.revision).toBe(2);
  });
});

/** TEST requests of a test run never move to an archive: they are cleared from Requests by the admin instead. */
import { applyActionCommand } from '../../../../src/gas/commands/requests';
import { runArchive } from '../../../../src/gas/archive/run';
import { createTestRequest, startTestRun } from '../../../../src/gas/testrun/test-runs';
import { purchaseApproval } from '../../../../src/templates';
import { laptop } from '../fixtures';
import { OWNER } from '../workspace';
import { column, DAY, openRequest, orderedRequest, sendMail, sheetWithRequests } from './helpers';

describe('archives and test runs', () => {
  it('a closed TEST request past retention stays in the live Requests tab; the real closed ones move', () => {
    const { t, closed } = sheetWithRequests(2, 0);
    const testId = t.as(OWNER, () => {
      const run = startTestRun(t.ctx(), { ...purchaseApproval, name: 'Purchase approval (draft)' }, OWNER);
      if (!run.ok) throw new Error('the draft is valid');
      const created = createTestRequest(t.ctx(), run.workflowId, run.version, laptop, OWNER);
      applyActionCommand(t.ctx(), {
        requestId: created.id,
        action: { type: 'cancel', reason: 'done trying' },
        actor: { email: OWNER, method: 'session' },
        expectedRevision: created.revision,
      });
      return created.id;
    });
    expect(testId).toBe('TEST-000001');
    expect(t.sheet.values('Requests').some((r) => r[0] === testId && String(r).includes('cancelled'))).toBe(true);
    const after = orderedRequest(t); // a real request closed after it
    t.ws.kernel.clock.advance(61 * DAY);
    const open = openRequest(t); // holds the Audit chain's head, so nothing closed is kept back for that reason
    sendMail(t);
    const r = t.as(OWNER, () => runArchive(t.ctx(), { deadline: t.ws.kernel.clock.now() + 60_000, batchSize: 10 }));
    expect(r.requests).toBe(closed.length + 1);
    expect(column(t.sheet.values('Requests'), 'ID').sort()).toEqual([open, testId].sort());
    expect(after).not.toBe(open);
  });
});

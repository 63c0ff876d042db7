import { applyActionCommand, createRequestCommand } from '../../../src/gas/commands/requests';
import { governedSheet, laptop, MAX, RITA } from './fixtures';

const actor = (email: string) => ({ email, method: 'session' as const });

/** Copies of the first request row with fresh ids, written through the workspace's unmetered internals. */
function seed(t: ReturnType<typeof governedSheet>, n: number): void {
  const template = t.sheet.values('Requests')[1]!;
  const rows = Array.from({ length: n }, (_, i) => template.map((v, j) => (j === 0 ? `ZZ-${String(i + 1).padStart(6, '0')}` : v)));
  t.sheet.write('Requests', 'A3', rows);
}

function costOfCreateAndApprove(extraRows: number, opts: { forgetHints?: boolean } = {}) {
  const t = governedSheet();
  t.as(RITA, () => createRequestCommand(t.ctx(), { workflowId: 'purchase-approval', requester: RITA, fields: laptop, channel: 'form', actor: actor(RITA) }));
  seed(t, extraRows);
  let id = '';
  const create = t.sheetCalls(() => {
    id = t.as(RITA, () => createRequestCommand(t.ctx(), { workflowId: 'purchase-approval', requester: RITA, fields: laptop, channel: 'form', actor: actor(RITA) })).request.id;
  });
  if (opts.forgetHints) t.forgetCache();
  const approve = t.sheetCalls(() => {
    t.as(MAX, () => applyActionCommand(t.ctx(), { requestId: id, action: { type: 'approve' }, actor: actor(MAX), expectedRevision: 1 }));
  });
  return { create, approve };
}

describe('flat cost', () => {
  it('create and approve cost the same SpreadsheetApp calls with 10 and 3,000 rows', () => {
    const small = costOfCreateAndApprove(10);
    const big = costOfCreateAndApprove(3_000);
    expect(big.create.detail).toEqual(small.create.detail);
    expect(big.approve.detail).toEqual(small.approve.detail);
    expect(small.create.calls).toBeGreaterThan(0);
  });

  it('without the cached row hint, finding the row is one batched read of the ID column (still flat)', () => {
    const small = costOfCreateAndApprove(10, { forgetHints: true });
    const big = costOfCreateAndApprove(3_000, { forgetHints: true });
    expect(big.approve.detail).toEqual(small.approve.detail);
    const hinted = costOfCreateAndApprove(10);
    expect(small.approve.calls).toBeGreaterThan(hinted.approve.calls);
    expect(small.approve.detail['Sheet.getLastRow']).toBeGreaterThan(hinted.approve.detail['Sheet.getLastRow'] ?? 0);
  });
});

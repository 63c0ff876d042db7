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
  t.as(RITA, () =>
    createRequestCommand(t.ctx(), {
      workflowId: 'purchase-approval',
      requester: RITA,
      fields: laptop,
      channel: 'form',
      actor: actor(RITA),
    }),
  );
  seed(t, extraRows);
  let id = '';
  const create = t.sheetCalls(() => {
    id = t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    ).request.id;
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

  it('stays within the per-operation budget: a create and an approve each read every tab at most once', () => {
    const { create, approve } = costOfCreateAndApprove(10);
    // Upper bounds, not exact counts: they fail when someone reintroduces a per-call cost (a second header read,
    // a getDataRange, a getMaxRows per append, a second flush), and leave room for one honest extra call.
    expect(create.calls).toBeLessThanOrEqual(24);
    expect(approve.calls).toBeLessThanOrEqual(22);
    for (const op of [create, approve]) {
      expect(op.detail['Sheet.getDataRange'] ?? 0).toBe(0);
      expect(op.detail['Sheet.getMaxRows'] ?? 0).toBe(0);
      expect(op.detail['Sheet.getLastColumn'] ?? 0).toBe(0);
      expect(op.detail['SpreadsheetApp.flush']).toBe(1);
      expect(op.detail['Range.setValues']).toBe(3); // Audit, Outbox, the request row: one write each
    }
    // One getSheetByName per tab touched (Config, Requests, Directory, Audit, Outbox), one getLastRow per appended tab.
    expect(create.detail['Spreadsheet.getSheetByName']).toBe(5);
    expect(create.detail['Sheet.getLastRow']).toBe(3);
    expect(approve.detail['Spreadsheet.getSheetByName']).toBe(4); // the version comes from the cache, not Config
    expect(approve.detail['Sheet.getLastRow']).toBe(2);
  });

  it('an append that finds the sheet full grows it once by a block of spare rows, then appends without growing', () => {
    const t = governedSheet();
    const ss = () => (t.services.SpreadsheetApp as GoogleAppsScript.Spreadsheet.SpreadsheetApp).openById(t.spreadsheetId);
    const audit = () => ss().getSheetByName('Audit')!;
    t.as(RITA, () =>
      createRequestCommand(t.ctx(), {
        workflowId: 'purchase-approval',
        requester: RITA,
        fields: laptop,
        channel: 'form',
        actor: actor(RITA),
      }),
    );
    // Shrink Audit to exactly its content, so the next append does not fit.
    t.ws.kernel.meter.unmetered(() => audit().deleteRows(audit().getLastRow() + 1, audit().getMaxRows() - audit().getLastRow()));
    const first = t.sheetCalls(() =>
      t.as(RITA, () =>
        createRequestCommand(t.ctx(), {
          workflowId: 'purchase-approval',
          requester: RITA,
          fields: laptop,
          channel: 'form',
          actor: actor(RITA),
        }),
      ),
    );
    expect(first.detail['Sheet.insertRowsAfter']).toBe(1);
    const spare = t.ws.kernel.meter.unmetered(() => audit().getMaxRows() - audit().getLastRow());
    expect(spare).toBeGreaterThanOrEqual(1000);
    const second = t.sheetCalls(() =>
      t.as(RITA, () =>
        createRequestCommand(t.ctx(), {
          workflowId: 'purchase-approval',
          requester: RITA,
          fields: laptop,
          channel: 'form',
          actor: actor(RITA),
        }),
      ),
    );
    expect(second.detail['Sheet.insertRowsAfter'] ?? 0).toBe(0);
    expect(
      t.sheet
        .values('Requests')
        .slice(1)
        .map((r) => r[0]),
    ).toEqual(['PR-000001', 'PR-000002', 'PR-000003']);
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

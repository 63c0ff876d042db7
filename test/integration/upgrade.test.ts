/**
 * A workbook written by the earlier version upgrades in place through Set up / repair (dist/Code.js): its Audit
 * tab in the wide 22-column layout becomes compact, every row reads as the same event, and Verify audit log
 * passes before the repair, after it, after new rows, and across an archive made afterwards; its Intake log of eight
 * columns keeps four, the others' cells kept in Note.
 */
import { purchaseApproval } from '../../src/templates';
import { parseAuditCells } from '../../src/gas/store/audit-rows';
import type { CellValue } from '../../src/gas/sheet/values';
import { WIDE_HEADERS } from '../support/audit-view';
import { asOldLayout } from '../support/old-audit-layout';
import { laptop, MAX, PAT, PEOPLE, RITA } from '../unit/gas/fixtures';
import { OWNER } from '../unit/gas/workspace';
import { loadBundle, type Harness } from './harness';

const DAY = 86_400_000;

const events = (h: Harness) => {
  const values = h.sheet.values('Audit');
  const head = (values[0] ?? []).map(String);
  return values.slice(1).map((cells, i) => parseAuditCells(head, cells as CellValue[], i + 2));
};
const verify = (h: Harness) => h.call<{ ok: boolean; count: number; message: string }>('handoffPanelVerifyAudit', [{}], { as: OWNER });

function ordered(h: Harness): string {
  const c = h.call<{ request: { id: string } }>('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], {
    as: RITA,
  });
  const id = c.request.id;
  h.call('handoffApplyAction', [{ requestId: id, expectedRevision: 1, action: { type: 'approve', comment: 'ok' } }], { as: MAX });
  h.call(
    'handoffApplyAction',
    [{ requestId: id, expectedRevision: 2, action: { type: 'transition', name: 'mark_ordered', fields: { poNumber: 'PO-1' } } }],
    {
      as: PAT,
    },
  );
  return id;
}

describe('a workbook of the earlier version, upgraded by Set up / repair (dist/Code.js)', () => {
  it('keeps every Audit row readable and the chain verifying, across the layout change and an archive', () => {
    const h = loadBundle(OWNER);
    h.ws.webapp.deploy(); // approval emails carry links: without a web app they wait in the Outbox
    h.call('handoffSetUp');
    h.sheet.write('Directory', 'A3', PEOPLE);
    h.call('handoffPublishWorkflow', [purchaseApproval]);
    ordered(h);
    ordered(h);
    // What the earlier version left: the same events in its 22 columns, and an Intake log of eight columns.
    h.sheet.write('Audit', 'A1', asOldLayout(h.sheet.values('Audit')));
    h.ws.kernel.meter.unmetered(() => h.services.SpreadsheetApp.openById(h.spreadsheetId).insertSheet('Intake log'));
    const received = new Date(Date.UTC(2026, 0, 5, 9));
    h.sheet.write('Intake log', 'A1', [
      ['Response ID', 'Form', 'Request', 'Received', 'Updated', 'Status', 'Edit link', 'Note'],
      ['resp-1', 'form-1', 'PR-000001', received, received, 'ordered', 'https://docs.google.com/forms/d/e/x/viewform?edit2=1', ''],
    ]);
    expect(h.sheet.values('Audit')[0]).toEqual([...WIDE_HEADERS]);
    const before = events(h);
    expect(verify(h)).toMatchObject({ ok: true, count: before.length });

    const report = h.call<{ repaired: string[]; problems: string[] }>('handoffSetUp');
    expect(report.problems).toEqual([]);
    expect(report.repaired.some((l) => /rows rewritten in the compact layout/.test(l))).toBe(true);
    expect(h.sheet.values('Audit')[0]).toEqual(['Seq', 'At', 'Request', 'Action', 'Details', 'Hash']);
    expect(events(h)).toEqual(before);
    expect(verify(h)).toMatchObject({ ok: true, count: before.length });
    expect(h.sheet.values('Intake log')).toEqual([
      ['Response ID', 'Request', 'Edit link', 'Note'],
      [
        'resp-1',
        'PR-000001',
        'https://docs.google.com/forms/d/e/x/viewform?edit2=1',
        `(earlier columns: Form form-1, Received ${received.toISOString()}, Updated ${received.toISOString()}, Status ordered)`,
      ],
    ]);

    // New rows continue the chain; then the two old requests move to an archive, and the chain still verifies.
    // Move the clock without the timers firing on the way: the run below is the one that archives.
    for (const t of h.ws.triggers.list()) if (t.clock) h.ws.triggers.store.remove(t.uid);
    h.ws.kernel.clock.advance(61 * DAY);
    const third = ordered(h);
    const run = h.call<{ archive?: { requests: number } | null }>('handoffTimerRun', [], { kind: 'time-trigger' });
    expect(run.archive).toMatchObject({ requests: 2 });
    expect(h.sheet.values('Requests').length - 1).toBe(1);
    expect(h.sheet.values('Intake log').length - 1).toBe(0); // PR-000001's ledger row moved with it
    const after = verify(h);
    // The third request's events, and the timer runs' records of the mail they sent (they name no request).
    const mailRecords = (list: ReturnType<typeof events>) => list.filter((e) => e.event.action === 'outbox_sent').length;
    const added = events(h).filter((e) => e.event.requestId === third).length + mailRecords(events(h)) - mailRecords(before);
    expect(added).toBeGreaterThan(0);
    expect(after).toMatchObject({ ok: true, count: before.length + added });
    expect(after.message).toMatch(/in the live workbook and 1 archive/);
  });
});

/**
 * The metrics summary the timers keep (src/gas/metrics), on the local Workspace: built from archives and the live
 * log in bounded runs, carried on from its checkpoint, safe against a crash mid-update, and the archive step never
 * moves a request whose rows it has not folded in.
 */
import { computeMetrics, type AuditEvent } from '../../../../src/core';
import { metricsFromDigests } from '../../../../src/core/metrics/aggregate';
import { runArchive } from '../../../../src/gas/archive/run';
import { foldMetrics } from '../../../../src/gas/metrics/fold';
import { readSummary, writeSummary } from '../../../../src/gas/metrics/summary-tab';
import { auditAfter } from '../../../../src/gas/metrics/tail';
import { AUDIT } from '../../../../src/gas/sheet/tabs';
import { AuditStore } from '../../../../src/gas/store/audit';
import { writeRetention } from '../../../../src/gas/archive/registry';
import { withLock } from '../../../../src/gas/lock';
import { applyActionCommand } from '../../../../src/gas/commands/requests';
import { countMetrics } from '../../../../src/gas/panel/metrics';
import { MAX } from '../fixtures';
import { purchaseApproval } from '../../../../src/templates';
import { OWNER, type TestWorkspace } from '../workspace';
import { DAY, interleavedOrders, openRequest, sendMail, sheetWithRequests } from '../archive/helpers';

const live = (t: TestWorkspace): Array<{ seq: number; event: AuditEvent }> =>
  t.as(OWNER, () => new AuditStore(t.ctx()).readAll().map((r) => ({ seq: r.seq, event: r.event })));
const fold = (t: TestWorkspace, maxRows?: number) =>
  t.as(OWNER, () => foldMetrics(t.ctx(), { deadline: t.ws.kernel.clock.now() + 60_000, ...(maxRows ? { maxRows } : {}) }));
const summary = (t: TestWorkspace) => t.as(OWNER, () => readSummary(t.ctx()))!;
const fromSummary = (t: TestWorkspace) => metricsFromDigests(summary(t).digests.values(), [purchaseApproval]);
/** computeMetrics over the log's request events (a timer run's record of the mail it sent names no request). */
const fullScan = (events: AuditEvent[]) =>
  computeMetrics(
    events.filter((e) => e.requestId !== ''),
    [purchaseApproval],
  );

describe('the metrics summary', () => {
  it('is built in bounded runs from its checkpoint and equals computeMetrics over the log', () => {
    const { t } = sheetWithRequests(3, 2);
    interleavedOrders(t, 2);
    const rows = live(t);
    expect(rows.length).toBeGreaterThan(12);
    const first = fold(t, 5);
    expect(first).toMatchObject({ rows: 5, ready: false });
    expect(summary(t).meta.seq).toBe(rows[4]!.seq);
    let n = 1;
    while (!fold(t, 5).ready) n++;
    expect(n).toBeGreaterThan(1);
    expect(fromSummary(t)).toEqual(fullScan(rows.map((r) => r.event)));
    // Nothing new: a run reads the tail and writes nothing.
    const before = t.sheet.values('Metrics');
    expect(fold(t)).toMatchObject({ rows: 0, ready: true });
    expect(t.sheet.values('Metrics')).toEqual(before);
  });

  it('a crash after folding, before the checkpoint moved on, counts nothing twice', () => {
    const { t } = sheetWithRequests(2, 1);
    fold(t);
    openRequest(t);
    interleavedOrders(t, 1);
    // The new rows folded, but the checkpoint written as it was before (the write of a crashed run replayed).
    const s = summary(t);
    const seqBefore = s.meta.seq;
    fold(t);
    const folded = summary(t);
    t.as(OWNER, () => writeSummary(t.ctx(), { meta: { ...folded.meta, seq: seqBefore }, digests: folded.digests }));
    expect(summary(t).meta.seq).toBe(seqBefore);
    expect(fold(t).rows).toBeGreaterThan(0); // read again...
    expect(fromSummary(t)).toEqual(fullScan(live(t).map((r) => r.event))); // ...and counted once
  });

  it('the tail is the rows after the checkpoint, read from the bottom of the log', () => {
    const { t } = sheetWithRequests(2, 0);
    const rows = live(t);
    const cut = rows[3]!.seq;
    const tail = t.as(OWNER, () => auditAfter(t.ctx().table(AUDIT), cut, 2));
    expect(tail.rows.map((r) => r.seq)).toEqual([cut + 1, cut + 2]);
    expect(tail.more).toBe(rows.length - 4 - 2);
    expect(t.as(OWNER, () => auditAfter(t.ctx().table(AUDIT), rows.at(-1)!.seq, 10))).toEqual({ rows: [], more: 0 });
  });

  it('the archive step moves only requests the summary has folded in, and folds before it plans', () => {
    const { t, closed } = sheetWithRequests(3, 1);
    sendMail(t);
    t.as(OWNER, () => withLock(t.ctx(), () => writeRetention(t.ctx(), 1)));
    t.ws.kernel.clock.advance(2 * DAY);
    const events = live(t).map((r) => r.event);
    const refs = live(t);
    // The summary holds the first request's rows only (the fold read up to its last row).
    const lastOfFirst = Math.max(...refs.filter((r) => r.event.requestId === closed[0]).map((r) => r.seq));
    fold(t, refs.findIndex((r) => r.seq === lastOfFirst) + 1);
    const deadline = () => t.ws.kernel.clock.now() + 60_000;
    const first = t.as(OWNER, () => runArchive(t.ctx(), { deadline: deadline(), batchSize: 10, foldRows: 0 }));
    expect(first.requests).toBe(1);
    const ids = t.sheet.values('Requests').map((r) => r[0]);
    expect(ids).not.toContain(closed[0]);
    expect(ids).toContain(closed[1]);
    // A run that may fold: it folds first, then the rest moves; the summary still counts every request once.
    const second = t.as(OWNER, () => runArchive(t.ctx(), { deadline: deadline(), batchSize: 10 }));
    expect(second.metrics).toMatchObject({ ready: true });
    expect(second.requests).toBe(closed.length - 1);
    expect(fromSummary(t)).toEqual(fullScan(events));
  });

  it('a workbook archived before the summary existed: the first build reads the archives, then the live log', () => {
    const { t, closed } = sheetWithRequests(3, 1);
    sendMail(t);
    t.as(OWNER, () => withLock(t.ctx(), () => writeRetention(t.ctx(), 1)));
    t.ws.kernel.clock.advance(2 * DAY);
    const all = live(t);
    expect(t.as(OWNER, () => runArchive(t.ctx(), { deadline: t.ws.kernel.clock.now() + 60_000, batchSize: 10 })).requests).toBe(
      closed.length,
    );
    // As an older version left it: archives, and no summary.
    t.as(OWNER, () => t.ctx().spreadsheet().deleteSheet(t.ctx().spreadsheet().getSheetByName('Metrics')!));
    expect(live(t).length).toBeLessThan(all.length);
    const built = fold(t);
    expect(built).toMatchObject({ ready: true });
    expect(Object.values(summary(t).meta.archives)).toEqual([-1]);
    expect(fromSummary(t)).toEqual(fullScan(all.map((r) => r.event)));
  });

  it('the view: the stored aggregate with the tail replaced equals the whole log, with and without a workflow asked for', () => {
    const { t, open } = sheetWithRequests(2, 2);
    fold(t);
    expect(summary(t).meta.aggParts).toBeGreaterThan(0);
    // After the summary: a new request, and the open ones move on.
    openRequest(t);
    interleavedOrders(t, 1);
    t.as(MAX, () =>
      applyActionCommand(t.ctx(), {
        requestId: open[0]!,
        action: { type: 'reject', comment: 'no' },
        actor: { email: MAX, method: 'session' },
        expectedRevision: 1,
      }),
    );
    const want = fullScan(live(t).map((r) => r.event));
    const view = (wf?: string) => t.as(OWNER, () => countMetrics(t.ctx(), [purchaseApproval], wf));
    const all = view();
    expect(all).toMatchObject({ source: 'summary', pending: 0, events: live(t).length });
    expect(all.all).toEqual(want);
    expect(view('purchase-approval').all).toEqual(want);
  });
});

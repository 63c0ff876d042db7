import { chainEvents, type AuditEvent } from '../../../src/core';
import { advance, begin, isCheckpoint, MAX_COPY_ATTEMPTS, type ArchiveCheckpoint } from '../../../src/core/archive/checkpoint';
import { archiveHasRoom, cellsOf, CELL_LIMIT, daysLeft } from '../../../src/core/archive/capacity';
import {
  deletionRuns,
  describeBatch,
  digestAudit,
  outboxRequest,
  selectDue,
  stillToCopy,
  type LiveRequest,
} from '../../../src/core/archive/plan';
import { DAY_MS, DEFAULT_RETENTION_DAYS, parseRetention, pastRetention } from '../../../src/core/archive/retention';
import { verifyCopy, verifySegments, type ChainRow } from '../../../src/core/archive/verify';

const NOW = Date.UTC(2026, 5, 1);

function ev(requestId: string, i: number): AuditEvent {
  return {
    requestId,
    workflowId: 'purchase-approval',
    version: 1,
    revision: i + 1,
    at: NOW - 100 * DAY_MS + i,
    actor: 'ada@acme.test',
    onBehalfOf: null,
    method: 'session',
    action: i === 0 ? 'create' : 'approve',
    name: null,
    fromState: null,
    toState: null,
    assigneeBefore: null,
    assigneeAfter: null,
    changes: [],
    comment: null,
    reason: null,
    details: {},
  };
}

/** A chained log of rows, interleaving requests the way a busy workbook does. */
function log(ids: string[], perRequest: number): ChainRow[] {
  const events: AuditEvent[] = [];
  for (let i = 0; i < perRequest; i++) for (const id of ids) events.push(ev(id, i));
  return chainEvents('0'.repeat(64), events).map((r, i) => ({
    row: i + 2,
    seq: i + 1,
    requestId: r.event.requestId,
    prevHash: r.prevHash,
    hash: r.hash,
    event: r.event,
  }));
}

describe('retention setting', () => {
  it('defaults to 60 days and accepts whole numbers of days', () => {
    expect(parseRetention('')).toEqual({ ok: true, days: DEFAULT_RETENTION_DAYS });
    expect(DEFAULT_RETENTION_DAYS).toBe(60);
    expect(parseRetention(90)).toEqual({ ok: true, days: 90 });
    expect(parseRetention(' 30 ')).toEqual({ ok: true, days: 30 });
  });
  it.each([0, -5, 'sixty', '2.5', 1.5, 'abc'])('refuses %p with a sentence naming the setting', (v) => {
    const r = parseRetention(v);
    expect(r.ok).toBe(false);
    if (!r.ok) {
      expect(r.message).toMatch(/^The Config setting "Retention days" must be/);
      expect(r.message).toMatch(/\.$/);
    }
  });
  it('is past retention only after the whole period', () => {
    expect(pastRetention(NOW - 60 * DAY_MS, NOW, 60)).toBe(true);
    expect(pastRetention(NOW - 60 * DAY_MS + 1, NOW, 60)).toBe(false);
    expect(pastRetention(0, NOW, 60)).toBe(false);
  });
});

describe('selecting what to archive', () => {
  const req = (id: string, daysAgo: number, state = 'approved', at = NOW): LiveRequest => ({
    id,
    workflowId: 'purchase-approval',
    version: 1,
    state,
    updated: at - daysAgo * DAY_MS,
  });
  const isClosed = (r: LiveRequest) => r.state === 'approved' || r.state === 'rejected';
  it('takes closed requests past retention, oldest first, at most max', () => {
    const rows = [req('PR-3', 70), req('PR-1', 90), req('PR-2', 80, 'submitted'), req('PR-4', 59), req('PR-5', 61, 'rejected')];
    expect(selectDue(rows, { now: NOW, days: 60, max: 10, isClosed })).toEqual({ year: 2026, ids: ['PR-1', 'PR-3', 'PR-5'] });
    expect(selectDue(rows, { now: NOW, days: 60, max: 2, isClosed })?.ids).toEqual(['PR-1', 'PR-3']);
    expect(selectDue(rows, { now: NOW, days: 60, max: 10, isClosed, exclude: new Set(['PR-1']) })?.ids).toEqual(['PR-3', 'PR-5']);
    expect(selectDue(rows, { now: NOW, days: 100, max: 10, isClosed })).toBeNull();
  });
  it('keeps one batch within one year (one archive per year)', () => {
    const jan = Date.UTC(2026, 0, 3);
    const rows = [req('PR-1', 5, 'approved', jan), req('PR-2', 1, 'approved', jan)];
    expect(selectDue(rows, { now: NOW, days: 60, max: 10, isClosed })).toEqual({ year: 2025, ids: ['PR-1'] });
  });
});

describe('batches and copies', () => {
  const rows = log(['PR-1', 'PR-2', 'PR-3'], 4);
  const batch = describeBatch('b1', 2026, 'arch', ['PR-1', 'PR-3'], rows);
  const mine = rows.filter((r) => r.requestId !== 'PR-2');
  it('describes a batch by its audit rows', () => {
    expect(batch.auditRows).toBe(8);
    expect(batch.seqs).toEqual([1, 12]);
    expect(batch.auditDigest).toBe(digestAudit(mine));
    expect(digestAudit([...mine].reverse())).toBe(batch.auditDigest);
  });
  it('verifies a faithful copy and finds missing, doubled and altered rows', () => {
    expect(verifyCopy(batch, ['PR-1', 'PR-3'], mine)).toEqual({ ok: true });
    expect(verifyCopy(batch, ['PR-1'], mine)).toMatchObject({ ok: false, kind: 'missing' });
    expect(verifyCopy(batch, ['PR-1', 'PR-3'], mine.slice(1))).toMatchObject({ ok: false, kind: 'missing' });
    expect(verifyCopy(batch, ['PR-1', 'PR-3', 'PR-3'], mine)).toMatchObject({ ok: false, kind: 'doubled' });
    expect(verifyCopy(batch, ['PR-1', 'PR-3'], [...mine, mine[0]!])).toMatchObject({ ok: false, kind: 'doubled' });
    const altered = mine.map((r, i) => (i === 2 ? { ...r, event: { ...r.event, comment: 'changed' } } : r));
    expect(verifyCopy(batch, ['PR-1', 'PR-3'], altered)).toMatchObject({
      ok: false,
      kind: 'altered',
      message: expect.stringContaining('Seq'),
    });
    // Rows of other requests in the archive do not count.
    expect(verifyCopy(batch, ['PR-1', 'PR-3', 'PR-9'], [...mine, ...rows.filter((r) => r.requestId === 'PR-2')])).toEqual({ ok: true });
  });
  it('copies again only what the archive lacks', () => {
    expect(stillToCopy(['a', 'b', 'c'], (x) => x, new Set(['b']))).toEqual(['a', 'c']);
  });
  it('deletes in runs, last run first', () => {
    expect(deletionRuns([5, 2, 3, 9, 10, 11, 3, 1])).toEqual([
      { start: 9, count: 3 },
      { start: 5, count: 1 },
      { start: 2, count: 2 },
    ]);
  });
});

describe('the checkpoint state machine', () => {
  const batch = describeBatch('b1', 2026, 'arch', ['PR-1'], log(['PR-1'], 2));
  it('goes copy → verify → delete → done', () => {
    let cp: ArchiveCheckpoint | null = begin(batch, 1);
    expect(cp.step).toBe('copy');
    cp = advance(cp, { type: 'copied' }, 2)!;
    expect(cp).toMatchObject({ step: 'verify', attempts: 1 });
    cp = advance(cp, { type: 'verified', check: { ok: true } }, 3)!;
    expect(cp.step).toBe('delete');
    expect(advance(cp, { type: 'deleted' }, 4)).toBeNull();
  });
  it('copies again when rows are missing, then blocks; blocks at once on altered copies', () => {
    let cp = begin(batch, 1);
    for (let i = 1; i <= MAX_COPY_ATTEMPTS; i++) {
      cp = advance(cp, { type: 'copied' }, 2)!;
      cp = advance(cp, { type: 'verified', check: { ok: false, kind: 'missing', message: 'x' } }, 3)!;
    }
    expect(cp.step).toBe('verify');
    expect(cp.blocked).toMatch(/nothing was removed/);
    expect(() => advance(cp, { type: 'deleted' }, 4)).toThrow();
    const altered = advance(
      advance(begin(batch, 1), { type: 'copied' }, 2)!,
      { type: 'verified', check: { ok: false, kind: 'altered', message: 'Changed.' } },
      3,
    )!;
    expect(altered.blocked).toBe('Changed. Nothing was removed from the live tabs.');
  });
  it('refuses steps out of order and keeps a blocked batch until resumed', () => {
    expect(() => advance(begin(batch, 1), { type: 'deleted' }, 2)).toThrow(/does not follow/);
    const blocked = advance(begin(batch, 1), { type: 'archive_unavailable', message: 'gone' }, 2)!;
    expect(blocked).toMatchObject({ step: 'copy', blocked: 'gone' });
    expect(advance(blocked, { type: 'resumed' }, 3)).toMatchObject({ step: 'copy', blocked: null });
  });
  it('recognises only well-formed saved checkpoints', () => {
    expect(isCheckpoint(JSON.parse(JSON.stringify(begin(batch, 1))))).toBe(true);
    expect(isCheckpoint({ step: 'copy' })).toBe(false);
    expect(isCheckpoint(null)).toBe(false);
  });
});

describe('one chain across live and archived segments', () => {
  const rows = log(['PR-1', 'PR-2', 'PR-3'], 3);
  const archived = rows.filter((r) => r.requestId === 'PR-1').map((r, i) => ({ ...r, row: i + 2 }));
  const live = rows.filter((r) => r.requestId !== 'PR-1').map((r, i) => ({ ...r, row: i + 2 }));
  it('verifies when the segments together hold the whole chain', () => {
    expect(
      verifySegments([
        { name: 'Handoff archive 2026', rows: archived },
        { name: 'Handoff', rows: live },
      ]),
    ).toEqual({ ok: true, count: 9, segments: 2 });
  });
  it('names the first bad row with its spreadsheet', () => {
    const tampered = archived.map((r, i) => (i === 1 ? { ...r, event: { ...r.event, actor: 'eve@x.test' } } : r));
    const check = verifySegments([
      { name: 'Handoff archive 2026', rows: tampered },
      { name: 'Handoff', rows: live },
    ]);
    expect(check).toMatchObject({ ok: false, segment: 'Handoff archive 2026', row: 3, seq: 4 });
    const removed = verifySegments([
      { name: 'Handoff archive 2026', rows: archived.slice(1) },
      { name: 'Handoff', rows: live },
    ]);
    expect(removed).toMatchObject({ ok: false, segment: 'Handoff', seq: 2, reason: expect.stringContaining('Seq 1') });
    const doubled = verifySegments([
      { name: 'A', rows: archived },
      { name: 'Handoff', rows: [...live, archived[0]!] },
    ]);
    expect(doubled).toMatchObject({ ok: false, segment: 'Handoff', seq: 1 });
  });
});

describe('capacity arithmetic', () => {
  it('counts cells and the days left at the 30-day rate', () => {
    expect(
      cellsOf([
        { name: 'a', rows: 10, columns: 5 },
        { name: 'b', rows: 2, columns: 3 },
      ]),
    ).toBe(56);
    // 1,000,000 cells for 10,000 live requests: 100 each; 300 a day → 3,000 per day*10 = 30,000 cells a day.
    expect(daysLeft({ cells: 1_000_000, cellLimit: CELL_LIMIT, liveRequests: 10_000, createdLast30Days: 9_000 })).toBe(300);
    expect(daysLeft({ cells: 1_000_000, cellLimit: CELL_LIMIT, liveRequests: 10_000, createdLast30Days: 0 })).toBeNull();
    expect(archiveHasRoom(8_000_000, 900_000)).toBe(true);
    expect(archiveHasRoom(8_500_000, 600_000)).toBe(false);
  });
});

describe('Outbox rows move with their requests', () => {
  const rows = log(['PR-1', 'PR-2'], 2);
  const batch = describeBatch('b1', 2026, 'arch', ['PR-1'], rows, { requests: 2, audit: 2, outbox: 2 }, 2);
  const mine = rows.filter((r) => r.requestId === 'PR-1');
  const mail = [
    { id: 'o1', requestId: 'PR-1' },
    { id: 'o2', requestId: 'PR-1' },
    { id: 'o3', requestId: 'PR-2' },
  ];
  it("finds a row's request from its key", () => {
    expect(outboxRequest('PR-000001:3:decision:rita@acme.test:')).toBe('PR-000001');
    expect(outboxRequest('digest')).toBe('');
  });
  it('verifies the Outbox rows of the batch: all there, once', () => {
    expect(batch.outboxRows).toBe(2);
    expect(verifyCopy(batch, ['PR-1'], mine, mail)).toEqual({ ok: true });
    expect(verifyCopy(batch, ['PR-1'], mine, mail.slice(1))).toMatchObject({ ok: false, kind: 'missing' });
    expect(verifyCopy(batch, ['PR-1'], mine, [...mail, mail[0]!])).toMatchObject({ ok: false, kind: 'doubled' });
    expect(verifyCopy(batch, ['PR-1'], mine, [...mail, { id: 'o4', requestId: 'PR-1' }])).toMatchObject({ ok: false, kind: 'altered' });
  });
});

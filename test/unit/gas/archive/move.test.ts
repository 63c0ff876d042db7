import { verifyAuditLog } from '../../../../src/gas/governance/verify';
import { verifySegments } from '../../../../src/core/archive/verify';
import { chainRows } from '../../../../src/gas/archive/copy';
import { ARCHIVE_PROTECTION } from '../../../../src/gas/archive/book';
import { readArchives, writeRetention } from '../../../../src/gas/archive/registry';
import { loadCheckpoint, runArchive, type ArchiveRunOptions } from '../../../../src/gas/archive/run';
import { AUDIT } from '../../../../src/gas/sheet/tabs';
import { Table } from '../../../../src/gas/sheet/table';
import { alteredDetails } from '../../../support/audit-view';
import { OWNER, type TestWorkspace } from '../workspace';
import { column, DAY, interleavedOrders, orderedRequest, sendMail, sheetWithRequests } from './helpers';

const crash = () => {
  throw new Error('simulated crash: Exceeded maximum execution time');
};

function run(t: TestWorkspace, opts: Partial<ArchiveRunOptions> = {}, send = true) {
  if (send) sendMail(t); // the timers send the Outbox before the archive runs

  return t.as(OWNER, () => runArchive(t.ctx(), { deadline: t.ws.kernel.clock.now() + 60_000, batchSize: 3, ...opts }));
}

function archiveValues(t: TestWorkspace, tab: string): unknown[][] {
  const link = t.as(OWNER, () => readArchives(t.ctx()))[0]!;
  return t.ws.sheets.get(link.id).values(tab);
}

/** Every Audit row of the live tab and of each archive, as one chain. */
function wholeChain(t: TestWorkspace) {
  return t.as(OWNER, () => {
    const ctx = t.ctx();
    const segs = readArchives(ctx).map((l) => {
      const ss = ctx.services.SpreadsheetApp.openById(l.id);
      return { name: l.name, rows: chainRows(Table.open(ss, AUDIT), 2) };
    });
    segs.push({ name: 'Handoff', rows: chainRows(Table.open(ctx.spreadsheet(), AUDIT), 2) });
    return verifySegments(segs);
  });
}

/** Audit rows about requests (a timer run's record of the Outbox rows it removed stays live: it names no request). */
const eventRows = (values: unknown[][]): number => column(values, 'Action').filter((a) => a !== 'outbox_sent').length;

describe('moving closed requests to the yearly archive', () => {
  it('moves closed requests past retention with their Audit rows, keeps the rest, and keeps one chain', () => {
    const { t, closed, open } = sheetWithRequests(4, 1);
    const recent = orderedRequest(t);
    const auditBefore = eventRows(t.sheet.values('Audit'));
    expect(run(t).outcome).toBe('idle'); // nothing is past retention yet
    t.ws.kernel.clock.advance(61 * DAY);
    const late = orderedRequest(t); // closed now: stays 60 more days (and holds the chain head)
    const r = run(t);
    expect(r.outcome).toBe('done');
    expect(r.requests).toBe(5); // 4 closed + the recent one; open and late stay
    expect(r.batches).toBe(2);

    const liveIds = column(t.sheet.values('Requests'), 'ID');
    expect(liveIds.sort()).toEqual([...open, late].sort());
    const archIds = column(archiveValues(t, 'Requests'), 'ID');
    expect(archIds.sort()).toEqual([...closed, recent].sort());
    const liveAudit = eventRows(t.sheet.values('Audit'));
    const archAudit = eventRows(archiveValues(t, 'Audit'));
    const lateRows = column(t.sheet.values('Audit'), 'Request').filter((x) => x === late).length;
    expect(liveAudit + archAudit).toBe(auditBefore + lateRows);
    expect(column(archiveValues(t, 'Audit'), 'Request').every((x) => closed.includes(String(x)) || x === recent)).toBe(true);

    const links = t.as(OWNER, () => readArchives(t.ctx()));
    expect(links).toHaveLength(1);
    expect(links[0]).toMatchObject({ name: 'Handoff archive 2026', year: 2026, part: 1, requests: 5, auditRows: archAudit, owner: OWNER });
    expect(links[0]!.firstSeq).toBe(1);
    const data = t.ws.sheets.get(links[0]!.id).data;
    expect(data.owner).toBe(OWNER);
    expect(data.protections.filter((p) => p.description === ARCHIVE_PROTECTION)).toHaveLength(3);
    // Their mail left the live Outbox when it was sent (Audit recorded it): the archive had no Outbox row to move,
    // and the live Outbox holds none of theirs.
    const key = (v: unknown) => String(v).slice(0, String(v).indexOf(':'));
    expect(column(archiveValues(t, 'Outbox'), 'Key')).toEqual([]);
    expect(
      column(t.sheet.values('Outbox'), 'Key')
        .map(key)
        .every((id) => !closed.includes(id) && id !== recent),
    ).toBe(true);
    expect(wholeChain(t)).toMatchObject({ ok: true, segments: 2 });
    expect(loadCheckpoint(t.as(OWNER, () => t.ctx()))).toBeNull();
  });

  it('creates nothing and moves nothing when nothing is due', () => {
    const { t } = sheetWithRequests(1, 1);
    expect(run(t)).toMatchObject({ outcome: 'idle', requests: 0 });
    expect(t.ws.sheets.list()).toHaveLength(1);
  });
});

describe.each([
  ['after planning', { afterStep: (s: string) => s === 'planned' && crash() }],
  ['between the Requests and Audit copies', { betweenAppends: crash }],
  ['after the copy', { afterStep: (s: string) => s === 'copied' && crash() }],
  ['after verifying', { afterStep: (s: string) => s === 'verified' && crash() }],
  ['between the Requests and Audit deletes', { betweenDeletes: crash }],
  ['after the deletes, before the checkpoint is cleared', { afterRemove: crash }],
])('a crash %s', (_label, hooks) => {
  it('resumes with nothing lost or doubled', () => {
    const { t, closed, open } = sheetWithRequests(3, 1);
    t.ws.kernel.clock.advance(61 * DAY);
    const late = orderedRequest(t);
    const total = eventRows(t.sheet.values('Audit'));
    sendMail(t);
    const mail = t.sheet.values('Outbox').length - 1;
    expect(() => run(t, { hooks }, false)).toThrow('simulated crash');
    expect(loadCheckpoint(t.as(OWNER, () => t.ctx()))).not.toBeNull();
    const r = run(t);
    expect(r.outcome).toBe('done');
    const archIds = column(archiveValues(t, 'Requests'), 'ID');
    expect(archIds.sort()).toEqual([...closed].sort());
    expect(column(t.sheet.values('Requests'), 'ID').sort()).toEqual([...open, late].sort());
    const archAudit = column(archiveValues(t, 'Audit'), 'Seq');
    expect(new Set(archAudit).size).toBe(archAudit.length);
    expect(eventRows(archiveValues(t, 'Audit')) + eventRows(t.sheet.values('Audit'))).toBe(total);
    const archMail = column(archiveValues(t, 'Outbox'), 'ID');
    expect(new Set(archMail).size).toBe(archMail.length);
    expect(archMail).toEqual([]); // sent mail left the Outbox when it was sent (a queue), before any archive run
    expect(archMail.length + t.sheet.values('Outbox').length - 1).toBe(mail);
    expect(wholeChain(t)).toMatchObject({ ok: true });
    expect(t.as(OWNER, () => readArchives(t.ctx()))[0]).toMatchObject({ requests: 3, auditRows: archAudit.length });
  });
});

describe('faults', () => {
  it('refuses a bad retention setting with a sentence naming it, and moves nothing', () => {
    const { t } = sheetWithRequests(2, 0);
    expect(() => t.as(OWNER, () => writeRetention(t.ctx(), 0))).toThrow(/"Retention days" must be 1 day or more/);
    expect(() => t.as(OWNER, () => writeRetention(t.ctx(), 'soon'))).toThrow(/"Retention days" must be a whole number of days/);
    expect(t.as(OWNER, () => writeRetention(t.ctx(), 10))).toBe(10);
    // A hand edit that leaves text in the cell: the run refuses and tells the admins once.
    const config = t.sheet.values('Config');
    const row = config.findIndex((r) => r[0] === '(setting)') + 1;
    t.sheet.write('Config', `H${row}`, [['-3']]);
    t.ws.kernel.clock.advance(61 * DAY);
    const r = run(t);
    expect(r).toMatchObject({ outcome: 'refused', requests: 0, message: expect.stringContaining('"Retention days"') });
    expect(t.sheet.values('Requests').length - 1).toBe(2);
    run(t);
    expect(t.ws.mail.outbox().filter((m) => /archive needs an admin/.test(m.subject))).toHaveLength(1);
  });

  it.each([
    ['deleted', (t: TestWorkspace, id: string) => t.ws.sheets.remove(id), /deleted or is no longer shared/],
    ['renamed', (t: TestWorkspace, id: string) => (t.ws.sheets.get(id).data.name = 'Old stuff'), /renamed to "Old stuff"/],
    [
      'no longer shared with the owner',
      (t: TestWorkspace, id: string) => (t.ws.sheets.get(id).data.owner = 'someone@else.test'),
      /no longer shared/,
    ],
  ])('stops with a clear error when the archive was %s, removing nothing', (_l, harm, message) => {
    const { t } = sheetWithRequests(2, 0);
    t.ws.kernel.clock.advance(61 * DAY);
    orderedRequest(t);
    expect(() => run(t, { hooks: { afterStep: (s) => s === 'copied' && crash() } })).toThrow('simulated crash');
    const id = t.as(OWNER, () => readArchives(t.ctx()))[0]!.id;
    harm(t, id);
    const before = t.sheet.values('Requests').length;
    const r = run(t);
    expect(r).toMatchObject({ outcome: 'blocked', message: expect.stringMatching(message) });
    expect(r.message).toMatch(/Nothing was removed from the live tabs/);
    expect(t.sheet.values('Requests').length).toBe(before);
    expect(t.ws.mail.outbox().filter((m) => /archive needs an admin/.test(m.subject)).length).toBe(1);
  });

  it("starts a new archive when the year's archive nears its cell limit", () => {
    const { t } = sheetWithRequests(4, 0);
    t.ws.kernel.clock.advance(61 * DAY);
    orderedRequest(t);
    run(t, { batchSize: 2, deadline: 0 }); // nothing: past the deadline at once
    expect(t.ws.sheets.list()).toHaveLength(1);
    expect(() => run(t, { batchSize: 2, hooks: { afterStep: (s) => s === 'deleted' && crash() } })).toThrow('simulated crash');
    // Pretend the first archive is nearly full.
    const config = t.sheet.values('Config');
    const row = config.findIndex((r) => r[0] === '(archive)');
    const json = JSON.parse(String(config[row]![7]));
    t.sheet.write('Config', `H${row + 1}`, [[JSON.stringify({ ...json, cells: 8_999_990 })]]);
    run(t, { batchSize: 2 });
    const links = t.as(OWNER, () => readArchives(t.ctx()));
    expect(links.map((l) => l.name)).toEqual(['Handoff archive 2026', 'Handoff archive 2026 (2)']);
    expect(links.map((l) => l.requests)).toEqual([2, 2]);
    expect(wholeChain(t)).toMatchObject({ ok: true, segments: 3 });
  });
});

describe('Verify audit log across the live workbook and the archives', () => {
  it('checks every segment and names the first bad row with its spreadsheet', () => {
    const { t } = sheetWithRequests(3, 1);
    t.ws.kernel.clock.advance(61 * DAY);
    orderedRequest(t);
    run(t);
    const ok = t.as(OWNER, () => verifyAuditLog(t.ctx()));
    expect(ok).toMatchObject({ ok: true, spreadsheet: null });
    expect(ok.message).toMatch(/intact: \d+ rows checked in the live workbook and 1 archive/);
    // Before verifying across segments, the live tab alone would look tampered with (its first rows moved).
    const link = t.as(OWNER, () => readArchives(t.ctx()))[0]!;
    const arch = t.ws.sheets.get(link.id);
    const audit = arch.values('Audit');
    const details = audit[0]!.indexOf('Details');
    arch.write('Audit', `${String.fromCharCode(65 + details)}3`, [[alteredDetails(audit[2]![details], 'comment', 'edited later')]]);
    const bad = t.as(OWNER, () => verifyAuditLog(t.ctx()));
    expect(bad).toMatchObject({ ok: false, firstBadRow: 3, seq: Number(audit[2]![0]), spreadsheet: 'Handoff archive 2026' });
    expect(bad.message).toMatch(/row 3 of the Audit tab in "Handoff archive 2026" \(Seq \d+\): its content does not match its hash/);
  });

  it('says which archive it cannot open', () => {
    const { t } = sheetWithRequests(2, 0);
    t.ws.kernel.clock.advance(61 * DAY);
    orderedRequest(t);
    run(t);
    t.ws.sheets.remove(t.as(OWNER, () => readArchives(t.ctx()))[0]!.id);
    const r = t.as(OWNER, () => verifyAuditLog(t.ctx()));
    expect(r).toMatchObject({ ok: false, spreadsheet: 'Handoff archive 2026' });
    expect(r.message).toMatch(/^The audit log cannot be verified: The archive "Handoff archive 2026"/);
  });
});

describe('deleting scattered rows', () => {
  it('uses one Sheets API batchUpdate per tab when the advanced service is on, and leaves the same rows', () => {
    const build = (api: boolean) => {
      const { t } = sheetWithRequests(0, 0);
      interleavedOrders(t, 6);
      t.ws.kernel.clock.advance(61 * DAY);
      orderedRequest(t);
      sendMail(t);
      if (!api) t.ws.advanced.disable('Sheets'); // the requests and the Outbox need it (the data plane); the archive run does not
      const { cost } = t.ws.kernel.measure(() => run(t, { batchSize: 10 }, false));
      return { t, calls: cost.calls };
    };
    const withApi = build(true);
    const without = build(false);
    // Requests and Audit: the 6 requests' rows lie between the open requests' ones (their mail left the Outbox when sent).
    expect(withApi.calls['Sheets.Spreadsheets.batchUpdate']).toBe(2);
    // Without it: one deleteRows per run of rows (the archive's Audit and Outbox tabs, and the live workbook's hidden
    // Metrics tab that the run's metrics fold makes first, are trimmed when made, either way).
    expect(withApi.calls['Sheet.deleteRows']).toBe(3);
    expect(without.calls['Sheet.deleteRows']).toBeGreaterThan(6);
    expect(without.calls['Sheets.Spreadsheets.batchUpdate']).toBeUndefined();
    for (const w of [withApi, without]) {
      expect(column(w.t.sheet.values('Requests'), 'ID')).toHaveLength(7); // 6 open and the late one
      expect(wholeChain(w.t)).toMatchObject({ ok: true });
    }
    // The same rows (a run's record of the mail it sent carries fresh message ids, so its cells differ).
    for (const col of ['Seq', 'Request', 'Action'])
      expect(column(withApi.t.sheet.values('Audit'), col)).toEqual(column(without.t.sheet.values('Audit'), col));
  });
});

describe('after an archive run', () => {
  it('requests keep working though hints kept from before name rows past the grid', () => {
    const { t, open } = sheetWithRequests(20, 0);
    const first = open; // none
    t.ws.kernel.clock.advance(61 * DAY);
    const late = orderedRequest(t);
    expect(run(t, { batchSize: 50 })).toMatchObject({ outcome: 'done', requests: 20 });
    // The grid shrank to what is left; the tail hints and the Index still name rows from before.
    expect(t.ws.sheets.get(t.spreadsheetId).data.sheets.find((s) => s.name === 'Requests')!.maxRows).toBeLessThan(10);
    const more = [orderedRequest(t), orderedRequest(t)];
    const ids = column(t.sheet.values('Requests'), 'ID');
    expect(ids).toEqual([...first, late, ...more]);
    expect(wholeChain(t)).toMatchObject({ ok: true });
  });
});

/**
 * A workbook written by the earlier version (the wide, 22-column Audit layout) upgrades in place through Set up /
 * repair: every row still reads as the same event, the chain verifies before, during and after, continues across
 * the layout change, and across an archive.
 */
import { verifyAuditLog } from '../../../../src/gas/governance/verify';
import { runArchive } from '../../../../src/gas/archive/run';
import { setUp } from '../../../../src/gas/setup/setup';
import { AUDIT_COLUMNS } from '../../../../src/gas/sheet/tabs';
import { parseAuditCells } from '../../../../src/gas/store/audit-rows';
import type { CellValue } from '../../../../src/gas/sheet/values';
import { WIDE_HEADERS } from '../../../support/audit-view';
import { asOldLayout } from '../../../support/old-audit-layout';
import { OWNER, type TestWorkspace } from '../workspace';
import { DAY, orderedRequest, sendMail, sheetWithRequests } from './helpers';

const entries = (values: unknown[][]) => {
  const head = (values[0] ?? []).map(String);
  return values.slice(1).map((cells, i) => parseAuditCells(head, cells as CellValue[], i + 2));
};

/** The sheet's Audit tab as the earlier version left it: the same events in 22 columns, and an operator's column. */
function oldWorkbook(closed: number, open: number) {
  const made = sheetWithRequests(closed, open);
  const { t } = made;
  const old = asOldLayout(t.sheet.values('Audit'));
  t.sheet.write('Audit', 'A1', old);
  t.sheet.write('Audit', 'W1', [['Operator notes'], ['checked'], ...old.slice(2).map(() => [''])]);
  return { ...made, old };
}

const verify = (t: TestWorkspace) => t.as(OWNER, () => verifyAuditLog(t.ctx()));

describe('Set up / repair upgrades an Audit tab in the earlier layout', () => {
  it('rewrites every row in six columns, every event and hash the same, the chain intact; the next set-up changes nothing', () => {
    const { t, old } = oldWorkbook(2, 1);
    const head = t.sheet.values('Audit')[0]!.map(String);
    expect(head).toEqual([...WIDE_HEADERS, 'Operator notes']);
    const before = entries(t.sheet.values('Audit'));
    expect(before).toHaveLength(old.length - 1);
    expect(verify(t)).toMatchObject({ ok: true }); // the readers read the earlier layout as it is

    const report = t.as(OWNER, () => setUp(t.ctx()));
    expect(report.problems).toEqual([]);
    expect(report.repaired).toContain(
      `Audit: ${before.length} rows rewritten in the compact layout (Seq, At, Request, Action, Details, Hash); every hash is unchanged`,
    );
    const after = t.sheet.values('Audit');
    expect(after[0]).toEqual([...AUDIT_COLUMNS, 'Operator notes']);
    expect(after[1]![6]).toBe('checked'); // the operator's column keeps its cells
    expect(entries(after)).toEqual(before);
    const grid = t.ws.sheets.get(t.spreadsheetId).data.sheets.find((s) => s.name === 'Audit')!;
    expect(grid.maxColumns).toBe(7);
    expect(verify(t)).toMatchObject({ ok: true, count: before.length });
    expect(t.as(OWNER, () => setUp(t.ctx())).changed).toBe(false);
  });

  it('rows written before the repair (compact, under the old header) read and verify; the chain continues across the change', () => {
    const { t } = oldWorkbook(1, 0);
    orderedRequest(t); // this version appends compact rows to the wide tab: its wide-only cells stay empty
    const mixed = t.sheet.values('Audit');
    const prev = mixed[0]!.indexOf('Prev hash');
    expect(mixed.slice(1).filter((r) => r[prev] === '').length).toBeGreaterThan(0);
    expect(verify(t)).toMatchObject({ ok: true, count: mixed.length - 1 });
    t.as(OWNER, () => setUp(t.ctx()));
    orderedRequest(t);
    const all = entries(t.sheet.values('Audit'));
    expect(all.map((e) => e.seq)).toEqual(all.map((_, i) => i + 1));
    expect(verify(t)).toMatchObject({ ok: true, count: all.length });
  });

  it('a row altered before the upgrade still fails verification after it, at the same row', () => {
    const { t } = oldWorkbook(2, 0);
    const head = t.sheet.values('Audit')[0]!;
    t.sheet.write('Audit', `${String.fromCharCode(65 + head.indexOf('Comment'))}4`, [['changed by hand']]);
    expect(verify(t)).toMatchObject({ ok: false, firstBadRow: 4 });
    t.as(OWNER, () => setUp(t.ctx()));
    expect(t.sheet.values('Audit')[0]).toEqual([...AUDIT_COLUMNS, 'Operator notes']);
    expect(entries(t.sheet.values('Audit'))[2]!.event.comment).toBe('changed by hand');
    expect(verify(t)).toMatchObject({ ok: false, firstBadRow: 4 });
  });

  it('a row it cannot carry over stops the upgrade with nothing changed, and set-up says which', () => {
    const { t } = oldWorkbook(1, 0);
    const head = t.sheet.values('Audit')[0]!;
    t.sheet.write('Audit', `${String.fromCharCode(65 + head.indexOf('Changes'))}3`, [['{not json']]);
    const before = t.sheet.values('Audit');
    const report = t.as(OWNER, () => setUp(t.ctx()));
    expect(report.problems).toEqual([
      'Row 3 of the "Audit" tab cannot be read: the "Changes" cell is not valid JSON. The Audit tab keeps its earlier layout until that row is fixed; nothing was changed.',
    ]);
    expect(t.sheet.values('Audit')).toEqual(before);
  });

  it('the chain verifies across the layout change and an archive', () => {
    const { t } = oldWorkbook(3, 1);
    t.as(OWNER, () => setUp(t.ctx()));
    t.ws.kernel.clock.advance(61 * DAY);
    orderedRequest(t); // holds the chain head, stays live
    sendMail(t);
    const r = t.as(OWNER, () => runArchive(t.ctx(), { deadline: t.ws.kernel.clock.now() + 60_000, batchSize: 3 }));
    expect(r.requests).toBe(3);
    expect(verify(t)).toMatchObject({ ok: true, spreadsheet: null });
    expect(verify(t).message).toMatch(/in the live workbook and 1 archive/);
  });
});

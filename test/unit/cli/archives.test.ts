/** The pure parts of export --archives and verify across archives: Config's links, the merge, an export's Seq gap. */
import { mergeSegments } from '../../../src/cli/commands/export';
import { checkFile } from '../../../src/cli/commands/verify';
import { archiveRefs } from '../../../src/cli/sheet/archives';

const link = (name: string, id: string, year: number, part: number) => ({
  values: { Workflow: '(archive)', Name: name, Status: 'archive', Hash: id, Definition: JSON.stringify({ year, part }) },
});

describe('archiveRefs', () => {
  it("reads Config's archive links oldest first (year, then part), each id once, and nothing else", () => {
    const refs = archiveRefs([
      { values: { Workflow: 'purchase-approval', Name: 'Purchase', Status: 'published', Hash: 'abc', Definition: '{}' } },
      link('Handoff archive 2027', 'id27', 2027, 1),
      link('Handoff archive 2026 (10)', 'id26-10', 2026, 10),
      link('Handoff archive 2026 (2)', 'id26-2', 2026, 2),
      link('Handoff archive 2026', 'id26', 2026, 1),
      link('Handoff archive 2026', 'id26', 2026, 1),
      { values: { Workflow: '(archive)', Name: 'no id', Status: 'archive', Hash: '', Definition: '{}' } },
      { values: { Workflow: '(setting)', Name: 'Retention days', Status: 'setting', Hash: '', Definition: '60' } },
    ]);
    expect(refs.map((r) => r.id)).toEqual(['id26', 'id26-2', 'id26-10', 'id27']);
  });
});

describe('mergeSegments', () => {
  const rec = (row: number, values: Record<string, string | number>) => ({ row, values });
  it('keeps each key once (the live copy), the live columns first, in chain order for Audit', () => {
    const m = mergeSegments('Audit', [
      {
        name: 'A',
        live: false,
        header: ['Seq', 'Hash', 'Old'],
        records: [rec(2, { Seq: 3, Hash: 'a3', Old: 'x' }), rec(3, { Seq: 1, Hash: 'a1' })],
      },
      {
        name: 'Live',
        live: true,
        header: ['Seq', 'Hash', 'New'],
        records: [rec(2, { Seq: 2, Hash: 'l2' }), rec(3, { Seq: 3, Hash: 'l3' })],
      },
    ]);
    expect(m.header).toEqual(['Seq', 'Hash', 'New', 'Old']);
    expect(m.rows.map((r) => r.values.Hash)).toEqual(['a1', 'l2', 'l3']);
    expect(m.doubled).toBe(1);
  });
  it('orders Requests by Created, then ID with numbers in order', () => {
    const m = mergeSegments('Requests', [
      { name: 'A', live: false, header: ['ID', 'Created'], records: [rec(2, { ID: 'PR-10', Created: '2026-01-02T00:00:00.000Z' })] },
      {
        name: 'Live',
        live: true,
        header: ['ID', 'Created'],
        records: [
          rec(2, { ID: 'PR-9', Created: '2026-01-02T00:00:00.000Z' }),
          rec(3, { ID: 'PR-11', Created: '2026-01-01T00:00:00.000Z' }),
        ],
      },
    ]);
    expect(m.rows.map((r) => r.values.ID)).toEqual(['PR-11', 'PR-9', 'PR-10']);
  });
});

describe('checkFile', () => {
  it('names the first Seq missing from an export (a live-only one after an archive run)', () => {
    const r = checkFile([
      { row: 2, where: 'line 1 of a.jsonl', values: { Seq: 1, Hash: 'h' } },
      { row: 3, where: 'line 2 of a.jsonl', values: { Seq: 4, Hash: 'h' } },
    ]);
    expect(r).toEqual({
      ok: false,
      message:
        'line 2 of a.jsonl holds Seq 4, but Seq 2 to 3 are not in the file: removed, or moved to a yearly archive with their requests; export with --archives to check the whole chain.',
    });
  });
});

/**
 * Columns added on demand (Requests' continuation columns): in the one batchUpdate, the new column and its header
 * come before the rows that fill it; the local Sheets API applies them to the cells SpreadsheetApp reads, atomically.
 */
import { ChangeSet, toRequests } from '../../../../src/gas/plane/changeset';
import { withColumns, type PlaneSchema } from '../../../../src/gas/plane/schema';
import { REQUESTS } from '../../../../src/gas/sheet/tabs';
import { Table } from '../../../../src/gas/sheet/table';
import { columnsToAdd, jsonCells, jsonText } from '../../../../src/gas/store/json-cells';
import { OWNER, testWorkspace } from '../workspace';

const codec = { tz: 'Etc/UTC', zone: () => 0 };
const HEAD = ['ID', 'Fields', 'Meta'];
const schemaOf = (columnCount: number, sheetId = 0): PlaneSchema => ({
  stamp: 's',
  tz: 'Etc/UTC',
  tabs: { Requests: { sheetId, headers: HEAD, dates: [false, false, false], rowCount: 10, columnCount } },
});

describe('a staged column in the one batchUpdate', () => {
  it('appends the column when the header fills the grid, inserts it when columns stand further right; header, then rows', () => {
    const c = new ChangeSet();
    c.addColumns('Requests', ['Fields (2)']);
    c.addColumns('Requests', ['Fields (2)']); // staged once
    c.update('Requests', 3, ['PR-1', 'a', '{}', 'b']);
    c.append('Requests', [['PR-2', 'c', '{}', 'd']]);
    expect(c.empty).toBe(false);
    const appended = toRequests(c, schemaOf(3), codec);
    expect(Object.keys(appended[0]!)).toEqual(['appendDimension']);
    expect(appended[0]!.appendDimension).toEqual({ sheetId: 0, dimension: 'COLUMNS', length: 1 });
    expect(appended[1]!.updateCells).toMatchObject({
      start: { sheetId: 0, rowIndex: 0, columnIndex: 3 },
      rows: [{ values: [{ userEnteredValue: { stringValue: 'Fields (2)' } }] }],
    });
    expect(appended.slice(2).map((r) => Object.keys(r)[0])).toEqual(['appendCells', 'updateCells']);
    const inserted = toRequests(c, schemaOf(5), codec);
    expect(inserted[0]!.insertDimension).toEqual({
      range: { sheetId: 0, dimension: 'COLUMNS', startIndex: 3, endIndex: 4 },
      inheritFromBefore: true,
    });
    c.clear();
    expect(c.empty).toBe(true);
  });

  it('the local Sheets API applies it to the cells SpreadsheetApp sees; a failing request later in the batch undoes the column', () => {
    const t = testWorkspace(OWNER);
    t.sheet.write('Sheet1', 'A1', [HEAD, ['PR-1', '"x"', '{}']]);
    const sheet = t.ws.kernel.meter.unmetered(() => t.services.SpreadsheetApp.openById(t.spreadsheetId).getSheetByName('Sheet1')!);
    const sheetId = t.ws.kernel.meter.unmetered(() => sheet.getSheetId());
    // The grid is wider than the header (an operator's column "Notes" with a value, past an empty one).
    t.sheet.write('Sheet1', 'E1', [['Notes'], ['keep me']]);
    const cols = t.ws.kernel.meter.unmetered(() => sheet.getMaxColumns());
    const schema = { ...schemaOf(cols, sheetId), tabs: { Requests: { ...schemaOf(cols, sheetId).tabs.Requests!, headers: [...HEAD] } } };
    const c = new ChangeSet();
    c.addColumns('Requests', ['Fields (2)']);
    c.update('Requests', 2, ['PR-1', 'part one', '{}', 'part two']);
    const batch = (reqs: Array<Record<string, unknown>>) =>
      t.ws.kernel.meter.unmetered(() => t.services.Sheets.Spreadsheets.batchUpdate({ requests: reqs } as never, t.spreadsheetId));
    const reqs = toRequests(c, schema, codec);
    // A batch that fails at its last request changes nothing: no column, no header.
    expect(() => batch([...reqs, { deleteSheet: { sheetId: 999 } }])).toThrow();
    expect(t.sheet.values('Sheet1')[0]).toEqual([...HEAD, '', 'Notes']);
    expect(t.ws.kernel.meter.unmetered(() => sheet.getMaxColumns())).toBe(cols);
    batch(reqs);
    expect(t.sheet.values('Sheet1')).toEqual([
      [...HEAD, 'Fields (2)', '', 'Notes'],
      ['PR-1', 'part one', '{}', 'part two', '', 'keep me'],
    ]);
    expect(t.ws.kernel.meter.unmetered(() => sheet.getMaxColumns())).toBe(cols + 1);
    // The schema after the write knows the column (later units build rows with it).
    const after = withColumns(schema, c.columns).tabs.Requests!;
    expect(after.headers).toEqual([...HEAD, 'Fields (2)']);
    expect(after.columnCount).toBe(cols + 1);
  });
});

describe('json cells on a tab whose continuation columns are on demand', () => {
  const table = (headers: string[]) => Table.detached(REQUESTS, [...REQUESTS.columns, ...headers]);
  const long = { text: 'x'.repeat(60_000) };

  it('a long value names the column it needs; the row cannot be built until the column is there', () => {
    const t = table([]);
    const cells = jsonCells(t, 'Fields', long);
    expect(Object.keys(cells)).toEqual(['Fields', 'Fields (2)']);
    expect(columnsToAdd(t, cells)).toEqual(['Fields (2)']);
    expect(() => t.row(cells)).toThrow(/has no column "Fields \(2\)" yet/);
    const wider = table(['Fields (2)']);
    const row = wider.row(jsonCells(wider, 'Fields', long));
    expect(JSON.parse(jsonText(wider.record(row), 'Fields'))).toEqual(long);
  });

  it('a short value names no new column, and empties a continuation column the tab has', () => {
    const t = table([]);
    expect(Object.keys(jsonCells(t, 'Fields', { a: 1 }))).toEqual(['Fields']);
    const wider = table(['Fields (2)']);
    expect(jsonCells(wider, 'Fields', { a: 1 })).toEqual({ Fields: '{"a":1}', 'Fields (2)': '' });
    // A row without the column reads as no spill.
    expect(jsonText({ Fields: '{"a":1}' }, 'Fields')).toBe('{"a":1}');
  });
});

/**
 * The Sheets API v4 on the local Workspace: the model (src/local/services/sheets-api/model.ts) and the Apps Script
 * advanced service `Sheets` over it, on the same cells SpreadsheetApp sees.
 */
import { createWorkspace } from '../../../src/local/workspace';
import { loadScript } from '../../../src/local/runtime';
import { route, SheetsApiError } from '../../../src/local/services/sheets-api';

const OWNER = 'owner@acme.test';
const MANIFEST = { dependencies: { enabledAdvancedServices: [{ userSymbol: 'Sheets', serviceId: 'sheets', version: 'v4' }] } };

type Sheets = GoogleAppsScript.Sheets;

function setup(opts: { enable?: boolean } = {}) {
  const ws = createWorkspace({ owner: OWNER, timeZone: 'Europe/Berlin' });
  const app = ws.globals.SpreadsheetApp;
  const ss = app.create('Plane');
  const main = ss.getSheets()[0]!;
  main.setName('Requests');
  const other = ss.insertSheet('My tab');
  if (opts.enable !== false) ws.advanced.applyManifest(MANIFEST);
  const Sheets = ws.globals.Sheets as Sheets;
  return { ws, app, ss, id: ss.getId(), main, other, Sheets };
}

/** Runs fn and returns the error it throws. */
function thrown(fn: () => unknown): Error & { details?: { code: number; message: string } } {
  try {
    fn();
  } catch (e) {
    return e as Error & { details?: { code: number; message: string } };
  }
  throw new Error('expected a throw');
}

describe('the Sheets global follows the manifest', () => {
  it('exists only when dependencies.enabledAdvancedServices lists it, under its user symbol', () => {
    const { ws } = setup({ enable: false });
    expect(ws.globals.Sheets).toBeUndefined();
    expect(ws.advanced.applyManifest(MANIFEST)).toEqual(['Sheets']);
    expect(typeof (ws.globals.Sheets as Sheets).Spreadsheets.Values.batchGet).toBe('function');
    ws.advanced.applyManifest({});
    expect(ws.globals.Sheets).toBeUndefined();
    ws.advanced.applyManifest({
      dependencies: { enabledAdvancedServices: [{ userSymbol: 'SheetsApi', serviceId: 'sheets', version: 'v4' }] },
    });
    expect(ws.globals.SheetsApi).toBeDefined();
    expect(ws.globals.Sheets).toBeUndefined();
  });

  it('is absent from a script context until enabled (typeof Sheets === "undefined")', () => {
    const { ws } = setup({ enable: false });
    const script = loadScript(ws, 'function probe() { return typeof Sheets; }', 'Code.js');
    expect(script.call('probe')).toBe('undefined');
    ws.advanced.applyManifest(MANIFEST);
    expect(script.call('probe')).toBe('object');
  });
});

describe('Values.get / batchGet read what SpreadsheetApp wrote', () => {
  it('trims trailing empty cells and rows, keeps middle gaps, echoes the range closed to the grid', () => {
    const { main, Sheets, id } = setup();
    main.getRange('A1:C3').setValues([
      ['ID', 'State', ''],
      ['PR-1', '', 'x'],
      ['', '', ''],
    ]);
    main.getRange('B5').setValue('far');
    const r = Sheets.Spreadsheets.Values.batchGet(id, { ranges: ['Requests!A1:C', 'Requests!D1:E2', "'My tab'"] });
    expect(r.spreadsheetId).toBe(id);
    const [a, b, c] = r.valueRanges!;
    expect(a!.range).toBe('Requests!A1:C1000');
    expect(a!.majorDimension).toBe('ROWS');
    expect(a!.values).toEqual([['ID', 'State'], ['PR-1', '', 'x'], [], [], ['', 'far']]);
    expect(b).toEqual({ range: 'Requests!D1:E2', majorDimension: 'ROWS' }); // no `values` key at all
    expect(c!.range).toBe("'My tab'!A1:Z1000");
  });

  it('renders FORMATTED_VALUE (default), UNFORMATTED_VALUE and FORMULA; dates as serial numbers or formatted', () => {
    const { main, Sheets, id } = setup();
    main.getRange('A1:D1').setValues([[1234.5, true, new Date(Date.UTC(2026, 2, 1, 11, 0)), '=A1*2']]);
    main.getRange('A1').setNumberFormat('#,##0.00');
    const get = (o: object) => Sheets.Spreadsheets.Values.get(id, 'Requests!A1:D1', o).values![0];
    expect(get({})).toEqual(['1,234.50', 'TRUE', '3/1/2026 12:00:00', '2469']);
    const unformatted = get({ valueRenderOption: 'UNFORMATTED_VALUE' })!;
    expect(unformatted.slice(0, 2)).toEqual([1234.5, true]);
    // 2026-03-01 12:00 in Berlin (the spreadsheet's zone) = serial 46082.5.
    expect(unformatted[2]).toBeCloseTo(46082.5, 6);
    expect(unformatted[3]).toBe(2469);
    expect(get({ valueRenderOption: 'UNFORMATTED_VALUE', dateTimeRenderOption: 'FORMATTED_STRING' })![2]).toBe('3/1/2026 12:00:00');
    expect(get({ valueRenderOption: 'FORMULA' })![3]).toBe('=A1*2');
  });

  it('majorDimension COLUMNS reads column by column', () => {
    const { main, Sheets, id } = setup();
    main.getRange('A1:B2').setValues([
      [1, 2],
      [3, ''],
    ]);
    const r = Sheets.Spreadsheets.Values.get(id, 'Requests!A1:B2', { majorDimension: 'COLUMNS', valueRenderOption: 'UNFORMATTED_VALUE' });
    expect(r.values).toEqual([[1, 3], [2]]);
  });

  it('a range without a sheet name reads the first visible sheet; a bare sheet name reads the whole sheet', () => {
    const { main, other, Sheets, id } = setup();
    main.getRange('A1').setValue('first');
    other.getRange('B2').setValue('other');
    expect(Sheets.Spreadsheets.Values.get(id, 'A1').values).toEqual([['first']]);
    expect(Sheets.Spreadsheets.Values.get(id, 'A1').range).toBe('Requests!A1');
    expect(Sheets.Spreadsheets.Values.get(id, "'My tab'!B2").values).toEqual([['other']]);
    expect(Sheets.Spreadsheets.Values.get(id, 'my tab').values).toEqual([[], ['', 'other']]);
  });
});

describe('writes land on the cells SpreadsheetApp reads', () => {
  it('RAW stores strings as given (never a formula or a number); USER_ENTERED parses like typing', () => {
    const { main, Sheets, id } = setup();
    Sheets.Spreadsheets.Values.update({ values: [['=1+1', '123', "'quoted", 7]] }, id, 'Requests!A1', { valueInputOption: 'RAW' });
    expect(main.getRange('A1:D1').getValues()).toEqual([['=1+1', '123', "'quoted", 7]]);
    expect(main.getRange('A1').getFormula()).toBe('');
    Sheets.Spreadsheets.Values.update({ values: [['=1+1', '123', "'quoted"]] }, id, 'Requests!A2:C2', { valueInputOption: 'USER_ENTERED' });
    expect(main.getRange('A2:C2').getValues()).toEqual([[2, 123, 'quoted']]);
    expect(main.getRange('A2').getFormula()).toBe('=1+1');
  });

  it('null leaves a cell as it is and "" clears it; the response counts what was written', () => {
    const { main, Sheets, id } = setup();
    main.getRange('A1:C1').setValues([['a', 'b', 'c']]);
    const r = Sheets.Spreadsheets.Values.update({ values: [[null, '', 'C']] }, id, 'Requests!A1:C1', { valueInputOption: 'RAW' });
    expect(main.getRange('A1:C1').getValues()).toEqual([['a', '', 'C']]);
    expect(r).toEqual({ spreadsheetId: id, updatedRange: 'Requests!B1:C1', updatedRows: 1, updatedColumns: 2, updatedCells: 2 });
  });

  it('a one-cell range extends to the data; a larger range must hold it', () => {
    const { Sheets, id } = setup();
    const ok = Sheets.Spreadsheets.Values.update(
      {
        values: [
          [1, 2],
          [3, 4],
        ],
      },
      id,
      'Requests!B2',
      { valueInputOption: 'RAW' },
    );
    expect(ok.updatedRange).toBe('Requests!B2:C3');
    const e = thrown(() => Sheets.Spreadsheets.Values.update({ values: [[1, 2, 3]] }, id, 'Requests!A1:B1', { valueInputOption: 'RAW' }));
    expect(e.message).toBe(
      'API call to sheets.spreadsheets.values.update failed with error: Requested writing within range [Requests!A1:B1], but tried writing to column [C]',
    );
  });

  it('values.batchUpdate is atomic: a bad range in data[1] leaves data[0] unwritten', () => {
    const { main, Sheets, id } = setup();
    const e = thrown(() =>
      Sheets.Spreadsheets.Values.batchUpdate(
        {
          valueInputOption: 'RAW',
          data: [
            { range: 'Requests!A1', values: [['kept?']] },
            { range: 'Nope!A1', values: [['x']] },
          ],
        },
        id,
      ),
    );
    expect(e.message).toBe(
      'API call to sheets.spreadsheets.values.batchUpdate failed with error: Invalid data[1]: Unable to parse range: Nope!A1',
    );
    expect(main.getRange('A1').getValue()).toBe('');
    const ok = Sheets.Spreadsheets.Values.batchUpdate(
      {
        valueInputOption: 'USER_ENTERED',
        data: [
          { range: 'Requests!A1', values: [['1']] },
          { range: "'My tab'!A1:A2", majorDimension: 'COLUMNS', values: [['x', 'y']] },
        ],
      },
      id,
    );
    expect(ok.totalUpdatedCells).toBe(3);
    expect(ok.totalUpdatedSheets).toBe(2);
    expect(main.getRange('A1').getValue()).toBe(1);
  });

  it('append writes after the table and grows the sheet; tableRange names the table found', () => {
    const { main, Sheets, id } = setup();
    main.getRange('A1:D5').setValues(Array.from({ length: 5 }, (_, i) => [i, 'b', 'c', 'd']));
    const r = Sheets.Spreadsheets.Values.append(
      {
        values: [
          [5, 'x'],
          [6, 'y'],
        ],
      },
      id,
      'Requests!A1:E1',
      { valueInputOption: 'RAW' },
    );
    expect(r.tableRange).toBe('Requests!A1:D5');
    expect(r.updates).toEqual({ spreadsheetId: id, updatedRange: 'Requests!A6:B7', updatedRows: 2, updatedColumns: 2, updatedCells: 4 });
    main.getRange('A1000').setValue('last');
    Sheets.Spreadsheets.Values.append({ values: [['past the grid']] }, id, 'Requests!A:A', { valueInputOption: 'RAW' });
    expect(main.getMaxRows()).toBe(1001);
    expect(main.getRange('A1001').getValue()).toBe('past the grid');
  });

  it('clear and batchClear empty the values and keep the number formats', () => {
    const { main, other, Sheets, id } = setup();
    main.getRange('A1:B1').setValues([[1, 2]]);
    main.getRange('A1').setNumberFormat('0.00');
    other.getRange('A1').setValue('x');
    expect(Sheets.Spreadsheets.Values.clear({}, id, 'Requests!A1:B1').clearedRange).toBe('Requests!A1:B1');
    expect(main.getRange('A1:B1').getValues()).toEqual([['', '']]);
    expect(main.getRange('A1').getNumberFormat()).toBe('0.00');
    expect(Sheets.Spreadsheets.Values.batchClear({ ranges: ["'My tab'"] }, id).clearedRanges).toEqual(["'My tab'!A1:Z1000"]);
    expect(other.getRange('A1').getValue()).toBe('');
  });
});

describe('errors as Apps Script raises them', () => {
  it('GoogleJsonResponseException with the REST method id, the API message and details.code', () => {
    const { Sheets, id } = setup();
    const e = thrown(() => Sheets.Spreadsheets.Values.batchGet(id, { ranges: ['Master Sheet fail'] }));
    expect(e.name).toBe('GoogleJsonResponseException');
    expect(e.message).toBe('API call to sheets.spreadsheets.values.batchGet failed with error: Unable to parse range: Master Sheet fail');
    expect(e.details?.code).toBe(400);
    expect(thrown(() => Sheets.Spreadsheets.get('nope')).message).toBe(
      'API call to sheets.spreadsheets.get failed with error: Requested entity was not found.',
    );
    expect(thrown(() => Sheets.Spreadsheets.Values.update({ values: [[1]] }, id, 'Requests!A1', {})).message).toMatch(
      /'valueInputOption' is required but not specified$/,
    );
    expect(thrown(() => Sheets.Spreadsheets.Values.get(id, 'Requests!A1001')).message).toMatch(
      /Range \(Requests!A1001\) exceeds grid limits\. Max rows: 1000, max columns: 26$/,
    );
  });

  it('crosses the runtime membrane with its name and details, as a script catches it', () => {
    const { ws, id } = setup();
    const script = loadScript(
      ws,
      `function probe(id) {
         try { Sheets.Spreadsheets.Values.batchGet(id, { ranges: ['Gone!A1'] }); }
         catch (e) { return [e.name, e.message, e.details.code, String(e)]; }
       }`,
      'Code.js',
    );
    const [name, message, code, text] = script.call('probe', [id]) as [string, string, number, string];
    expect(name).toBe('GoogleJsonResponseException');
    expect(message).toBe('API call to sheets.spreadsheets.values.batchGet failed with error: Unable to parse range: Gone!A1');
    expect(code).toBe(400);
    expect(text).toBe(`GoogleJsonResponseException: ${message}`);
  });

  it('a viewer may read but not write; a protected range refuses a non-editor', () => {
    const { ws, main, ss, Sheets, id } = setup();
    ws.sheets.get(id).share('vic@acme.test', 'viewer');
    ws.sheets.get(id).share('eve@acme.test', 'editor');
    main.getRange('A1').setValue('x');
    const as = <T>(user: string, fn: () => T): T => ws.kernel.executions.run({ activeUser: user, effectiveUser: user }, fn);
    expect(as('vic@acme.test', () => Sheets.Spreadsheets.Values.get(id, 'Requests!A1').values)).toEqual([['x']]);
    const viewer = as('vic@acme.test', () =>
      thrown(() => Sheets.Spreadsheets.Values.update({ values: [['y']] }, id, 'Requests!A1', { valueInputOption: 'RAW' })),
    );
    expect(viewer.message).toBe('API call to sheets.spreadsheets.values.update failed with error: The caller does not have permission');
    expect(viewer.details?.code).toBe(403);
    const p = ss.getSheetByName('Requests')!.protect();
    p.removeEditors(p.getEditors());
    const editor = as('eve@acme.test', () =>
      thrown(() => Sheets.Spreadsheets.Values.update({ values: [['y']] }, id, 'Requests!A1', { valueInputOption: 'RAW' })),
    );
    expect(editor.message).toMatch(/You are trying to edit a protected cell or object/);
    expect(main.getRange('A1').getValue()).toBe('x');
    as('eve@acme.test', () => Sheets.Spreadsheets.Values.update({ values: [['ok']] }, id, "'My tab'!A1", { valueInputOption: 'RAW' }));
    expect(ws.sheets.get(id).values('My tab')).toEqual([['ok']]);
  });
});

describe('Spreadsheets.get and Spreadsheets.batchUpdate', () => {
  it('get returns properties and sheets; a field mask keeps only what it names', () => {
    const { Sheets, id, main } = setup();
    main.setFrozenRows(1);
    const full = Sheets.Spreadsheets.get(id) as unknown as {
      properties: { timeZone: string };
      sheets: Array<{ properties: Record<string, unknown> }>;
    };
    expect(full.properties.timeZone).toBe('Europe/Berlin');
    expect(full.sheets[0]!.properties).toEqual({
      sheetId: 0,
      title: 'Requests',
      index: 0,
      sheetType: 'GRID',
      gridProperties: { rowCount: 1000, columnCount: 26, frozenRowCount: 1 },
    });
    const masked = Sheets.Spreadsheets.get(id, { fields: 'properties.timeZone,sheets.properties(sheetId,title)' });
    expect(masked).toEqual({
      properties: { timeZone: 'Europe/Berlin' },
      sheets: [{ properties: { sheetId: 0, title: 'Requests' } }, { properties: { sheetId: expect.any(Number), title: 'My tab' } }],
    });
  });

  it('updateCells and appendCells write typed cells in one atomic call: strings stay text, dates come back as Dates', () => {
    const { Sheets, id, main } = setup();
    main.getRange('A1:C1').setValues([['ID', 'At', 'Note']]);
    const at = Date.UTC(2026, 0, 5, 8, 30);
    const serial = (at - Date.UTC(1899, 11, 30)) / 864e5 + 1 / 24; // Berlin is UTC+1 in January
    const r = Sheets.Spreadsheets.batchUpdate(
      {
        requests: [
          {
            appendCells: {
              sheetId: 0,
              fields: 'userEnteredValue,userEnteredFormat.numberFormat',
              rows: [
                {
                  values: [
                    { userEnteredValue: { stringValue: '=HYPERLINK("x")' } },
                    {
                      userEnteredValue: { numberValue: serial },
                      userEnteredFormat: { numberFormat: { type: 'DATE_TIME', pattern: 'yyyy-mm-dd hh:mm' } },
                    },
                    { userEnteredValue: { boolValue: true } },
                  ],
                },
              ],
            },
          },
          {
            updateCells: {
              start: { sheetId: 0, rowIndex: 0, columnIndex: 2 },
              fields: 'userEnteredValue',
              rows: [{ values: [{ userEnteredValue: { stringValue: 'Notes' } }] }],
            },
          },
        ],
      },
      id,
    );
    expect(r.replies).toEqual([{}, {}]);
    const row = main.getRange('A2:C2').getValues()[0]!;
    expect(row[0]).toBe('=HYPERLINK("x")');
    expect(main.getRange('A2').getFormula()).toBe('');
    expect((row[1] as Date).getTime()).toBe(at);
    expect(row[2]).toBe(true);
    expect(main.getRange('C1').getValue()).toBe('Notes');
  });

  it('a request that fails undoes the ones before it; replies carry addSheet properties', () => {
    const { Sheets, id, main, ws } = setup();
    const e = thrown(() =>
      Sheets.Spreadsheets.batchUpdate(
        {
          requests: [
            { addSheet: { properties: { title: 'New' } } },
            { appendCells: { sheetId: 0, fields: '*', rows: [{ values: [{ userEnteredValue: { stringValue: 'x' } }] }] } },
            { deleteSheet: { sheetId: 987654 } },
          ],
        },
        id,
      ),
    );
    expect(e.message).toBe(
      'API call to sheets.spreadsheets.batchUpdate failed with error: Invalid requests[2].deleteSheet: No grid with id: 987654',
    );
    expect(ws.sheets.get(id).sheetNames()).toEqual(['Requests', 'My tab']);
    expect(main.getLastRow()).toBe(0);
    const ok = Sheets.Spreadsheets.batchUpdate(
      { requests: [{ addSheet: { properties: { title: 'New', gridProperties: { rowCount: 10, columnCount: 3 } } } }] },
      id,
    );
    expect((ok.replies![0] as { addSheet: { properties: { title: string; gridProperties: object } } }).addSheet.properties).toMatchObject({
      title: 'New',
      index: 2,
      gridProperties: { rowCount: 10, columnCount: 3 },
    });
    expect(
      thrown(() => Sheets.Spreadsheets.batchUpdate({ requests: [{ updateCells: { start: { sheetId: 0 }, rows: [], fields: '' } }] }, id))
        .message,
    ).toMatch(/Invalid requests\[0\]\.updateCells: At least one field must be listed in 'fields'\. \(Use '\*' to indicate all fields\.\)$/);
  });
});

describe('metering and routes', () => {
  it('one call is one metered Sheets call with its cells, priced at the Sheets API row of the cost model', () => {
    const { ws, main, Sheets, id } = setup();
    main.getRange('A1:B2').setValues([
      [1, 2],
      [3, 4],
    ]);
    const { cost } = ws.kernel.measure(() => Sheets.Spreadsheets.Values.batchGet(id, { ranges: ['Requests!A1:B2', 'Requests!A1'] }));
    expect(cost.calls).toEqual({ 'Sheets.Spreadsheets.Values.batchGet': 1 });
    expect(cost.cellsRead).toBe(5);
    expect(cost.estimatedMs).toBeCloseTo(250 + 5 * 0.005, 6);
    const w = ws.kernel.measure(() =>
      Sheets.Spreadsheets.Values.batchUpdate({ valueInputOption: 'RAW', data: [{ range: 'Requests!C1:D1', values: [[5, 6]] }] }, id),
    ).cost;
    expect(w.cellsWritten).toBe(2);
    expect(w.estimatedMs).toBeCloseTo(250 + 2 * 0.02, 6);
  });

  it('route() maps REST verbs and percent-encoded paths onto model methods', () => {
    expect(route('GET', '/v4/spreadsheets/abc/values/%27My%20Sheet%27%21A1%3AB2')).toEqual({
      method: 'sheets.spreadsheets.values.get',
      spreadsheetId: 'abc',
      range: "'My Sheet'!A1:B2",
    });
    expect(route('GET', '/v4/spreadsheets/abc/values:batchGet')?.method).toBe('sheets.spreadsheets.values.batchGet');
    expect(route('POST', '/v4/spreadsheets/abc/values/Sheet1%21A%3AA:append')).toMatchObject({
      method: 'sheets.spreadsheets.values.append',
      range: 'Sheet1!A:A',
    });
    expect(route('POST', '/v4/spreadsheets/abc:batchUpdate')?.method).toBe('sheets.spreadsheets.batchUpdate');
    expect(route('DELETE', '/v4/spreadsheets/abc')).toBeNull();
  });

  it('the model answers the REST error body', () => {
    const { ws, id } = setup();
    let err: unknown;
    try {
      ws.advanced.sheetsApi.call('sheets.spreadsheets.values.get', { spreadsheetId: id, range: 'Nope!A1' }, { user: OWNER });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(SheetsApiError);
    expect((err as SheetsApiError).body()).toEqual({
      error: {
        code: 400,
        message: 'Unable to parse range: Nope!A1',
        status: 'INVALID_ARGUMENT',
        errors: [{ message: 'Unable to parse range: Nope!A1', domain: 'global', reason: 'badRequest' }],
      },
    });
  });
});

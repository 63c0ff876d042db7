import { createWorkspace } from '../../../src/local/workspace';
import { parseA1, columnToLetters, lettersToColumn } from '../../../src/local/services/spreadsheet/a1';
import { MESSAGES } from '../../../src/local/kernel/errors';

function setup() {
  const ws = createWorkspace({ owner: 'owner@acme.test', timeZone: 'Europe/Berlin' });
  const app = ws.globals.SpreadsheetApp;
  const ss = app.create('Handoff');
  const sheet = ss.getSheets()[0]!;
  return { ws, app, ss, sheet };
}

describe('A1 notation', () => {
  test.each([
    ['A1', { sheetName: null, startRow: 1, startCol: 1, endRow: 1, endCol: 1 }],
    ['B2:D5', { sheetName: null, startRow: 2, startCol: 2, endRow: 5, endCol: 4 }],
    ['Sheet1!A1', { sheetName: 'Sheet1', startRow: 1, startCol: 1, endRow: 1, endCol: 1 }],
    ["'My ''odd'' sheet'!C3", { sheetName: "My 'odd' sheet", startRow: 3, startCol: 3, endRow: 3, endCol: 3 }],
    ['A:C', { sheetName: null, startRow: null, startCol: 1, endRow: null, endCol: 3 }],
    ['2:5', { sheetName: null, startRow: 2, startCol: null, endRow: 5, endCol: null }],
    ['A2:C', { sheetName: null, startRow: 2, startCol: 1, endRow: null, endCol: 3 }],
    ['$A$1:$B$2', { sheetName: null, startRow: 1, startCol: 1, endRow: 2, endCol: 2 }],
    ['AA10', { sheetName: null, startRow: 10, startCol: 27, endRow: 10, endCol: 27 }],
  ])('%s', (a1, expected) => expect(parseA1(a1)).toEqual(expected));

  test.each(['', 'A0', '1A', 'A1:B2:C3', 'Sheet1!', '!!'])('"%s" is Range not found', (a1) =>
    expect(() => parseA1(a1)).toThrow('Range not found'),
  );

  test('column letters', () => {
    expect([1, 26, 27, 52, 702, 703].map(columnToLetters)).toEqual(['A', 'Z', 'AA', 'AZ', 'ZZ', 'AAA']);
    expect(['A', 'Z', 'AA', 'ZZ', 'AAA'].map(lettersToColumn)).toEqual([1, 26, 27, 702, 703]);
  });

  test('ranges by A1 on a sheet: whole columns, whole rows, other sheets', () => {
    const { ss, sheet } = setup();
    expect(sheet.getRange('A:C').getA1Notation()).toBe('A:C');
    expect(sheet.getRange('A:C').getNumRows()).toBe(1000);
    expect(sheet.getRange('2:5').getA1Notation()).toBe('2:5');
    expect(sheet.getRange('2:5').getNumColumns()).toBe(26);
    expect(sheet.getRange('B2:C').getNumRows()).toBe(999);
    expect(sheet.getRange(2, 3, 4, 5).getA1Notation()).toBe('C2:G5');
    expect(sheet.getRange(2, 3).getA1Notation()).toBe('C2');
    ss.insertSheet('Other');
    const r = ss.getRange('Other!B2');
    expect(r.getSheet().getName()).toBe('Other');
    expect(() => ss.getRange('Nope!A1')).toThrow('Range not found');
  });

  test("getRange coordinate errors are Apps Script's", () => {
    const { sheet } = setup();
    expect(() => sheet.getRange(0, 1)).toThrow('The starting row of the range is too small.');
    expect(() => sheet.getRange(1, 0)).toThrow('The starting column of the range is too small.');
    expect(() => sheet.getRange(1, 1, 0, 1)).toThrow('The number of rows in the range must be at least 1.');
    expect(() => sheet.getRange(1, 1, 1, 0)).toThrow('The number of columns in the range must be at least 1.');
    expect(() => sheet.getRange(1001, 1)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
    expect(() => sheet.getRange(1, 27)).toThrow('The coordinates of the range are outside the dimensions of the sheet.');
  });
});

describe('value semantics', () => {
  test('getValues returns Number, Boolean, Date, String and "" for empty cells', () => {
    const { sheet } = setup();
    const d = new Date(Date.UTC(2026, 2, 1, 10));
    sheet.getRange('A1:E1').setValues([[42, true, d, 'text', null]]);
    const [row] = sheet.getRange('A1:F1').getValues();
    expect(row).toEqual([42, true, d, 'text', '', '']);
    expect(row![2]).toBeInstanceOf(Date);
    expect(row![2]).not.toBe(d);
  });

  test('a string beginning with = is a formula: getValues computes it, getFormulas returns the text', () => {
    const { sheet } = setup();
    sheet.getRange('A1:A2').setValues([[2], [3]]);
    sheet.getRange('B1:B4').setValues([['=A1+A2*10'], ['=SUM(A1:A2)'], ['=A1&"x"'], ['=NOSUCH(1)']]);
    expect(sheet.getRange('B1:B4').getValues()).toEqual([[32], [5], ['2x'], ['#NAME?']]);
    expect(sheet.getRange('B1:B2').getFormulas()).toEqual([['=A1+A2*10'], ['=SUM(A1:A2)']]);
    expect(sheet.getRange('A1').getFormula()).toBe('');
    sheet.getRange('C1').setFormula('=1/0');
    expect(sheet.getRange('C1').getValue()).toBe('#DIV/0!');
    sheet.getRange('D1').setFormula('=D1+1');
    expect(sheet.getRange('D1').getValue()).toBe('#REF!');
  });

  test('a leading apostrophe stores literal text and is hidden from getValues', () => {
    const { sheet } = setup();
    sheet.getRange('A1:D1').setValues([["'=1+2", "'+44 20", "'007", "'@user"]]);
    expect(sheet.getRange('A1:D1').getValues()).toEqual([['=1+2', '+44 20', '007', '@user']]);
    expect(sheet.getRange('A1:D1').getFormulas()).toEqual([['', '', '', '']]);
    expect(sheet.getRange('A1:D1').getDisplayValues()).toEqual([['=1+2', '+44 20', '007', '@user']]);
  });

  test('numeric-, boolean- and date-looking strings are parsed like typed input unless the cell is plain text (@)', () => {
    const { sheet } = setup();
    sheet.getRange('A1:F1').setValues([['123', '1,234.5', '-7', 'TRUE', '50%', '2026-03-01']]);
    const [row] = sheet.getRange('A1:F1').getValues();
    expect(row!.slice(0, 5)).toEqual([123, 1234.5, -7, true, 0.5]);
    expect(row![5]).toBeInstanceOf(Date);
    expect((row![5] as Date).toISOString()).toBe('2026-02-28T23:00:00.000Z'); // midnight in Europe/Berlin
    sheet
      .getRange('A2:C2')
      .setNumberFormat('@')
      .setValues([['123', 'TRUE', '2026-03-01']]);
    expect(sheet.getRange('A2:C2').getValues()).toEqual([['123', 'TRUE', '2026-03-01']]);
    sheet.getRange('A3').setValue('007');
    expect(sheet.getRange('A3').getValue()).toBe(7);
  });

  test('Dates round-trip as Dates; null and undefined write as empty', () => {
    const { sheet } = setup();
    const d = new Date(Date.UTC(2026, 0, 5, 9, 30, 15, 250));
    sheet.getRange('A1:C1').setValues([[d, 'x', 'y']]);
    sheet.getRange('B1:C1').setValues([[null, undefined]]);
    const [row] = sheet.getRange('A1:C1').getValues();
    expect((row![0] as Date).getTime()).toBe(d.getTime());
    expect(row!.slice(1)).toEqual(['', '']);
    expect(sheet.getLastColumn()).toBe(1);
  });

  test('display values honour @, date formats and number formats', () => {
    const { sheet } = setup();
    const d = new Date(Date.UTC(2026, 0, 5, 8, 5, 9));
    sheet.getRange('A1:E1').setValues([[d, d, 1234.5, 0.25, true]]);
    sheet.getRange('B1').setNumberFormat('yyyy-mm-dd hh:mm');
    sheet.getRange('C1').setNumberFormat('#,##0.00');
    sheet.getRange('D1').setNumberFormat('0%');
    expect(sheet.getRange('A1:E1').getDisplayValues()).toEqual([['1/5/2026 9:05:09', '2026-01-05 09:05', '1,234.50', '25%', 'TRUE']]);
    expect(sheet.getRange('C1').getDisplayValue()).toBe('1,234.50');
    sheet.getRange('F1').setNumberFormat('@').setValue('00123');
    expect(sheet.getRange('F1').getDisplayValue()).toBe('00123');
    sheet.getRange('G1').setValue('2026-03-01');
    expect(sheet.getRange('G1').getDisplayValue()).toBe('2026-03-01');
    expect(sheet.getRange('C1').getNumberFormat()).toBe('#,##0.00');
  });

  test("setValues dimension mismatches throw Apps Script's messages and write nothing", () => {
    const { sheet } = setup();
    expect(() => sheet.getRange('A1:B2').setValues([[1, 2]])).toThrow(
      'The number of rows in the data does not match the number of rows in the range. The data has 1 but the range has 2.',
    );
    expect(() => sheet.getRange('A1:B2').setValues([[1, 2], [3]])).toThrow(
      'The number of columns in the data does not match the number of columns in the range. The data has 1 but the range has 2.',
    );
    expect(() => sheet.getRange('A1:B1').setValues([1, 2] as unknown as unknown[][])).toThrow(
      "The parameters (number[]) don't match the method signature for SpreadsheetApp.Range.setValues.",
    );
    expect(sheet.getLastRow()).toBe(0);
  });

  test('more than 50,000 characters in a cell throws and writes nothing', () => {
    const { sheet } = setup();
    sheet.getRange('A1').setValue('x'.repeat(50000));
    expect((sheet.getRange('A1').getValue() as string).length).toBe(50000);
    expect(() => sheet.getRange('A2:B2').setValues([['ok', 'x'.repeat(50001)]])).toThrow(
      'Your input contains more than the maximum of 50000 characters in a single cell.',
    );
    expect(sheet.getRange('A2').getValue()).toBe('');
  });

  test('setValue fills the whole range; clear and clearContent', () => {
    const { sheet } = setup();
    sheet.getRange('A1:B2').setValue(7);
    expect(sheet.getRange('A1:B2').getValues()).toEqual([
      [7, 7],
      [7, 7],
    ]);
    sheet.getRange('A1').setNumberFormat('0.00');
    sheet.getRange('A1:B1').clearContent();
    expect(sheet.getRange('A1:B1').getValues()).toEqual([['', '']]);
    expect(sheet.getRange('A1').getNumberFormat()).toBe('0.00');
    sheet.getRange('A2:B2').clear();
    expect(sheet.getLastRow()).toBe(0);
  });
});

describe('sheets and structure', () => {
  test('appendRow, getLastRow/Column, getDataRange and growth past the last row', () => {
    const { app } = setup();
    const ss = app.create('Small', 2, 2);
    const sh = ss.getSheets()[0]!;
    expect(sh.getDataRange().getA1Notation()).toBe('A1');
    sh.appendRow(['a', 'b']);
    sh.appendRow(['c', 'd']);
    sh.appendRow(['e', 'f', 'g']);
    expect(sh.getLastRow()).toBe(3);
    expect(sh.getLastColumn()).toBe(3);
    expect(sh.getMaxRows()).toBe(3);
    expect(sh.getMaxColumns()).toBe(3);
    expect(sh.getDataRange().getValues()).toEqual([
      ['a', 'b', ''],
      ['c', 'd', ''],
      ['e', 'f', 'g'],
    ]);
  });

  test('insert and delete rows and columns shift the data', () => {
    const { sheet } = setup();
    sheet.getRange('A1:A4').setValues([[1], [2], [3], [4]]);
    sheet.insertRowsAfter(1, 2);
    expect(sheet.getRange('A1:A6').getValues().flat()).toEqual([1, '', '', 2, 3, 4]);
    expect(sheet.getMaxRows()).toBe(1002);
    sheet.deleteRows(2, 2);
    sheet.insertRowBefore(1);
    sheet.deleteRow(1);
    expect(sheet.getRange('A1:A4').getValues().flat()).toEqual([1, 2, 3, 4]);
    sheet.insertColumnsBefore(1, 1);
    expect(sheet.getRange('B1').getValue()).toBe(1);
    sheet.deleteColumn(1);
    expect(sheet.getRange('A1').getValue()).toBe(1);
    sheet.insertRows(1);
    expect(sheet.getRange('A2').getValue()).toBe(1);
    expect(() => sheet.deleteRows(1, sheet.getMaxRows())).toThrow('Sorry, it is not possible to delete all non-frozen rows.');
    expect(() => sheet.deleteRows(2000, 1)).toThrow('Those rows are out of bounds.');
  });

  test('insertSheet, getSheetByName, names must be unique, deleteSheet, hide/show', () => {
    const { ss, sheet } = setup();
    const b = ss.insertSheet('Requests');
    expect(ss.insertSheet().getName()).toBe('Sheet3');
    expect(ss.getSheets().map((s) => s.getName())).toEqual(['Sheet1', 'Requests', 'Sheet3']);
    expect(ss.getSheetByName('Requests')!.getSheetId()).toBe(b.getSheetId());
    expect(ss.getSheetByName('Nope')).toBeNull();
    expect(() => ss.insertSheet('Requests')).toThrow('A sheet with the name "Requests" already exists. Please enter another name.');
    expect(() => b.setName('Sheet1')).toThrow('A sheet with the name "Sheet1" already exists. Please enter another name.');
    expect(sheet.getSheetId()).toBe(0);
    b.hideSheet();
    expect(b.isSheetHidden()).toBe(true);
    b.showSheet();
    ss.deleteSheet(ss.getSheetByName('Sheet3')!);
    ss.deleteSheet(b);
    expect(() => ss.deleteSheet(sheet)).toThrow("You can't remove all the sheets in a document.");
    expect(() => sheet.hideSheet()).toThrow("You can't hide all the sheets in a document.");
  });

  test('10 million cells per spreadsheet', () => {
    const { app } = setup();
    const ss = app.create('Big', 100000, 99); // 9,900,000 cells
    ss.insertSheet('More'); // + 26,000
    const sh = ss.getSheets()[0]!;
    expect(() => sh.insertColumnsAfter(1, 1)).toThrow(MESSAGES.cellLimit); // + 100,000
    sh.insertRowsAfter(1, 700); // + 69,300 = 9,995,300
    expect(() => ss.insertSheet('Third')).toThrow(MESSAGES.cellLimit);
    expect(() => sh.appendRow(new Array(100).fill('x'))).toThrow(MESSAGES.cellLimit);
    expect(() => app.create('Huge', 1000000, 11)).toThrow(MESSAGES.cellLimit);
  });

  test('frozen rows, no-op formatting recorded, developer metadata', () => {
    const { ws, ss, sheet } = setup();
    sheet.setFrozenRows(1);
    expect(sheet.getFrozenRows()).toBe(1);
    sheet.getRange('A1:C1').setFontWeight('bold').setBackground('#eeeeee');
    expect(sheet.getRange('B1').getFontWeight()).toBe('bold');
    expect(sheet.getRange('B1').getBackground()).toBe('#eeeeee');
    expect(sheet.getRange('B2').getBackground()).toBe('#ffffff');
    sheet.autoResizeColumns(1, 3);
    expect(
      ws.sheets
        .get(ss.getId())
        .styles()
        .map((s) => s.prop),
    ).toEqual(['fontWeight', 'background']);
    sheet.addDeveloperMetadata('handoff.tab', 'requests');
    ss.addDeveloperMetadata('handoff.version', '3');
    expect(sheet.getDeveloperMetadata().map((m) => [m.getKey(), m.getValue()])).toEqual([['handoff.tab', 'requests']]);
    expect(ss.createDeveloperMetadataFinder().withKey('handoff.version').find()[0]!.getValue()).toBe('3');
  });
});

describe('spreadsheets, sharing and the bound spreadsheet', () => {
  test('create, openById, openByUrl, getId/getUrl/getName/getOwner', () => {
    const { app, ss } = setup();
    expect(ss.getUrl()).toBe(`https://docs.google.com/spreadsheets/d/${ss.getId()}/edit`);
    expect(app.openById(ss.getId()).getName()).toBe('Handoff');
    expect(app.openByUrl(ss.getUrl()).getId()).toBe(ss.getId());
    expect(ss.getOwner()!.getEmail()).toBe('owner@acme.test');
    expect(() => app.openById('nope')).toThrow('Unexpected error while getting the method or property openById on object SpreadsheetApp.');
  });

  test('getActiveSpreadsheet is the bound spreadsheet (null for a standalone script)', () => {
    const { ws, app, ss } = setup();
    expect(app.getActiveSpreadsheet()).toBeNull();
    ws.sheets.setActive(ss.getId());
    expect(app.getActiveSpreadsheet()!.getId()).toBe(ss.getId());
    expect(app.getActiveSheet()!.getName()).toBe('Sheet1');
  });

  test('people without access cannot open it; simple triggers cannot open other files', () => {
    const { ws, app, ss } = setup();
    const id = ss.getId();
    ws.kernel.executions.run({ activeUser: 'eve@other.test' }, () => {
      expect(() => app.openById(id)).toThrow('You do not have permission to access the requested document.');
    });
    ss.addEditor('bea@acme.test');
    ws.kernel.executions.run({ activeUser: 'bea@acme.test' }, () => expect(app.openById(id).getName()).toBe('Handoff'));
    ws.kernel.executions.run({ activeUser: 'owner@acme.test', kind: 'simple-trigger', authMode: 'LIMITED' }, () => {
      expect(() => app.openById(id)).toThrow(
        'You do not have permission to call SpreadsheetApp.openById. Required permissions: https://www.googleapis.com/auth/spreadsheets',
      );
    });
    expect(ss.getEditors().map((u) => u.getEmail())).toEqual(['owner@acme.test', 'bea@acme.test']);
  });
});

describe('protections', () => {
  test("protect a sheet: owner and listed editors may edit, others get Apps Script's error", () => {
    const { ws, ss, sheet } = setup();
    ss.addEditors(['bea@acme.test', 'cal@acme.test']);
    const p = sheet.protect().setDescription('Requests: script only');
    expect(p.getEditors().map((u) => u.getEmail())).toEqual(['owner@acme.test', 'bea@acme.test', 'cal@acme.test']);
    p.removeEditors(p.getEditors().map((u) => u.getEmail()));
    expect(p.getEditors().map((u) => u.getEmail())).toEqual(['owner@acme.test']);
    p.addEditor('bea@acme.test');
    expect(p.canEdit()).toBe(true);
    expect(p.getDescription()).toBe('Requests: script only');
    expect(String(p.getProtectionType())).toBe('SHEET');
    expect(ss.getProtections(ws.globals.SpreadsheetApp.ProtectionType.SHEET)).toHaveLength(1);
    expect(sheet.protect().getDescription()).toBe('Requests: script only');
    ws.kernel.executions.run({ activeUser: 'cal@acme.test' }, () => {
      expect(p.canEdit()).toBe(false);
      expect(() => sheet.getRange('A1').setValue('x')).toThrow(
        'You are trying to edit a protected cell or object. Please contact the spreadsheet owner to remove protection if you need to edit.',
      );
      expect(() => sheet.appendRow(['x'])).toThrow('You are trying to edit a protected cell');
    });
    ws.kernel.executions.run({ activeUser: 'bea@acme.test' }, () => sheet.getRange('A1').setValue('bea'));
    expect(sheet.getRange('A1').getValue()).toBe('bea');
    p.setWarningOnly(true);
    ws.kernel.executions.run({ activeUser: 'cal@acme.test' }, () => sheet.getRange('A2').setValue('cal'));
    p.remove();
    expect(sheet.getProtections(ws.globals.SpreadsheetApp.ProtectionType.SHEET)).toHaveLength(0);
  });

  test('a range protection only covers its range', () => {
    const { ws, ss, sheet } = setup();
    ss.addEditor('cal@acme.test');
    sheet.getRange('A1:B2').protect().removeEditor('cal@acme.test');
    ws.kernel.executions.run({ activeUser: 'cal@acme.test' }, () => {
      sheet.getRange('C3').setValue(1);
      expect(() =>
        sheet.getRange('B2:C3').setValues([
          [1, 2],
          [3, 4],
        ]),
      ).toThrow('protected cell');
    });
  });
});

describe('getUi', () => {
  test('menus, alerts and prompts with scripted answers, sidebars recorded', () => {
    const { ws, app } = setup();
    const ui = app.getUi();
    ui.createAddonMenu()
      .addItem('Open', 'openSidebar')
      .addSeparator()
      .addSubMenu(ui.createMenu('Admin').addItem('Set up', 'setUp'))
      .addToUi();
    expect(ws.ui.menus).toEqual([
      {
        caption: 'Handoff',
        addon: true,
        entries: [
          { kind: 'item', caption: 'Open', functionName: 'openSidebar' },
          { kind: 'separator' },
          { kind: 'submenu', caption: 'Admin', entries: [{ kind: 'item', caption: 'Set up', functionName: 'setUp' }] },
        ],
      },
    ]);
    expect(ws.ui.menusOf('OWNER@acme.test')).toEqual(ws.ui.menus);
    expect(ws.ui.menusOf('rita@acme.test')).toEqual([]);
    ws.ui.answerAlert('NO');
    expect(String(ui.alert('Sure?', 'Delete it?', ui.ButtonSet.YES_NO))).toBe('NO');
    expect(String(ui.alert('Done'))).toBe('OK');
    ws.ui.answerPrompt('ada@acme.test');
    const r = ui.prompt('Who?');
    expect([r.getResponseText(), String(r.getSelectedButton())]).toEqual(['ada@acme.test', 'OK']);
    const html = { getTitle: () => 'Handoff' };
    ui.showSidebar(html as unknown as GoogleAppsScript.HTML.HtmlOutput);
    expect(ws.ui.lastDialog()).toEqual({ kind: 'sidebar', html, title: 'Handoff', executionId: 0, user: 'owner@acme.test' });
    expect(ws.ui.alerts.map((a) => a.prompt)).toEqual(['Delete it?', 'Done', 'Who?']);
  });

  test('getUi throws from a time-driven trigger or a web app', () => {
    const { ws, app } = setup();
    ws.kernel.executions.run({ activeUser: 'owner@acme.test', kind: 'time-trigger' }, () =>
      expect(() => app.getUi()).toThrow('Cannot call SpreadsheetApp.getUi() from this context.'),
    );
  });
});

describe('metering', () => {
  test('one getValues is one call whatever the size, with the cells read counted', () => {
    const { ws, sheet } = setup();
    const [r1, r2] = [sheet.getRange('A1:B2'), sheet.getRange('A1:Z1000')];
    const small = ws.kernel.measure(() => r1.getValues()).cost;
    const big = ws.kernel.measure(() => r2.getValues()).cost;
    expect(small.calls).toEqual({ 'Range.getValues': 1 });
    expect(big.calls).toEqual({ 'Range.getValues': 1 });
    expect([small.cellsRead, big.cellsRead]).toEqual([4, 26000]);
    const w = ws.kernel.measure(() =>
      sheet.getRange('A1:C2').setValues([
        [1, 2, 3],
        [4, 5, 6],
      ]),
    ).cost;
    expect(w.calls).toEqual({ 'Sheet.getRange': 1, 'Range.setValues': 1 });
    expect(w.cellsWritten).toBe(6);
    const chain = ws.kernel.measure(() => ws.globals.SpreadsheetApp.getActiveSpreadsheet()).cost;
    expect(chain.calls).toEqual({ 'SpreadsheetApp.getActiveSpreadsheet': 1 });
  });

  test('the internal API (ws.sheets) is not metered', () => {
    const { ws, ss } = setup();
    const id = ss.getId();
    const { cost } = ws.kernel.measure(() => {
      ws.sheets.get(id).write('Sheet1', 'A1', [[1, 2]]);
      return ws.sheets.get(id).snapshot();
    });
    expect(cost.calls).toEqual({});
    expect(ws.sheets.get(id).snapshot()).toEqual({ Sheet1: [[1, 2]] });
  });
});

describe('form hooks for FormApp', () => {
  test('linkForm creates the responses sheet; appendFormResponse appends rows and returns the range', () => {
    const { ws, ss } = setup();
    const url = 'https://docs.google.com/forms/d/F1/edit';
    const { sheetName } = ws.sheets.linkForm(ss.getId(), url, ['Name', 'Amount']);
    expect(sheetName).toBe('Form Responses 1');
    expect(ss.getFormUrl()).toBe(url);
    expect(ss.getSheets()[0]!.getName()).toBe('Form Responses 1');
    expect(ss.getSheetByName('Form Responses 1')!.getFormUrl()).toBe(url);
    const t = new Date(ws.kernel.clock.now());
    const r = ws.sheets.appendFormResponse(ss.getId(), url, [t, 'Ada', 12]);
    expect(r.row).toBe(2);
    expect(r.range.getA1Notation()).toBe('A2:C2');
    expect(r.range.getValues()).toEqual([[t, 'Ada', 12]]);
  });
});

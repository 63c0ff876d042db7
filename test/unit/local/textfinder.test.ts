import { createWorkspace } from '../../../src/local/workspace';

function setup() {
  const ws = createWorkspace({ owner: 'owner@acme.test' });
  const ss = ws.globals.SpreadsheetApp.create('Handoff');
  const sheet = ss.getSheets()[0]!;
  sheet.getRange('A1:B5').setValues([
    ['ID', 'Item'],
    ['PR-000001', 'Laptop'],
    ['PR-000010', 'laptop bag'],
    ['PR-000002', '=1+1'],
    ['pr-000001', 'LAPTOP'],
  ]);
  return { ws, sheet };
}

describe('TextFinder (Range.createTextFinder)', () => {
  test('an exact, case-sensitive match finds only that cell; a miss is null', () => {
    const { sheet } = setup();
    const hit = sheet.getRange('A2:A').createTextFinder('PR-000001').matchEntireCell(true).matchCase(true).findNext();
    expect(hit?.getRow()).toBe(2);
    expect(hit?.getColumn()).toBe(1);
    expect(sheet.getRange('A2:A').createTextFinder('PR-000003').matchEntireCell(true).findNext()).toBeNull();
  });

  test('by default it matches part of a cell, ignoring case, row by row; findNext moves on, findAll lists all', () => {
    const { sheet } = setup();
    const f = sheet.getRange('B1:B5').createTextFinder('laptop');
    expect([f.findNext()?.getRow(), f.findNext()?.getRow(), f.findNext()?.getRow(), f.findNext()]).toEqual([2, 3, 5, null]);
    expect(f.findPrevious()?.getRow()).toBe(3);
    expect(
      sheet
        .getRange('A1:B5')
        .createTextFinder('pr-000001')
        .findAll()
        .map((r) => r.getA1Notation()),
    ).toEqual(['A2', 'A5']);
  });

  test('it searches displayed values unless told to search formulas', () => {
    const { sheet } = setup();
    expect(sheet.getRange('B:B').createTextFinder('2').matchEntireCell(true).findNext()?.getRow()).toBe(4);
    expect(sheet.getRange('B:B').createTextFinder('=1+1').matchEntireCell(true).findNext()).toBeNull();
    expect(sheet.getRange('B:B').createTextFinder('=1+1').matchFormulaText(true).findNext()?.getRow()).toBe(4);
  });

  test('each find is one metered Sheets round trip; an empty search text is refused', () => {
    const { ws, sheet } = setup();
    const range = sheet.getRange('A2:A5');
    const cost = ws.kernel.measure(() => range.createTextFinder('PR-000002').matchEntireCell(true).findNext()).cost;
    expect(cost.calls['TextFinder.findNext']).toBe(1);
    expect(() => range.createTextFinder('')).toThrow('Invalid argument');
  });
});

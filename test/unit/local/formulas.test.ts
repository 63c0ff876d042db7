/**
 * The formulas common in operations sheets, computed by getValues. Each expectation follows the Sheets function
 * reference (support.google.com/docs, "Google Sheets function list"), quoted where it decides the case.
 */
import { createWorkspace } from '../../../src/local/workspace';

function sheet() {
  const ws = createWorkspace({ timeZone: 'Etc/GMT' });
  ws.sheets.create('Ops', { bind: true });
  const s = ws.globals.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0]!;
  s.getRange('A1:C6').setValues([
    ['Item', 'Owner', 'Cost'],
    ['Chair', 'pat', 120],
    ['Desk', 'lee', 300],
    ['Lamp', 'pat', 40],
    ['Chair', 'kim', 110],
    ['Mat', 'lee', 25],
  ]);
  const f = (formula: string, cell = 'H1') => {
    s.getRange(cell).setFormula(formula);
    return s.getRange(cell).getValue();
  };
  return { ws, s, f };
}

describe('lookups', () => {
  // VLOOKUP: "is_sorted - [OPTIONAL - TRUE by default]"; "If is_sorted is FALSE, only an exact match is returned. If
  // there are multiple matching values, the content of the cell corresponding to the first value found is returned,
  // and #N/A is returned if no such value is found."
  test('VLOOKUP exact and sorted; #N/A when missing; #VALUE! for an index outside the range', () => {
    const { f } = sheet();
    expect(f('=VLOOKUP("chair", A2:C6, 3, FALSE)')).toBe(120);
    expect(f('=VLOOKUP("Sofa", A2:C6, 2, FALSE)')).toBe('#N/A');
    expect(f('=VLOOKUP("Desk", A2:C6, 4, FALSE)')).toBe('#VALUE!');
    expect(f('=VLOOKUP(45, {10,"low";50,"mid";100,"high"}, 2)')).toBe('low'); // nearest match <= key
    expect(f('=VLOOKUP(5, {10,"low";50,"mid"}, 2, TRUE)')).toBe('#N/A');
  });

  test('INDEX and MATCH', () => {
    const { f } = sheet();
    expect(f('=MATCH("Lamp", A1:A6, 0)')).toBe(4);
    expect(f('=INDEX(C1:C6, MATCH("Desk", A1:A6, 0))')).toBe(300);
    expect(f('=INDEX(A1:C6, 3, 2)')).toBe('lee');
    expect(f('=INDEX(A1:C6, 9, 1)')).toBe('#REF!');
    expect(f('=MATCH("Sofa", A1:A6, 0)')).toBe('#N/A');
    expect(f('=MATCH(100, {10;50;100;200}, 1)')).toBe(3);
  });

  // IFERROR: "Returns the first argument if it is not an error value, otherwise returns the second argument if
  // present, or a blank if the second argument is absent."
  test('IFERROR replaces an error, or gives a blank', () => {
    const { f } = sheet();
    expect(f('=IFERROR(VLOOKUP("Sofa", A2:C6, 3, FALSE), "none")')).toBe('none');
    expect(f('=IFERROR(1/0)')).toBe('');
    expect(f('=IFERROR(VLOOKUP("Mat", A2:C6, 3, FALSE), 0)')).toBe(25);
  });
});

describe('conditional sums and counts', () => {
  test('SUMIF, SUMIFS, COUNTIF, COUNTIFS with text, comparison and wildcard criteria', () => {
    const { f } = sheet();
    expect(f('=SUMIF(B2:B6, "pat", C2:C6)')).toBe(160);
    expect(f('=SUMIF(C2:C6, ">100")')).toBe(530);
    expect(f('=COUNTIF(A2:A6, "Chair")')).toBe(2);
    expect(f('=COUNTIF(A2:A6, "<>Chair")')).toBe(3);
    expect(f('=COUNTIF(A2:A6, "?a*")')).toBe(2); // Lamp, Mat
    expect(f('=SUMIFS(C2:C6, A2:A6, "Chair", B2:B6, "kim")')).toBe(110);
    expect(f('=COUNTIFS(B2:B6, "lee", C2:C6, ">=100")')).toBe(1);
  });
});

describe('text and dates', () => {
  test('TEXT formats numbers and dates; DATE makes a Date; SPLIT and JOIN', () => {
    const { s, f } = sheet();
    expect(f('=TEXT(1234.5, "#,##0.00")')).toBe('1,234.50');
    expect(f('=TEXT(DATE(2026, 3, 1), "yyyy-mm-dd")')).toBe('2026-03-01');
    const d = f('=DATE(2026, 13, 1)') as Date;
    expect(d).toBeInstanceOf(Date);
    expect(d.toISOString()).toBe('2027-01-01T00:00:00.000Z');
    expect(f('=JOIN(", ", A2:A4)')).toBe('Chair, Desk, Lamp');
    // SPLIT: "Divides text around a specified character or string, and puts each fragment into a separate cell in the row."
    f('=SPLIT("a,b,,3", ",")', 'E10');
    expect(s.getRange('E10:H10').getValues()).toEqual([['a', 'b', 3, '']]);
  });
});

describe('arrays that spill', () => {
  // ARRAYFORMULA: "Enables the display of values returned from an array formula into multiple rows and/or columns and
  // the use of non-array functions with arrays." Sample usage: ARRAYFORMULA(SUM(IF(A1:A10>5, A1:A10, 0))).
  test('ARRAYFORMULA computes element by element and fills the column below', () => {
    const { s, f } = sheet();
    expect(f('=ARRAYFORMULA(SUM(IF(C2:C6>100, C2:C6, 0)))')).toBe(530);
    s.getRange('D2').setFormula('=ARRAYFORMULA(IF(C2:C6="", "", C2:C6*2))');
    expect(
      s
        .getRange('D2:D7')
        .getValues()
        .map((r) => r[0]),
    ).toEqual([240, 600, 80, 220, 50, '']);
    expect(s.getRange('D3').getFormula()).toBe('');
    s.getRange('E1').setFormula('={"Upper"; ARRAYFORMULA(UPPER(A2:A3))}');
    expect(s.getRange('E1:E3').getValues()).toEqual([['Upper'], ['CHAIR'], ['DESK']]);
  });

  test('open ranges (A2:A) run to the last row of the grid', () => {
    const { s, f } = sheet();
    expect(f('=COUNTA(A2:A)')).toBe(5);
    expect(f('=SUM(C:C)')).toBe(595);
    s.getRange('F2').setFormula('=ARRAYFORMULA(LEN(A2:A))');
    expect(
      s
        .getRange('F2:F7')
        .getValues()
        .map((r) => r[0]),
    ).toEqual([5, 4, 4, 5, 3, 0]);
  });

  test('UNIQUE and FILTER spill their rows; FILTER with no match is #N/A', () => {
    const { s, f } = sheet();
    s.getRange('J1').setFormula('=UNIQUE(A2:A6)');
    expect(
      s
        .getRange('J1:J5')
        .getValues()
        .map((r) => r[0]),
    ).toEqual(['Chair', 'Desk', 'Lamp', 'Mat', '']);
    s.getRange('L1').setFormula('=FILTER(A2:B6, C2:C6>100)');
    expect(s.getRange('L1:M4').getValues()).toEqual([
      ['Chair', 'pat'],
      ['Desk', 'lee'],
      ['Chair', 'kim'],
      ['', ''],
    ]);
    expect(f('=FILTER(A2:A6, C2:C6>1000)')).toBe('#N/A');
  });

  // Sheets shows #REF! ("Array result was not expanded because it would overwrite data") when the cells are taken.
  test('an array blocked by a value shows #REF! and spills nothing; clearing the value lets it spill', () => {
    const { s } = sheet();
    s.getRange('J3').setValue('in the way');
    s.getRange('J1').setFormula('=UNIQUE(A2:A6)');
    expect(s.getRange('J1:J2').getValues()).toEqual([['#REF!'], ['']]);
    s.getRange('J3').clearContent();
    expect(s.getRange('J1:J2').getValues()).toEqual([['Chair'], ['Desk']]);
  });
});

/** Round two of SpreadsheetApp's values and A1 notation, and Utilities.formatDate, each against the reference. */
import { createWorkspace } from '../../../src/local/workspace';

function sheet(timeZone = 'Etc/GMT') {
  const ws = createWorkspace({ timeZone });
  ws.sheets.create('Data', { bind: true });
  return ws.globals.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0]!;
}

describe('open-ended A1 ranges', () => {
  // Sheets API A1 guide: "Sheet1!A:A refers to all the cells in the first column of Sheet1", "Sheet1!1:2 refers to all
  // the cells in the first two rows of Sheet1", "Sheet1!A5:A refers to all the cells of the first column of Sheet 1,
  // from row 5 onward".
  test.each([
    ['A:A', 'A:A', 1, 1, 1000, 1],
    ['2:2', '2:2', 2, 1, 1, 26],
    ['A2:C', 'A2:C', 2, 1, 999, 3],
    ['B1:1', 'B1:1', 1, 2, 1, 25],
    ['A2:2', 'A2:2', 2, 1, 1, 26],
    ['Sheet1!A5:A', 'A5:A', 5, 1, 996, 1],
  ])('%s spans %s', (a1, notation, row, col, rows, cols) => {
    const r = sheet().getRange(a1);
    expect([r.getA1Notation(), r.getRow(), r.getColumn(), r.getNumRows(), r.getNumColumns()]).toEqual([notation, row, col, rows, cols]);
  });

  test('"B" alone, or an unknown sheet, is "Range not found"', () => {
    const s = sheet();
    expect(() => s.getRange('B')).toThrow('Range not found');
    expect(() => s.getRange('Nope!A1')).toThrow('Range not found');
  });

  test('B1:1 reads and writes the rest of row 1', () => {
    const s = sheet();
    s.getRange('A1:C1').setValues([['a', 'b', 'c']]);
    expect(s.getRange('B1:1').getValues()[0]!.slice(0, 3)).toEqual(['b', 'c', '']);
  });
});

describe('value typing', () => {
  // Range.getValues: "The values may be of type Number, Boolean, Date, or String, depending on the value of the cell."
  test('a number in a date-formatted cell reads back as a Date (serial days from 1899-12-30, in the sheet zone)', () => {
    const s = sheet('Europe/Paris');
    const r = s.getRange('A1');
    r.setNumberFormat('yyyy-mm-dd');
    r.setValue(46027);
    const v = r.getValue() as Date;
    expect(v).toBeInstanceOf(Date);
    expect(v.toISOString()).toBe('2026-01-04T23:00:00.000Z'); // midnight 5 Jan 2026 in Paris
    expect(r.getDisplayValue()).toBe('2026-01-05');
    const t = sheet('America/New_York').getRange('B1');
    t.setNumberFormat('h:mm');
    t.setValue(0.5);
    expect((t.getValue() as Date).toISOString()).toBe('1899-12-30T17:00:00.000Z'); // noon in New York on the serial epoch
    s.getRange('C1').setValue(46027);
    expect(s.getRange('C1').getValue()).toBe(46027); // no date format: a number
  });

  // "strings may be converted to numbers, dates, etc. following the same rules that are applied when entering text
  // into a cell via the Google Sheets UI" (USER_ENTERED).
  test.each([
    ['Jan 5, 2026', new Date(Date.UTC(2026, 0, 5)), 'Jan 5, 2026'],
    ['January 5, 2026', new Date(Date.UTC(2026, 0, 5)), 'Jan 5, 2026'],
    ['5 Jan 2026', new Date(Date.UTC(2026, 0, 5)), '5 Jan 2026'],
    ['(42)', -42, '-42'],
    ['1.5E3', 1500, '1.50E+03'],
    ['Foo 5, 2026', 'Foo 5, 2026', 'Foo 5, 2026'],
  ])('user-entered %s is stored as %p', (text, value, display) => {
    const r = sheet().getRange('A1');
    r.setValue(text);
    expect(r.getValue()).toEqual(value);
    expect(r.getDisplayValue()).toBe(display);
  });
});

describe('Utilities.formatDate (Java SimpleDateFormat)', () => {
  const U = createWorkspace().globals.Utilities;
  const jan = new Date(Date.UTC(2026, 0, 15, 12));
  const jul = new Date(Date.UTC(2026, 6, 15, 12));
  // SimpleDateFormat: "Text can be quoted using single quotes (') to avoid interpretation. "''" represents a single
  // quote." Its example: "h 'o''clock' a" gives "12 o'clock PM".
  test("quoted text keeps a doubled quote: 'o''clock'", () => {
    expect(U.formatDate(jan, 'UTC', "h 'o''clock' a")).toBe("12 o'clock PM");
    expect(U.formatDate(jan, 'GMT', "yyyy-MM-dd'T'HH:mm:ss'Z'")).toBe('2026-01-15T12:00:00Z');
    expect(U.formatDate(jan, 'UTC', "''h''")).toBe("'12'");
  });

  test("z prints Java's short names: UTC, GMT, CET/CEST, EST/EDT, IST, BST, and GMT+08:00 for a custom id", () => {
    const z = (d: Date, tz: string) => U.formatDate(d, tz, 'z');
    expect([z(jan, 'UTC'), z(jan, 'Etc/UTC'), z(jan, 'GMT'), z(jan, 'Etc/GMT')]).toEqual(['UTC', 'UTC', 'GMT', 'GMT']);
    expect([z(jan, 'Europe/Paris'), z(jul, 'Europe/Paris')]).toEqual(['CET', 'CEST']);
    expect([z(jan, 'America/New_York'), z(jul, 'America/New_York')]).toEqual(['EST', 'EDT']);
    expect([z(jan, 'Asia/Kolkata'), z(jan, 'Australia/Sydney'), z(jul, 'Australia/Sydney')]).toEqual(['IST', 'AEDT', 'AEST']);
    expect([z(jan, 'Europe/London'), z(jul, 'Europe/London')]).toEqual(['GMT', 'BST']);
    expect(z(jan, 'GMT+08')).toBe('GMT+08:00');
    expect(U.formatDate(jan, 'UTC', 'X')).toBe('Z');
    expect(U.formatDate(jan, 'Asia/Kolkata', 'X XX XXX')).toBe('+05 +0530 +05:30');
  });
});

describe('time-driven trigger frequencies', () => {
  const builder = () => createWorkspace().globals.ScriptApp.newTrigger('tick').timeBased();
  // ClockTriggerBuilder.everyMinutes: "n must be 1, 5, 10, 15 or 30"; Apps Script's error for another value.
  test("everyMinutes takes 1, 5, 10, 15 or 30, with Apps Script's message otherwise", () => {
    expect(() => builder().everyMinutes(5)).not.toThrow();
    expect(() => builder().everyMinutes(7)).toThrow(
      'The value you passed to everyMinutes was invalid. It must be one of 1, 5, 10, 15 or 30.',
    );
  });

  // everyHours: "Specifies to run the trigger every n hours." The reference lists no values; live accounts refuse
  // others than 1, 2, 4, 6, 8, 12, which the local Workspace keeps (the stricter choice; see src/local/README.md).
  test('everyHours takes 1, 2, 4, 6, 8 or 12', () => {
    for (const n of [1, 2, 4, 6, 8, 12]) expect(() => builder().everyHours(n)).not.toThrow();
    expect(() => builder().everyHours(3)).toThrow('The value you passed to everyHours was invalid. It must be one of 1, 2, 4, 6, 8 or 12.');
  });
});

/** Data validation, the deprecated Range.setBackgroundColor and the Browser dialogs, against the reference. */
import { loadScript } from '../../../src/local/runtime';
import { createWorkspace } from '../../../src/local/workspace';

function setup() {
  const ws = createWorkspace({ owner: 'owner@acme.test' });
  ws.sheets.create('Ops', { bind: true });
  const app = ws.globals.SpreadsheetApp;
  const s = app.getActiveSpreadsheet().getSheets()[0]!;
  return { ws, app, s };
}

describe('data validation', () => {
  // DataValidationBuilder.setAllowInvalid: "The default for new data validation rules is true."
  // Range.setDataValidation: "Sets one data validation rule for all cells in the range."
  // Range.getDataValidation: "If data validation has not been set on the cell, this method returns null."
  test('a list rule on a column: criteria, values (strings, showDropdown true by default), help text', () => {
    const { app, s } = setup();
    const rule = app
      .newDataValidation()
      .requireValueInList(['Open', 'Done', 3 as unknown as string])
      .setHelpText('Pick a status')
      .build();
    s.getRange('B2:B10').setDataValidation(rule);
    const got = s.getRange('B5').getDataValidation()!;
    expect(String(got.getCriteriaType())).toBe('VALUE_IN_LIST');
    expect(got.getCriteriaType()).toBe(app.DataValidationCriteria.VALUE_IN_LIST);
    expect(got.getCriteriaValues()).toEqual([['Open', 'Done', '3'], true]);
    expect(got.getHelpText()).toBe('Pick a status');
    expect(got.getAllowInvalid()).toBe(true);
    expect(s.getRange('B1').getDataValidation()).toBeNull();
    expect(
      s
        .getRange('B1:B2')
        .getDataValidations()
        .map((r) => r[0] === null),
    ).toEqual([true, false]);
  });

  test('the rule stays when the value changes; script writes of an invalid value are not refused', () => {
    const { app, s } = setup();
    s.getRange('C2').setDataValidation(app.newDataValidation().requireNumberBetween(1, 10).setAllowInvalid(false).build());
    s.getRange('C2').setValue(99);
    expect(s.getRange('C2').getValue()).toBe(99);
    expect(s.getRange('C2').getDataValidation()!.getCriteriaValues()).toEqual([1, 10]);
    expect(s.getRange('C2').getDataValidation()!.getAllowInvalid()).toBe(false);
    s.getRange('C2').clearDataValidations();
    expect(s.getRange('C2').getDataValidation()).toBeNull();
    expect(s.getRange('C2').getValue()).toBe(99);
  });

  test('date and range rules keep their Date and Range arguments; copy() edits a copy; setDataValidation(null) clears', () => {
    const { app, s } = setup();
    const day = new Date(Date.UTC(2026, 0, 5));
    s.getRange('D1').setDataValidation(app.newDataValidation().requireDateOnOrAfter(day).build());
    const d = s.getRange('D1').getDataValidation()!;
    expect(d.getCriteriaValues()[0]).toEqual(day);
    const source = s.getRange('H1:H3');
    s.getRange('E1').setDataValidation(app.newDataValidation().requireValueInRange(source, false).build());
    const [range, dropdown] = s.getRange('E1').getDataValidation()!.getCriteriaValues() as [GoogleAppsScript.Spreadsheet.Range, boolean];
    expect([range.getA1Notation(), dropdown]).toEqual(['H1:H3', false]);
    const copy = d.copy().requireCheckbox().build();
    expect(String(copy.getCriteriaType())).toBe('CHECKBOX');
    expect(String(s.getRange('D1').getDataValidation()!.getCriteriaType())).toBe('DATE_ON_OR_AFTER');
    s.getRange('D1').setDataValidation(null);
    expect(s.getRange('D1').getDataValidation()).toBeNull();
  });

  test("wrong argument types get Apps Script's signature message", () => {
    const { app } = setup();
    expect(() => (app.newDataValidation() as unknown as { requireDate(x: string): unknown }).requireDate('=i1')).toThrow(
      "The parameters (String) don't match the method signature for SpreadsheetApp.DataValidationBuilder.requireDate.",
    );
  });

  test('rules are persisted', () => {
    const { ws, app, s } = setup();
    s.getRange('A1').setDataValidation(app.newDataValidation().requireCheckbox('yes', 'no').build());
    const again = createWorkspace({ owner: 'owner@acme.test' });
    again.persistence.restore(JSON.parse(JSON.stringify(ws.persistence.toJSON())));
    const r = again.globals.SpreadsheetApp.getActiveSpreadsheet().getSheets()[0]!.getRange('A1').getDataValidation()!;
    expect(r.getCriteriaValues()).toEqual(['yes', 'no']);
  });
});

describe('Range.setBackgroundColor (deprecated)', () => {
  test('sets the background as setBackground does', () => {
    const { s } = setup();
    const r = s.getRange('A1:B2') as unknown as { setBackgroundColor(c: string): unknown; getBackground(): string };
    r.setBackgroundColor('lightgrey');
    expect(r.getBackground()).toBe('lightgrey');
  });
});

describe('Browser.msgBox / inputBox', () => {
  const CODE = `
function ask() {
  var a = Browser.msgBox('Delete all?', Browser.Buttons.YES_NO);
  var b = Browser.msgBox('Title', 'Saved', Browser.Buttons.OK);
  var c = Browser.inputBox('Your name');
  var d = Browser.inputBox('Budget', 'How much?', Browser.Buttons.OK_CANCEL);
  return [a, b, c, d];
}
function fromTimer() { return Browser.msgBox('hi'); }`;

  // msgBox: "The lower case text of the button that is clicked by the user (or 'cancel' for a dismissed dialog)."
  // inputBox: "The text entered by the user (or 'cancel' for a canceled or dismissed dialog)."
  test("answers are the lower-case button text, the typed text, or 'cancel'", () => {
    const { ws } = setup();
    const script = loadScript(ws, CODE);
    ws.ui.answerAlert('YES');
    ws.ui.answerAlert('CLOSE');
    ws.ui.answerPrompt('Ada');
    ws.ui.answerPrompt('500', 'CANCEL');
    expect(script.call('ask', [], { kind: 'menu' })).toEqual(['yes', 'cancel', 'Ada', 'cancel']);
    expect(ws.ui.alerts.map((a) => [a.kind, a.title, a.prompt, a.buttons])).toEqual([
      ['msgBox', null, 'Delete all?', 'YES_NO'],
      ['msgBox', 'Title', 'Saved', 'OK'],
      ['inputBox', null, 'Your name', 'OK'],
      ['inputBox', 'Budget', 'How much?', 'OK_CANCEL'],
    ]);
    expect(() => script.call('fromTimer', [], { kind: 'time-trigger' })).toThrow('Cannot call Browser.msgBox() from this context.');
  });
});

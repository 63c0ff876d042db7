import { createWorkspace } from '../../../src/local/workspace';
import { loadScript } from '../../../src/local/runtime';

/** The app services on a whole workspace: triggers through the runtime, forms into a real sheet, persistence. */
const SCRIPT = `
function setup(ssId) {
  var form = FormApp.create('Requests');
  form.setCollectEmail(true);
  form.addTextItem().setTitle('What').setRequired(true);
  form.addTextItem().setTitle('Formula');
  form.setDestination(FormApp.DestinationType.SPREADSHEET, ssId);
  ScriptApp.newTrigger('onSubmit').forForm(form).onFormSubmit().create();
  ScriptApp.newTrigger('onSheetSubmit').forSpreadsheet(ssId).onFormSubmit().create();
  ScriptApp.newTrigger('tick').timeBased().everyMinutes(15).create();
  return form.getId();
}
function onSubmit(e) {
  var props = PropertiesService.getScriptProperties();
  props.setProperty('lastResponse', e.response.getId() + '|' + e.response.getRespondentEmail() + '|' + e.source.getTitle() + '|' + Session.getEffectiveUser().getEmail());
  MailApp.sendEmail(e.response.getRespondentEmail(), 'Received', 'We got: ' + e.response.getItemResponses()[0].getResponse());
}
function onSheetSubmit(e) {
  PropertiesService.getScriptProperties().setProperty('sheetEvent', JSON.stringify({ values: e.values, named: e.namedValues, row: e.range.getRow() }));
}
function tick(e) {
  var p = PropertiesService.getScriptProperties();
  p.setProperty('ticks', String(Number(p.getProperty('ticks') || 0) + 1));
  p.setProperty('lastTick', e.hour + ':' + e.minute);
}
`;

describe('app services on a workspace', () => {
  test('form submission through the runtime: triggers, real response sheet, mail; clock triggers; persistence', () => {
    const ws = createWorkspace({ owner: 'ada@acme.test', start: Date.UTC(2026, 0, 5, 9, 0) });
    loadScript(ws, SCRIPT);
    const ssId = ws.sheets.create('Handoff');
    const formId = ws.runtime.invoke('setup', [ssId]) as string;
    const res = ws.forms.submitAs(formId, 'rita@acme.test', { What: 'Laptop', Formula: '=1+1' });
    expect(res.runs.map((r) => [r.handler, r.ok, r.error])).toEqual([
      ['onSubmit', true, undefined],
      ['onSheetSubmit', true, undefined],
    ]);
    const props = ws.properties.toJSON();
    const script = Object.values(props).find((s) => s.lastResponse)!;
    expect(script.lastResponse).toBe(`${res.responseId}|rita@acme.test|Requests|ada@acme.test`);
    expect(JSON.parse(script.sheetEvent!)).toEqual({
      values: ['1/5/2026 9:00:00', 'rita@acme.test', 'Laptop', '=1+1'],
      named: { Timestamp: ['1/5/2026 9:00:00'], 'Email Address': ['rita@acme.test'], What: ['Laptop'], Formula: ['=1+1'] },
      row: 2,
    });
    const sheet = ws.sheets.get(ssId);
    expect(sheet.sheetNames()[0]).toBe('Form Responses 1');
    expect(sheet.values('Form Responses 1')).toEqual([
      ['Timestamp', 'Email Address', 'What', 'Formula'],
      [new Date(Date.UTC(2026, 0, 5, 9, 0)), 'rita@acme.test', 'Laptop', '=1+1'],
    ]);
    expect(sheet.formulas('Form Responses 1')[1]![3]).toBe(''); // the answer is text, not a formula
    expect(ws.mail.inbox('rita@acme.test').map((m) => [m.subject, m.body, m.from])).toEqual([
      ['Received', 'We got: Laptop', 'ada@acme.test'],
    ]);

    ws.triggers.advance(60 * 60_000);
    const after = Object.values(ws.properties.toJSON()).find((s) => s.ticks)!;
    expect(after.ticks).toBe('4');
    expect(after.lastTick).toBe('10:0');

    const saved = JSON.parse(JSON.stringify(ws.persistence.toJSON()));
    const ws2 = createWorkspace({ owner: 'ada@acme.test' });
    loadScript(ws2, SCRIPT);
    ws2.persistence.restore(saved);
    expect(ws2.triggers.list()).toEqual(ws.triggers.list());
    expect(ws2.mail.inbox('rita@acme.test')).toHaveLength(1);
    const r2 = ws2.forms.submitAs(formId, 'sam@acme.test', { What: 'Desk' });
    expect(r2.row).toBe(3);
    expect(ws2.globals.FormApp.openById(formId).getResponses()).toHaveLength(2);
  });
});

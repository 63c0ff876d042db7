/** Form-bound scripts, unanswered questions and the response sheet's header, against the Forms reference. */
import { loadScript } from '../../../src/local/runtime';
import { createWorkspace } from '../../../src/local/workspace';

const CODE = `
function setUp() {
  var form = FormApp.getActiveForm();
  form.addTextItem().setTitle('Name');
  form.addMultipleChoiceItem().setTitle('Size').setChoiceValues(['S', 'M']);
  form.addDateItem().setTitle('When');
  PropertiesService.getDocumentProperties().setProperty('formTitle', form.getTitle());
  ScriptApp.newTrigger('onSubmit').forForm(form).onFormSubmit().create();
}
function onOpen() { FormApp.getUi().createMenu('Tools').addItem('Set up', 'setUp').addToUi(); }
function onSubmit(e) {
  var out = e.response.getItemResponses().map(function (r) { return r.getItem().getTitle() + '=' + JSON.stringify(r.getResponse()); });
  PropertiesService.getDocumentProperties().setProperty('last', out.join('; '));
  PropertiesService.getDocumentProperties().setProperty('event', [typeof e.user, e.source.getId() === FormApp.getActiveForm().getId(), String(e.authMode)].join(','));
}
`;

function boundToForm() {
  const ws = createWorkspace({ owner: 'owner@acme.test' });
  const formId = ws.kernel.executions.run({ activeUser: 'owner@acme.test' }, () => ws.globals.FormApp.create('Orders').getId());
  ws.forms.bind(formId);
  const script = loadScript(ws, CODE);
  return { ws, formId, script };
}

describe('a form-bound script', () => {
  // FormApp.getActiveForm: "Returns the form to which the script is container-bound." PropertiesService.
  // getDocumentProperties: "Gets a property store (for this script only) that all users can access within the open
  // document, spreadsheet, or form."
  test('getActiveForm, getUi, document properties of the form, and the form-submit event', () => {
    const { ws, formId, script } = boundToForm();
    script.call('onOpen', [], { kind: 'simple-trigger', authMode: 'LIMITED' });
    expect(ws.ui.menus.map((m) => m.caption)).toEqual(['Tools']);
    script.call('setUp', [], { kind: 'menu' });
    const props = () => ws.globals.PropertiesService.getDocumentProperties()!.getProperties();
    expect(props().formTitle).toBe('Orders');
    expect(ws.globals.SpreadsheetApp.getActiveSpreadsheet()).toBeNull();
    ws.forms.submitAs(formId, 'ann@acme.test', { Name: 'Ann', Size: 'M' });
    // The Forms form-submit event: authMode, response, source, triggerUid; no user.
    expect(props().event).toBe('undefined,true,FULL');
    // getItemResponses: "If the form response does not contain a response for a given TextItem, DateItem, TimeItem,
    // or ParagraphTextItem, the ItemResponse returned for that item will have an empty string as the response. If
    // the form response omits a response for any other item type, this method excludes that item".
    expect(props().last).toBe('Name="Ann"; Size="M"; When=""');
    ws.forms.submitAs(formId, 'bo@acme.test', { Name: 'Bo' });
    expect(props().last).toBe('Name="Bo"; When=""');
  });

  test('FormApp.getUi() outside a form-bound script, or from a trigger, is refused', () => {
    const { ws } = boundToForm();
    const ui = () => ws.globals.FormApp.getUi();
    expect(() => ws.kernel.executions.run({ activeUser: 'owner@acme.test', kind: 'time-trigger' }, ui)).toThrow(
      'Cannot call FormApp.getUi() from this context.',
    );
    ws.forms.bind(null);
    expect(() => ws.kernel.executions.run({ activeUser: 'owner@acme.test', kind: 'menu' }, ui)).toThrow(
      'Cannot call FormApp.getUi() from this context.',
    );
    expect(ws.globals.PropertiesService.getDocumentProperties()).toBeNull();
  });
});

describe("the response sheet's header", () => {
  test('a question added after setDestination gets its column at once, not at the next submission', () => {
    const ws = createWorkspace({ owner: 'owner@acme.test' });
    const ssId = ws.sheets.create('Responses');
    ws.kernel.executions.run({ activeUser: 'owner@acme.test' }, () => {
      const form = ws.globals.FormApp.create('Intake');
      form.addTextItem().setTitle('Name');
      form.setDestination(ws.globals.FormApp.DestinationType.SPREADSHEET, ssId);
      form.addTextItem().setTitle('Phone');
    });
    const tab = ws.sheets.get(ssId).object().getSheets()[0]!.getName();
    expect(ws.sheets.get(ssId).values(tab)[0]).toEqual(['Timestamp', 'Name', 'Phone']);
  });
});

/** Grid and checkbox-grid items (FormApp GridItem / CheckboxGridItem), against the Forms reference. */
import { loadScript } from '../../../src/local/runtime';
import { FormSubmissionError } from '../../../src/local/services/forms';
import { createWorkspace } from '../../../src/local/workspace';

// The reference's own examples (GridItem, CheckboxGridItem, CheckboxGridValidation).
const CODE = `
function setUp(ssId) {
  var form = FormApp.create('Survey');
  form.addTextItem().setTitle('Name');
  form.addGridItem().setTitle('Rate your interests')
    .setRows(['Cars', 'Computers', 'Celebrities'])
    .setColumns(['Boring', 'So-so', 'Interesting']);
  var cb = form.addCheckboxGridItem();
  cb.setTitle('Where did you celebrate New Years?')
    .setRows(['New York', 'San Francisco', 'London'])
    .setColumns(['2014', '2015', '2016', '2017']);
  cb.setValidation(FormApp.createCheckboxGridValidation()
    .setHelpText('Select one item per column.')
    .requireLimitOneResponsePerColumn()
    .build());
  if (ssId) form.setDestination(FormApp.DestinationType.SPREADSHEET, ssId);
  ScriptApp.newTrigger('onSubmit').forForm(form).onFormSubmit().create();
  return form.getId();
}
function onSubmit(e) {
  var out = e.response.getItemResponses().map(function (r) {
    return r.getItem().getTitle() + '=' + JSON.stringify(r.getResponse());
  });
  PropertiesService.getScriptProperties().setProperty('last', out.join('; '));
}
function describeItems(formId) {
  var form = FormApp.openById(formId);
  return form.getItems().map(function (it) {
    var t = it.getType();
    if (t === FormApp.ItemType.GRID) { var g = it.asGridItem(); return ['GRID', g.getRows(), g.getColumns()]; }
    if (t === FormApp.ItemType.CHECKBOX_GRID) { var c = it.asCheckboxGridItem(); return ['CHECKBOX_GRID', c.getRows(), c.getColumns()]; }
    return [String(t)];
  });
}
function scripted(formId) {
  var form = FormApp.openById(formId);
  var grid = form.getItems(FormApp.ItemType.GRID)[0].asGridItem();
  var cb = form.getItems(FormApp.ItemType.CHECKBOX_GRID)[0].asCheckboxGridItem();
  var r = form.createResponse()
    .withItemResponse(grid.createResponse(['Interesting', null, 'Boring']))
    .withItemResponse(cb.createResponse([['2014', '2015'], null, ['2017']]))
    .submit();
  return r.getItemResponses().map(function (x) { return x.getResponse(); });
}
function refused(formId, which, value) {
  var form = FormApp.openById(formId);
  var type = which === 'grid' ? FormApp.ItemType.GRID : FormApp.ItemType.CHECKBOX_GRID;
  var item = form.getItems(type)[0];
  item = which === 'grid' ? item.asGridItem() : item.asCheckboxGridItem();
  try { item.createResponse(value); return 'accepted'; } catch (e) { return e.message; }
}
`;

function survey(withSheet = false) {
  const ws = createWorkspace({ owner: 'owner@acme.test' });
  const ssId = withSheet ? ws.sheets.create('Answers') : '';
  const script = loadScript(ws, CODE);
  const formId = script.call('setUp', [ssId]) as string;
  const last = () => ws.globals.PropertiesService.getScriptProperties().getProperty('last');
  return { ws, script, formId, ssId, last };
}

describe('GridItem and CheckboxGridItem', () => {
  test('addGridItem / addCheckboxGridItem: rows, columns, types and casts', () => {
    const { script, formId } = survey();
    expect(script.call('describeItems', [formId])).toEqual([
      ['TEXT'],
      ['GRID', ['Cars', 'Computers', 'Celebrities'], ['Boring', 'So-so', 'Interesting']],
      ['CHECKBOX_GRID', ['New York', 'San Francisco', 'London'], ['2014', '2015', '2016', '2017']],
    ]);
  });

  // ItemResponse.getResponse: "For GridItem questions, this returns a String[] array in which the answer at index n
  // corresponds to the question at row n + 1 in the grid. If a respondent did not answer a question in the grid, that
  // answer is returned as ''." The same for CheckboxGridItem, with a String[][].
  test('a respondent’s answers: one per row, unanswered rows as empty strings; a grid not answered at all is left out', () => {
    const { ws, formId, last } = survey();
    ws.forms.submitAs(formId, 'ann@acme.test', {
      Name: 'Ann',
      'Rate your interests': ['So-so', null, 'Interesting'],
      'Where did you celebrate New Years?': { 'New York': ['2015', '2014'], London: '2016' },
    });
    expect(last()).toBe(
      'Name="Ann"; Rate your interests=["So-so","","Interesting"]; Where did you celebrate New Years?=[["2014","2015"],"",["2016"]]',
    );
    ws.forms.submitAs(formId, 'bo@acme.test', { Name: 'Bo' });
    expect(last()).toBe('Name="Bo"');
  });

  test('Google Forms refuses a column that is not a choice, a wrong number of rows, and a required row left empty', () => {
    const { ws, script, formId } = survey();
    const submit = (answers: Record<string, unknown>) => {
      try {
        ws.forms.submitAs(formId, 'x@acme.test', answers as never);
        return [];
      } catch (e) {
        expect(e).toBeInstanceOf(FormSubmissionError);
        return (e as FormSubmissionError).errors.map((x) => x.message);
      }
    };
    expect(submit({ 'Rate your interests': ['Great', '', ''] })).toEqual(['"Great" is not one of the choices']);
    expect(submit({ 'Rate your interests': ['Boring'] })).toEqual(['Expected 3 answers, one per row']);
    expect(submit({ 'Rate your interests': { Boats: 'Boring' } })).toEqual(['"Boats" is not a row of this grid']);
    // setRequired on a grid: every row must be answered.
    ws.kernel.executions.run({ activeUser: 'owner@acme.test' }, () => {
      const form = ws.globals.FormApp.openById(formId);
      form.getItems(ws.globals.FormApp.ItemType.GRID)[0]!.asGridItem().setRequired(true);
    });
    expect(submit({ 'Rate your interests': ['Boring', '', 'Boring'] })).toEqual(['This question requires one response per row']);
    expect(submit({})).toEqual(['This question requires one response per row']);
    expect(submit({ 'Rate your interests': ['Boring', 'Boring', 'Boring'] })).toEqual([]);
    expect(script.call('refused', [formId, 'grid', ['Boring', null, 'So-so']])).toBe('Invalid response submitted to item.');
  });

  // CheckboxGridValidationBuilder.requireLimitOneResponsePerColumn: "Requires limit of one response per column for a
  // grid item." The validation's help text is what the respondent sees.
  test('requireLimitOneResponsePerColumn: a column chosen in two rows is refused with the help text', () => {
    const { ws, formId } = survey();
    const answer = (v: unknown) => () => ws.forms.submitAs(formId, 'x@acme.test', { 'Where did you celebrate New Years?': v as never });
    expect(answer([['2014'], ['2014'], []])).toThrow('Where did you celebrate New Years?: Select one item per column.');
    expect(answer([['2014', '2015'], ['2016'], ['2017']])).not.toThrow();
    // A grid validation without help text: Forms' own message; clearValidation removes the rule.
    ws.kernel.executions.run({ activeUser: 'owner@acme.test' }, () => {
      const FormApp = ws.globals.FormApp;
      const grid = FormApp.openById(formId).getItems(FormApp.ItemType.GRID)[0]!.asGridItem();
      grid.setValidation(FormApp.createGridValidation().requireLimitOneResponsePerColumn().build());
    });
    expect(() => ws.forms.submitAs(formId, 'x@acme.test', { 'Rate your interests': ['Boring', 'Boring', ''] })).toThrow(
      "Please don't select more than one response per column",
    );
    ws.kernel.executions.run({ activeUser: 'owner@acme.test' }, () => {
      const FormApp = ws.globals.FormApp;
      FormApp.openById(formId).getItems(FormApp.ItemType.GRID)[0]!.asGridItem().clearValidation();
    });
    expect(() => ws.forms.submitAs(formId, 'x@acme.test', { 'Rate your interests': ['Boring', 'Boring', ''] })).not.toThrow();
  });

  // createResponse: "A null element for a non-required grid question indicates no response to that row. Throws an
  // exception if any of the values does not match a valid choice."
  test('createResponse from a script: null rows, valid choices only, as many values as rows', () => {
    const { script, formId, last } = survey();
    // The unanswered text question is listed with '' (getItemResponses' rule for text items).
    expect(script.call('scripted', [formId])).toEqual(['', ['Interesting', '', 'Boring'], [['2014', '2015'], '', ['2017']]]);
    // FormResponse.submit() from a script fires no trigger.
    expect(last()).toBeNull();
    expect(script.call('refused', [formId, 'grid', ['Boring', 'Meh', null]])).toBe('Invalid response submitted to item.');
    expect(script.call('refused', [formId, 'grid', ['Boring']])).toBe('Invalid response submitted to item.');
    expect(script.call('refused', [formId, 'checkbox', [['2014'], ['1999'], null]])).toBe('Invalid response submitted to item.');
    expect(script.call('refused', [formId, 'checkbox', [['2014'], null, null]])).toBe('accepted');
  });

  test('setRows / setColumns refuse an empty array; a validation of the other grid kind is refused', () => {
    const ws = createWorkspace({ owner: 'owner@acme.test' });
    ws.kernel.executions.run({ activeUser: 'owner@acme.test' }, () => {
      const FormApp = ws.globals.FormApp;
      const grid = FormApp.create('F').addGridItem();
      expect(grid.getRows()).toEqual([]);
      expect(() => grid.setRows([])).toThrow('Invalid argument: rows');
      expect(() => grid.setColumns([])).toThrow('Invalid argument: columns');
      const cbv = FormApp.createCheckboxGridValidation().requireLimitOneResponsePerColumn().build();
      expect(() => grid.setValidation(cbv)).toThrow('Invalid argument: validation');
      expect(() => FormApp.createGridValidation().build()).toThrow();
    });
  });
});

describe('grids in the response sheet', () => {
  test('one column per row, headed "Title [Row]"; a checkbox-grid row joins its columns with ", "', () => {
    const { ws, formId, ssId } = survey(true);
    const { row } = ws.forms.submitAs(formId, 'ann@acme.test', {
      Name: 'Ann',
      'Rate your interests': ['So-so', '', 'Interesting'],
      'Where did you celebrate New Years?': [['2014', '2015'], [], ['2016']],
    });
    const tab = ws.sheets.get(ssId).object().getSheets()[0]!.getName();
    const values = ws.sheets.get(ssId).values(tab);
    expect(values[0]).toEqual([
      'Timestamp',
      'Name',
      'Rate your interests [Cars]',
      'Rate your interests [Computers]',
      'Rate your interests [Celebrities]',
      'Where did you celebrate New Years? [New York]',
      'Where did you celebrate New Years? [San Francisco]',
      'Where did you celebrate New Years? [London]',
    ]);
    // Cells are typed as Sheets types what Forms writes (a lone year becomes a number, as other choice answers do).
    expect(values[(row as number) - 1]!.slice(1)).toEqual(['Ann', 'So-so', '', 'Interesting', '2014, 2015', '', 2016]);
    // A row added to the grid later gets its own column at once.
    ws.kernel.executions.run({ activeUser: 'owner@acme.test' }, () => {
      const FormApp = ws.globals.FormApp;
      FormApp.openById(formId).getItems(FormApp.ItemType.GRID)[0]!.asGridItem().setRows(['Cars', 'Computers', 'Celebrities', 'Cooking']);
    });
    expect(ws.sheets.get(ssId).values(tab)[0]!.at(-1)).toBe('Rate your interests [Cooking]');
  });

  test('the spreadsheet form-submit event names each grid row', () => {
    const { ws, formId, ssId } = survey(true);
    const seen: Array<Record<string, string[]>> = [];
    const script = loadScript(
      ws,
      `function onSheetSubmit(e) { PropertiesService.getScriptProperties().setProperty('named', JSON.stringify(e.namedValues)); }
       function install(ssId) { ScriptApp.newTrigger('onSheetSubmit').forSpreadsheet(ssId).onFormSubmit().create(); }`,
    );
    script.call('install', [ssId]);
    ws.forms.submitAs(formId, 'ann@acme.test', { 'Rate your interests': { Computers: 'Boring' } });
    seen.push(JSON.parse(ws.globals.PropertiesService.getScriptProperties().getProperty('named') as string));
    expect(seen[0]).toMatchObject({
      'Rate your interests [Cars]': [''],
      'Rate your interests [Computers]': ['Boring'],
      'Where did you celebrate New Years? [London]': [''],
    });
  });
});

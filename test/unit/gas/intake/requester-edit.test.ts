/**
 * Form edits go through the engine's requester_edit (applyActionCommand): the engine decides whether the request
 * still takes the requester's edits and what follows; intake only maps the answers and keeps what it cannot apply.
 */
import { OWNER } from '../workspace';
import { FAY, MAX, RITA } from '../fixtures';
import { intakeWorld, type IntakeWorld } from './helpers';
import { applyActionCommand } from '../../../../src/gas/commands/requests';

/** A form with no validation: Forms lets a required answer be emptied, Handoff has to judge. */
function looseForm(t: IntakeWorld): string {
  const formId = t.as(OWNER, () => {
    const f = t.services.FormApp.create('Loose purchase form');
    f.setCollectEmail(true).setAllowResponseEdits(true);
    for (const title of ['Item', 'Amount', 'Cost centre', 'Justification', 'Vendor']) f.addTextItem().setTitle(title);
    return f.getId();
  });
  t.connect(formId);
  return formId;
}

const meta = (t: IntakeWorld) =>
  JSON.parse(String(t.rows('Requests')[0]!.Meta)) as { intakeProblems: Array<{ path: string; message: string }> };
const complete = { Item: 'Laptop', Amount: '1200', 'Cost centre': 'Engineering', Justification: 'new hire' };

describe('intake: a form edit in the start state, before any decision', () => {
  it('an edit that leaves problems sends the request to Needs info with each problem; fixing them returns it and re-asks the approver', () => {
    const t = intakeWorld();
    const formId = looseForm(t);
    const sub = t.w.forms.submitAs(formId, RITA, complete);
    expect(sub.runs[0]!.result).toMatchObject({ status: 'created', state: 'approval' });

    const broken = t.w.forms.editAs(sub.responseId, { Justification: '', Amount: 'lots' });
    expect(broken.runs[0]!.result).toMatchObject({
      status: 'updated',
      state: 'needs_info',
      problems: ['Amount must be a number.', 'Justification is required.'],
    });
    expect(t.rows('Requests')[0]).toMatchObject({ State: 'needs_info', Assignee: RITA, Revision: 2 });
    expect(meta(t).intakeProblems.map((p) => p.path)).toEqual(['amount', 'justification']);
    const edit = t.rows('Audit').at(-1)!;
    expect(edit).toMatchObject({
      Action: 'edit_fields',
      Actor: RITA,
      Method: 'form_response',
      Revision: 2,
      From: 'approval',
      To: 'needs_info',
    });
    expect(JSON.parse(String(edit.Details))).toMatchObject({
      source: sub.responseId,
      problems: ['Amount must be a number.', 'Justification is required.'],
    });
    expect(t.rows('Outbox').at(-1)).toMatchObject({ Kind: 'needs_info', To: RITA });
    expect(t.rows('Intake errors')).toHaveLength(0); // applied, not parked for review
    expect(t.rows('Intake log')[0]).toEqual({
      'Response ID': sub.responseId,
      Request: 'PR-000001',
      'Edit link': sub.editResponseUrl,
      Note: '',
    });

    const fixed = t.w.forms.editAs(sub.responseId, { Justification: 'new hire', Amount: '1300' });
    expect(fixed.runs[0]!.result).toMatchObject({ status: 'resubmitted', state: 'approval' });
    expect(t.rows('Requests')[0]).toMatchObject({ State: 'approval', 'Pending approvers': MAX, Revision: 3 });
    expect(t.rows('Audit').at(-1)).toMatchObject({ Action: 'resubmit', Actor: RITA });
    expect(t.rows('Outbox').at(-1)).toMatchObject({ Kind: 'approval_requested', To: MAX });
    expect(t.rows('Intake log')).toHaveLength(1); // the edit left the ledger row as it was
  });

  it('the same edit delivered twice changes the request once', () => {
    const t = intakeWorld();
    const formId = looseForm(t);
    const sub = t.w.forms.submitAs(formId, RITA, complete);
    const twice = t.w.forms.editAs(sub.responseId, { Vendor: 'Acme' }, { deliveries: 2 });
    expect(twice.runs.map((r) => (r.result as { status: string }).status)).toEqual(['updated', 'duplicate']);
    expect(t.rows('Requests')[0]).toMatchObject({ State: 'approval', Revision: 2 });
    expect(t.rows('Audit').filter((a) => a.Action === 'edit_fields')).toHaveLength(1);
  });
});

describe('intake: a form edit the engine does not take', () => {
  it('after the first approval (still in the start state) it is recorded for review and the request is unchanged', () => {
    const t = intakeWorld();
    const formId = looseForm(t);
    const sub = t.w.forms.submitAs(formId, RITA, { ...complete, Amount: '9000' });
    t.as(MAX, () =>
      applyActionCommand(t.ctx(), {
        requestId: 'PR-000001',
        expectedRevision: 1,
        action: { type: 'approve' },
        actor: { email: MAX, method: 'session' },
      }),
    );
    const before = t.rows('Requests')[0]!;
    expect(before).toMatchObject({ State: 'approval', 'Pending approvers': expect.stringContaining(FAY) });
    const late = t.w.forms.editAs(sub.responseId, { Amount: '100' });
    expect(late.runs[0]!.result).toMatchObject({ status: 'review', state: 'approval' });
    expect(t.rows('Requests')[0]).toEqual(before);
    expect(t.rows('Intake errors')[0]).toMatchObject({ Kind: 'late_edit', Status: 'open', Request: 'PR-000001' });
    expect(String(t.rows('Intake errors')[0]!.Reason)).toContain('Amount: 9000 → 100');
  });
});

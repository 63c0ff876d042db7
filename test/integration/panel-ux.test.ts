/**
 * The panel's answers behind the sidebar's dead ends and wording (issue: every role finishes the job), through
 * dist/Code.js: what an action asks for, the workflow's zone, the CSV export, pausing automation, away dates.
 */
import { auditView } from '../support/audit-view';
import { purchaseApproval } from '../../src/templates';
import { PEOPLE, RITA, MAX, PAT, FAY, laptop } from '../unit/gas/fixtures';
import { OWNER } from '../unit/gas/workspace';
import { loadBundle, type Harness } from './harness';

const OLGA = 'olga@acme.test';

function governed(): Harness {
  const h = loadBundle(OWNER);
  h.call('handoffSetUp');
  h.sheet.write('Directory', 'A3', [...PEOPLE, [OLGA, 'Olga Operator', 'operator', '', '', '', '', '', '']]);
  h.call('handoffPublishWorkflow', [purchaseApproval]);
  h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: RITA });
  return h;
}

interface Action {
  type: string;
  name?: string;
  label: string;
  fields: string[];
}
interface View {
  state: string;
  revision: number;
  timeZone: string;
  actions: Action[];
  transitionLabels: Record<string, string>;
}

/** Approves every pending step of PR-000001 as its approvers, so it is being ordered. */
function approveAll(h: Harness): void {
  for (let i = 0; i < 5; i++) {
    const r = h.call<{ state: string; revision: number; approval: { pending: string[] } | null }>('handoffGetRequest', ['PR-000001']);
    if (r.state !== 'approval') return;
    const who = r.approval!.pending[0]!;
    h.call('handoffPanelAct', [{ requestId: 'PR-000001', expectedRevision: r.revision, action: { type: 'approve' } }], {
      as: who,
      runAs: OWNER,
    });
  }
}

describe('what each action asks for', () => {
  it("Mark ordered carries the field its target requires (PO number); the workflow's zone comes with the request", () => {
    const h = governed();
    approveAll(h);
    const v = h.call<View>('handoffPanelGetRequest', [{ requestId: 'PR-000001' }], { as: PAT });
    expect(v.state).toBe('ordering');
    expect(v.actions.find((a) => a.name === 'mark_ordered')).toMatchObject({ label: 'Mark ordered', fields: ['poNumber'] });
    expect(v.actions.find((a) => a.name === 'ask_requester')?.fields).toEqual([]);
    expect(v.timeZone).toBe(purchaseApproval.calendar?.timeZone ?? 'Etc/UTC');
    expect(v.transitionLabels.mark_ordered).toBe('Mark ordered');
    const who = h.call<{ workflows: Array<{ id: string; timeZone: string }>; timeZone: string }>('handoffPanelWhoAmI', [{}], { as: PAT });
    expect(who.workflows[0]!.timeZone).toBe(v.timeZone);
    expect(who.timeZone).toBeTruthy();
  });

  it('My work: the procurement queue sees a request only once it can act on it (not while it waits on approvers)', () => {
    const h = governed();
    const mine = () => h.call<{ items: Array<{ id: string }> }>('handoffPanelMyWork', [{}], { as: PAT }).items.map((i) => i.id);
    expect(mine()).toEqual([]);
    approveAll(h);
    expect(mine()).toEqual(['PR-000001']);
  });
});

describe('CSV export of All requests', () => {
  it('exports every match of the filters in force (not one page), with labels, zones, and no formula cells', () => {
    const h = governed();
    h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: { ...laptop, item: '=HYPERLINK("x")' } }], { as: RITA });
    h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: { ...laptop, item: 'Desk, oak' } }], { as: RITA });
    h.call('handoffPanelAct', [{ requestId: 'PR-000001', expectedRevision: 1, action: { type: 'cancel', reason: 'dup' } }], { as: OLGA });
    const all = h.call<{ csv: string; rows: number; filtered: boolean; filename: string }>('handoffPanelExportRequests', [{}], {
      as: OLGA,
    });
    expect(all).toMatchObject({ rows: 3, filtered: false });
    expect(all.filename).toMatch(/^handoff-requests-\d{4}-\d{2}-\d{2}\.csv$/);
    const lines = all.csv.trim().split('\r\n');
    expect(lines[0]).toBe('ID,Workflow,State,Waiting for,Requester,Assignee,Due,Overdue,Created,Updated,Time zone,Channel,Summary');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['PR-000003', 'PR-000002', 'PR-000001']);
    expect(all.csv).toContain('"Desk, oak');
    expect(all.csv).not.toMatch(/,=HYPERLINK|,"=HYPERLINK/);
    expect(all.csv).toContain(`'=HYPERLINK`);
    const cancelled = h.call<{ csv: string; rows: number; filtered: boolean }>('handoffPanelExportRequests', [{ state: 'cancelled' }], {
      as: OLGA,
    });
    expect(cancelled).toMatchObject({ rows: 1, filtered: true });
    expect(cancelled.csv).toContain('PR-000001,Purchase approval,Cancelled,');
    expect(() => h.call('handoffPanelExportRequests', [{}], { as: RITA })).toThrow(/Only Handoff operators/);
  });
});

describe('Settings: automation', () => {
  it('an admin pauses and resumes automation from the panel; each change is audited', () => {
    const h = governed();
    expect(h.call('handoffPanelAutomation', [{}])).toMatchObject({ paused: false });
    const p = h.call<{ paused: boolean; message: string }>('handoffPanelSetAutomation', [{ paused: true }]);
    expect(p).toMatchObject({ paused: true, by: OWNER });
    expect(p.message).toMatch(/Automation is paused/);
    expect(h.call('handoffPanelAutomation', [{}])).toMatchObject({ paused: true });
    expect(h.call<{ paused: boolean }>('handoffPanelSetAutomation', [{ paused: false }]).paused).toBe(false);
    const audit = auditView(h.sheet.values('Audit'));
    const head = audit[0] as string[];
    expect(audit.filter((r) => r[head.indexOf('Name')] === 'automation')).toHaveLength(2);
    expect(() => h.call('handoffPanelSetAutomation', [{ paused: true }], { as: OLGA })).toThrow(/admin/i);
  });
});

describe('People: delegation with away dates', () => {
  it("saves a delegate and away days (whole days in the zone), and Max's delegate then approves for him", () => {
    const h = governed();
    h.call('handoffPanelSavePerson', [
      { email: MAX, name: 'Max Manager', roles: ['manager'], delegate: PAT, awayFrom: '2020-01-01', awayTo: '2099-12-31' },
    ]);
    const max = h
      .call<{ people: Array<{ email: string; delegate: string; awayFrom: number; awayTo: number }> }>('handoffPanelDirectory', [{}])
      .people.find((p) => p.email === MAX)!;
    expect(max.delegate).toBe(PAT);
    expect(max.awayTo).toBeGreaterThan(max.awayFrom);
    // Pat now sees Max's approval in My work, on his behalf.
    const items = h.call<{ items: Array<{ id: string; why: string; onBehalfOf: string }> }>('handoffPanelMyWork', [{}], { as: PAT }).items;
    expect(items.map((i) => [i.id, i.why, i.onBehalfOf])).toEqual([['PR-000001', 'approve', MAX]]);
    // One sentence for what cannot be.
    expect(() => h.call('handoffPanelSavePerson', [{ email: MAX, name: 'M', roles: ['manager'], delegate: MAX }])).toThrow(
      'A person cannot be their own delegate',
    );
    expect(() =>
      h.call('handoffPanelSavePerson', [{ email: MAX, name: 'M', roles: ['manager'], awayFrom: '2026-03-05', awayTo: '2026-03-01' }]),
    ).toThrow('The last day away is before the first day away.');
    // Clearing: empty delegate and days.
    h.call('handoffPanelSavePerson', [{ email: MAX, name: 'Max Manager', roles: ['manager'], delegate: '', awayFrom: '', awayTo: '' }]);
    const cleared = h
      .call<{ people: Array<{ email: string; delegate: string | null; awayFrom: number | null }> }>('handoffPanelDirectory', [{}])
      .people.find((p) => p.email === MAX)!;
    expect([cleared.delegate, cleared.awayFrom]).toEqual([null, null]);
  });
});

describe('an approver reopens a request after their step moved on', () => {
  it('Max approved PR-000001 (it is now being ordered): he can still open it, to read, and someone never part of it cannot', () => {
    const h = governed();
    for (const who of [FAY, MAX]) h.ws.sheets.get(h.spreadsheetId).share(who, 'viewer');
    const open = (who: string) =>
      h.call<View & { id: string }>('handoffPanelGetRequest', [{ requestId: 'PR-000001' }], { as: who, runAs: who });
    // Fay (finance) is not part of a 1,200 USD request: refused, and her refusal (audited) does not make her part of it.
    expect(() => open(FAY)).toThrow('Request PR-000001 was not found, or it is not one of yours.');
    h.call('handoffTimerRun', [], { as: OWNER }); // writes the parked refusal to Audit
    const audit = auditView(h.sheet.values('Audit')) as unknown[][];
    const col = (name: string) => (audit[0] as string[]).indexOf(name);
    expect(
      audit.filter((r) => r[col('Action')] === 'refused' && r[col('Actor')] === FAY && r[col('Request')] === 'PR-000001'),
    ).toHaveLength(1);
    expect(() => open(FAY)).toThrow('Request PR-000001 was not found, or it is not one of yours.');
    approveAll(h);
    const v = open(MAX);
    expect(v).toMatchObject({ id: 'PR-000001', state: 'ordering' });
    expect(v.actions).toEqual([]);
    expect(h.call<{ items: unknown[] }>('handoffPanelMyWork', [{}], { as: MAX }).items).toEqual([]);
    // Reading is all it gives him: the procurement move is refused.
    expect(() =>
      h.call(
        'handoffPanelAct',
        [
          {
            requestId: 'PR-000001',
            expectedRevision: v.revision,
            action: { type: 'transition', name: 'mark_ordered', fields: { poNumber: 'X' } },
          },
        ],
        { as: MAX, runAs: OWNER },
      ),
    ).toThrow();
    expect(() => open(FAY)).toThrow('Request PR-000001 was not found, or it is not one of yours.');
  });
});

describe('publishing a version with a new required field', () => {
  it('refuses with a sentence while the linked form lacks the question, then adds it to the form when the admin confirms', () => {
    const h = governed();
    h.ws.ui.answerPrompt('new');
    h.ws.ui.answerPrompt('purchase-approval');
    h.call('handoffLinkForm');
    const form = () => h.ws.forms.list().at(-1)!;
    const before = form().items.length;
    const v2 = {
      ...purchaseApproval,
      fields: [...purchaseApproval.fields, { id: 'budgetCode', label: 'Budget code', type: 'text', required: true }],
    };
    const refused = h.call<{ ok: boolean; formGaps: string; version: number | null }>('handoffPanelPublishWorkflow', [{ definition: v2 }]);
    expect(refused).toMatchObject({ ok: false, version: null });
    expect(refused.formGaps).toBe('The linked form "Purchase approval" has no question for "Budget code", which this version requires.');
    expect(h.call<{ workflows: Array<{ latest: number }> }>('handoffPanelWorkflows', [{}]).workflows[0]!.latest).toBe(1);
    expect(form().items.length).toBe(before);
    // The scripted entry point refuses the same version, with the same sentence.
    expect(() => h.call('handoffPublishWorkflow', [v2])).toThrow(
      'Not published. The linked form "Purchase approval" has no question for "Budget code", which this version requires. Publish it from the workflow editor (Admin), which adds the questions to the form when you confirm.',
    );
    expect(h.call<{ workflows: Array<{ latest: number }> }>('handoffPanelWorkflows', [{}]).workflows[0]!.latest).toBe(1);
    const done = h.call<{ ok: boolean; version: number; formsAdded: string[] }>('handoffPanelPublishWorkflow', [
      { definition: v2, updateForms: true },
    ]);
    expect(done).toMatchObject({ ok: true, version: 2, formsAdded: ['"Budget code" added to the form "Purchase approval".'] });
    const added = form().items.at(-1)!;
    expect([added.title, added.required]).toEqual(['Budget code', true]);
    // A submission answering it fills the field.
    h.ws.forms.submitAs(form().id, RITA, {
      Item: 'Stapler',
      Amount: '25',
      'Cost centre': 'Operations',
      Justification: 'x',
      'Budget code': 'BC-7',
    });
    const last = h.call<{ id: string; fields: Record<string, unknown> }>('handoffGetRequest', ['PR-000002']);
    expect(last.fields.budgetCode).toBe('BC-7');
    // An optional new field asks nothing; the scripted entry point publishes it.
    const v3 = { ...v2, fields: [...v2.fields, { id: 'note', label: 'Note', type: 'text' }] };
    expect(h.call<{ version: number }>('handoffPublishWorkflow', [{ ...v3, name: 'Purchase approval (scripted)' }]).version).toBe(3);
    expect(h.call<{ ok: boolean; version: number }>('handoffPanelPublishWorkflow', [{ definition: v3 }])).toMatchObject({
      ok: true,
      version: 4,
    });
  });
});

describe('test runs of a draft', () => {
  it('TEST requests on the real sheet: every email to the admin, out of metrics, cleared in one action', () => {
    const h = governed();
    const draft = { ...purchaseApproval, name: 'Purchase approval (draft)' };
    const run = h.call<{ ok: true; workflowId: string; version: number }>('handoffPanelStartTestRun', [{ definition: draft }]);
    expect(run).toMatchObject({ ok: true, workflowId: 'purchase-approval' });
    // Not published: the workflow's latest is still version 1, and the editor lists it so.
    expect(h.call<{ workflows: Array<{ latest: number }> }>('handoffPanelWorkflows', [{}]).workflows[0]!.latest).toBe(1);
    const t = h.call<{ id: string; state: string }>('handoffPanelCreateTestRequest', [
      {
        workflowId: run.workflowId,
        version: run.version,
        fields: { item: 'Test chair', amount: '80', costCenter: 'Engineering', justification: 'try' },
      },
    ]);
    expect(t).toMatchObject({ id: 'TEST-000001', state: 'approval' });
    // Real requests keep their numbers.
    h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: RITA });
    expect(h.call<{ id: string }>('handoffGetRequest', ['PR-000002']).id).toBe('PR-000002');
    h.ws.mail.outbox().splice(0);
    h.call('handoffFlushOutbox', [], { kind: 'time-trigger' });
    const sent = h.ws.mail.outbox();
    const test = sent.filter((m) => m.subject.includes('TEST-000001'));
    expect(test.length).toBeGreaterThan(0);
    expect(test.every((m) => String(m.to) === OWNER && m.subject.startsWith('[TEST for '))).toBe(true);
    expect(sent.filter((m) => String(m.to) !== OWNER).every((m) => !m.subject.includes('TEST-'))).toBe(true);
    // Metrics count the two real requests only.
    const m = h.call<{ workflows: Array<{ requests: number }> }>('handoffPanelMetrics', [{}], { as: OLGA });
    expect(m.workflows[0]!.requests).toBe(2);
    // One action clears them; the real ones stay and are still found.
    expect(h.call('handoffPanelClearTestRequests', [{}])).toEqual({ cleared: 1 });
    const ids = (h.sheet.values('Requests') as unknown[][]).slice(1).map((r) => r[0]);
    expect(ids).toEqual(['PR-000001', 'PR-000002']);
    expect(h.call<{ id: string }>('handoffGetRequest', ['PR-000002']).id).toBe('PR-000002');
    expect(() => h.call('handoffPanelStartTestRun', [{ definition: draft }], { as: OLGA })).toThrow(/admin/i);
  });
});

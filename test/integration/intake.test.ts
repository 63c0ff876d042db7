/**
 * Intake end to end through dist/Code.js, loaded with the local Workspace's own script runtime (ws.runtime):
 * the admin links a form from the menu (prompts answered as a person would), requesters submit through
 * ws.forms.submitAs, which fires the form's installable trigger → handoffOnFormSubmit in the script's vm
 * context; then 50 submissions run at the same time in worker threads with real lock contention.
 */
import { auditRecords } from '../support/audit-view';
import { readFileSync } from 'node:fs';
import { purchaseApproval } from '../../src/templates';
import { loadScript, type LoadedScript } from '../../src/local/runtime';
import type { Workspace } from '../../src/local/workspace';
import { OWNER, testWorkspace, type TestWorkspace } from '../unit/gas/workspace';
import { CODE_PATH, MANIFEST_PATH } from './harness';

const RITA = 'rita@acme.test';
const MAX = 'max@acme.test';

interface World extends TestWorkspace {
  w: Workspace;
  script: LoadedScript;
  run<T>(fn: string, args?: unknown[], as?: string): T;
  rows(tab: string): Array<Record<string, unknown>>;
}

/** Read once: other builds in the shared tree may rewrite dist/ while the suite runs. */
const CODE = readFileSync(CODE_PATH, 'utf8');
const MANIFEST = JSON.parse(readFileSync(MANIFEST_PATH, 'utf8'));

function world(): World {
  const t = testWorkspace(OWNER);
  const w = t.ws as Workspace;
  const script = loadScript(w, CODE, 'Code.js');
  w.advanced.applyManifest(MANIFEST);
  const run = <T>(fn: string, args: unknown[] = [], as = OWNER) =>
    script.call(fn, args, { activeUser: as, effectiveUser: OWNER, kind: 'script-run' }) as T;
  run('handoffSetUp');
  t.sheet.write('Directory', 'A3', [
    [RITA, 'Rita Requester', '', MAX, '', '', '', '', ''],
    [MAX, 'Max Manager', 'manager', '', '', '', '', '', ''],
    ['ops@acme.test', 'Olga Operator', 'operator', '', '', '', '', '', ''],
  ]);
  run('handoffPublishWorkflow', [purchaseApproval]);
  return {
    ...t,
    w,
    script,
    run,
    rows(tab) {
      if (tab === 'Audit') return auditRecords(t.sheet.values(tab) as unknown[][]); // through the one parser
      const [head, ...body] = t.sheet.values(tab) as unknown[][];
      return body.filter((r) => r.some((v) => v !== '')).map((r) => Object.fromEntries((head ?? []).map((h, i) => [String(h), r[i]])));
    },
  };
}

function linkNewForm(x: World): string {
  x.w.ui.answerPrompt('new');
  x.w.ui.answerPrompt('purchase-approval');
  const summary = x.run<string>('handoffLinkForm');
  expect(summary).toMatch(/^Linked "Purchase approval" to purchase-approval/);
  const form = x.w.forms.list().at(-1)!;
  expect(summary).toContain(form.id);
  return form.id;
}

const answers = (item: string) => ({ Item: item, Amount: '250', 'Cost centre': 'Operations', Justification: 'needed' });

describe('intake through dist/Code.js', () => {
  jest.setTimeout(120_000);

  it('menu → linked form → a submission fires handoffOnFormSubmit in the script and becomes a request', () => {
    const x = world();
    const formId = linkNewForm(x);
    expect(
      x.w.triggers
        .list()
        .filter((t) => t.sourceId === formId)
        .map((t) => t.handler),
    ).toEqual(['handoffOnFormSubmit']);
    const sub = x.w.forms.submitAs(formId, RITA, answers('Stapler'), { deliveries: 2 });
    expect(sub.runs.map((r) => [r.ok, (r.result as { status: string }).status])).toEqual([
      [true, 'created'],
      [true, 'duplicate'],
    ]);
    expect(x.rows('Requests').map((r) => [r.ID, r.State, r.Channel, r['Pending approvers']])).toEqual([
      ['PR-000001', 'approval', 'form', MAX],
    ]);
    expect(x.rows('Outbox').map((o) => o.Kind)).toEqual(['approval_requested']); // no receipt email by default
    // Linking again from the menu (connect the same form) keeps the one trigger.
    x.w.ui.answerPrompt(formId);
    x.w.ui.answerPrompt('purchase-approval');
    x.w.ui.answerAlert('YES');
    expect(x.run<string>('handoffLinkForm')).toContain('Form-submit trigger: kept');
    expect(x.w.triggers.list().filter((t) => t.sourceId === formId)).toHaveLength(1);
  });

  it('an edit of the response before any decision is applied by the engine (requester_edit), once per edit', () => {
    const x = world();
    const formId = linkNewForm(x);
    const sub = x.w.forms.submitAs(formId, RITA, answers('Stapler'));
    const edit = x.w.forms.editAs(sub.responseId, { Vendor: 'Acme', Amount: '260' }, { deliveries: 2 });
    expect(edit.runs.map((r) => [r.ok, (r.result as { status: string }).status])).toEqual([
      [true, 'updated'],
      [true, 'duplicate'],
    ]);
    expect(x.rows('Requests').map((r) => [r.ID, r.State, r.Revision])).toEqual([['PR-000001', 'approval', 2]]);
    const audit = x.rows('Audit').filter((a) => a.Action === 'edit_fields');
    expect(audit).toHaveLength(1);
    expect(audit[0]).toMatchObject({ Actor: RITA, Method: 'form_response', Revision: 2 });
    expect(JSON.parse(String(audit[0]!.Details))).toMatchObject({ source: sub.responseId, problems: [] });
    expect(JSON.parse(String(audit[0]!.Changes))).toEqual([
      { field: 'amount', before: 250, after: 260 },
      { field: 'vendor', before: null, after: 'Acme' },
    ]);
  });

  it('unmappable responses → Intake errors, one alert to operators, re-processed from the menu after the fix', () => {
    const x = world();
    const formId = linkNewForm(x);
    x.w.kernel.meter.unmetered(() => {
      const form = (x.services.FormApp as GoogleAppsScript.Forms.FormApp).openById(formId);
      form.deleteItem(form.getItems().find((i) => i.getTitle() === 'Vendor')!);
    });
    for (const n of [1, 2]) x.w.forms.submitAs(formId, RITA, answers(`Pen ${n}`));
    expect(x.rows('Intake errors').map((e) => [e.Kind, e.Status])).toEqual([
      ['unmappable', 'open'],
      ['unmappable', 'open'],
    ]);
    expect(x.w.mail.inbox('ops@acme.test').filter((m) => /need attention/.test(m.subject))).toHaveLength(1);
    x.w.ui.answerPrompt(formId);
    x.w.ui.answerPrompt('purchase-approval');
    x.w.ui.answerAlert('YES');
    x.run('handoffLinkForm');
    expect(x.run<string>('handoffReprocessIntake', [], 'ops@acme.test')).toMatch(/^2 response\(s\) processed \(PR-000001, PR-000002\)/);
    expect(x.rows('Requests').map((r) => r.State)).toEqual(['approval', 'approval']);
    expect(x.run<string>('handoffReprocessIntake', [], RITA)).toMatch(/Only operators and admins/);
  });

  it('50 simultaneous submissions (worker threads, real lock contention) → 50 distinct requests, none lost or overwritten', async () => {
    const x = world();
    const formId = linkNewForm(x);
    const N = 50;
    // The responses are recorded first (no trigger), then their 50 trigger runs start at the same time.
    const subs = Array.from({ length: N }, (_, i) => x.w.forms.submitAs(formId, RITA, answers(`Item ${i}`), { noTriggers: true }));
    const FormApp = x.services.FormApp as GoogleAppsScript.Forms.FormApp;
    const form = x.w.kernel.meter.unmetered(() => FormApp.openById(formId));
    const jobs = subs.map((s) => ({
      fn: 'handoffOnFormSubmit',
      args: [
        {
          authMode: 'FULL',
          response: x.w.kernel.meter.unmetered(() => form.getResponse(s.responseId)),
          source: form,
          triggerUid: 'concurrent',
        },
      ],
      activeUser: OWNER,
      effectiveUser: OWNER,
      kind: 'installable-trigger' as const,
    }));
    const results = await x.w.runtime.concurrent(jobs, { threads: N });
    const statuses = results.map((r) => (r.ok ? (r.value as { status: string }).status : `error: ${r.error.message}`));
    expect(statuses.every((s) => s === 'created' || s === 'pending')).toBe(true);
    // Any response that found the lock busy for too long is on the pending list: the next timer run takes it.
    const retried = x.run<{ processed: Array<{ status: string }> }>('handoffRetryPendingIntake');
    expect(retried.processed.every((p) => p.status === 'created')).toBe(true);
    const requests = x.rows('Requests');
    expect(requests).toHaveLength(N);
    const ids = requests.map((r) => r.ID as string);
    expect(new Set(ids).size).toBe(N);
    expect(ids.sort()).toEqual(Array.from({ length: N }, (_, i) => `PR-${String(i + 1).padStart(6, '0')}`));
    const items = requests.map((r) => (JSON.parse(String(r.Fields)) as { item: string }).item).sort();
    expect(items).toEqual(Array.from({ length: N }, (_, i) => `Item ${i}`).sort());
    const ledger = x.rows('Intake log');
    expect(ledger).toHaveLength(N);
    expect(new Set(ledger.map((l) => l['Response ID'])).size).toBe(N);
    expect(x.rows('Audit').filter((a) => a.Action === 'create')).toHaveLength(N);
    expect(x.rows('Outbox')).toHaveLength(N); // one approval request each (no receipt email by default)
    expect(x.w.locks.holders.size).toBe(0);
    console.log(
      `50 concurrent submissions: ${statuses.filter((s) => s === 'created').length} created at once, ${statuses.filter((s) => s === 'pending').length} pending → retried`,
    );
  });
});

/**
 * Every panel server function, called as each role on the local Workspace, including the refusals: the
 * role comes from the session, never the arguments; refusals are clear and audited; results are plain JSON.
 */
import * as panel from '../../../../src/gas/panel';
import { PanelRefusal, type PanelFunction } from '../../../../src/gas/panel/guard';
import { getRequest, readOutbox } from '../../../../src/gas/commands/read';
import { purchaseApproval } from '../../../../src/templates';
import { ADA, auditRows, call, callError, createAs, FAY, hasDate, laptop, MAX, OLGA, panelSheet, PAT, RITA, ROLES } from './helpers';

type Role = keyof typeof ROLES;
const ALL: Role[] = ['requester', 'approver', 'operator', 'admin'];
const OPS: Role[] = ['operator', 'admin'];

/** Each function, the roles it serves, and arguments valid for an allowed caller. */
const MATRIX: Array<{ fn: PanelFunction<unknown>; allowed: Role[]; args: (id: string) => unknown }> = [
  { fn: panel.whoAmI, allowed: ALL, args: () => ({}) },
  { fn: panel.myWork, allowed: ALL, args: () => ({}) },
  { fn: panel.listRequests, allowed: OPS, args: () => ({ limit: 10 }) },
  { fn: panel.metrics, allowed: OPS, args: () => ({}) },
  { fn: panel.resendNotification, allowed: OPS, args: (id) => ({ requestId: id, reason: 'nudge' }) },
  { fn: panel.bulk, allowed: OPS, args: (id) => ({ requestIds: [id], op: 'remind', reason: 'nudge' }) },
  { fn: panel.listWorkflows, allowed: ['admin'], args: () => ({}) },
  { fn: panel.listTemplates, allowed: ['admin'], args: () => ({}) },
  { fn: panel.validateWorkflow, allowed: ['admin'], args: () => ({ definition: purchaseApproval }) },
  { fn: panel.publishNewVersion, allowed: ['admin'], args: () => ({ definition: { ...purchaseApproval, name: 'Purchases v2' } }) },
  { fn: panel.listDirectory, allowed: ['admin'], args: () => ({}) },
  { fn: panel.savePerson, allowed: ['admin'], args: () => ({ email: 'new@acme.test', name: 'New Person', roles: ['finance'] }) },
  { fn: panel.getSettings, allowed: ['admin'], args: () => ({}) },
  {
    fn: panel.saveSettings,
    allowed: ['admin'],
    args: () => ({ tokenExpiryDays: 7, identityMode: 'sign_in', digestHour: 9, dispatcherMinutes: 15 }),
  },
  { fn: panel.verifyAudit, allowed: ['admin'], args: () => ({}) },
  { fn: panel.triggers, allowed: ['admin'], args: () => ({}) },
];

describe('every panel function as every role', () => {
  for (const { fn, allowed, args } of MATRIX) {
    for (const role of ALL) {
      const who = ROLES[role];
      if (allowed.includes(role)) {
        it(`${fn.fnName} serves the ${role}, with a plain-JSON result`, () => {
          const t = panelSheet();
          const id = createAs(t, RITA).request.id;
          const raw = t.as(who, () => fn(t.ctx(), args(id)));
          expect(hasDate(raw)).toBe(false);
          expect(JSON.parse(JSON.stringify(raw))).toEqual(raw);
          expect(auditRows(t).filter((r) => r.Action === 'refused')).toEqual([]);
        });
      } else {
        it(`${fn.fnName} refuses the ${role} with a clear message and an audit row`, () => {
          const t = panelSheet();
          const id = createAs(t, RITA).request.id;
          const before = t.sheet.values('Audit').length;
          const err = callError(t, who, fn, args(id));
          expect(err).toBeInstanceOf(PanelRefusal);
          expect(err.message).toMatch(
            new RegExp(`Only Handoff (operators|admins) can do this \\(${fn.fnName}\\); ${who.replace('.', '\\.')}`),
          );
          const rows = auditRows(t);
          expect(rows).toHaveLength(before); // header excluded: one new row
          const last = rows[rows.length - 1]!;
          expect(last).toMatchObject({ Action: 'refused', Actor: who, Name: fn.fnName });
          expect(String(last.Reason)).toContain('Only Handoff');
        });
      }
    }
  }

  it('refuses a caller Apps Script cannot identify, and audits it as unknown', () => {
    const t = panelSheet();
    const err = callError(t, '', panel.myWork, {});
    expect(err.message).toMatch(/cannot see who you are/);
    expect(auditRows(t).pop()).toMatchObject({ Action: 'refused', Actor: 'unknown' });
  });

  it('takes the caller from the session, never from the arguments', () => {
    const t = panelSheet();
    const err = callError(t, RITA, panel.listRequests, { limit: 5, email: ADA });
    expect(err.message).toMatch(/not an operator/);
    // And an admin-only function refuses a requester even if they claim a role.
    expect(callError(t, RITA, panel.getSettings, { role: 'admin' })).toBeInstanceOf(PanelRefusal);
  });

  it('refuses bad arguments with the path and an audit row', () => {
    const t = panelSheet();
    const err = callError(t, OLGA, panel.listRequests, { limit: 1000, channel: 'fax' });
    expect(err.message).toMatch(/limit/);
    expect(err.message).toMatch(/channel/);
    expect(auditRows(t).pop()).toMatchObject({ Action: 'refused', Actor: OLGA, Name: 'handoffPanelListRequests' });
  });
});

describe('request view and ownership', () => {
  it('shows the requester, the approver and operators the request; refuses anyone else (audited)', () => {
    const t = panelSheet();
    const id = createAs(t, RITA).request.id;
    for (const who of [RITA, MAX, OLGA, ADA]) {
      const v = call(t, who, panel.getRequestView, { requestId: id });
      expect(v.id).toBe(id);
      expect(v.step).toMatchObject({ id: 'manager', pending: [MAX] });
      expect(v.fields.find((f) => f.id === 'item')?.value).toBe('Laptop');
      expect(v.timeline[0]).toMatchObject({ action: 'create', actor: RITA });
    }
    expect(call(t, MAX, panel.getRequestView, { requestId: id }).actions.map((a) => a.type)).toEqual(
      expect.arrayContaining(['approve', 'reject']),
    );
    expect(call(t, OLGA, panel.getRequestView, { requestId: id }).actions.map((a) => a.type)).toEqual(
      expect.arrayContaining(['reassign', 'override_state', 'edit_fields', 'cancel']),
    );
    const err = callError(t, FAY, panel.getRequestView, { requestId: id });
    expect(err.message).toBe(`Request ${id} was not found, or it is not one of yours.`);
    expect(auditRows(t).pop()).toMatchObject({ Action: 'refused', Actor: FAY, Request: id });
  });

  it('lets the approver approve from the panel; refuses someone the request does not wait on', () => {
    const t = panelSheet();
    const id = createAs(t, RITA).request.id;
    expect(callError(t, FAY, panel.actOn, { requestId: id, expectedRevision: 1, action: { type: 'approve' } }).message).toMatch(
      /not found, or it is not one of yours/,
    );
    const r = call(t, MAX, panel.actOn, { requestId: id, expectedRevision: 1, action: { type: 'approve', comment: 'ok' } });
    expect(r).toMatchObject({ id, revision: 2, state: 'ordering' });
    // The requester may see it but cannot approve: the engine refuses, and the refusal is audited.
    const t2 = panelSheet();
    const id2 = createAs(t2, RITA).request.id;
    const err = callError(t2, RITA, panel.actOn, { requestId: id2, expectedRevision: 1, action: { type: 'approve' } });
    expect(err.code).toBe('refused');
    expect(auditRows(t2).pop()).toMatchObject({ Action: 'refused', Actor: RITA, Request: id2 });
  });
});

describe('operator actions', () => {
  it('reassign needs a reason; with one, the change is audited with it', () => {
    const t = panelSheet();
    const id = createAs(t, RITA).request.id;
    expect(
      callError(t, OLGA, panel.actOn, { requestId: id, expectedRevision: 1, action: { type: 'reassign', to: FAY, reason: '  ' } }).message,
    ).toMatch(/A reason is required/);
    const r = call(t, OLGA, panel.actOn, {
      requestId: id,
      expectedRevision: 1,
      action: { type: 'reassign', from: MAX, to: FAY, reason: 'Max is on leave' },
    });
    expect(r.revision).toBe(2);
    expect(getRequest(t.ctx(), id)!.approval!.pending).toEqual([FAY]);
    expect(auditRows(t).find((a) => a.Action === 'reassign')).toMatchObject({ Actor: OLGA, Reason: 'Max is on leave' });
  });

  it('operator actions are refused to non-operators even on their own request', () => {
    const t = panelSheet();
    const id = createAs(t, RITA).request.id;
    const err = callError(t, RITA, panel.actOn, {
      requestId: id,
      expectedRevision: 1,
      action: { type: 'override_state', to: 'ordering', reason: 'hurry' },
    });
    expect(err.message).toMatch(/Only operators can override state/);
    expect(getRequest(t.ctx(), id)!.state).toBe('approval');
  });

  it('override only to states the workflow has', () => {
    const t = panelSheet();
    const id = createAs(t, RITA).request.id;
    const err = callError(t, OLGA, panel.actOn, {
      requestId: id,
      expectedRevision: 1,
      action: { type: 'override_state', to: 'shipped', reason: 'x' },
    });
    expect(err.message).toMatch(/has no state "shipped".*approval, needs_info, ordering/);
    const ok = call(t, OLGA, panel.actOn, {
      requestId: id,
      expectedRevision: 1,
      action: { type: 'override_state', to: 'ordering', reason: 'approved by phone' },
    });
    expect(ok.state).toBe('ordering');
    expect(auditRows(t).find((a) => a.Action === 'override_state')).toMatchObject({
      Actor: OLGA,
      From: 'approval',
      To: 'ordering',
      Reason: 'approved by phone',
    });
  });

  it('edit fields validated like intake (typed text coerced; bad values named; required cannot be emptied)', () => {
    const t = panelSheet();
    const id = createAs(t, RITA).request.id;
    const bad = callError(t, OLGA, panel.actOn, {
      requestId: id,
      expectedRevision: 1,
      action: { type: 'edit_fields', fields: { amount: 'lots', costCenter: 'Moon', item: '' }, reason: 'fix' },
    });
    expect(bad.message).toMatch(/Amount must be a number/);
    expect(bad.message).toMatch(/Cost centre must be one of/);
    expect(bad.message).toMatch(/Item is required/);
    expect(getRequest(t.ctx(), id)!.fields.amount).toBe(1200);
    const ok = call(t, OLGA, panel.actOn, {
      requestId: id,
      expectedRevision: 1,
      action: { type: 'edit_fields', fields: { amount: '1,450.50' }, reason: 'quote updated' },
    });
    expect(ok.revision).toBe(2);
    expect(getRequest(t.ctx(), id)!.fields.amount).toBe(1450.5);
  });

  it('refuses a stale revision without changing anything', () => {
    const t = panelSheet();
    const id = createAs(t, RITA).request.id;
    call(t, MAX, panel.actOn, { requestId: id, expectedRevision: 1, action: { type: 'approve' } });
    const before = JSON.stringify(t.sheet.values('Requests'));
    expect(callError(t, OLGA, panel.actOn, { requestId: id, expectedRevision: 1, action: { type: 'cancel', reason: 'dup' } }).code).toBe(
      'conflict',
    );
    expect(JSON.stringify(t.sheet.values('Requests'))).toBe(before);
  });

  it("resend queues the pending approvers' notification again and audits it", () => {
    const t = panelSheet();
    const id = createAs(t, RITA).request.id;
    const outbox = readOutbox(t.ctx()).length;
    const r = call(t, OLGA, panel.resendNotification, { requestId: id, reason: 'lost the email' });
    expect(r).toEqual({ id, queued: 1, to: [MAX] });
    expect(readOutbox(t.ctx())).toHaveLength(outbox + 1);
    expect(auditRows(t).pop()).toMatchObject({ Action: 'reminder', Name: 'resend', Actor: OLGA, Reason: 'lost the email' });
  });

  it('bulk cancel / reassign over a selection reports each request', () => {
    const t = panelSheet();
    const a = createAs(t, RITA).request.id;
    const b = createAs(t, RITA).request.id;
    call(t, MAX, panel.actOn, { requestId: b, expectedRevision: 1, action: { type: 'approve' } }); // b is now in ordering
    const r = call(t, OLGA, panel.bulk, { requestIds: [a, b, 'PR-999999'], op: 'reassign', to: PAT, reason: 'rebalance' });
    expect(r.outcomes.map((o) => [o.id, o.ok])).toEqual([
      [a, true],
      [b, true],
      ['PR-999999', false],
    ]);
    expect(getRequest(t.ctx(), b)!.assignee).toBe(PAT);
    const c = call(t, OLGA, panel.bulk, { requestIds: [a, b], op: 'cancel', reason: 'budget freeze' });
    expect(c.done).toBe(2);
    expect(getRequest(t.ctx(), a)!.state).toBe('cancelled');
    expect(callError(t, OLGA, panel.bulk, { requestIds: [a], op: 'reassign', reason: 'x' }).message).toMatch(/needs the person/);
  });
});

describe('lists', () => {
  it('My work: what waits on me, overdue first then oldest', () => {
    const t = panelSheet();
    const first = createAs(t, RITA).request.id;
    t.ws.kernel.clock.advance(3 * 24 * 3600_000); // the first one's SLA (16 business hours) is now past
    const second = createAs(t, RITA).request.id;
    const w = call(t, MAX, panel.myWork, {});
    expect(w.items.map((i) => [i.id, i.why, i.overdue])).toEqual([
      [first, 'approve', true],
      [second, 'approve', false],
    ]);
    expect(w.overdue).toBe(1);
    expect(call(t, FAY, panel.myWork, {}).items).toEqual([]);
    // Both are assigned to the procurement queue, but wait on their approvers: nothing Pat (procurement) can do yet.
    expect(call(t, PAT, panel.myWork, {}).items).toEqual([]);
    // Once approved by Max, the second no longer waits on him.
    call(t, MAX, panel.actOn, { requestId: second, expectedRevision: 1, action: { type: 'approve' } });
    expect(call(t, MAX, panel.myWork, {}).items.map((i) => i.id)).toEqual([first]);
    // Approved by every step, it is being ordered: now it is the procurement queue's work, and Pat's.
    const r = getRequest(t.ctx(), second)!;
    for (const who of r.approval?.pending ?? [])
      call(t, who, panel.actOn, {
        requestId: second,
        expectedRevision: getRequest(t.ctx(), second)!.revision,
        action: { type: 'approve' },
      });
    expect(getRequest(t.ctx(), second)!.state).toBe('ordering');
    expect(call(t, PAT, panel.myWork, {}).items.map((i) => [i.id, i.why])).toEqual([[second, 'queue']]);
  });

  it('All requests: newest first, paged, filtered by workflow, state, assignee, overdue, channel and text', () => {
    const t = panelSheet();
    const ids = [1, 2, 3, 4, 5].map((n) => createAs(t, RITA, { ...laptop, item: `Item ${n}` }).request.id);
    call(t, MAX, panel.actOn, { requestId: ids[1], expectedRevision: 1, action: { type: 'approve' } });
    const p1 = call(t, OLGA, panel.listRequests, { limit: 2 });
    expect(p1.rows.map((r) => r.id)).toEqual([ids[4], ids[3]]);
    expect(p1.total).toBe(5);
    expect(call(t, OLGA, panel.listRequests, { limit: 2, offset: 4 }).rows.map((r) => r.id)).toEqual([ids[0]]);
    expect(call(t, OLGA, panel.listRequests, { state: 'ordering' }).rows.map((r) => r.id)).toEqual([ids[1]]);
    expect(call(t, OLGA, panel.listRequests, { text: 'item 3' }).rows.map((r) => r.id)).toEqual([ids[2]]);
    expect(call(t, OLGA, panel.listRequests, { workflow: 'nope' }).matched).toBe(0);
    expect(call(t, OLGA, panel.listRequests, { channel: 'form', overdue: false }).matched).toBe(5);
    expect(call(t, OLGA, panel.listRequests, { assignee: 'queue:procurement' }).matched).toBe(5);
  });

  it('the first All requests view costs the same Sheet calls with 10 and 3,000 requests', () => {
    const cost = (n: number) => {
      const t = panelSheet();
      createAs(t, RITA);
      const template = t.sheet.values('Requests')[1]!;
      t.sheet.write(
        'Requests',
        'A3',
        Array.from({ length: n }, (_, i) => template.map((v, j) => (j === 0 ? `PR-${String(i + 2).padStart(6, '0')}` : v))),
      );
      return t.sheetCalls(() => t.as(OLGA, () => panel.listRequests(t.ctx(), { limit: 25 })));
    };
    const small = cost(10);
    const big = cost(3000);
    expect(big.detail).toEqual(small.detail);
    expect(small.calls).toBeGreaterThan(3);
  });
});

describe('admin', () => {
  it("validate returns the engine's problems with paths; publish refuses invalid and writes nothing", () => {
    const t = panelSheet();
    const broken = { ...purchaseApproval, transitions: [{ ...purchaseApproval.transitions[0]!, to: 'nowhere' }] };
    const v = call(t, ADA, panel.validateWorkflow, { definition: broken });
    expect(v.ok).toBe(false);
    expect(v.problems.some((p) => p.path === 'transitions[0].to')).toBe(true);
    const config = t.sheet.values('Config').length;
    const p = call(t, ADA, panel.publishNewVersion, { definition: broken });
    expect(p).toMatchObject({ ok: false, version: null });
    expect(t.sheet.values('Config')).toHaveLength(config);
    const ok = call(t, ADA, panel.publishNewVersion, { definition: { ...purchaseApproval, name: 'Purchases (v2)' } });
    expect(ok).toMatchObject({ ok: true, version: 2, created: true });
    expect(call(t, ADA, panel.listWorkflows, {}).workflows[0]).toMatchObject({
      workflowId: 'purchase-approval',
      latest: 2,
      name: 'Purchases (v2)',
    });
    expect(auditRows(t).pop()).toMatchObject({ Action: 'config_change', Name: 'publish_workflow', Actor: ADA });
  });

  it('templates: the eight ready workflows', () => {
    const t = panelSheet();
    expect(call(t, ADA, panel.listTemplates, {}).templates).toHaveLength(8);
  });

  it('directory: an admin gives roles; the new operator can then list requests; an admin cannot drop their own admin role', () => {
    const t = panelSheet();
    expect(callError(t, FAY, panel.listRequests, {})).toBeInstanceOf(PanelRefusal);
    call(t, ADA, panel.savePerson, { email: FAY, name: 'Fay Finance', roles: ['finance', 'operator'] });
    expect(call(t, FAY, panel.listRequests, {}).total).toBe(0);
    expect(call(t, ADA, panel.listDirectory, {}).people.find((p) => p.email === FAY)?.roles).toEqual(['finance', 'operator']);
    expect(callError(t, ADA, panel.savePerson, { email: ADA, name: 'Ada', roles: [] }).message).toMatch(
      /cannot remove your own admin role/,
    );
    expect(callError(t, ADA, panel.savePerson, { email: 'not-an-email', name: 'x', roles: [] }).message).toMatch(/email/);
  });

  it('sidebar calls run as the user: a person made operator from the panel can then change requests as themself', () => {
    const t = panelSheet();
    const id = createAs(t, RITA).request.id;
    const asSelf = <R>(who: string, fn: () => R): R =>
      t.ws.kernel.executions.run({ activeUser: who, effectiveUser: who, kind: 'script-run' }, fn);
    const reassign = (who: string) =>
      asSelf(who, () =>
        panel.actOn(t.ctx(), { requestId: id, expectedRevision: 1, action: { type: 'reassign', from: MAX, to: PAT, reason: 'rebalance' } }),
      );
    const saved = call(t, ADA, panel.savePerson, { email: FAY, name: 'Fay Finance', roles: ['finance', 'operator'] });
    expect(saved.protections.length).toBeGreaterThan(0);
    expect(reassign(FAY)).toMatchObject({ id, revision: 2 });
    expect(getRequest(t.ctx(), id)!.approval!.pending).toEqual([PAT]);
  });

  it('settings round-trip; out-of-range values are refused and change nothing', () => {
    const t = panelSheet();
    const before = call(t, ADA, panel.getSettings, {}).settings;
    // What a bound script's timers use; people without a choice of their own get a daily digest.
    expect(before).toEqual({ tokenExpiryDays: 14, identityMode: 'link', digestHour: 8, dispatcherMinutes: 10, defaultDelivery: 'digest' });
    const err = callError(t, ADA, panel.saveSettings, { tokenExpiryDays: 0, identityMode: 'link', digestHour: 25, dispatcherMinutes: 7 });
    expect(err.message).toMatch(
      /"Approval links expire after \(days\)": at least 1 day; "Daily digest hour \(0–23\)": a whole hour from 0 to 23; "Dispatcher runs every": one of [\d, ]+ minutes\. Nothing was changed\./,
    );
    expect(call(t, ADA, panel.getSettings, {}).settings).toEqual(before);
    call(t, ADA, panel.saveSettings, {
      tokenExpiryDays: 3,
      identityMode: 'sign_in',
      digestHour: 7,
      dispatcherMinutes: 15,
      defaultDelivery: 'immediate',
    });
    expect(call(t, ADA, panel.getSettings, {}).settings).toEqual({
      tokenExpiryDays: 3,
      identityMode: 'sign_in',
      digestHour: 7,
      dispatcherMinutes: 15,
      defaultDelivery: 'immediate',
    });
  });
});

describe('metrics', () => {
  it('cycle time, rework, exception rate and form share per workflow, from the audit log', () => {
    const t = panelSheet();
    const a = createAs(t, RITA).request.id;
    createAs(t, RITA, { ...laptop, amount: 'lots' }); // intake problem → needs info: an exception
    t.ws.kernel.clock.advance(3600_000);
    call(t, MAX, panel.actOn, { requestId: a, expectedRevision: 1, action: { type: 'reject', comment: 'no budget' } });
    const m = call(t, OLGA, panel.metrics, {});
    const w = m.workflows.find((x) => x.workflowId === 'purchase-approval')!;
    expect(w.requests).toBe(2);
    expect(w.completed).toBe(1);
    expect(w.cycleTime.median).toBe(3600_000);
    expect(w.exceptionRate).toBe(0.5);
    expect(w.formShare).toBe(1);
    expect(m.workflows.every((x) => x.workflowId !== '')).toBe(true);
  });
});

/**
 * The sidebar runs as the person using it; only owner/admins/operators may edit the protected tabs. An approver or
 * requester who is not an operator changes a request from the sidebar through the web app (a sidebar card token
 * minted for the session's user, POSTed with UrlFetchApp), recorded with the method 'sidebar'.
 */
import * as panel from '../../../../src/gas/panel';
import { webAppPost } from '../../../../src/gas/webapp/app';
import { signCardToken, verifyCardToken } from '../../../../src/gas/approvals/card-token';
import { fieldsDigest, fieldsText } from '../../../../src/gas/approvals/fields-digest';
import { getRequest } from '../../../../src/gas/commands/read';
import { FunctionTableInvoker } from '../../../../src/local/services/script';
import type { Workspace } from '../../../../src/local/workspace';
import type { PanelFunction } from '../../../../src/gas/panel/guard';
import { auditRows, createAs, MAX, OLGA, panelSheet, RITA } from './helpers';

type World = ReturnType<typeof world>;

function world(opts: { deploy?: boolean } = {}) {
  const t = panelSheet();
  const w = t.ws as Workspace;
  w.setInvoker(new FunctionTableInvoker(w.kernel, { doPost: (e: unknown) => webAppPost(t.ctx(), e as never) }));
  // UrlFetchApp carries no Google sign-in: like the Gmail card, the sidebar needs a deployment anyone can reach.
  if (opts.deploy !== false) w.webapp.deploy({ access: 'ANYONE_ANONYMOUS' });
  const sheet = w.sheets.get(t.spreadsheetId);
  for (const p of [MAX, RITA, OLGA]) sheet.share(p, 'editor');
  /** A sidebar call as Apps Script makes it: the person is both the active and the effective user. */
  const asThemself = <R>(who: string, fn: PanelFunction<R>, args?: unknown): R =>
    JSON.parse(
      JSON.stringify(w.kernel.executions.run({ activeUser: who, effectiveUser: who, kind: 'script-run' }, () => fn(t.ctx(), args))),
    ) as R;
  const errorAs = (who: string, fn: PanelFunction<unknown>, args?: unknown): Error => {
    try {
      asThemself(who, fn, args);
    } catch (e) {
      return e as Error;
    }
    throw new Error(`${fn.fnName} did not refuse ${who}`);
  };
  const c = createAs(t, RITA);
  return { t, w, asThemself, errorAs, id: c.request.id, revision: c.request.revision };
}

const decisionsOf = (x: World, action: string) => auditRows(x.t).filter((r) => r.Request === x.id && r.Action === action);

describe('a non-operator decides from My work through the web app', () => {
  it('a protection refusal in the sidebar does not send the person to the sidebar', () => {
    const x = world();
    // Olga became an operator in the Directory after set-up: the protections were not re-synced, so her write is refused.
    const err = x.errorAs(OLGA, panel.actOn, {
      requestId: x.id,
      expectedRevision: x.revision,
      action: { type: 'cancel', reason: 'duplicate' },
    });
    expect(err.message).toContain(`${OLGA} may not edit the protected "`);
    expect(err.message).toMatch(/nothing was changed/);
    expect(err.message).toMatch(/run Handoff > Set up \/ repair/);
    expect(err.message).not.toMatch(/sidebar, the approval links/);
    expect(err.message).not.toMatch(/go through the Handoff sidebar/);
    expect(decisionsOf(x, 'cancel')).toEqual([]);
  });

  it('without a deployed web app, the sidebar says where to decide instead', () => {
    const x = world({ deploy: false });
    const err = x.errorAs(MAX, panel.actOn, { requestId: x.id, expectedRevision: x.revision, action: { type: 'approve' } });
    // Without a web app the sidebar cannot hand it over: it says where to act instead, not "go to the sidebar".
    expect(err.message).toMatch(/Use the Approve link in your Handoff email/);
    expect(err.message).not.toMatch(/through the Handoff sidebar/);
    expect(decisionsOf(x, 'approve')).toEqual([]);
  });

  it('Max (approver, not an operator) approves from My work: the decision lands, audited as method sidebar', () => {
    const x = world();
    const mine = x.asThemself<{ items: Array<{ id: string; why: string; revision: number }> }>(MAX, panel.myWork, {});
    const item = mine.items.find((i) => i.id === x.id)!;
    expect(item.why).toBe('approve');
    const fetchesBefore = x.w.urlfetch.log().length;
    const r = x.asThemself<{ id: string; state: string; revision: number; via: string }>(MAX, panel.actOn, {
      requestId: x.id,
      expectedRevision: item.revision,
      action: { type: 'approve', comment: 'ok by me' },
    });
    expect(r).toMatchObject({ id: x.id, via: 'web_app' });
    expect(r.revision).toBe(item.revision + 1);
    const log = x.w.urlfetch.log().slice(fetchesBefore);
    expect(log).toHaveLength(1);
    expect(log[0]).toMatchObject({ user: MAX, method: 'post', status: 200 });
    expect(log[0]!.url).toContain('api=card');
    const rows = decisionsOf(x, 'approve');
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ Actor: MAX, Method: 'sidebar', Comment: 'ok by me' });
    const req = x.t.as(OLGA, () => getRequest(x.t.ctx(), x.id))!;
    expect(req.revision).toBe(r.revision);
    expect(req.approval?.pending ?? []).not.toContain(MAX); // the manager step is decided; the next one waits on others
    // The step moved on: approving again is refused by the web app's checks and changes nothing.
    const again = x.errorAs(MAX, panel.actOn, { requestId: x.id, expectedRevision: r.revision, action: { type: 'approve' } });
    // He may still open it (he decided on it), but nothing on it waits on him now.
    expect(again.message).toBe(`Nothing on request ${x.id} waits on max@acme.test.`);
    expect(decisionsOf(x, 'approve')).toHaveLength(1);
  });

  it('a reject without the required comment is refused by the web app, nothing changes', () => {
    const x = world();
    const err = x.errorAs(MAX, panel.actOn, { requestId: x.id, expectedRevision: x.revision, action: { type: 'reject' } });
    expect(err.message).toMatch(/comment is required/i);
    expect(decisionsOf(x, 'reject')).toEqual([]);
    expect(x.t.as(OLGA, () => getRequest(x.t.ctx(), x.id))!.revision).toBe(x.revision);
  });

  it('the requester cancels their own request from the sidebar (method sidebar); someone else cannot', () => {
    const x = world();
    const notMine = x.errorAs(MAX, panel.actOn, {
      requestId: x.id,
      expectedRevision: x.revision,
      action: { type: 'cancel', reason: 'no' },
    });
    expect(notMine.message).toMatch(/not allowed|may not|cannot|not one of yours|Nothing/i);
    expect(decisionsOf(x, 'cancel')).toEqual([]);
    const r = x.asThemself<{ state: string; via: string }>(RITA, panel.actOn, {
      requestId: x.id,
      expectedRevision: x.revision,
      action: { type: 'cancel', reason: 'bought one myself' },
    });
    expect(r.via).toBe('web_app');
    expect(r.state).toBe('cancelled');
    expect(decisionsOf(x, 'cancel')[0]).toMatchObject({ Actor: RITA, Method: 'sidebar', Reason: 'bought one myself' });
  });

  it('an operator still writes directly (method session, no fetch)', () => {
    const x = world();
    x.t.sheet.write('Directory', 'A4', [[MAX, 'Max Manager', 'manager, operator', '', '', '', '', '', '']]);
    const before = x.w.urlfetch.log().length;
    // Max is now an operator in the Directory (the execution runs as the owner here: protections are not re-synced).
    const r = x.t.as(MAX, () => panel.actOn(x.t.ctx(), { requestId: x.id, expectedRevision: x.revision, action: { type: 'approve' } }));
    expect(r.via).toBe('sheet');
    expect(x.w.urlfetch.log().length).toBe(before);
    expect(decisionsOf(x, 'approve')[0]).toMatchObject({ Actor: MAX, Method: 'session' });
  });
});

describe('sidebar tokens at the web app', () => {
  const post = (x: World, t: string, comment = '') => JSON.parse(x.w.webapp.post(`${x.w.webapp.url()}?api=card`, { t, comment }).body);
  const mint = (x: World, claims: Omit<Parameters<typeof signCardToken>[1], 'now'>) =>
    x.w.kernel.meter.unmetered(() => signCardToken(x.t.services, { ...claims, now: x.w.kernel.clock.now() })!);

  it('a token minted for one user cannot decide for another approver (wrong user), and is refused when replayed', () => {
    const x = world();
    const req = x.t.as(OLGA, () => getRequest(x.t.ctx(), x.id))!;
    const step = { stepId: req.approval!.stepId, round: req.approval!.round };
    // Rita's token naming Max as the approver: the web app checks the token's user against the approver.
    const forged = mint(x, { requestId: x.id, user: RITA, op: 'approve', via: 'sidebar', ...step, approver: MAX });
    const a = post(x, forged);
    expect(a).toMatchObject({ ok: false, code: 'wrong_user' });
    expect(decisionsOf(x, 'approve')).toEqual([]);

    const good = mint(x, { requestId: x.id, user: MAX, op: 'approve', via: 'sidebar', ...step, approver: MAX });
    expect(post(x, good)).toMatchObject({ ok: true });
    expect(post(x, good)).toMatchObject({ ok: false, code: 'replayed' });
    expect(decisionsOf(x, 'approve')).toHaveLength(1);
    expect(decisionsOf(x, 'approve')[0]).toMatchObject({ Method: 'sidebar' });
  });

  it('a cancel token for someone who is not the requester is refused by the engine', () => {
    const x = world();
    const t = mint(x, { requestId: x.id, user: MAX, op: 'cancel', via: 'sidebar', revision: x.revision });
    const r = post(x, t, 'because');
    expect(r).toMatchObject({ ok: false, code: 'refused' });
    expect(decisionsOf(x, 'cancel')).toEqual([]);
  });

  it('the Gmail card cannot sign or carry a sidebar-only op; a card token is recorded as gmail_addon', () => {
    const x = world();
    expect(() => mint(x, { requestId: x.id, user: RITA, op: 'cancel', revision: 1 })).toThrow(/cannot sign/);
    const v = verifyCardToken(x.t.services, mint(x, { requestId: x.id, user: MAX, op: 'view' }), x.w.kernel.clock.now());
    expect(v.ok && v.claims.via).toBe('gmail');
  });

  it('a create token names a workflow and no request; the fields must be exactly the ones it was signed for', () => {
    const x = world();
    const fields = { item: 'Chair', amount: 80, costCenter: 'Engineering', justification: 'back' };
    const digest = x.w.kernel.meter.unmetered(() => fieldsDigest(x.t.services, fields));
    const t = (extra: Record<string, unknown> = {}) =>
      mint(x, { requestId: '', user: RITA, op: 'create', via: 'sidebar', workflowId: 'purchase-approval', digest, ...extra });
    const postFields = (token: string, f: unknown) =>
      JSON.parse(
        x.w.webapp.post(`${x.w.webapp.url()}?api=card`, { t: token, comment: '', fields: typeof f === 'string' ? f : JSON.stringify(f) })
          .body,
      );
    // Without the fields, with other values, with a field added: refused, nothing created.
    expect(post(x, t())).toMatchObject({ ok: false, code: 'invalid', message: expect.stringMatching(/did not arrive/) });
    expect(postFields(t(), { ...fields, amount: 1 })).toMatchObject({
      ok: false,
      message: expect.stringMatching(/not the ones this change was signed for/),
    });
    expect(postFields(t(), { ...fields, extra: 'x' })).toMatchObject({ ok: false });
    expect(postFields(t(), '{not json')).toMatchObject({ ok: false, message: expect.stringMatching(/could not be read/) });
    // A create token naming a request is not a valid token at all.
    expect(postFields(t({ requestId: x.id }), fields)).toMatchObject({ ok: false, code: 'invalid' });
    expect(auditRows(x.t).filter((r) => r.Action === 'create')).toHaveLength(1);
    // The same values, in another key order: the canonical text has the same digest.
    const reordered = Object.fromEntries(Object.entries(fields).reverse());
    const ok = postFields(t(), reordered);
    expect(ok).toMatchObject({ ok: true, request: { requester: RITA, fields: { item: 'Chair', amount: 80 } } });
    expect(
      auditRows(x.t)
        .filter((r) => r.Action === 'create')
        .map((r) => [r.Actor, r.Method]),
    ).toEqual([
      [RITA, 'session'],
      [RITA, 'sidebar'],
    ]);
    expect(fieldsText(reordered)).toBe(fieldsText(fields));
  });

  it('a cancel carries no fields; a token without a digest refuses fields sent beside it', () => {
    const x = world();
    const cancel = mint(x, { requestId: x.id, user: RITA, op: 'cancel', via: 'sidebar', revision: x.revision });
    const r = JSON.parse(
      x.w.webapp.post(`${x.w.webapp.url()}?api=card`, { t: cancel, comment: 'dup', fields: JSON.stringify({ item: 'Yacht' }) }).body,
    );
    expect(r).toMatchObject({ ok: false, message: expect.stringMatching(/not the ones this change was signed for/) });
    expect(decisionsOf(x, 'cancel')).toEqual([]);
  });
});

/**
 * The public request functions (handoffCreateRequest, handoffApplyAction, handoffGetRequest) through dist/Code.js, in
 * the sidebar's default mode (the execution runs as the person): reads only for people the request concerns, one
 * sentence for bad arguments, a create for someone who may not write the sheet goes through the web app (its fields
 * bound into the token), a refused create uses no request number, and refusals that cannot be written to Audit by
 * the person are parked and written by the timer's next run, within a bounded property.
 */
import { auditView } from '../support/audit-view';
import { allowedByManifest } from './url-allowlist';
import { purchaseApproval } from '../../src/templates';
import { PEOPLE, MAX, FAY, RITA, laptop } from '../unit/gas/fixtures';
import { OWNER } from '../unit/gas/workspace';
import { loadBundle, type CallOptions, type Harness } from './harness';

const SAM = 'sam@acme.test';
const sidebar = (who: string): CallOptions => ({ as: who, runAs: who });

function world(opts: { webApp?: boolean } = {}): Harness {
  const h = loadBundle(OWNER, { reuseContext: true });
  h.call('handoffSetUp');
  h.sheet.write('Directory', 'A3', [...PEOPLE, [SAM, 'Sam Sales', '', MAX, '', '', '', '', '']]);
  h.call('handoffPublishWorkflow', [purchaseApproval]);
  if (opts.webApp !== false) h.ws.webapp.deploy({ access: 'ANYONE_ANONYMOUS' });
  for (const who of [RITA, SAM, MAX, FAY]) h.ws.sheets.get(h.spreadsheetId).share(who, 'editor');
  return h;
}

function column(h: Harness, tab: string, name: string): unknown[] {
  const rows = tab === 'Audit' ? auditView(h.sheet.values(tab)) : h.sheet.values(tab); // through the one parser
  const i = (rows[0] as string[]).indexOf(name);
  return rows.slice(1).map((r) => r[i]);
}

const error = (fn: () => unknown): string => {
  try {
    fn();
  } catch (e) {
    return (e as Error).message;
  }
  throw new Error('expected a refusal');
};

type Created = {
  request: { id: string; requester: string; fields: Record<string, unknown>; revision: number; state: string };
  via: string;
};

describe('handoffCreateRequest from the sidebar of someone who may not write the sheet', () => {
  it('goes through the web app: the person is the requester, the audit says sidebar, the number is the next one', () => {
    const h = world();
    const fetches = h.ws.urlfetch.log().length;
    const r = h.call<Created>('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], sidebar(RITA));
    expect(r.via).toBe('web_app');
    expect(r.request).toMatchObject({ id: 'PR-000001', requester: RITA, revision: 1, fields: { item: 'Laptop', amount: 1200 } });
    expect(
      h.ws.urlfetch
        .log()
        .slice(fetches)
        .map((f) => [f.user, f.status, allowedByManifest(f.url)]),
    ).toEqual([[RITA, 200, true]]);
    expect(column(h, 'Requests', 'ID')).toEqual(['PR-000001']);
    const actions = column(h, 'Audit', 'Action');
    const methods = column(h, 'Audit', 'Method');
    expect(methods[actions.indexOf('create')]).toBe('sidebar');
    expect(column(h, 'Audit', 'Actor')[actions.indexOf('create')]).toBe(RITA);
    // She may read her own request back.
    expect(h.call<{ id: string }>('handoffGetRequest', ['PR-000001'], sidebar(RITA)).id).toBe('PR-000001');
  });

  it('says plainly when the web app is not deployed, and uses no number', () => {
    const h = world({ webApp: false });
    expect(error(() => h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], sidebar(RITA)))).toMatch(
      /which is not deployed\. Nothing was changed\. Use the workflow's form, or ask a Handoff operator\./,
    );
    expect(h.call<Created>('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: RITA }).request.id).toBe(
      'PR-000001',
    );
  });

  it("refuses values swapped on the way: the token carries the fields' digest", () => {
    const h = world();
    // Tamper with the POST the sidebar sends: same token, other fields.
    const real = h.ws.globals.UrlFetchApp as GoogleAppsScript.URL_Fetch.UrlFetchApp;
    (h.context as unknown as Record<string, unknown>).UrlFetchApp = {
      fetch: (url: string, o: { payload: Record<string, string> }) =>
        real.fetch(url, { ...o, payload: { ...o.payload, fields: JSON.stringify({ ...laptop, amount: 1 }) } } as never),
    };
    expect(error(() => h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], sidebar(RITA)))).toMatch(
      /not the ones this change was signed for\. Nothing was changed\./,
    );
    expect(column(h, 'Requests', 'ID')).toEqual([]);
  });
});

describe('a refused create uses no request number', () => {
  it('three refusals, then a success: PR-000001, no gap', () => {
    const h = world({ webApp: false });
    // 1. the sheet refuses the write: Fay was made an operator in the Directory, but set-up has not re-synced the
    //    protections, so her sidebar (running as her) writes directly and is refused;
    const rows = h.sheet.values('Directory');
    const fayRow = rows.findIndex((r) => r[0] === FAY) + 1;
    h.sheet.write('Directory', `C${fayRow}`, [['finance, operator']]);
    expect(error(() => h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], sidebar(FAY)))).toMatch(
      /may not edit the protected "Audit" tab, so nothing was changed/,
    );
    // 2. a version that was never published;
    expect(
      error(() => h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', version: 7, fields: laptop }], { as: RITA })),
    ).toBe('Workflow "purchase-approval" has no published version 7.');
    // 3. arguments that are not valid.
    expect(error(() => h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: 'Chair' }], { as: RITA }))).toMatch(
      /^Please check "Fields": .*Nothing was changed\.$/,
    );
    expect(column(h, 'Requests', 'ID')).toEqual([]);
    const r = h.call<Created>('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: RITA });
    expect(r.request.id).toBe('PR-000001');
    expect(h.call<Created>('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: RITA }).request.id).toBe(
      'PR-000002',
    );
  });
});

describe('handoffGetRequest and handoffApplyAction check the caller like the panel', () => {
  it("a requester cannot read another person's request; its requester, its approver and an admin can", () => {
    const h = world();
    h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: SAM });
    expect(error(() => h.call('handoffGetRequest', ['PR-000001'], sidebar(RITA)))).toBe(
      'Request PR-000001 was not found, or it is not one of yours.',
    );
    expect(error(() => h.call('handoffGetRequest', ['PR-000009'], sidebar(RITA)))).toBe(
      'Request PR-000009 was not found, or it is not one of yours.',
    );
    for (const who of [SAM, MAX, OWNER])
      expect(h.call<{ id: string }>('handoffGetRequest', ['PR-000001'], sidebar(who)).id).toBe('PR-000001');
  });

  it('bad arguments get one sentence naming the field, never a validator dump', () => {
    const h = world();
    h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: SAM });
    const cases: Array<[string, unknown[], RegExp]> = [
      ['handoffGetRequest', [42], /^Please check "Request": .*Nothing was changed\.$/],
      ['handoffGetRequest', [], /^Please check "Request": /],
      [
        'handoffApplyAction',
        [{ requestId: 'PR-000001', expectedRevision: 'one', action: { type: 'approve' } }],
        /^Please check "Revision": /,
      ],
      ['handoffApplyAction', [{ requestId: 'PR-000001', expectedRevision: 1, action: { type: 'cancel' } }], /^Please check "Reason": /],
      ['handoffApplyAction', [{ requestId: 'PR-000001', expectedRevision: 1, action: { type: 'fly' } }], /^Please check "Action": /],
      ['handoffCreateRequest', [{ workflowId: '', fields: {} }], /^Please check "Workflow": /],
      [
        'handoffCreateRequest',
        [{ workflowId: 'purchase-approval', fields: laptop, requester: RITA }],
        /^Please check the form: .*requester/,
      ],
    ];
    for (const [fn, args, want] of cases) {
      const m = error(() => h.call(fn, args, sidebar(RITA)));
      expect(m).toMatch(want);
      expect(m).not.toMatch(/ZodError|"code"|\[\{/);
    }
  });

  it("an approver's decision through handoffApplyAction from the sidebar lands through the web app and answers the request", () => {
    const h = world();
    h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: RITA });
    const r = h.call<Created>(
      'handoffApplyAction',
      [{ requestId: 'PR-000001', expectedRevision: 1, action: { type: 'approve' } }],
      sidebar(MAX),
    );
    expect(r.via).toBe('web_app');
    expect(r.request).toMatchObject({ id: 'PR-000001', revision: 2 });
    expect(
      error(() =>
        h.call('handoffApplyAction', [{ requestId: 'PR-000001', expectedRevision: 2, action: { type: 'approve' } }], sidebar(FAY)),
      ),
    ).toMatch(
      /not waiting for a decision from fay@acme\.test|Nothing on request PR-000001 waits on fay@acme\.test|not found, or it is not one of yours/,
    );
  });

  it('a resubmit with corrected fields travels through the relay, bound by its digest; the engine applies it', () => {
    const h = world();
    h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: RITA });
    h.call(
      'handoffApplyAction',
      [{ requestId: 'PR-000001', expectedRevision: 1, action: { type: 'request_changes', comment: 'Cheaper' } }],
      {
        as: MAX,
      },
    );
    const r = h.call<Created>(
      'handoffApplyAction',
      [{ requestId: 'PR-000001', expectedRevision: 2, action: { type: 'resubmit', fields: { amount: '900' } } }],
      sidebar(RITA),
    );
    expect(r.via).toBe('web_app');
    expect(r.request.fields.amount).toBe(900);
    expect(r.request.revision).toBe(3);
  });
});

describe('refusals of people who may not write Audit', () => {
  const refusedRows = (h: Harness) => {
    const rows = auditView(h.sheet.values('Audit'));
    const head = rows[0] as string[];
    return rows
      .slice(1)
      .filter((r) => r[head.indexOf('Action')] === 'refused')
      .map((r) => ({ actor: r[head.indexOf('Actor')], name: r[head.indexOf('Name')], reason: String(r[head.indexOf('Reason')]) }));
  };
  const parked = (h: Harness) =>
    h.ws.kernel.meter.unmetered(() => {
      const all = h.services.PropertiesService.getScriptProperties().getProperties();
      return Object.entries(all).find(([k]) => k.endsWith(':refusals'))?.[1] ?? null;
    });

  it("are parked (the person's sidebar cannot write Audit) and written by the timer's next run, at the time they happened", () => {
    const h = world();
    h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: SAM });
    const when = h.ws.kernel.clock.now();
    expect(() => h.call('handoffGetRequest', ['PR-000001'], sidebar(RITA))).toThrow(/not one of yours/);
    expect(() => h.call('handoffSetUp', [], sidebar(RITA))).toThrow(/Only the spreadsheet owner/);
    expect(() => h.call('handoffTimerRun', [], sidebar(FAY))).toThrow(/Only Handoff's own timer runs handoffTimerRun/);
    expect(refusedRows(h)).toEqual([]);
    expect(parked(h)).not.toBeNull();
    h.ws.kernel.clock.advance(60_000);
    h.call('handoffTimerRun', [], { as: OWNER });
    expect(parked(h)).toBeNull();
    expect(refusedRows(h)).toEqual([
      { actor: RITA, name: 'handoffGetRequest', reason: 'Request PR-000001 was not found, or it is not one of yours.' },
      { actor: RITA, name: 'handoffSetUp', reason: 'Only the spreadsheet owner and Handoff admins can do this.' },
      { actor: FAY, name: 'handoffTimerRun', reason: expect.stringMatching(/fay@acme\.test may not run it/) },
    ]);
    // The last three request-less rows but a run's record of its mail (outbox_sent) are the refusals.
    const actions = column(h, 'Audit', 'Action');
    const at = (column(h, 'Audit', 'At') as Date[]).filter((_, i) => actions[i] !== 'outbox_sent').slice(-3);
    for (const d of at) expect(d.getTime()).toBe(when);
    expect(h.call<{ ok: boolean }>('handoffPanelVerifyAudit', [{}], { as: OWNER }).ok).toBe(true);
    // A second run writes nothing again.
    h.call('handoffTimerRun', [], { as: OWNER });
    expect(refusedRows(h)).toHaveLength(3);
  });

  it('a flood stays within one property of at most 9 KB; the timer writes the first ones and one row counting the rest', () => {
    const h = world();
    const N = 400;
    for (let i = 0; i < N; i++) expect(() => h.call('handoffPanelListRequests', [{}], sidebar(i % 2 ? RITA : FAY))).toThrow(/operators/);
    const text = parked(h) as string;
    expect(Buffer.byteLength(text, 'utf8')).toBeLessThanOrEqual(9216);
    const totalProps = h.ws.kernel.meter.unmetered(() =>
      Object.entries(h.services.PropertiesService.getScriptProperties().getProperties()).reduce(
        (n, [k, v]) => n + Buffer.byteLength(k + v, 'utf8'),
        0,
      ),
    );
    expect(totalProps).toBeLessThan(20_000);
    h.call('handoffTimerRun', [], { as: OWNER });
    const rows = refusedRows(h);
    const single = rows.filter((r) => r.name === 'handoffPanelListRequests');
    const summary = rows.filter((r) => r.name === 'refusals');
    expect(single.length).toBeGreaterThan(5);
    expect(summary).toHaveLength(1);
    const counted = [...(summary[0]?.reason ?? '').matchAll(/×(\d+)/g)].reduce((n, m) => n + Number(m[1]), 0);
    expect(single.length + counted).toBe(N);
    expect(summary[0]?.reason).toMatch(
      /rita@acme\.test handoffPanelListRequests ×\d+; fay@acme\.test handoffPanelListRequests ×\d+|fay@acme\.test handoffPanelListRequests ×\d+; rita@acme\.test handoffPanelListRequests ×\d+/,
    );
  });
});

/** The panel through dist/Code.js: every panel entry point as each role (the result crosses as JSON), the menu, onEdit, Verify. */
import { alteredDetails, auditView } from '../support/audit-view';
import { allowedByManifest } from './url-allowlist';
import { purchaseApproval } from '../../src/templates';
import { PEOPLE, RITA, MAX, FAY, laptop } from '../unit/gas/fixtures';
import { OWNER } from '../unit/gas/workspace';
import { loadBundle, type Harness } from './harness';

const OLGA = 'olga@acme.test';
const ROLES = { requester: RITA, approver: MAX, operator: OLGA, admin: OWNER } as const;
type Role = keyof typeof ROLES;

function governed(): Harness {
  const h = loadBundle(OWNER);
  h.call('handoffSetUp');
  h.sheet.write('Directory', 'A3', [...PEOPLE, [OLGA, 'Olga Operator', 'operator', '', '', '', '', '', '']]);
  h.call('handoffPublishWorkflow', [purchaseApproval]);
  h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: RITA });
  return h;
}

const ALL: Role[] = ['requester', 'approver', 'operator', 'admin'];
const OPS: Role[] = ['operator', 'admin'];
const ENTRIES: Array<[string, Role[], unknown]> = [
  ['handoffPanelWhoAmI', ALL, {}],
  ['handoffPanelMyWork', ALL, {}],
  ['handoffPanelGetRequest', ALL, { requestId: 'PR-000001' }],
  ['handoffPanelListRequests', OPS, { limit: 5 }],
  ['handoffPanelExportRequests', OPS, { workflow: 'purchase-approval' }],
  ['handoffPanelMetrics', OPS, {}],
  ['handoffPanelResend', OPS, { requestId: 'PR-000001', reason: 'nudge' }],
  ['handoffPanelBulk', OPS, { requestIds: ['PR-000001'], op: 'remind', reason: 'nudge' }],
  ['handoffPanelWorkflows', ['admin'], {}],
  ['handoffPanelTemplates', ['admin'], {}],
  ['handoffPanelValidateWorkflow', ['admin'], { definition: purchaseApproval }],
  ['handoffPanelPublishWorkflow', ['admin'], { definition: { ...purchaseApproval, name: 'v2' } }],
  ['handoffPanelDirectory', ['admin'], {}],
  ['handoffPanelSavePerson', ['admin'], { email: 'new@acme.test', name: 'New', roles: [] }],
  ['handoffPanelSettings', ['admin'], {}],
  ['handoffPanelAutomation', ['admin'], {}],
  ['handoffPanelSetAutomation', ['admin'], { paused: false }],
  ['handoffPanelUndelivered', ['admin'], {}],
  ['handoffPanelRetryUndelivered', ['admin'], { ids: ['none'] }],
  ['handoffPanelSaveSettings', ['admin'], { tokenExpiryDays: 5, identityMode: 'link', digestHour: 6, dispatcherMinutes: 30 }],
  ['handoffPanelVerifyAudit', ['admin'], {}],
  ['handoffPanelTriggers', ['admin'], {}],
];

describe('panel entry points in dist/Code.js', () => {
  it('are top-level functions', () => {
    const h = loadBundle(OWNER);
    for (const [fn] of ENTRIES) expect(typeof h.context[fn]).toBe('function');
    expect(typeof h.context.handoffOnEdit).toBe('function');
  });

  for (const [fn, allowed, args] of ENTRIES) {
    it(`${fn}: serves ${allowed.join(', ')}; refuses the others with an audit row`, () => {
      const h = governed();
      for (const role of ALL) {
        const who = ROLES[role];
        const auditBefore = auditView(h.sheet.values('Audit')).length;
        if (allowed.includes(role)) {
          expect(() => h.call(fn, [args], { as: who, kind: 'web-app' })).not.toThrow();
        } else {
          expect(() => h.call(fn, [args], { as: who, kind: 'web-app' })).toThrow(/Only Handoff (operators|admins) can do this/);
          const audit = auditView(h.sheet.values('Audit'));
          expect(audit.length).toBe(auditBefore + 1);
          const head = audit[0]!;
          const last = audit[audit.length - 1]!;
          expect([last[head.indexOf('Action')], last[head.indexOf('Actor')], last[head.indexOf('Name')]]).toEqual(['refused', who, fn]);
        }
      }
    });
  }

  it('a person the request does not concern cannot read it', () => {
    const h = governed();
    expect(() => h.call('handoffPanelGetRequest', [{ requestId: 'PR-000001' }], { as: FAY })).toThrow(
      /not found, or it is not one of yours/,
    );
  });
});

describe('menu, on-edit and verify through dist/Code.js', () => {
  it('onOpen shows the full Handoff menu; a requester sees only what they may use', () => {
    const h = governed();
    h.call('onOpen', [{ authMode: 'NONE' }], { kind: 'simple-trigger' });
    const labels = (m: ReturnType<Harness['menus']>[number]) => m.entries.map((e) => e.caption);
    const wanted = [
      'Open panel',
      'Set up / repair',
      'Workflows',
      'Link a form',
      'Triggers',
      'Metrics',
      'Pause / resume automation',
      'Verify audit log',
      'Help',
    ];
    const got = labels(h.menus()[0]!);
    // Other features add their own items; the panel's are all there, in this order.
    expect(got.filter((l) => wanted.includes(l!))).toEqual(wanted);
    const workflows = h.menus()[0]!.entries.find((e) => e.caption === 'Workflows') as unknown as { entries: Array<{ caption: string }> };
    expect(workflows.entries.map((e) => e.caption)).toEqual([
      'List and edit',
      'Validate published workflows',
      'Publish a new version',
      'Start from a template',
    ]);
    for (const e of h.menus()[0]!.entries) if (e.kind === 'item') expect(typeof h.context[e.functionName!]).toBe('function');
    h.call('onOpen', [{ authMode: 'LIMITED' }], { as: RITA, kind: 'simple-trigger' });
    expect(labels(h.menus()[0]!)).toEqual(['Open panel', 'Help']);
  });

  it('menu items refuse a requester with a clear message', () => {
    const h = governed();
    expect(h.call('handoffMenuVerifyAudit', [], { as: RITA })).toMatch(/Only Handoff admins/);
    expect(h.call('handoffMenuVerifyAudit', [], { as: OWNER })).toMatch(/intact/);
  });

  it('Pause / resume automation toggles the timers (the timers command, called directly)', () => {
    const h = governed();
    expect(h.call('handoffMenuPauseResume', [], { as: OWNER })).toMatch(/^Automation is paused/);
    expect(h.call('handoffMenuPauseResume', [], { as: OWNER })).toMatch(/^Automation resumed/);
    expect(h.call('handoffMenuPauseResume', [], { as: RITA })).toMatch(/Only Handoff admins/);
  });

  it('Triggers > Install installs the on-edit trigger once; a hand edit is then reverted', () => {
    const h = governed();
    const first = h.call('handoffMenuInstallTriggers', [], { as: OWNER });
    expect(first).toMatch(/Installed the on-edit trigger/);
    expect(first).toMatch(/^(Installed|Found) the timer|The timer was already installed/m);
    expect(h.call('handoffMenuInstallTriggers', [], { as: OWNER })).toMatch(/already installed[\s\S]*The timer was already installed/);
    const head = h.sheet.values('Requests')[0]!;
    const col = String.fromCharCode(65 + head.indexOf('State'));
    h.sheet.write('Requests', `${col}2`, [['ordered']]);
    const range = h.ws.kernel.meter.unmetered(() =>
      h.services.SpreadsheetApp.openById(h.spreadsheetId).getSheetByName('Requests')!.getRange(`${col}2`),
    );
    const out = h.ws.kernel.executions.run({ activeUser: OWNER, effectiveUser: OWNER, kind: 'installable-trigger' }, () =>
      (h.context.handoffOnEdit as (e: unknown) => { kind: string })({
        range,
        user: { getEmail: () => RITA },
        value: 'ordered',
        oldValue: 'approval',
      }),
    );
    expect(out.kind).toBe('reverted');
    expect(h.sheet.values('Requests')[1]![head.indexOf('State')]).toBe('approval');
  });

  it('Verify audit log names the tampered row', () => {
    const h = governed();
    h.call('handoffApplyAction', [{ requestId: 'PR-000001', expectedRevision: 1, action: { type: 'approve', comment: 'ok' } }], {
      as: MAX,
    });
    const [head, , row3] = h.sheet.values('Audit');
    const col = head!.indexOf('Details'); // the actor is a field of the row's Details JSON
    h.sheet.write('Audit', `${String.fromCharCode(65 + col)}3`, [[alteredDetails(row3![col], 'actor', 'mallory@acme.test')]]);
    const r = h.call<{ ok: boolean; firstBadRow: number; message: string }>('handoffPanelVerifyAudit', [{}], { as: OWNER });
    expect(r).toMatchObject({ ok: false, firstBadRow: 3 });
    expect(h.call('handoffMenuVerifyAudit', [], { as: OWNER })).toMatch(/row 3 of the Audit tab/);
  });
});

describe('an approver who is not an operator, in the sidebar (runs as themself), through dist/Code.js', () => {
  it('approves from My work: the web app records it (method sidebar); the same call again changes nothing', () => {
    const h = governed();
    // UrlFetchApp carries no sign-in: the web app must accept anyone (docs/deploy.md, as for the Gmail card).
    h.ws.webapp.deploy({ access: 'ANYONE_ANONYMOUS' });
    h.ws.sheets.get(h.spreadsheetId).share(MAX, 'editor');
    const asMax = { as: MAX, runAs: MAX, kind: 'script-run' as const };
    const work = h.call<{ items: Array<{ id: string; why: string; revision: number }> }>('handoffPanelMyWork', [{}], asMax);
    const item = work.items.find((i) => i.id === 'PR-000001')!;
    expect(item.why).toBe('approve');
    const fetches = h.ws.urlfetch.log().length;
    const r = h.call<{ id: string; revision: number; via: string }>(
      'handoffPanelAct',
      [{ requestId: item.id, expectedRevision: item.revision, action: { type: 'approve' } }],
      asMax,
    );
    expect(r).toMatchObject({ id: 'PR-000001', revision: item.revision + 1, via: 'web_app' });
    expect(
      h.ws.urlfetch
        .log()
        .slice(fetches)
        .map((f) => [f.user, f.status, allowedByManifest(f.url)]),
    ).toEqual([[MAX, 200, true]]);
    const audit = auditView(h.sheet.values('Audit'));
    const head = audit[0] as string[];
    const approvals = audit.slice(1).filter((row) => row[head.indexOf('Action')] === 'approve');
    expect(approvals.map((row) => [row[head.indexOf('Actor')], row[head.indexOf('Method')]])).toEqual([[MAX, 'sidebar']]);
    expect(() =>
      h.call('handoffPanelAct', [{ requestId: item.id, expectedRevision: r.revision, action: { type: 'approve' } }], asMax),
    ).toThrow();
    expect(
      auditView(h.sheet.values('Audit'))
        .slice(1)
        .filter((row) => row[head.indexOf('Action')] === 'approve'),
    ).toHaveLength(1);
    expect(h.call<{ ok: boolean }>('handoffPanelVerifyAudit', [{}], { as: OWNER }).ok).toBe(true);
  });
});

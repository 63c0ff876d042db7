/**
 * What the entry points cost on the local Workspace's meter, through dist/Code.js, with the script cache expired (a
 * next-day user): counts of calls, not timings (npm run bench turns them into seconds).
 *   - a form submission: the response's getters and each answer's item id and value (no Form call), then one unit
 *     of work: one property read, one lock, one batchGet, one batchUpdate, one property write (with the trigger's
 *     heartbeat), and no cache call;
 *   - a create from the sidebar: the caller's roles from the unit's own read: one batchGet, one batchUpdate;
 *   - a requester's status page: one unit without the lock (the row by its Index entry, the request's Audit rows by
 *     one TextFinder search), the same cells read with 1 or 41 requests in the log;
 *   - a change relayed to the web app (a requester's sidebar, the Gmail card): one unit of work there; the card's
 *     buttons carry the request's row, so its decision reads once.
 */
import { readFileSync } from 'node:fs';
import { purchaseApproval } from '../../src/templates';
import { loadScript } from '../../src/local/runtime';
import type { Workspace } from '../../src/local/workspace';
import { OWNER, testWorkspace } from '../unit/gas/workspace';
import { CODE_PATH } from './harness';

const RITA = 'rita@acme.test';
const MAX = 'max@acme.test';
const OPS = 'ops@acme.test';
const CODE = readFileSync(CODE_PATH, 'utf8');

function world() {
  const t = testWorkspace(OWNER);
  const w = t.ws as Workspace;
  const script = loadScript(w, CODE, 'Code.js');
  w.webapp.deploy();
  const run = <T>(fn: string, args: unknown[] = [], as = OWNER) =>
    script.call(fn, args, { activeUser: as, effectiveUser: as, kind: 'script-run' }) as T;
  run('handoffSetUp');
  t.sheet.write('Directory', 'A3', [
    [RITA, 'Rita Requester', '', MAX, '', '', '', '', ''],
    [MAX, 'Max Manager', 'manager', '', '', '', '', '', ''],
    [OPS, 'Olga Operator', 'operator', '', '', '', '', '', ''],
  ]);
  w.sheets.get(t.spreadsheetId).share(OPS);
  run('handoffSetUp');
  run('handoffPublishWorkflow', [purchaseApproval]);
  w.ui.answerPrompt('new');
  w.ui.answerPrompt('purchase-approval');
  run('handoffLinkForm');
  const formId = w.forms.list().at(-1)!.id;
  const expire = () => w.kernel.meter.unmetered(() => w.caches.caches.clear());
  const calls = (fn: () => void) => w.kernel.measure(fn).cost.calls;
  return { t, w, script, run, formId, expire, calls };
}

const answers = (item: string) => ({ Item: item, Amount: '250', 'Cost centre': 'Operations', Justification: 'needed' });
const sum = (c: Record<string, number>, re: RegExp) =>
  Object.entries(c)
    .filter(([k]) => re.test(k))
    .reduce((n, [, v]) => n + v, 0);

describe('the entry points on a cold cache (dist/Code.js)', () => {
  jest.setTimeout(120_000);

  it('a form submission: the response read from the event, then one property read, one lock, one batchGet, one batchUpdate and one property write', () => {
    const x = world();
    x.w.forms.submitAs(x.formId, RITA, answers('First')); // the intake tabs exist, the plane's schema is stored
    x.expire();
    let runs: Array<{ ok: unknown; result?: unknown }> = [];
    const c = x.calls(() => {
      runs = x.w.forms.submitAs(x.formId, RITA, answers('Stapler')).runs;
    });
    expect(runs.map((r) => [r.ok, (r.result as { status: string }).status])).toEqual([[true, 'created']]);
    expect(c['Sheets.Spreadsheets.Values.batchGet']).toBe(1);
    expect(c['Sheets.Spreadsheets.batchUpdate']).toBe(1);
    expect(c['Properties.getProperties']).toBe(1);
    expect(sum(c, /^Properties\.(setProperty|setProperties)$/)).toBe(1); // the unit's write carries the heartbeat
    expect(c['Lock.waitLock']).toBe(1);
    expect(sum(c, /^(Cache|CacheService)\./)).toBe(0); // Config and Directory rode in the batchGet
    // The response from the event: no Form call (200 ms each), its five getters, every listed answer's value, and
    // the item id of the four answered; the four blank questions (Vendor, Needed by, Quote, PO number: text and date
    // items, which Forms lists unanswered) are placed by the link's listing, not read. Titles come from the mapping.
    expect(sum(c, /^(Form|FormApp)\./)).toBe(0);
    expect(sum(c, /^FormResponse\./)).toBe(5);
    expect(c['ItemResponse.getResponse']).toBe(8);
    expect(c['ItemResponse.getItem']).toBe(4);
    expect(c['Item.getId']).toBe(4);
    expect((c['Item.getTitle'] ?? 0) + (c['Item.getType'] ?? 0)).toBe(0);
    expect(sum(c, /^(SpreadsheetApp|Spreadsheet|Sheet|Range|TextFinder)\./)).toBe(0);
    // The heartbeat landed: the health record says the trigger ran and took this response.
    const props = x.w.kernel.meter.unmetered(() => x.t.services.PropertiesService.getScriptProperties().getProperties());
    const beat = Object.entries(props).find(([k]) => k.endsWith(`health:form:${x.formId}`));
    expect(beat).toBeDefined();
    expect((JSON.parse(beat![1]) as { recent: Array<[string, number]> }).recent).toHaveLength(2);
  });

  it('a create from the sidebar: the caller is checked against the Directory the unit reads, one batchGet and one batchUpdate', () => {
    const x = world();
    x.run(
      'handoffCreateRequest',
      [{ workflowId: 'purchase-approval', fields: { item: 'A', amount: 1, costCenter: 'Ops', justification: 'x' } }],
      OPS,
    );
    x.expire();
    let made: { via: string; request: { id: string } } | null = null;
    const c = x.calls(() => {
      made = x.run(
        'handoffCreateRequest',
        [{ workflowId: 'purchase-approval', fields: { item: 'B', amount: 2, costCenter: 'Ops', justification: 'y' } }],
        OPS,
      );
    });
    expect(made).toMatchObject({ via: 'sheet', request: { id: 'PR-000002' } });
    expect(c['Sheets.Spreadsheets.Values.batchGet']).toBe(1);
    expect(c['Sheets.Spreadsheets.batchUpdate']).toBe(1);
    expect(c['Properties.getProperties']).toBe(1);
    expect(sum(c, /^Properties\.(setProperty|setProperties)$/)).toBe(1);
    expect(c['Lock.waitLock']).toBe(1);
    expect(c['Cache.getAll'] ?? 0).toBeLessThanOrEqual(1);
    expect(c['Cache.putAll'] ?? 0).toBe(0);
    expect(sum(c, /^(Sheet|Range|TextFinder)\./)).toBe(0);
  });

  it('a requester who may not write the protected tabs is still relayed to the web app (the check inside the unit)', () => {
    const x = world();
    // docs/deploy.md: the relay goes to a deployment open to "Anyone".
    const relay = x.w.webapp.addDeployment({ executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS', deployer: OWNER });
    x.w.kernel.meter.unmetered(() => x.t.services.PropertiesService.getScriptProperties().setProperty('HANDOFF_CARD_API_URL', relay));
    // Rita may open the spreadsheet but not edit its protected tabs: the sidebar's create goes through the web app.
    x.w.sheets.get(x.t.spreadsheetId).share(RITA, 'viewer');
    let relayed: { via: string } | null = null;
    const c = x.calls(() => {
      relayed = x.run(
        'handoffCreateRequest',
        [{ workflowId: 'purchase-approval', fields: { item: 'C', amount: 3, costCenter: 'Ops', justification: 'z' } }],
        RITA,
      );
    });
    expect(relayed).toMatchObject({ via: 'web_app' });
    expect(c['UrlFetchApp.fetch']).toBe(1);
    expect(
      x.w.sheets
        .get(x.t.spreadsheetId)
        .values('Requests')
        .slice(1)
        .filter((r) => r[0] !== ''),
    ).toHaveLength(1);
  });

  it("a requester's status page: one read without the lock, its Audit rows by one search, flat as the log grows", () => {
    const x = world();
    // Olga asks for something herself, from the sidebar; her receipt (the workflow sends one, she chose immediate
    // delivery) links to the page.
    x.run('handoffPublishWorkflow', [{ ...purchaseApproval, receiptEmail: true }]);
    x.t.sheet.write('Directory', 'A5', [[OPS, 'Olga Operator', 'operator', MAX, '', '', '', '', 'immediate']]);
    x.run(
      'handoffCreateRequest',
      [{ workflowId: 'purchase-approval', fields: { item: 'First', amount: 1, costCenter: 'Ops', justification: 'x' } }],
      OPS,
    );
    x.run('handoffFlushOutbox', [], OWNER);
    const receipt = x.w.mail.inbox(OPS).find((m) => m.subject.startsWith('[PR-000001]'));
    const emailed = /https:\/\/script\.google\.com\/\S+\?status=[^\s"<]+/.exec(receipt?.body ?? '')?.[0] ?? '';
    expect(emailed).toMatch(/&r=2$/); // the row rides along as a hint, checked on read
    const status = (link: string) => {
      x.expire();
      let page: { title?: string | undefined; body: string } = { body: '' };
      const m = x.w.kernel.measure(() => {
        page = x.w.webapp.get(link, { as: OPS });
      });
      return { page, c: m.cost.calls, cellsRead: m.cost.cellsRead };
    };
    const one = status(emailed);
    const title = one.page.title;
    expect(title).toMatch(/^PR-000001: \w/);
    expect(one.page.body).toContain('Submitted by Olga Operator');
    // The row (by its hint), Config and Directory in one read; then the Audit rows the search found, in one more.
    expect(one.c['Sheets.Spreadsheets.Values.batchGet']).toBe(2);
    expect(one.c['TextFinder.findAll']).toBe(1);
    expect(sum(one.c, /^Lock\./)).toBe(0);
    expect(sum(one.c, /^Sheets\.Spreadsheets\.(batchUpdate|Values\.(update|batchUpdate|append))$/)).toBe(0);
    expect(sum(one.c, /^(Sheet|Range)\.(getValues|getSheetValues|getDataRange|getLastRow)$/)).toBe(0); // no column read
    // A link without the hint (or with a stale one) finds the row through its Index entry: one read more.
    const bare = status(emailed.replace(/&r=2$/, ''));
    expect(bare.page.title).toBe(title);
    expect(bare.c['Sheets.Spreadsheets.Values.batchGet']).toBe(3);
    expect(status(emailed.replace(/&r=2$/, '&r=7')).page.title).toBe(title);
    for (let i = 0; i < 40; i++) x.w.forms.submitAs(x.formId, RITA, answers(`Item ${i}`));
    const many = status(emailed);
    expect(many.page.title).toBe(title);
    expect(many.c).toEqual(one.c);
    expect(many.cellsRead).toBe(one.cellsRead);
  });

  it('a create relayed to the web app runs there as one unit of work: one lock, one batchGet, one batchUpdate', () => {
    const x = world();
    const relay = x.w.webapp.addDeployment({ executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS', deployer: OWNER });
    x.w.kernel.meter.unmetered(() => x.t.services.PropertiesService.getScriptProperties().setProperty('HANDOFF_CARD_API_URL', relay));
    x.w.sheets.get(x.t.spreadsheetId).share(RITA, 'viewer');
    const create = (item: string) =>
      x.run<{ via: string }>(
        'handoffCreateRequest',
        [{ workflowId: 'purchase-approval', fields: { item, amount: 3, costCenter: 'Ops', justification: 'z' } }],
        RITA,
      );
    create('warm-up');
    x.expire();
    let relayed: { via: string } | null = null;
    const c = x.calls(() => {
      relayed = create('C');
    });
    expect(relayed).toMatchObject({ via: 'web_app' });
    expect(c['UrlFetchApp.fetch']).toBe(1);
    // The sidebar's own unit (it finds from the Directory that Rita must relay, and lets the lock go), then the web
    // app's: one batchGet each, and the new request shown again from memory.
    expect(c['Lock.waitLock']).toBe(2);
    expect(c['Sheets.Spreadsheets.Values.batchGet']).toBe(2);
    expect(c['Sheets.Spreadsheets.batchUpdate']).toBe(1);
    expect(sum(c, /^(Sheet|Range)\.(getValues|getSheetValues|getDataRange|getLastRow)$/)).toBe(0);
    expect(sum(c, /^(Sheet|Range)\.(setValues|setValue|appendRow|insertRowsAfter)$/)).toBe(0); // no write outside the unit
    expect(sum(c, /^SpreadsheetApp\.flush$/)).toBe(0);
  });

  it("a Gmail card decision: the card's button carries the row, and the web app's unit reads once and writes once", () => {
    const x = world();
    x.w.webapp.deploy({ access: 'ANYONE_ANONYMOUS' }); // the card's UrlFetch carries no sign-in (docs/deploy.md)
    x.t.sheet.write('Directory', 'A4', [[MAX, 'Max Manager', 'manager', '', '', '', '', '', 'immediate']]);
    x.w.forms.submitAs(x.formId, RITA, answers('Card'));
    x.run('handoffFlushOutbox', [], OWNER);
    const msg = x.w.mail.inbox(MAX).find((m) => m.subject.startsWith('[PR-000001]'))!;
    const as = { activeUser: MAX, effectiveUser: MAX, kind: 'addon-card' as const };
    const cards = x.script.call('onGmailMessageOpen', [{ gmail: { messageId: msg.id, accessToken: x.w.mail.accessToken(msg.id) } }], as);
    const buttons = [...JSON.stringify(cards).matchAll(/"parameters":(\{[^}]*\})/g)].map(
      (m) => JSON.parse(m[1]!) as Record<string, string>,
    );
    const approve = buttons.find((b) => b.decision === 'approve')!;
    expect(approve).toMatchObject({ requestId: 'PR-000001', row: '2' });
    x.expire();
    let done: { notification?: { text?: string } } = {};
    const c = x.calls(() => {
      done = JSON.parse(
        JSON.stringify(x.script.call('handoffCardDecide', [{ commonEventObject: { parameters: approve, formInputs: {} } }], as)),
      );
    });
    expect(done.notification?.text).toBe('Recorded: approved by Max Manager.');
    expect(c['UrlFetchApp.fetch']).toBe(1);
    expect(c['Sheets.Spreadsheets.Values.batchGet']).toBe(1);
    expect(c['Sheets.Spreadsheets.batchUpdate']).toBe(1);
    expect(c['Lock.waitLock']).toBe(1);
    expect(sum(c, /^(TextFinder|Range)\./)).toBe(0); // the card after the decision needs no Audit look-up
    // A stale or wrong hint costs the Index look-up, never a wrong request.
    const stale = { ...approve, row: '9', decision: 'reject' };
    const again = JSON.parse(
      JSON.stringify(
        x.script.call(
          'handoffCardDecide',
          [{ commonEventObject: { parameters: stale, formInputs: { comment: { stringInputs: { value: ['late'] } } } } }],
          as,
        ),
      ),
    ) as typeof done;
    expect(again.notification?.text).toMatch(/already decided: approved by Max Manager/);
  });
});

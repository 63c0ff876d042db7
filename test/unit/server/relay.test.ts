/**
 * The sidebar relay in the playground (real dist/Code.js): the seed creates the second web app deployment open to
 * "Anyone" and sets HANDOFF_CARD_API_URL to it (docs/deploy.md), so an approver who is not an operator approves
 * from My work through POST /api/run, and the web app records the method 'sidebar'.
 */
import { auditRecords } from '../../support/audit-view';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Playground } from '../../../src/local/server/playground';
import { CARD_API_URL_PROPERTY } from '../../../src/local/server/seed';
import { postJson, serve, type Running } from './helpers';

const DIST = join(__dirname, '../../../dist');
const built = existsSync(join(DIST, 'Code.js'));
if (!built) console.warn('test/unit/server/relay.test.ts: SKIPPED — dist/Code.js is missing (npm run build)');
const maybe = built ? describe : describe.skip;
const MAX = 'max@acme.test';

function rows(p: Playground, tab: string): Array<Record<string, string>> {
  // Audit through the one parser, as the wide layout's columns (the event's fields sit in one JSON cell).
  if (tab === 'Audit') return auditRecords(p.tab(tab).rows) as Array<Record<string, string>>;
  const [head, ...body] = p.tab(tab).rows;
  return body.filter((r) => r.some((v) => v !== '')).map((r) => Object.fromEntries((head ?? []).map((h, i) => [h, r[i] ?? ''])));
}

maybe('the sidebar relay in the playground', () => {
  jest.setTimeout(120_000);
  let data: string;
  let p: Playground;
  let srv: Running;

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'handoff-relay-'));
    p = await Playground.open({ distDir: DIST, dataDir: data });
    srv = await serve(p);
  });
  afterAll(async () => {
    await srv.close();
    await p.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('the seed made a second deployment open to "Anyone" and pointed HANDOFF_CARD_API_URL at it', () => {
    const deps = p.ws.webapp.deployments();
    expect(deps.map((d) => [d.head, d.access])).toEqual([
      [true, 'ANYONE'],
      [false, 'ANYONE_ANONYMOUS'],
    ]);
    expect(p.webAppUrl()).toBe(deps[0]!.url);
    expect(p.ws.globals.PropertiesService.getScriptProperties().getProperty(CARD_API_URL_PROPERTY)).toBe(deps[1]!.url);
    expect(p.seedLog[0]).toMatch(/second web app deployment/);
  });

  it('Max (an approver, not an operator) approves his pending request from My work via POST /api/run: audited as method sidebar', async () => {
    const work = await postJson(srv.base, '/api/run', { fn: 'handoffPanelMyWork', args: [{}], as: MAX });
    expect(work.json.ok).toBe(true);
    const item = (work.json.result.items as Array<{ id: string; why: string; revision: number }>).find((i) => i.why === 'approve');
    expect(item).toBeDefined();
    const fetches = p.ws.urlfetch.log().length;
    const r = await postJson(srv.base, '/api/run', {
      fn: 'handoffPanelAct',
      args: [{ requestId: item!.id, expectedRevision: item!.revision, action: { type: 'approve', comment: 'fine by me' } }],
      as: MAX,
    });
    expect(r.status).toBe(200);
    expect(r.json).toMatchObject({ ok: true, result: { id: item!.id, via: 'web_app', revision: item!.revision + 1 } });
    const sent = p.ws.urlfetch.log().slice(fetches);
    expect(sent.map((f) => [f.url.split('?')[0], f.status])).toEqual([[p.ws.webapp.deployments()[1]!.url, 200]]);
    const audit = rows(p, 'Audit').filter((a) => a.Actor === MAX && a.Comment === 'fine by me');
    expect(audit).toHaveLength(1);
    expect(audit[0]!.Method).toBe('sidebar');
  });
});

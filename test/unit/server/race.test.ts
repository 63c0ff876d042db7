/**
 * Two approvers press at the same moment, over HTTP, on the seeded demo (the real dist/Code.js): their POSTs to the
 * web app are two executions that really overlap on the worker pool and contend for the lock. Both decisions are
 * kept, the Audit chain stays whole; the same decision sent twice at once is applied once.
 */
import { auditRecords } from '../../support/audit-view';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Playground } from '../../../src/local/server/playground';
import { getJson, postJson, serve, type Running } from './helpers';

const DIST = join(__dirname, '../../../dist');
const built = existsSync(join(DIST, 'Code.js'));
if (!built) console.warn('test/unit/server/race.test.ts: SKIPPED — dist/Code.js is missing (npm run build)');
const maybe = built ? describe : describe.skip;

let data: string;
let p: Playground;
let srv: Running;

function rows(tab: string): Array<Record<string, string>> {
  // Audit through the one parser, as the wide layout's columns (the event's fields sit in one JSON cell).
  if (tab === 'Audit') return auditRecords(p.tab(tab).rows) as Array<Record<string, string>>;
  const [head, ...body] = p.tab(tab).rows;
  return body.filter((r) => r.some((v) => v !== '')).map((r) => Object.fromEntries((head ?? []).map((h, i) => [h, r[i] ?? ''])));
}

/** The confirm page's fields for the approval link in `as`'s email (or digest) about `id` (the GET decides nothing). */
async function confirmFields(as: string, id: string): Promise<Record<string, string>> {
  const m = p.inbox(as).find((x) => x.subject.includes(id) || x.body.includes(id));
  const approve = m && p.actionLinks(m).find((l) => l.label === 'Approve');
  if (!approve) throw new Error(`no Approve link for ${id} in ${as}'s inbox`);
  const page = await postJson(srv.base, '/api/follow', { url: approve.url, method: 'GET', as });
  const fields: Record<string, string> = {};
  for (const f of String(page.json.body).matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[f[1]!] = f[2]!;
  if (!fields.t) throw new Error(`the confirm page has no t field: ${String(page.json.body).slice(0, 300)}`);
  return fields;
}

const confirm = (as: string, fields: Record<string, string>) =>
  postJson(srv.base, '/api/follow', { url: '/exec', method: 'POST', as, body: { ...fields, confirmed: '1' } });

interface Ex {
  fn: string;
  startedAt: number;
  endedAt: number;
  lockWaitMs?: number;
}

maybe('two approvers at the same moment', () => {
  jest.setTimeout(120_000);

  beforeEach(async () => {
    data = mkdtempSync(join(tmpdir(), 'handoff-race-'));
    p = await Playground.open({ distDir: DIST, dataDir: data, workers: 2 });
    srv = await serve(p);
  });
  afterEach(async () => {
    await srv.close();
    await p.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('Max and Fay confirm together: two overlapping doPost executions, both decisions kept, one Audit chain', async () => {
    // Max chose immediate delivery; Fay gets digests: her next one lists PR-000002 with its own links.
    const adv = await postJson(srv.base, '/api/clock', { ms: '1d 6h' });
    expect(adv.status).toBe(200);
    const [max, fay] = await Promise.all([confirmFields('max@acme.test', 'PR-000003'), confirmFields('fay@acme.test', 'PR-000002')]);
    const seen = (await getJson(srv.base, '/api/executions')).json.executions.length as number;
    const [a, b] = await Promise.all([confirm('max@acme.test', max), confirm('fay@acme.test', fay)]);
    expect([a.json.status, b.json.status]).toEqual([200, 200]);
    const posts = ((await getJson(srv.base, '/api/executions')).json.executions as Ex[]).slice(seen).filter((x) => x.fn === 'doPost');
    expect(posts).toHaveLength(2);
    const [x, y] = posts as [Ex, Ex];
    expect(x.startedAt < y.endedAt && y.startedAt < x.endedAt).toBe(true);
    const reqs = rows('Requests');
    expect(reqs.find((r) => r.ID === 'PR-000003')?.['Pending approvers']).not.toContain('max@acme.test');
    expect(reqs.find((r) => r.ID === 'PR-000002')?.['Pending approvers']).not.toContain('fay@acme.test');
    const audit = rows('Audit');
    const decided = audit.filter(
      (r) => r.Action === 'approve' && r.Method !== '' && ['max@acme.test', 'fay@acme.test'].includes(r.Actor ?? ''),
    );
    expect(decided.map((r) => r.Request).sort()).toEqual(expect.arrayContaining(['PR-000002', 'PR-000003']));
    // Seq strictly increasing, each row chained to the one before.
    for (let i = 1; i < audit.length; i++) {
      expect(Number(audit[i]!.Seq)).toBe(Number(audit[i - 1]!.Seq) + 1);
      expect(audit[i]!['Prev hash']).toBe(audit[i - 1]!.Hash);
    }
  });

  it('the same confirmation posted twice at once is applied once; the other is told it was already decided', async () => {
    const fields = await confirmFields('max@acme.test', 'PR-000003');
    const before = rows('Audit').length;
    const [a, b] = await Promise.all([confirm('max@acme.test', fields), confirm('max@acme.test', fields)]);
    expect([a.json.status, b.json.status]).toEqual([200, 200]);
    const added = rows('Audit')
      .slice(before)
      .filter((r) => r.Request === 'PR-000003' && r.Action === 'approve');
    expect(added).toHaveLength(1);
    const pages = [String(a.json.body), String(b.json.body)];
    expect(pages.filter((h) => /approved/i.test(h))).not.toHaveLength(0);
    expect(pages.some((h) => /already/i.test(h))).toBe(true);
  });
});

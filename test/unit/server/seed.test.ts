/**
 * The demo, seeded through the real dist/Code.js (built by `npm test` / `npm run build`): the add-on's own
 * set-up, people editor, template list, Link a form, form-submit trigger and approval web app made it.
 */
import { auditRecords } from '../../support/audit-view';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createPlaygroundServer } from '../../../src/local/server/http';
import { Playground } from '../../../src/local/server/playground';
import { DEMO_PEOPLE, DEMO_REQUESTS } from '../../../src/local/server/seed';

const DIST = join(__dirname, '../../../dist');
const built = existsSync(join(DIST, 'Code.js'));
if (!built) console.warn('test/unit/server/seed.test.ts: SKIPPED — dist/Code.js is missing (npm run build)');
const maybe = built ? describe : describe.skip;

function rows(p: Playground, tab: string): Array<Record<string, string>> {
  // Audit through the one parser, as the wide layout's columns (the event's fields sit in one JSON cell).
  if (tab === 'Audit') return auditRecords(p.tab(tab).rows) as Array<Record<string, string>>;
  const [head, ...body] = p.tab(tab).rows;
  return body.filter((r) => r.some((v) => v !== '')).map((r) => Object.fromEntries((head ?? []).map((h, i) => [h, r[i] ?? ''])));
}

maybe('the seeded demo', () => {
  jest.setTimeout(120_000);
  let data: string;
  let p: Playground;

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'handoff-seed-'));
    p = await Playground.open({ distDir: DIST, dataDir: data });
  });
  afterAll(async () => {
    await p.close();
    rmSync(data, { recursive: true, force: true });
  });

  it('has the people, with roles and managers, in the Directory', () => {
    const dir = rows(p, 'Directory');
    for (const person of DEMO_PEOPLE) {
      const row = dir.find((r) => r.Email === person.email);
      expect([person.email, row?.Roles, row?.Manager ?? '']).toEqual([person.email, person.roles.join(', ') || '', person.manager ?? '']);
    }
  });

  it("Fay is away the first week with Lee as her delegate: the booth waiting on her is in Lee's My work, on her behalf", async () => {
    const fay = rows(p, 'Directory').find((r) => r.Email === 'fay@acme.test');
    expect(fay?.Delegate).toBe('lee@acme.test');
    expect([fay?.['Away from'], fay?.['Away to']].every((v) => v !== '')).toBe(true);
    const work = (await p.execute('handoffPanelMyWork', [{}], 'lee@acme.test', 'script-run')) as {
      items: Array<{ id: string; why: string; onBehalfOf: string | null }>;
    };
    expect(work.items.map((i) => [i.id, i.why, i.onBehalfOf])).toContainEqual(['PR-000002', 'approve', 'fay@acme.test']);
    // The approval email went to Lee, saying for whom; Fay, away, got none.
    expect(
      p.inbox('lee@acme.test').some((m) => m.subject.includes('PR-000002') && /on behalf of Fay Finance, who is away/.test(m.body)),
    ).toBe(true);
    expect(p.inbox('fay@acme.test').filter((m) => m.subject.includes('PR-000002'))).toEqual([]);
    expect(p.seedLog.join('\n')).toMatch(/Fay Finance is away 2026-01-05 to 2026-01-09; lee@acme\.test acts for them/);
  });

  it('has requests in different states, all from the form, approved by the manager from the email where the demo says so', () => {
    const reqs = rows(p, 'Requests');
    expect(reqs.map((r) => r.Channel)).toEqual(DEMO_REQUESTS.map(() => 'form'));
    expect(reqs.map((r) => [r.ID, r.Requester, r.State, r['Pending approvers']])).toEqual([
      ['PR-000001', 'rita@acme.test', 'ordering', ''],
      ['PR-000002', 'sam@acme.test', 'approval', 'fay@acme.test'],
      ['PR-000003', 'rita@acme.test', 'approval', 'max@acme.test'],
    ]);
    const audit = rows(p, 'Audit');
    const approvals = audit.filter((a) => JSON.stringify(a).includes('approve') && a.Actor === 'max@acme.test');
    expect(approvals.length).toBeGreaterThanOrEqual(2);
  });

  it('sent the approval emails: Max has one per request, with working action links', () => {
    const inbox = p.inbox('max@acme.test');
    for (const id of ['PR-000001', 'PR-000002', 'PR-000003']) expect(inbox.some((m) => m.subject.includes(id))).toBe(true);
    const m = inbox.find((x) => x.subject.includes('PR-000003'))!;
    expect(p.actionLinks(m).map((l) => l.label)).toEqual(['Approve', 'Reject', 'Request changes']);
  });

  it('the procurement queue posts to the "Procurement" Chat space: PR-000001 entered Being ordered, in its own thread', async () => {
    const [space] = p.ws.chat.spaces();
    expect(space?.name).toBe('Procurement');
    expect(space!.messages.map((m) => [m.thread, m.text])).toEqual([
      ['PR-000001', 'PR-000001 · Purchase approval: New work: Being ordered'],
    ]);
    // Pat and Quinn are not emailed about it.
    for (const who of ['pat@acme.test', 'quinn@acme.test']) expect(p.inbox(who).filter((m) => m.body.includes('PR-000001'))).toEqual([]);
    // GET /api/chat and the Chat page, through the playground's own server; the webhook URL is never shown.
    const server = createPlaygroundServer(p, { host: '127.0.0.1' });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    try {
      const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
      const api = (await (await fetch(`${base}/api/chat`)).json()) as {
        spaces: Array<{ name: string; messages: Array<Record<string, unknown>> }>;
      };
      expect(api.spaces.map((s) => s.name)).toEqual(['Procurement']);
      expect(Object.keys(api.spaces[0]!.messages[0]!).sort()).toEqual(['at', 'cardsV2', 'text', 'thread']);
      const page = await (await fetch(`${base}/chat`)).text();
      expect(page).toContain('data-space="Procurement"');
      expect(page).toContain('PR-000001 · Purchase approval');
      for (const text of [JSON.stringify(api), page]) expect(text).not.toContain('token=');
    } finally {
      await new Promise((r) => server.close(r));
    }
  });

  it('a restart from the data folder shows the same sheet and inboxes', async () => {
    const again = await Playground.open({ distDir: DIST, dataDir: data });
    expect(again.restored).toBe(true);
    expect(again.tab('Requests')).toEqual(p.tab('Requests'));
    expect(again.inbox('fay@acme.test').map((m) => m.subject)).toEqual(p.inbox('fay@acme.test').map((m) => m.subject));
    expect(again.form().id).toBe(p.form().id);
    expect(again.ws.chat.spaces()).toEqual(p.ws.chat.spaces());
    await again.close();
  });
});

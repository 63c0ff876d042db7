/**
 * The playground's surfaces, over HTTP on the seeded demo (the real dist/Code.js): the Gmail add-on's card, the
 * Handoff menu with its prompts answered in the page, hand edits governed by the on-edit trigger, docs.google.com
 * links (the spreadsheet, a response's edit link) and the mail banner.
 */
import { auditRecords } from '../../support/audit-view';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Playground } from '../../../src/local/server/playground';
import { getJson, postJson, serve, type Running } from './helpers';

const DIST = join(__dirname, '../../../dist');
const built = existsSync(join(DIST, 'Code.js'));
if (!built) console.warn('test/unit/server/surfaces.test.ts: SKIPPED — dist/Code.js is missing (npm run build)');
const maybe = built ? describe : describe.skip;

let data: string;
let p: Playground;
let srv: Running;

/** The Requests row of a request, by header. */
function request(id: string): Record<string, string> {
  const [head, ...rows] = p.tab('Requests').rows;
  const row = rows.find((r) => r[0] === id) ?? [];
  return Object.fromEntries((head ?? []).map((h, i) => [h, row[i] ?? '']));
}
const form = (body: Record<string, string | string[]>) => {
  const u = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) for (const x of Array.isArray(v) ? v : [v]) u.append(k, x);
  return u.toString();
};

maybe('the playground shows every surface', () => {
  jest.setTimeout(120_000);

  beforeAll(async () => {
    data = mkdtempSync(join(tmpdir(), 'handoff-surfaces-'));
    p = await Playground.open({ distDir: DIST, dataDir: data });
    srv = await serve(p);
  });
  afterAll(async () => {
    await srv.close();
    await p.close();
    rmSync(data, { recursive: true, force: true });
  });

  describe('docs.google.com links', () => {
    it("the spreadsheet's URL opens the Sheet page at the tab and row it names", async () => {
      const gid = p.ws.sheets.get(p.spreadsheetId).sheetIds().Audit;
      const url = p.localize(`https://docs.google.com/spreadsheets/d/${p.spreadsheetId}/edit#gid=${gid}&range=A3`);
      expect(url).toBe(`/docs/spreadsheets/d/${p.spreadsheetId}/edit?gid=${gid}&range=A3`);
      const r = await fetch(srv.base + url, { redirect: 'manual' });
      expect([r.status, r.headers.get('location')]).toEqual([303, '/sheet?tab=Audit&row=3']);
      const other = await fetch(`${srv.base}/docs/spreadsheets/d/someoneElse/edit`, { redirect: 'manual' });
      expect(other.status).toBe(404);
    });

    it('a response’s edit link opens the form prefilled; submitting it is an edit the form-submit trigger applies (before any decision)', async () => {
      const [head, ...log] = p.tab('Intake log').rows;
      const entry = log.find((r) => r[head!.indexOf('Request')] === 'PR-000003')!;
      const link = entry[head!.indexOf('Edit link')]!;
      expect(link).toMatch(/^https:\/\/docs\.google\.com\/forms\/d\/e\/[\w-]+\/viewform\?edit2=/);
      const r = await fetch(srv.base + p.localize(link), { redirect: 'manual' });
      expect(r.status).toBe(303);
      const to = r.headers.get('location')!;
      expect(to).toMatch(/^\/form\?id=[\w-]+&edit=/);
      const page = await (await fetch(`${srv.base}${to}&as=rita@acme.test`)).text();
      expect(page).toContain('Editing the response of <b>rita@acme.test</b>');
      expect(page).toContain('value="Noise-cancelling headphones"');
      // Post the page's fields back with a new amount, as the browser would.
      const fields: Record<string, string | string[]> = {};
      for (const m of page.matchAll(/<input type="(?:hidden|text)"[^>]*name="([^"]+)" value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
      for (const m of page.matchAll(/<input type="hidden" name="([^"]+)" value="([^"]*)"/g)) fields[m[1]!] = m[2]!;
      for (const m of page.matchAll(/<input type="radio"[^>]*name="([^"]+)" value="([^"]*)" checked/g)) fields[m[1]!] = m[2]!;
      const amount = Object.keys(fields).find((k) => fields[k] === '249.99')!;
      expect(amount).toBeDefined();
      fields[amount] = '199.5';
      const before = p.ws.forms.get(to.match(/id=([\w-]+)/)![1]!)!.responses.length;
      const post = await fetch(`${srv.base}/form`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
        body: form(fields),
      });
      const done = await post.text();
      expect([post.status, done.match(/Your response has been updated\./)?.[0]]).toEqual([200, 'Your response has been updated.']);
      expect(p.ws.forms.get(to.match(/id=([\w-]+)/)![1]!)!.responses.length).toBe(before);
      expect(JSON.parse(request('PR-000003').Fields ?? '{}').amount).toBe(199.5);
    });

    it('an edit link that names no response is a 404', async () => {
      const r = await fetch(`${srv.base}/form?edit=nope&as=rita@acme.test`);
      expect(r.status).toBe(404);
    });
  });

  describe('hand edits on the Sheet page', () => {
    it('an editor the protection does not allow is refused by Sheets: nothing changes, no trigger runs', async () => {
      const before = request('PR-000003').Summary;
      const r = await postJson(srv.base, '/api/sheet/edit', { as: 'rita@acme.test', tab: 'Requests', cell: 'M4', value: 'mine now' });
      expect(r.status).toBe(200);
      expect(r.json.refused).toMatch(/protected cell/);
      expect(r.json.runs).toEqual([]);
      expect(request('PR-000003').Summary).toBe(before);
    });

    it('the owner may type into the protected tab, and the on-edit trigger undoes it and audits it', async () => {
      const before = request('PR-000003').Summary;
      const r = await postJson(srv.base, '/api/sheet/edit', { as: 'ada@acme.test', tab: 'Requests', cell: 'M4', value: 'typed by hand' });
      expect(r.json.refused).toBeNull();
      // The simple onEdit runs as Ada first (it only marks cached tabs stale), then the installable trigger governs.
      expect(r.json.runs.map((x: { handler: string; ok: boolean }) => [x.handler, x.ok])).toEqual([
        ['onEdit', true],
        ['handoffOnEdit', true],
      ]);
      expect(r.json.runs[1].outcome.kind).toBe('reverted');
      expect(r.json.now).toEqual([[before]]);
      expect(request('PR-000003').Summary).toBe(before);
      expect(r.json.audit.map((a: Record<string, string>) => [a.Action, a.Name, a.Actor])).toEqual([
        ['hand_edit', 'reverted', 'ada@acme.test'],
      ]);
    });

    it('bad input is one clear sentence', async () => {
      const tab = await postJson(srv.base, '/api/sheet/edit', { as: 'ada@acme.test', tab: 'Nope', cell: 'A1', value: 'x' });
      expect([tab.status, tab.json.error]).toEqual([400, expect.stringMatching(/^"tab" must be one of Sheet1, Requests/)]);
      const cell = await postJson(srv.base, '/api/sheet/edit', { as: 'ada@acme.test', tab: 'Requests', cell: 'A1:B2', value: 'x' });
      expect([cell.status, cell.json.error]).toEqual([400, '"cell" must be one cell in A1 notation, e.g. "D5"']);
    });

    it('the Sheet page offers editing to the person and opens at the row a link names', async () => {
      const html = await (await fetch(`${srv.base}/sheet?tab=Requests&row=4&as=olivia@acme.test`)).text();
      expect(html).toContain('Double-click a cell to edit it as olivia@acme.test');
      expect(html).toMatch(/"target":4/);
    });
  });

  describe('the Gmail add-on card', () => {
    it("opening Max's approval email runs the contextual trigger as Max and shows the request's card", async () => {
      const m = p.inbox('max@acme.test').find((x) => x.subject.includes('PR-000003'));
      const html = await (await fetch(`${srv.base}/gmail?id=${m?.id}&as=max@acme.test`)).text();
      expect(html).toContain('PR-000003 · Purchase approval');
      expect(html).toMatch(/<button type="submit" class="card-btn[^"]*" name="button" value="\d+">Approve<\/button>/);
      expect(html).toContain('name="in:comment"');
    });

    it('a button runs its callback as that person; the decision lands in the sheet and the card says so', async () => {
      const m = p.inbox('max@acme.test').find((x) => x.subject.includes('PR-000003'));
      const open = await postJson(srv.base, '/api/gmail/open', { as: 'max@acme.test', messageId: m?.id });
      expect(open.json.cards[0].header.title).toBe('PR-000003 · Purchase approval');
      // Someone else cannot use Max's open card.
      const other = await postJson(srv.base, '/api/gmail/press', { as: 'rita@acme.test', session: open.json.session, button: 'Approve' });
      expect(other.status).toBe(404);
      expect(request('PR-000003')['Pending approvers']).toBe('max@acme.test');
      const press = await postJson(srv.base, '/api/gmail/press', {
        as: 'max@acme.test',
        session: open.json.session,
        button: 'Approve',
        inputs: { comment: 'fine by me' },
      });
      expect(press.status).toBe(200);
      expect(press.json.error).toBeNull();
      expect(request('PR-000003')['Pending approvers']).not.toContain('max@acme.test');
      const audit = auditRecords(p.tab('Audit').rows);
      const last = audit.filter((r) => r.Request === 'PR-000003' && r.Actor === 'max@acme.test').pop();
      expect(last?.Method).toBe('gmail_addon');
    });

    it('a message not in the person’s inbox is a 404', async () => {
      const r = await postJson(srv.base, '/api/gmail/open', { as: 'rita@acme.test', messageId: 'nope' });
      expect(r.status).toBe(404);
    });
  });

  describe('mail waits for the timer, and the pages say so', () => {
    it('after an action queued mail, /api/state counts it, every page shows the banner, and running the timer sends it', async () => {
      const st = await getJson(srv.base, '/api/state');
      expect(st.json.mail.queued).toBeGreaterThan(0);
      expect(st.json.mail.nextRunAt).toMatch(/^2026-01-05T/);
      const html = await (await fetch(`${srv.base}/inbox?as=rita@acme.test`)).text();
      expect(html).toMatch(/<div id="mail-banner" role="status"><span id="mail-banner-text">\d+ emails? (is|are) waiting in the Outbox/);
      const ran = await postJson(srv.base, '/api/timer/run', {});
      expect(ran.json.runs.every((r: { ok: boolean }) => r.ok)).toBe(true);
      expect((await getJson(srv.base, '/api/state')).json.mail.queued).toBe(0);
      const after = await (await fetch(`${srv.base}/inbox?as=rita@acme.test`)).text();
      expect(after).toContain('<div id="mail-banner" role="status" hidden>');
    });
  });

  describe('the Handoff menu', () => {
    it('onOpen builds each person’s menu: an admin sees Link a form, a requester does not', async () => {
      const items = async (as: string) =>
        JSON.stringify((await getJson(srv.base, `/api/menu?as=${as}`)).json.menus.flatMap((m: { entries: unknown[] }) => m.entries));
      expect(await items('ada@acme.test')).toContain('handoffMenuLinkForm');
      const rita = await items('rita@acme.test');
      expect(rita).toContain('handoffOpenPanel');
      expect(rita).not.toContain('handoffMenuLinkForm');
      const refused = await postJson(srv.base, '/api/menu/run', { as: 'rita@acme.test', fn: 'handoffMenuLinkForm' });
      expect(refused.status).toBe(403);
    });

    it('an item runs as the person; its prompt and alert are answered in the page, in turn', async () => {
      await getJson(srv.base, '/api/menu?as=ada@acme.test');
      const run = await postJson(srv.base, '/api/menu/run', { as: 'ada@acme.test', fn: 'handoffMenuLinkForm' });
      expect(run.json.state).toBe('asking');
      expect(run.json.question).toMatchObject({ kind: 'prompt', title: 'Link a form', buttons: 'OK_CANCEL' });
      const wrong = await postJson(srv.base, '/api/menu/answer', { as: 'ada@acme.test', run: run.json.run, button: 'YES' });
      expect([wrong.status, wrong.json.error]).toEqual([400, '"button" must be one of OK, CANCEL, CLOSE']);
      const next = await postJson(srv.base, '/api/menu/answer', { as: 'ada@acme.test', run: run.json.run, button: 'CANCEL' });
      expect(next.json.question).toMatchObject({ kind: 'alert', prompt: 'Nothing was linked.' });
      const done = await postJson(srv.base, '/api/menu/answer', { as: 'ada@acme.test', run: run.json.run, button: 'OK' });
      expect([done.json.state, done.json.ok]).toEqual(['done', true]);
      expect(done.json.alerts.map((a: { answer: string }) => a.answer)).toEqual(['CANCEL', 'OK']);
      const again = await postJson(srv.base, '/api/menu/answer', { as: 'ada@acme.test', run: run.json.run, button: 'OK' });
      expect(again.status).toBe(409);
    });

    it('Open panel shows the sidebar it built, served with the google.script.run bridge for that person only', async () => {
      await getJson(srv.base, '/api/menu?as=rita@acme.test');
      const run = await postJson(srv.base, '/api/menu/run', { as: 'rita@acme.test', fn: 'handoffOpenPanel' });
      expect(run.json.question).toMatchObject({ kind: 'alert', prompt: 'Opened the Handoff panel (mywork).' });
      const done = await postJson(srv.base, '/api/menu/answer', { as: 'rita@acme.test', run: run.json.run, button: 'OK' });
      expect([done.json.state, done.json.ok, done.json.dialogs.map((d: { kind: string }) => d.kind)]).toEqual(['done', true, ['sidebar']]);
      const id = encodeURIComponent(done.json.dialogs[0].id);
      const frame = await fetch(`${srv.base}/dialog/frame?id=${id}&as=rita@acme.test`);
      const html = await frame.text();
      expect(frame.status).toBe(200);
      expect(html).toContain('window.google.script = { run: runner(');
      expect(html).toContain('"rita@acme.test"');
      const other = await fetch(`${srv.base}/dialog/frame?id=${id}&as=max@acme.test`);
      expect(other.status).toBe(404);
    });

    it('the menu page lists the items for the person', async () => {
      const html = await (await fetch(`${srv.base}/menu?as=ada@acme.test`)).text();
      expect(html).toContain('data-fn="handoffMenuPauseResume">Pause / resume automation</button>');
      expect(html).toContain('data-fn="handoffReprocessIntake">Re-process intake errors</button>');
    });
  });
});

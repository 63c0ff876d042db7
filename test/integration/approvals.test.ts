/**
 * Approvals end to end through dist/Code.js on the local Workspace: Outbox → approval email → links → doGet
 * (confirm page, nothing changed) → doPost (decision applied), and one test per attack, each ending in a clear
 * page and an unchanged request.
 *
 * Everything runs on the local Workspace's own services (Utilities HMAC/base64, HtmlService, ScriptApp with the
 * web app deployed at URL, MailApp/GmailApp, CardService); no stand-ins.
 * A HEAD request is modelled as doGet with the body thrown away (the most a HEAD can do in Apps Script).
 */
import { auditView } from '../support/audit-view';
import { allowedByManifest } from './url-allowlist';
import { createHmac } from 'node:crypto';
import type { MailControls } from '../../src/local/services/mail';
import type { LocalHtmlOutput } from '../../src/local/services/html/output';
import type { Definition } from '../../src/core';
import { OWNER } from '../unit/gas/workspace';
import { loadBundle, type Harness } from './harness';
import { signCardToken } from '../../src/gas/approvals/card-token';
import { signStatusToken } from '../../src/gas/approvals/status-token';

const RITA = 'rita@acme.test';
const MIA = 'mia@acme.test';
const DAN = 'dan@acme.test';
const FAY = 'fay@acme.test';
const FRED = 'fred@acme.test';
const FIONA = 'fiona@acme.test';
const EXT = 'eve@partner.example';
const URL = 'https://script.google.com/macros/s/AKfy-local/exec';

const def: Definition = {
  id: 'purchase-approval',
  name: 'Purchase approval',
  prefix: 'PR',
  // Handoff's own receipt email is off by default; these tests follow it to the status page.
  receiptEmail: true,
  calendar: { timeZone: 'Etc/UTC', workingDays: [1, 2, 3, 4, 5], start: '09:00', end: '17:00' },
  fields: [
    { id: 'item', label: 'Item', type: 'text', required: true },
    { id: 'amount', label: 'Amount', type: 'currency', currency: 'USD' },
    { id: 'notes', label: 'Notes', type: 'long_text' },
  ],
  states: [
    {
      id: 'review',
      label: 'Awaiting approval',
      kind: 'start',
      sla: { businessHours: 16 },
      approval: {
        steps: [
          { id: 'manager', label: 'Manager', approvers: [{ type: 'requester_manager' }], policy: { type: 'any' } },
          { id: 'finance', label: 'Finance', approvers: [{ type: 'role', role: 'finance' }], policy: { type: 'quorum', n: 2 } },
          { id: 'partner', label: 'Partner', approvers: [{ type: 'people', emails: [EXT] }], policy: { type: 'any' } },
        ],
        onApproved: 'approved',
        onRejected: 'rejected',
      },
    },
    { id: 'needs_info', label: 'Needs info', kind: 'waiting_on_requester' },
    { id: 'approved', label: 'Approved', kind: 'terminal', outcome: 'approved' },
    { id: 'rejected', label: 'Rejected', kind: 'terminal', outcome: 'rejected' },
    { id: 'cancelled', label: 'Cancelled', kind: 'terminal', outcome: 'cancelled' },
  ],
  transitions: [],
};

/** The approvers chose immediate delivery (the default is a digest): each approval email at once. */
const PEOPLE: unknown[][] = [
  [RITA, 'Rita Requester', '', MIA, '', '', '', '', ''],
  [MIA, 'Mia Manager', '', '', DAN, '', '', '', 'immediate'],
  [DAN, 'Dan Deputy', '', '', '', '', '', '', 'immediate'],
  [FAY, 'Fay Finance', 'finance', '', '', '', '', '', 'immediate'],
  [FRED, 'Fred Finance', 'finance', '', '', '', '', '', 'immediate'],
  [FIONA, 'Fiona Finance', 'finance', '', '', '', '', '', 'immediate'],
  [EXT, 'Eve Partner', '', '', '', '', '', '', 'immediate'],
];

interface Page {
  title: string;
  content: string;
  xframe: string | null;
}

interface World extends Harness {
  mail: MailControls;
  /** A web-app GET as `user` ('' = not visible to the web app, e.g. outside the domain). */
  get(url: string, user?: string): Page;
  head(url: string, user?: string): void;
  post(fields: Record<string, string>, user?: string): Page;
  flush(): { sent: number; pending: number; quotaExhausted: boolean };
  approvalLinks(to: string, requestId: string): Record<'approve' | 'reject' | 'request_changes', string>;
  snapshot(): string;
  create(fields: Record<string, unknown>): string;
  request(id: string): { state: string; revision: number; approval: { stepId: string; round: number; pending: string[] } | null };
}

/** Deploys the web app at URL on the local Workspace (ScriptApp.getService().getUrl() returns it) and returns its mail controls. */
function deployWebApp(h: Harness): MailControls {
  h.ws.webapp.deploy({ deploymentId: 'AKfy-local' });
  return h.ws.mail;
}

function paramsOf(url: string): Record<string, string> {
  const q = url.slice(url.indexOf('?') + 1);
  const out: Record<string, string> = {};
  for (const pair of q.split('&')) {
    const [k, v = ''] = pair.split('=');
    out[decodeURIComponent(k!)] = decodeURIComponent(v);
  }
  return out;
}

function world(): World {
  const h = loadBundle(OWNER);
  const mail = deployWebApp(h);
  h.call('handoffSetUp');
  h.sheet.write('Directory', 'A3', PEOPLE);
  h.call('handoffPublishWorkflow', [def]);
  const webApp = (fn: 'doGet' | 'doPost', e: unknown, user: string): Page => {
    const out = h.script.call(fn, [e], { activeUser: user, effectiveUser: OWNER, kind: 'web-app' }) as LocalHtmlOutput;
    // The JSON API answers a TextOutput (no title, no frame option): its content is the answer.
    return h.ws.kernel.meter.unmetered(() =>
      typeof out.getTitle === 'function'
        ? { title: out.getTitle(), content: out.getContent(), xframe: out.xFrameOptionsMode }
        : { title: '', content: (out as { getContent(): string }).getContent(), xframe: null },
    );
  };
  const w: World = Object.assign(h, {
    mail,
    get: (url: string, user = '') => {
      const parameter = paramsOf(url);
      return webApp(
        'doGet',
        {
          parameter,
          parameters: Object.fromEntries(Object.entries(parameter).map(([k, v]) => [k, [v]])),
          queryString: url.slice(url.indexOf('?') + 1),
          contentLength: -1,
        },
        user,
      );
    },
    head: (url: string, user = '') => void w.get(url, user),
    post: (fields: Record<string, string>, user = '') => {
      const contents = Object.entries(fields)
        .map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`)
        .join('&');
      return webApp(
        'doPost',
        {
          parameter: fields,
          parameters: Object.fromEntries(Object.entries(fields).map(([k, v]) => [k, [v]])),
          queryString: '',
          contentLength: contents.length,
          postData: { contents, type: 'application/x-www-form-urlencoded', length: contents.length, name: 'postData' },
        },
        user,
      );
    },
    flush: () => h.call<{ sent: number; pending: number; quotaExhausted: boolean }>('handoffFlushOutbox', [], { kind: 'time-trigger' }),
    approvalLinks(to: string, requestId: string) {
      const msg = [...mail.inbox(to)].reverse().find((m) => m.subject === `[${requestId}] Purchase approval: approval needed`);
      if (!msg)
        throw new Error(
          `no approval email for ${requestId} in ${to}'s inbox: ${mail
            .inbox(to)
            .map((m) => m.subject)
            .join(' | ')}`,
        );
      const hrefs = [...msg.htmlBody!.matchAll(/<a href="([^"]+)"[^>]*>([^<]+)<\/a>/g)].map((m) => ({
        url: m[1]!.replace(/&amp;/g, '&'),
        label: m[2]!,
      }));
      const find = (label: string) => hrefs.find((x) => x.label === label)!.url;
      return { approve: find('Approve'), reject: find('Reject'), request_changes: find('Request changes') };
    },
    snapshot: () =>
      JSON.stringify({
        tabs: ['Requests', 'Audit', 'Outbox'].map((t) => (t === 'Audit' ? auditView(h.sheet.values(t)) : h.sheet.values(t))),
        props: (h.context as any).PropertiesService.getScriptProperties().getProperties(),
      }),
    create(fields: Record<string, unknown>) {
      return h.call<{ request: { id: string } }>('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields }], { as: RITA })
        .request.id;
    },
    request: (id: string) => h.call<ReturnType<World['request']>>('handoffGetRequest', [id]),
  });
  return w;
}

/** A request at the manager step with its approval email delivered to Mia. */
function pending(fields: Record<string, unknown> = { item: 'Laptop', amount: 1200 }) {
  const w = world();
  const id = w.create(fields);
  expect(w.flush().sent).toBeGreaterThanOrEqual(1); // the approval request to Mia (no receipt email by default)
  return { w, id, links: w.approvalLinks(MIA, id) };
}

const tokenOf = (url: string) => paramsOf(url).t!;

describe('the approval email', () => {
  it('has the id and workflow in the subject, a text alternative, the step, due time and three signed links', () => {
    const { w, id, links } = pending();
    const msg = w.mail.inbox(MIA).find((m) => m.subject.startsWith(`[${id}]`))!;
    expect(msg.subject).toBe(`[${id}] Purchase approval: approval needed`);
    expect(msg.body).toContain('Rita Requester asks for your approval');
    expect(msg.body).toContain('Step 1 of 3: Manager');
    expect(msg.body).toMatch(/Please decide by .*2026/);
    expect(msg.body).toContain(`Approve: ${links.approve}`);
    for (const u of Object.values(links)) expect(u.startsWith(URL + '?t=')).toBe(true);
    expect(new Set(Object.values(links)).size).toBe(3);
    expect(msg.htmlBody).toContain('Item</th><td');
  });

  it('never carries a field unescaped: <script> in a field is text in the email, the confirm page and the card', () => {
    const { w, id, links } = pending({ item: '<script>alert(1)</script>', amount: 5, notes: '<img src=x onerror=alert(2)>' });
    const msg = w.mail.inbox(MIA).find((m) => m.subject.startsWith(`[${id}]`))!;
    expect(msg.htmlBody).not.toMatch(/<script|<img/i);
    expect(msg.htmlBody).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    const page = w.get(links.approve);
    expect(page.content).not.toMatch(/<script|<img/i);
    expect(page.content).toContain('&lt;img src=x onerror=alert(2)&gt;');
  });
});

describe('GET shows a confirmation page and changes nothing; POST from its button decides', () => {
  it('GET then POST approves; the decision records how the approver was identified', () => {
    const { w, id, links } = pending();
    const before = w.snapshot();
    const page = w.get(links.approve);
    expect(page.title).toBe(`Approve ${id}?`);
    expect(page.content).toContain(`action="${URL}"`);
    expect(page.content).toContain('name="confirmed" value="1"');
    expect(page.content).not.toMatch(/<script/i);
    expect(page.xframe).toBe('DEFAULT');
    expect(w.snapshot()).toBe(before);

    const done = w.post({ t: tokenOf(links.approve), comment: 'Go ahead', confirmed: '1' });
    expect(done.title).toBe(`${id}: approved`);
    // Step 1 of 3: the page does not read as final.
    expect(done.content).toContain(
      'The request now waits for Fay Finance (fay@acme.test), Fred Finance (fred@acme.test), Fiona Finance (fiona@acme.test); the requester is told once every approval is in.',
    );
    expect(done.content).not.toContain('The requester will be told');
    const r = w.request(id);
    expect(r.approval!.stepId).toBe('finance');
    const audit = auditView(w.sheet.values('Audit'));
    const head = audit[0] as string[];
    const row = audit.find((x) => x[head.indexOf('Action')] === 'approve')!;
    expect(row[head.indexOf('Actor')]).toBe(MIA);
    expect(row[head.indexOf('Method')]).toBe('signed_link');
  });

  it('a signed-in same-domain approver is recorded as session', () => {
    const { w, id, links } = pending();
    w.post({ t: tokenOf(links.approve), confirmed: '1' }, MIA);
    const audit = auditView(w.sheet.values('Audit'));
    const head = audit[0] as string[];
    expect(audit.find((x) => x[head.indexOf('Action')] === 'approve')![head.indexOf('Method')]).toBe('session');
    expect(w.request(id).approval!.stepId).toBe('finance');
  });
});

describe('attacks: each ends in a clear page and an unchanged request', () => {
  it('a scanner doing GET and HEAD on every link, many times', () => {
    const { w, links } = pending();
    const before = w.snapshot();
    for (let i = 0; i < 3; i++)
      for (const u of Object.values(links)) {
        w.get(u);
        w.head(u);
        w.get(u, 'scanner@mimecast.example');
      }
    expect(w.snapshot()).toBe(before);
  });

  it('a GET with added parameters (confirmed=1, an action, a comment, an API name) still only shows the page', () => {
    const { w, id, links } = pending();
    const before = w.snapshot();
    const extras = [
      'confirmed=1',
      'confirmed=1&comment=Go%20ahead',
      'action=approve&confirmed=1',
      'decision=approve&confirmed=true',
      'method=post&confirmed=1',
      'api=card&confirmed=1',
      'api=sidebar&confirmed=1',
    ];
    for (const [kind, u] of Object.entries(links))
      for (const extra of extras)
        for (const user of ['', MIA]) {
          const page = w.get(`${u}&${extra}`, user);
          // The confirmation page (its button POSTs), or the JSON API's refusal of a GET.
          const shown = page.content.startsWith('{')
            ? (JSON.parse(page.content) as { ok: boolean }).ok === false
            : page.content.includes('name="confirmed" value="1"');
          expect([kind, extra, user, shown]).toEqual([kind, extra, user, true]);
        }
    expect(w.snapshot()).toBe(before);
    expect(w.request(id).approval!.stepId).toBe('manager');
  });

  it('forged signature', () => {
    const { w, links } = pending();
    const t = tokenOf(links.approve);
    const forged =
      t.slice(0, t.indexOf('.') + 1) +
      createHmac('sha256', 'guess')
        .update(t.slice(0, t.indexOf('.')))
        .digest('base64url');
    const before = w.snapshot();
    const p = w.post({ t: forged, confirmed: '1' });
    expect(p.title).toBe('This link is not valid');
    expect(p.content).toContain('not issued by Handoff, or it was changed');
    expect(w.get(`${URL}?t=${encodeURIComponent(forged)}`).title).toBe('This link is not valid');
    expect(w.snapshot()).toBe(before);
  });

  it('tampered request id or action', () => {
    const { w, id, links } = pending();
    const other = w.create({ item: 'Desk', amount: 300 });
    const t = tokenOf(links.reject);
    const [body, sig] = t.split('.') as [string, string];
    const p = JSON.parse(Buffer.from(body, 'base64url').toString()) as unknown[];
    const tamper = (i: number, v: unknown) => {
      const q = [...p];
      q[i] = v;
      return Buffer.from(JSON.stringify(q)).toString('base64url') + '.' + sig;
    };
    const before = w.snapshot();
    for (const bad of [tamper(2, other), tamper(7, 'a')]) {
      const page = w.post({ t: bad, comment: 'x', confirmed: '1' });
      expect(page.title).toBe('This link is not valid');
    }
    expect(w.snapshot()).toBe(before);
    expect(w.request(id).state).toBe('review');
  });

  it('expired token (after 14 days)', () => {
    const { w, links } = pending();
    w.ws.kernel.clock.advance(15 * 24 * 3600 * 1000);
    const before = w.snapshot();
    expect(w.get(links.approve).title).toBe('This link has expired');
    expect(w.post({ t: tokenOf(links.approve), confirmed: '1' }).title).toBe('This link has expired');
    expect(w.snapshot()).toBe(before);
  });

  it('the wrong signed-in user', () => {
    const { w, links } = pending();
    const before = w.snapshot();
    const page = w.post({ t: tokenOf(links.approve), confirmed: '1' }, FRED);
    expect(page.title).toBe('This approval is for someone else');
    expect(page.content).toContain(`You are signed in as ${FRED}, but this approval is for Mia Manager`);
    expect(w.get(links.approve, FRED).title).toBe('This approval is for someone else');
    expect(w.snapshot()).toBe(before);
  });

  it('replay after the decision, and a double POST, apply once and say who decided when', () => {
    const { w, id, links } = pending();
    const fields = { t: tokenOf(links.approve), confirmed: '1' };
    expect(w.post(fields).title).toBe(`${id}: approved`);
    const after = w.snapshot();
    const again = w.post(fields);
    expect(again.title).toBe('Already decided');
    expect(again.content).toMatch(/already decided: approved by Mia Manager \(mia@acme.test\) at 5 Jan 2026, 09:00 \(UTC\)/);
    expect(w.post({ t: tokenOf(links.reject), comment: 'no', confirmed: '1' }).title).toBe('Already decided');
    expect(w.get(links.request_changes).title).toBe('Already decided');
    expect(w.snapshot()).toBe(after);
  });

  it('a token from a rotated key', () => {
    const { w, links } = pending();
    expect(w.call<string>('handoffRotateApprovalKey')).toMatch(/rotated/);
    const before = w.snapshot();
    const page = w.post({ t: tokenOf(links.approve), confirmed: '1' });
    expect(page.title).toBe('This link no longer works');
    expect(page.content).toContain('This link was signed with a key that has been rotated');
    expect(w.snapshot()).toBe(before);
  });

  it('only admins may rotate the key', () => {
    const { w } = pending();
    expect(() => w.call('handoffRotateApprovalKey', [], { as: RITA })).toThrow(/owner and Handoff admins/);
  });

  it('a POST without the button (a script submitting the form) shows the page again and changes nothing', () => {
    const { w, id, links } = pending();
    const before = w.snapshot();
    expect(w.post({ t: tokenOf(links.approve), comment: '' }).title).toBe(`Approve ${id}?`);
    expect(w.snapshot()).toBe(before);
  });
});

describe('policies through the web app', () => {
  function toFinance() {
    const p = pending();
    p.w.post({ t: tokenOf(p.links.approve), confirmed: '1' });
    p.w.flush();
    return p;
  }

  it('sequential chain with a quorum of 2 out of 3, then an external partner via the signed link', () => {
    const { w, id } = toFinance();
    const fay = w.approvalLinks(FAY, id);
    const fred = w.approvalLinks(FRED, id);
    w.post({ t: tokenOf(fay.approve), confirmed: '1' }, FAY);
    expect(w.request(id).approval!.stepId).toBe('finance');
    w.post({ t: tokenOf(fred.approve), confirmed: '1' }, FRED);
    expect(w.request(id).approval!.stepId).toBe('partner');
    // Fiona's link is now spent: the step was decided without her.
    w.flush();
    const fiona = w.approvalLinks(FIONA, id);
    expect(w.get(fiona.approve, FIONA).title).toBe('Already decided');
    const ext = w.approvalLinks(EXT, id);
    const done = w.post({ t: tokenOf(ext.approve), comment: 'Partner OK', confirmed: '1' }, '');
    expect(done.title).toBe(`${id}: approved`);
    expect(w.request(id).state).toBe('approved');
    w.flush();
    const final = w.mail.inbox(RITA).find((m) => m.subject === `[${id}] Purchase approval: approved`)!;
    expect(final.body).toContain('Partner OK');
  });

  it('a rejection ends the chain and tells the requester with the comment', () => {
    const { w, id, links } = pending();
    const page = w.post({ t: tokenOf(links.reject), comment: '', confirmed: '1' });
    expect(page.content).toContain('A comment is required to reject');
    expect(w.request(id).state).toBe('review');
    w.post({ t: tokenOf(links.reject), comment: 'Over budget <b>sorry</b>', confirmed: '1' });
    expect(w.request(id).state).toBe('rejected');
    w.flush();
    const msg = w.mail.inbox(RITA).find((m) => m.subject === `[${id}] Purchase approval: rejected`)!;
    expect(msg.body).toContain('Over budget <b>sorry</b>');
    expect(msg.htmlBody).toContain('Over budget &lt;b&gt;sorry&lt;/b&gt;');
  });

  it('request changes returns to the requester (what to fix), and the resubmit restarts the step with new links', () => {
    const { w, id, links } = pending();
    w.post({ t: tokenOf(links.request_changes), comment: 'Attach the quote', confirmed: '1' });
    expect(w.request(id).state).toBe('needs_info');
    w.flush();
    const msg = w.mail.inbox(RITA).find((m) => m.subject === `[${id}] Purchase approval: changes requested`)!;
    expect(msg.body).toContain('What to fix: Attach the quote');
    const rev = w.request(id).revision;
    w.call(
      'handoffApplyAction',
      [{ requestId: id, expectedRevision: rev, action: { type: 'resubmit', fields: { notes: 'quote attached' } } }],
      { as: RITA },
    );
    const r = w.request(id);
    expect(r.state).toBe('review');
    expect(r.approval).toMatchObject({ stepId: 'manager', round: 2 });
    // The old round's links no longer act.
    expect(w.post({ t: tokenOf(links.approve), confirmed: '1' }).title).toBe('Already decided');
    w.flush();
    const fresh = w.approvalLinks(MIA, id);
    expect(fresh.approve).not.toBe(links.approve);
    expect(w.post({ t: tokenOf(fresh.approve), confirmed: '1' }).title).toBe(`${id}: approved`);
  });

  it('delegation: the away approver\'s delegate gets the email and approves "on behalf of"', () => {
    const w = world();
    const now = w.ws.kernel.clock.now();
    w.sheet.write('Directory', 'F4', [[new Date(now - 3600_000), new Date(now + 7 * 86400_000)]]); // Mia away
    const id = w.create({ item: 'Chair', amount: 150 });
    w.flush();
    const links = w.approvalLinks(DAN, id);
    const done = w.post({ t: tokenOf(links.approve), confirmed: '1' }, DAN);
    expect(done.content).toContain('on behalf of');
    const audit = auditView(w.sheet.values('Audit'));
    const head = audit[0] as string[];
    const row = audit.find((x) => x[head.indexOf('Action')] === 'approve')!;
    expect(row[head.indexOf('Actor')]).toBe(DAN);
    expect(row[head.indexOf('On behalf of')]).toBe(MIA);
  });

  it('two finance approvers deciding one after the other on a decided step: exactly one decision counts', () => {
    const { w, id } = toFinance();
    const fay = w.approvalLinks(FAY, id);
    const fred = w.approvalLinks(FRED, id);
    w.post({ t: tokenOf(fay.reject), comment: 'no', confirmed: '1' }, FAY);
    const after = w.snapshot();
    expect(w.post({ t: tokenOf(fred.approve), confirmed: '1' }, FRED).title).toBe('Already decided');
    expect(w.snapshot()).toBe(after);
  });
});

describe('the Outbox under the daily quota', () => {
  it('quota 0: the approval email stays in the Outbox, and is sent on the next flush; none lost', () => {
    const w = world();
    w.mail.setUsed(OWNER, 100_000);
    const id = w.create({ item: 'Monitor', amount: 300 });
    const r1 = w.flush();
    expect(r1).toMatchObject({ sent: 0, quotaExhausted: true });
    expect(w.mail.inbox(MIA)).toHaveLength(0);
    const outbox = w.sheet.values('Outbox');
    const head = outbox[0] as string[];
    expect(outbox.slice(1).map((r) => r[head.indexOf('Status')])).toEqual(['pending', 'pending']);
    expect(outbox.slice(1).map((r) => r[head.indexOf('Attempts')])).toEqual([0, 0]);
    w.mail.setUsed(OWNER, 0);
    expect(w.flush().sent).toBe(2);
    expect(w.approvalLinks(MIA, id).approve).toContain('?t=');
    expect(w.mail.inbox(RITA)).toHaveLength(1);
    expect(w.flush().sent).toBe(0);
  });

  it('a failing send is retried with backoff and sent later', () => {
    const w = world();
    w.mail.failNext(2, 'Service unavailable');
    const id = w.create({ item: 'Mouse', amount: 20 });
    const r1 = w.flush();
    expect(r1.sent).toBe(0);
    const outbox = w.sheet.values('Outbox');
    const head = outbox[0] as string[];
    expect(outbox[1]![head.indexOf('Last error')]).toMatch(/Service unavailable/);
    expect(w.flush().sent).toBe(0); // not due yet (backoff)
    w.ws.kernel.clock.advance(2 * 60_000);
    expect(w.flush().sent).toBe(2);
    expect(w.approvalLinks(MIA, id).approve).toContain('?t=');
  });
});

describe('the Gmail card (runs as the Gmail user; reads and decides through the web app)', () => {
  const API = `${URL}?api=card`;
  function cardWorld(fields: Record<string, unknown> = { item: '<b>Laptop</b>', amount: 1200 }) {
    const p = pending(fields);
    // UrlFetchApp carries no Google sign-in: the card's calls need a deployment anyone can reach (docs/deploy.md).
    p.w.ws.webapp.deploy({ access: 'ANYONE_ANONYMOUS' });
    const msg = p.w.mail.inbox(MIA).find((m) => m.subject.startsWith(`[${p.id}]`))!;
    const open = (user: string, m = msg) =>
      p.w.call<any[]>('onGmailMessageOpen', [{ gmail: { messageId: m.id, accessToken: p.w.mail.accessToken(m.id) } }], {
        as: user,
        runAs: user,
        kind: 'addon-card',
      });
    const params = { requestId: p.id, stepId: 'manager', round: '1', approver: MIA, decision: 'approve' };
    const click = (user: string, extra: Partial<typeof params> = {}, comment?: string) =>
      p.w.call<any>(
        'handoffCardDecide',
        [
          {
            commonEventObject: {
              parameters: { ...params, ...extra },
              formInputs: comment ? { comment: { stringInputs: { value: [comment] } } } : {},
            },
          },
        ],
        { as: user, runAs: user, kind: 'addon-card' },
      );
    const auditRows = () => {
      const audit = auditView(p.w.sheet.values('Audit'));
      const head = audit[0] as string[];
      return audit.slice(1).map((r) => ({
        action: r[head.indexOf('Action')],
        actor: r[head.indexOf('Actor')],
        method: r[head.indexOf('Method')],
        comment: r[head.indexOf('Comment')],
      }));
    };
    /** A card token minted with the script's key, as the card's execution mints one (script properties are shared). */
    const mint = (claims: Omit<Parameters<typeof signCardToken>[1], 'now'>) =>
      p.w.ws.kernel.meter.unmetered(() => signCardToken(p.w.ws.globals as never, { ...claims, now: p.w.ws.kernel.clock.now() })!);
    const api = (t: string, comment = '') => JSON.parse(p.w.ws.webapp.post(API, { t, comment }).body);
    return { ...p, msg, open, click, auditRows, mint, api };
  }

  it('an approver without access to the spreadsheet opens the email: the card shows the request, escaped, and the three actions', () => {
    const { w, open, id } = cardWorld({ item: '<script>alert(1)</script>', amount: 1200, notes: '<b>bold</b>' });
    // Mia cannot open the governed spreadsheet herself (Apps Script's access error)...
    expect(() =>
      w.ws.kernel.executions.run({ activeUser: MIA, effectiveUser: MIA, kind: 'addon-card' }, () =>
        w.ws.globals.SpreadsheetApp.openById(w.spreadsheetId),
      ),
    ).toThrow(/permission to access the requested document/);
    const before = w.snapshot();
    const cards = open(MIA);
    expect(cards).toHaveLength(1);
    const json = JSON.stringify(cards[0]);
    expect(json).toContain(`${id} · Purchase approval`);
    expect(json).toContain('Step 1 of 3: Manager');
    expect(json).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(json).toContain('&lt;b&gt;bold&lt;/b&gt;');
    expect(json).not.toMatch(/<script|<b>bold/);
    expect(json).toContain('"textInput":{"name":"comment"');
    for (const d of ['approve', 'reject', 'request_changes']) expect(json).toContain(`"decision":"${d}"`);
    // ...so the card asked the web app, once, with a POST, and nothing changed.
    const calls = w.ws.urlfetch.log();
    expect(calls.map((c) => [c.user, c.method, c.url, c.status])).toEqual([[MIA, 'post', API, 200]]);
    expect(calls.filter((c) => !allowedByManifest(c.url)).map((c) => c.url)).toEqual([]);
    expect(w.snapshot()).toBe(before);
  });

  it('Approve in the card applies the decision as the Gmail user (method gmail_addon) and shows the outcome', () => {
    const { w, id, click, auditRows } = cardWorld();
    const r = click(MIA, {}, 'Fine by me <card>');
    expect(r.notification.text).toBe('Recorded: approved by Mia Manager.');
    const updated = JSON.stringify(r.navigation.steps[0].updateCard);
    expect(updated).toContain('Recorded: approved by Mia Manager.');
    expect(updated).toContain('Step 2 of 3: Finance');
    expect(updated).not.toContain('handoffCardDecide'); // nothing waits for Mia any more
    expect(w.request(id).approval!.stepId).toBe('finance');
    const row = auditRows().find((a) => a.action === 'approve')!;
    expect(row).toEqual({ action: 'approve', actor: MIA, method: 'gmail_addon', comment: 'Fine by me <card>' });
    // Pressing the button again (a stale card): already decided, nothing changes.
    const before = w.snapshot();
    const again = click(MIA);
    expect(again.notification.text).toMatch(/already decided: approved by Mia Manager/);
    expect(w.snapshot()).toBe(before);
  });

  it('the same checks as the links: a wrong Gmail user is refused, a rejection needs a comment', () => {
    const { w, id, click } = cardWorld();
    const before = w.snapshot();
    expect(click(FRED).notification.text).toContain(`You are signed in as ${FRED}, but this approval is for`);
    expect(click(MIA, { decision: 'reject' }).notification.text).toContain('A comment is required to reject');
    expect(w.snapshot()).toBe(before);
    expect(w.request(id).revision).toBe(1);
  });

  it('a card token acts once (replay refused), is bound to its claims (tampering refused), and GET never acts', () => {
    const { w, id, mint, api, auditRows } = cardWorld();
    const t = mint({ requestId: id, user: MIA, op: 'approve', stepId: 'manager', round: 1, approver: MIA });
    const before = w.snapshot();
    // GET with the token: the API answers POST only; nothing read, nothing changed.
    const get = JSON.parse(w.ws.webapp.get(`${API}&t=${encodeURIComponent(t)}`).body);
    expect(get).toMatchObject({ ok: false, code: 'invalid' });
    expect(w.snapshot()).toBe(before);
    // A forged claim (Fred's name in Mia's token) fails the signature.
    const [body, sig] = t.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
    claims[6] = FRED;
    const forged = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
    expect(api(forged)).toMatchObject({ ok: false, code: 'invalid', message: expect.stringMatching(/signature does not match/) });
    // A token signed with another key.
    const other = `${body}.${createHmac('sha256', 'not-the-key').update(body!).digest('base64url')}`;
    expect(api(other)).toMatchObject({ ok: false, code: 'invalid' });
    expect(w.snapshot()).toBe(before);
    // The real one applies once; the same token again is refused and changes nothing.
    expect(api(t)).toMatchObject({ ok: true, decision: 'approve' });
    const after = w.snapshot();
    // 'replayed' from the nonce in the cache; when the cache dropped it early, the step is found already decided.
    expect(api(t)).toMatchObject({ ok: false, code: expect.stringMatching(/^(replayed|already_decided)$/) });
    expect(w.snapshot()).toBe(after);
    expect(auditRows().filter((a) => a.action === 'approve')).toHaveLength(1);
    // Expired: minted, then the card sat open past its lifetime.
    const late = mint({ requestId: id, user: FAY, op: 'view' });
    w.ws.kernel.clock.advance(10 * 60 * 1000);
    expect(api(late)).toMatchObject({ ok: false, code: 'invalid', message: expect.stringMatching(/open too long/) });
  });

  it('a look-alike email shows nothing to someone not involved, and only the real request to the approver', () => {
    const { w, id, open } = cardWorld({ item: 'Laptop', amount: 1200 });
    // Someone mails Fred and Mia a message with the approval subject and a different story.
    w.ws.kernel.executions.run({ activeUser: EXT, effectiveUser: EXT, kind: 'test' }, () =>
      w.ws.globals.MailApp.sendEmail({
        to: `${FRED},${MIA}`,
        subject: `[${id}] Purchase approval: approval needed`,
        body: 'Approve: a yacht for 1,000,000 USD',
      }),
    );
    const toFred = w.mail.inbox(FRED).find((m) => m.subject.startsWith(`[${id}]`))!;
    const fredCard = JSON.stringify(open(FRED, toFred));
    expect(fredCard).toContain('not waiting for you');
    expect(fredCard).not.toContain('Laptop');
    expect(fredCard).not.toContain('handoffCardDecide');
    const toMia = [...w.mail.inbox(MIA)].reverse().find((m) => m.subject.startsWith(`[${id}]`))!;
    expect(toMia.body).toContain('yacht');
    const miaCard = JSON.stringify(open(MIA, toMia));
    expect(miaCard).toContain('Laptop');
    expect(miaCard).toContain('USD 1,200.00');
    expect(miaCard).not.toContain('yacht');
  });

  it('returns no card for other messages, and says clearly when the web app cannot be reached', () => {
    const { w, open } = cardWorld();
    const other = w.mail.inbox(RITA)[0]!; // the receipt, not an approval
    expect(
      w.call('onGmailMessageOpen', [{ gmail: { messageId: other.id, accessToken: w.mail.accessToken(other.id) } }], {
        as: RITA,
        runAs: RITA,
        kind: 'addon-card',
      }),
    ).toEqual([]);
    // Deployed for "Anyone with a Google account": UrlFetchApp gets Google's sign-in page, and the card says what to fix.
    w.ws.webapp.deploy({ access: 'ANYONE' });
    expect(JSON.stringify(open(MIA))).toContain('must allow access to &quot;Anyone&quot;');
  });
});

describe('the requester status page (GET ?status=<token>, read-only)', () => {
  function statusWorld(fields: Record<string, unknown> = { item: '<script>alert(1)</script>', amount: 1200 }) {
    const p = pending(fields);
    const receipt = p.w.mail.inbox(RITA).find((m) => m.subject.startsWith(`[${p.id}]`))!;
    const link = /https:\/\/script\.google\.com\/\S+\?status=\S+/.exec(receipt.body)![0];
    return { ...p, receipt, link };
  }

  it('the receipt links to the status page, not the spreadsheet; GET shows state, step, approvers, due and history, escaped, and changes nothing', () => {
    const { w, id, receipt, link } = statusWorld();
    const sheetUrl = w.ws.kernel.meter.unmetered(() => w.ws.globals.SpreadsheetApp.openById(w.spreadsheetId).getUrl());
    expect(receipt.body).not.toContain(sheetUrl);
    expect(link.startsWith(`${URL}?status=`)).toBe(true);
    const before = w.snapshot();
    const page = w.get(link, ''); // the requester, not signed in to the web app
    expect(page.title).toBe(`${id}: Awaiting approval`);
    expect(page.content).toContain('step 1 of 3: Manager');
    expect(page.content).toContain('Waiting for: Mia Manager');
    expect(page.content).toMatch(/Due: \d+ Jan 2026/);
    expect(page.content).toContain('History');
    expect(page.content).toMatch(/by Rita Requester/);
    expect(page.content).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(page.content).not.toMatch(/<script/i);
    expect(page.content).not.toMatch(/<form/i);
    expect(w.snapshot()).toBe(before);
    // A POST carrying the status token is read-only too.
    expect(w.post({ status: paramsOf(link).status! }, '').title).toBe(`${id}: Awaiting approval`);
    expect(w.snapshot()).toBe(before);
  });

  it('shows decisions as they happen (who, when, comment)', () => {
    const { w, id, links, link } = statusWorld({ item: 'Laptop', amount: 1200 });
    w.post({ t: tokenOf(links.approve), comment: 'Go <ahead>', confirmed: '1' });
    const page = w.get(link, '');
    expect(page.content).toContain('step 2 of 3: Finance');
    expect(page.content).toContain('Approved (manager) by Mia Manager: “Go &lt;ahead&gt;”');
    expect(page.content).toMatch(/Waiting for: (Fay|Fred|Fiona) Finance/);
    expect(w.request(id).approval!.stepId).toBe('finance');
  });

  it('the decision email links to the status page too', () => {
    const { w, id, links } = statusWorld({ item: 'Laptop', amount: 1200 });
    w.post({ t: tokenOf(links.reject), comment: 'Too expensive', confirmed: '1' });
    w.flush();
    const decision = w.mail.inbox(RITA).find((m) => m.subject === `[${id}] Purchase approval: rejected`)!;
    const sheetUrl = w.ws.kernel.meter.unmetered(() => w.ws.globals.SpreadsheetApp.openById(w.spreadsheetId).getUrl());
    expect(decision.body).not.toContain(sheetUrl);
    const link = /https:\/\/script\.google\.com\/\S+\?status=\S+/.exec(decision.body)![0];
    expect(w.get(link, '').title).toBe(`${id}: Rejected`);
  });

  it('a tampered, foreign or rotated token gets a clear page and shows nothing', () => {
    const { w, id, link } = statusWorld({ item: 'Laptop', amount: 1200 });
    const token = paramsOf(link).status!;
    const [body, sig] = token.split('.');
    const claims = JSON.parse(Buffer.from(body!, 'base64url').toString('utf8'));
    const second = w.create({ item: 'Other secret thing', amount: 5 });
    claims[2] = second;
    const tampered = `${Buffer.from(JSON.stringify(claims)).toString('base64url')}.${sig}`;
    const t1 = w.get(`${URL}?status=${encodeURIComponent(tampered)}`);
    expect(t1.title).toBe('This link is not valid');
    expect(t1.content).toContain('changed after it was sent');
    expect(t1.content).not.toContain('Other secret thing');
    // Signed by Handoff, but for someone who is not the request's requester.
    const foreign = w.ws.kernel.meter.unmetered(() =>
      signStatusToken(w.ws.globals as never, { requestId: id, requester: FRED, now: w.ws.kernel.clock.now() }),
    );
    const t2 = w.get(`${URL}?status=${encodeURIComponent(foreign)}`);
    expect(t2.title).toBe('This link is not valid');
    expect(t2.content).toContain('does not match any request of yours');
    expect(t2.content).not.toContain('Laptop');
    // Signed with another key (another Handoff, or made up).
    const other = `${body}.${createHmac('sha256', 'another-key').update(body!).digest('base64url')}`;
    expect(w.get(`${URL}?status=${encodeURIComponent(other)}`).title).toBe('This link is not valid');
    expect(w.get(`${URL}?status=garbage`).title).toBe('This link is not valid');
    // After a key rotation the old link says so.
    w.call('handoffRotateApprovalKey');
    expect(w.get(link).title).toBe('This link no longer works');
  });
});

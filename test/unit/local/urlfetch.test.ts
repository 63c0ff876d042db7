/**
 * UrlFetchApp on the local Workspace: the script's own web app answers (as the web app's executeAs decides, with
 * the request carrying no browser sign-in), every other host fails as an unreachable host does ("DNS error: url"),
 * muteHttpExceptions, HTTPResponse, the daily quota, the meter.
 */
import { createWorkspace } from '../../../src/local/workspace';
import { loadScript } from '../../../src/local/runtime';
import { DAILY_FETCHES, QUOTA_MESSAGE } from '../../../src/local/services/urlfetch';

const SCRIPT = `
function doGet(e) {
  if (e.parameter.mode === 'boom') throw new Error('kaput');
  return ContentService.createTextOutput(JSON.stringify({ method: 'GET', p: e.parameter, who: Session.getActiveUser().getEmail(), eff: Session.getEffectiveUser().getEmail() })).setMimeType(ContentService.MimeType.JSON);
}
function doPost(e) {
  return ContentService.createTextOutput(JSON.stringify({ method: 'POST', type: e.postData.type, body: e.postData.contents, p: e.parameter, eff: Session.getEffectiveUser().getEmail() })).setMimeType(ContentService.MimeType.JSON);
}
function callMe(url, params) {
  var r = UrlFetchApp.fetch(url, params || {});
  return { code: r.getResponseCode(), text: r.getContentText(), type: r.getHeaders()['Content-Type'], blobType: r.getBlob().getContentType() };
}
function callAll(urls) {
  return UrlFetchApp.fetchAll(urls).map(function (r) { return r.getResponseCode(); });
}
function tryFetch(url, params) {
  try { UrlFetchApp.fetch(url, params || {}); return 'no error'; } catch (e) { return e.message; }
}
function withToken(url) {
  return UrlFetchApp.fetch(url, { headers: { Authorization: 'Bearer ' + ScriptApp.getOAuthToken() } }).getContentText();
}
`;

const OWNER = 'ada@acme.test';
const MIA = 'mia@acme.test';

function setup(access: 'ANYONE' | 'ANYONE_ANONYMOUS' = 'ANYONE_ANONYMOUS') {
  const ws = createWorkspace({ owner: OWNER });
  const script = loadScript(ws, SCRIPT);
  const url = ws.webapp.deploy({ executeAs: 'USER_DEPLOYING', access });
  const as = (user: string, fn: string, ...args: unknown[]) =>
    script.call(fn, args, { activeUser: user, effectiveUser: user, kind: 'addon-card' });
  return { ws, script, url, as };
}

describe('UrlFetchApp', () => {
  test("the script's own web app answers GET and POST, running as the deployer (executeAs), as a signed-out visitor", () => {
    const { url, as } = setup();
    const g = as(MIA, 'callMe', `${url}?mode=json&x=1`) as { code: number; text: string; type: string; blobType: string };
    expect(g.code).toBe(200);
    expect(g.type).toBe('application/json');
    expect(g.blobType).toBe('application/json');
    expect(JSON.parse(g.text)).toEqual({ method: 'GET', p: { mode: 'json', x: '1' }, who: '', eff: OWNER });
    const p = as(MIA, 'callMe', url, { method: 'post', contentType: 'application/json', payload: JSON.stringify({ a: 1 }) }) as {
      text: string;
    };
    expect(JSON.parse(p.text)).toMatchObject({ method: 'POST', type: 'application/json', body: '{"a":1}', eff: OWNER });
    const f = as(MIA, 'callMe', url, { method: 'post', payload: { api: 'card', n: 'x y' } }) as { text: string };
    expect(JSON.parse(f.text)).toMatchObject({ type: 'application/x-www-form-urlencoded', p: { api: 'card', n: 'x y' } });
  });

  test('every other host fails as Apps Script does with no route to it: "DNS error: <url>", and nothing is sent', () => {
    const { ws, as } = setup();
    expect(as(MIA, 'tryFetch', 'https://example.com/hook?x=1')).toBe('DNS error: https://example.com/hook?x=1');
    expect(as(MIA, 'tryFetch', 'https://example.com/', { muteHttpExceptions: true })).toBe('DNS error: https://example.com/');
    expect(as(MIA, 'tryFetch', 'ftp://example.com/')).toBe('Invalid argument: ftp://example.com/');
    expect(as(MIA, 'tryFetch', 'https://script.google.com/macros/s/someone-else/exec', { muteHttpExceptions: true })).toBe('no error');
    expect(ws.urlfetch.log().map((r) => [r.url, r.status, r.error])).toEqual([
      ['https://example.com/hook?x=1', null, 'DNS error: https://example.com/hook?x=1'],
      ['https://example.com/', null, 'DNS error: https://example.com/'],
      ['https://script.google.com/macros/s/someone-else/exec', 404, null],
    ]);
  });

  test('an HTTP error throws "Request failed for <origin> returned code N" unless muteHttpExceptions', () => {
    const { url, as } = setup();
    const msg = as(MIA, 'tryFetch', url, { method: 'put' }) as string;
    expect(msg).toMatch(
      /^Request failed for https:\/\/script\.google\.com returned code 405\. Truncated server response: Method Not Allowed \(use muteHttpExceptions option to examine full response\)$/,
    );
    expect((as(MIA, 'callMe', url, { method: 'put', muteHttpExceptions: true }) as { code: number }).code).toBe(405);
  });

  test('a web app that needs Google sign-in answers UrlFetchApp with the sign-in page (no cookies); a token names the user', () => {
    const { url, as } = setup('ANYONE');
    const r = as(MIA, 'callMe', `${url}?mode=json`) as { code: number; text: string; type: string };
    expect(r.code).toBe(200);
    expect(r.text).toContain('Sign in');
    expect((as(MIA, 'callMe', `${url}?mode=json`, { followRedirects: false }) as { code: number }).code).toBe(302);
    expect(JSON.parse(as(MIA, 'withToken', `${url}?mode=json`) as string)).toMatchObject({ who: MIA, eff: OWNER });
  });

  test('fetchAll returns one response per request, in order', () => {
    const { url, as } = setup();
    expect(as(MIA, 'callAll', [`${url}?a=1`, { url, method: 'post', payload: 'x' }])).toEqual([200, 200]);
  });

  test("the daily quota is per user and refuses with Apps Script's message; each fetch is metered", () => {
    const { ws, url, as } = setup();
    expect(ws.urlfetch.limit()).toBe(DAILY_FETCHES.workspace);
    const { cost } = ws.kernel.measure(() => as(MIA, 'callMe', url));
    expect(cost.calls['UrlFetchApp.fetch']).toBe(1);
    expect(ws.urlfetch.remaining(MIA)).toBe(DAILY_FETCHES.workspace - 1);
    ws.urlfetch.setUsed(MIA, DAILY_FETCHES.workspace);
    expect(as(MIA, 'tryFetch', url)).toBe(QUOTA_MESSAGE);
    expect(as(OWNER, 'tryFetch', url)).toBe('no error');
    ws.kernel.clock.advance(24 * 3600 * 1000);
    expect(as(MIA, 'tryFetch', url)).toBe('no error');
  });

  test('a script error in the web app comes back as its error page, not as an exception in the caller', () => {
    const { url, as } = setup();
    const r = as(MIA, 'callMe', `${url}?mode=boom`) as { code: number; text: string };
    expect(r.code).toBe(200);
    expect(r.text).toContain('kaput');
  });

  describe('several deployments of the same script', () => {
    test('each has its own URL and access: a signed-out fetch to the ANYONE one gets the sign-in answer, to the anonymous one reaches doPost', () => {
      const { ws, url: head, as } = setup('ANYONE');
      const anon = ws.webapp.addDeployment({ access: 'ANYONE_ANONYMOUS' });
      expect(anon).not.toBe(head);
      expect(ws.webapp.url()).toBe(head); // getUrl() stays the head
      expect(as(MIA, 'callMe', head, { method: 'post', payload: { api: 'card' }, muteHttpExceptions: true })).toMatchObject({
        code: 200,
        text: expect.stringContaining('Sign in - Google Accounts'),
      });
      const r = as(MIA, 'callMe', anon, { method: 'post', payload: { api: 'card' } }) as { code: number; text: string };
      expect(r.code).toBe(200);
      expect(JSON.parse(r.text)).toMatchObject({ method: 'POST', p: { api: 'card' }, eff: OWNER });
      expect(ws.webapp.deployments().map((d) => [d.url, d.access, d.head])).toEqual([
        [head, 'ANYONE', true],
        [anon, 'ANYONE_ANONYMOUS', false],
      ]);
      // ws.webapp routes a full URL by its deployment id as well; an id no deployment has is an error.
      expect(ws.webapp.post(head, { a: '1' }).kind).toBe('login');
      expect(ws.webapp.post(anon, { a: '1' }).kind).toBe('text');
      expect(() => ws.webapp.get('https://script.google.com/macros/s/AKfycbNOPE/exec')).toThrow(
        /no web app deployment has the id AKfycbNOPE/,
      );
    });

    test('the deployments survive toJSON/restore; state saved with one deployment still restores', () => {
      const { ws } = setup('ANYONE');
      const anon = ws.webapp.addDeployment({ access: 'ANYONE_ANONYMOUS' });
      const saved = JSON.parse(JSON.stringify(ws.persistence.toJSON())) as Record<string, { moreWebApps?: unknown }>;
      const b = createWorkspace({ owner: OWNER });
      loadScript(b, SCRIPT);
      b.persistence.restore(saved);
      expect(b.webapp.deployments()).toEqual(ws.webapp.deployments());
      expect(b.webapp.post(anon, { a: '1' }).kind).toBe('text');
      // The old shape (no moreWebApps): the head alone.
      delete saved.scriptConfig!.moreWebApps;
      const c = createWorkspace({ owner: OWNER });
      loadScript(c, SCRIPT);
      c.persistence.restore(saved);
      expect(c.webapp.deployments().map((d) => d.url)).toEqual([ws.webapp.url()]);
      // A new deployment after a restore gets a fresh id.
      expect(c.webapp.addDeployment()).not.toBe(ws.webapp.url());
    });
  });
});

import { createWorkspace } from '../../../src/local/workspace';
import { loadScript } from '../../../src/local/runtime';

const SCRIPT = `
function doGet(e) {
  if (e.parameter.mode === 'json') {
    return ContentService.createTextOutput(JSON.stringify({ e: e, who: Session.getActiveUser().getEmail(), eff: Session.getEffectiveUser().getEmail() })).setMimeType(ContentService.MimeType.JSON);
  }
  if (e.parameter.mode === 'boom') throw new Error('kaput');
  if (e.parameter.mode === 'nothing') return;
  if (e.parameter.mode === 'vars') {
    var v = HtmlService.createTemplate('<p><?= x ?></p>');
    v.x = e.parameter.x;
    return v.evaluate();
  }
  var out = HtmlService.createHtmlOutput('<h1>').appendUntrusted(e.parameter.title || 'none').append('</h1>');
  return out.append(HtmlService.createTemplate('<p><?= Session.getActiveUser().getEmail() ?></p>').evaluate().getContent()).setTitle('Confirm');
}
function doPost(e) {
  return ContentService.createTextOutput(JSON.stringify({ e: e, who: Session.getActiveUser().getEmail() })).setMimeType(ContentService.MimeType.JSON);
}
`;

function setup(accountType: 'workspace' | 'consumer' = 'workspace') {
  const ws = createWorkspace({ owner: 'ada@acme.test', accountType });
  loadScript(ws, SCRIPT);
  const url = ws.webapp.deploy({ executeAs: 'USER_DEPLOYING', access: 'ANYONE_ANONYMOUS' });
  return { ws, url };
}

describe('web app', () => {
  test('deploy gives the /exec URL that ScriptApp.getService().getUrl() returns', () => {
    const { ws, url } = setup();
    expect(url).toMatch(/^https:\/\/script\.google\.com\/macros\/s\/AKfycb[\w-]+\/exec$/);
    expect(ws.globals.ScriptApp.getService().getUrl()).toBe(url);
  });

  test("GET builds Apps Script's event object", () => {
    const { ws, url } = setup();
    const r = ws.webapp.get(`${url}/a/b?mode=json&n=1&n=2&name=al+ice`, { as: 'bob@acme.test' });
    expect(r.status).toBe(200);
    expect(r.contentType).toBe('application/json');
    const { e } = JSON.parse(r.body);
    expect(e).toEqual({
      queryString: 'mode=json&n=1&n=2&name=al+ice',
      parameter: { mode: 'json', n: '1', name: 'al ice' },
      parameters: { mode: ['json'], n: ['1', '2'], name: ['al ice'] },
      pathInfo: 'a/b',
      contextPath: '',
      contentLength: -1,
    });
  });

  test('POST (form-encoded) merges body fields into e.parameter and fills e.postData', () => {
    const { ws, url } = setup();
    const r = ws.webapp.post(`${url}?step=1`, { action: 'approve', comment: 'ok & fine' }, { as: 'bob@acme.test' });
    const { e } = JSON.parse(r.body);
    expect(e.parameter).toEqual({ step: '1', action: 'approve', comment: 'ok & fine' });
    expect(e.postData).toEqual({
      length: 38,
      type: 'application/x-www-form-urlencoded',
      contents: 'action=approve&comment=ok%20%26%20fine',
      name: 'postData',
    });
    expect(e.contentLength).toBe(38);
    const j = ws.webapp.post(url, '{"a":1}', { as: 'bob@acme.test', contentType: 'application/json' });
    expect(JSON.parse(j.body).e.postData.contents).toBe('{"a":1}');
    expect(JSON.parse(j.body).e.parameter).toEqual({});
  });

  test("executeAs USER_DEPLOYING: runs as the deployer; the visitor's email is seen only inside the domain", () => {
    const { ws } = setup();
    const inside = JSON.parse(ws.webapp.get('?mode=json', { as: 'bob@acme.test' }).body);
    expect([inside.who, inside.eff]).toEqual(['bob@acme.test', 'ada@acme.test']);
    const outside = JSON.parse(ws.webapp.get('?mode=json', { as: 'eve@gmail.com' }).body);
    expect([outside.who, outside.eff]).toEqual(['', 'ada@acme.test']);
    const anon = JSON.parse(ws.webapp.get('?mode=json').body);
    expect(anon.who).toBe('');
  });

  test('executeAs USER_ACCESSING runs as the visitor; access settings are enforced', () => {
    const { ws } = setup();
    ws.webapp.deploy({ executeAs: 'USER_ACCESSING', access: 'ANYONE' });
    const r = JSON.parse(ws.webapp.get('?mode=json', { as: 'eve@gmail.com' }).body);
    expect([r.who, r.eff]).toEqual(['eve@gmail.com', 'eve@gmail.com']);
    expect(ws.webapp.get('?mode=json').kind).toBe('login');
    ws.webapp.deploy({ executeAs: 'USER_DEPLOYING', access: 'DOMAIN' });
    expect(ws.webapp.get('?mode=json', { as: 'eve@gmail.com' }).status).toBe(403);
    expect(ws.webapp.get('?mode=json', { as: 'bob@acme.test' }).status).toBe(200);
    ws.webapp.deploy({ access: 'MYSELF' });
    expect(ws.webapp.get('?mode=json', { as: 'bob@acme.test' }).status).toBe(403);
  });

  test('HtmlOutput pages: content, title, escaping; HEAD runs doGet and drops the body', () => {
    const { ws } = setup();
    const r = ws.webapp.get('?title=<b>x</b>', { as: 'bob@acme.test' });
    expect(r).toMatchObject({ status: 200, kind: 'html', contentType: 'text/html', title: 'Confirm' });
    expect(r.body).toBe('<h1>&lt;b&gt;x&lt;/b&gt;</h1><p>bob@acme.test</p>');
    const h = ws.webapp.head('?title=x', { as: 'bob@acme.test' });
    expect([h.status, h.body, h.kind]).toEqual([200, '', 'html']);
  });

  test('template variables set by the script reach the template (through the runtime membrane)', () => {
    const { ws } = setup();
    expect(ws.webapp.get('?mode=vars&x=<i>', { as: 'bob@acme.test' }).body).toBe('<p>&lt;i&gt;</p>');
  });

  test("errors and empty returns show Apps Script's pages", () => {
    const { ws } = setup();
    expect(ws.webapp.get('?mode=boom').body).toContain('kaput');
    expect(ws.webapp.get('?mode=nothing').body).toBe('The script completed but did not return anything.');
  });
});

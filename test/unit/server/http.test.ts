/**
 * The playground server on a stand-in script: every kind of bad input gets a 4xx with a JSON message naming
 * what is wrong, the server keeps serving after each, and good calls run as the person named.
 */
import * as net from 'node:net';
import { fakePlayground, getJson, postJson, serve, type Fixture, type Running } from './helpers';

let fx: Fixture;
let srv: Running;

beforeEach(async () => {
  fx = await fakePlayground();
  srv = await serve(fx.p, { maxBodyBytes: 4096 });
});

afterEach(async () => {
  await srv.close();
  await fx.cleanup();
});

/** After any bad request, the server still answers a good one. */
async function stillServing(): Promise<void> {
  const r = await getJson(srv.base, '/api/people');
  expect(r.status).toBe(200);
  expect(r.json.people.map((x: { email: string }) => x.email)).toContain('rita@acme.test');
}

describe('POST /api/run', () => {
  it('runs a panel function as the person named: active and effective user are that person', async () => {
    const r = await postJson(srv.base, '/api/run', { fn: 'handoffPanelEcho', args: [{ a: [1, 'x', null] }], as: 'rita@acme.test' });
    expect(r).toEqual({
      status: 200,
      json: { ok: true, result: { got: { a: [1, 'x', null] }, as: 'rita@acme.test', runsAs: 'rita@acme.test' } },
    });
  });

  it('runs as the owner instead when the playground is started with sidebarRunsAs: owner', async () => {
    const other = await fakePlayground({ sidebarRunsAs: 'owner' });
    const s2 = await serve(other.p);
    try {
      const r = await postJson(s2.base, '/api/run', { fn: 'handoffPanelEcho', args: [], as: 'rita@acme.test' });
      expect(r.json.result).toMatchObject({ as: 'rita@acme.test', runsAs: 'ada@acme.test' });
    } finally {
      await s2.close();
      await other.cleanup();
    }
  });

  it('an unknown person is a 400 that names the people who exist', async () => {
    const r = await postJson(srv.base, '/api/run', { fn: 'handoffPanelEcho', args: [], as: 'mallory@evil.test' });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/Unknown person "mallory@evil.test".*rita@acme.test/);
    await stillServing();
  });

  it('a missing "as" is a 400', async () => {
    const r = await postJson(srv.base, '/api/run', { fn: 'handoffPanelEcho', args: [] });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/"as" is required/);
  });

  it('a function that does not exist is a 404; one Apps Script calls itself, or a private one, is a 403', async () => {
    const missing = await postJson(srv.base, '/api/run', { fn: 'handoffPanelNope', args: [], as: 'rita@acme.test' });
    expect(missing.status).toBe(404);
    expect(missing.json.error).toMatch(/no function "handoffPanelNope"/);
    for (const fn of ['doGet', 'doPost', 'onOpen', 'tick', 'secret_']) {
      const r = await postJson(srv.base, '/api/run', { fn, args: [], as: 'rita@acme.test' });
      expect([fn, r.status]).toEqual([fn, 403]);
      expect(r.json.error).toMatch(/not a function the panel may call/);
    }
    const bad = await postJson(srv.base, '/api/run', { fn: 'x; process.exit()', args: [], as: 'rita@acme.test' });
    expect(bad.status).toBe(400);
    await stillServing();
  });

  it('args must be an array', async () => {
    const r = await postJson(srv.base, '/api/run', { fn: 'handoffPanelEcho', args: { a: 1 }, as: 'rita@acme.test' });
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/"args" must be an array/);
  });

  it('a function that throws answers ok:false with its message (the failure handler), not a server error', async () => {
    const r = await postJson(srv.base, '/api/run', { fn: 'handoffPanelBoom', args: [], as: 'max@acme.test' });
    expect(r.status).toBe(200);
    expect(r.json).toEqual({ ok: false, error: { name: 'Error', message: 'boom: max@acme.test' } });
  });

  it('a Date in the result fails the call, as google.script.run does', async () => {
    const r = await postJson(srv.base, '/api/run', { fn: 'handoffPanelWhen', args: [], as: 'rita@acme.test' });
    expect(r.json.ok).toBe(false);
    expect(r.json.error.message).toMatch(/result\.when: a Date/);
  });
});

describe('bad requests', () => {
  it('malformed JSON is a 400 naming the problem', async () => {
    const r = await postJson(srv.base, '/api/run', '{"fn": "handoffPanelEcho", ');
    expect(r.status).toBe(400);
    expect(r.json.error).toMatch(/Malformed JSON/);
    const arr = await postJson(srv.base, '/api/run', '[1,2]');
    expect(arr.status).toBe(400);
    expect(arr.json.error).toMatch(/must be a JSON object/);
    await stillServing();
  });

  it('a body that is not JSON is a 415', async () => {
    const r = await fetch(srv.base + '/api/run', { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{}' });
    expect(r.status).toBe(415);
    expect(((await r.json()) as { error: string }).error).toMatch(/Content-Type: application\/json/);
  });

  it('a body over the limit is a 413, and the server keeps serving', async () => {
    const big = JSON.stringify({ fn: 'handoffPanelEcho', args: ['x'.repeat(10_000)], as: 'rita@acme.test' });
    const r = await postJson(srv.base, '/api/run', big);
    expect(r.status).toBe(413);
    expect(r.json.error).toMatch(/too large.*4096/);
    await stillServing();
  });

  it('a chunked body over the limit (no Content-Length) is a 413 too', async () => {
    const stream = new ReadableStream({
      start(c) {
        for (let i = 0; i < 10; i++) c.enqueue(new TextEncoder().encode('x'.repeat(1000)));
        c.close();
      },
    });
    const r = await fetch(srv.base + '/api/run', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    expect(r.status).toBe(413);
    await stillServing();
  });

  it('an unknown route is a 404 listing the routes; another method is a 405', async () => {
    const r = await getJson(srv.base, '/api/nope');
    expect(r.status).toBe(404);
    expect(r.json.error).toMatch(/POST .*\/api\/run/);
    const del = await fetch(srv.base + '/api/state', { method: 'DELETE' });
    expect(del.status).toBe(405);
  });

  it('a POST from another site (Origin) is refused with 403', async () => {
    const r = await postJson(
      srv.base,
      '/api/run',
      { fn: 'handoffPanelCount', args: [], as: 'rita@acme.test' },
      { Origin: 'https://evil.example' },
    );
    expect(r.status).toBe(403);
    expect(r.json.error).toMatch(/evil\.example/);
    expect(fx.p.ws.properties.toJSON()).not.toHaveProperty(['script', 'count']);
  });

  it('a request for another host name (DNS rebinding) is refused with 403', async () => {
    const port = new URL(srv.base).port;
    const status = await new Promise<string>((resolve) => {
      const s = net.connect(Number(port), '127.0.0.1', () =>
        s.write(`GET /api/state HTTP/1.1\r\nHost: evil.example:${port}\r\nConnection: close\r\n\r\n`),
      );
      let text = '';
      s.on('data', (d) => (text += d.toString()));
      s.on('end', () => resolve(text.split('\r\n')[0] ?? ''));
    });
    expect(status).toMatch(/403/);
  });

  it('a malformed HTTP request gets a 400 and the server keeps serving', async () => {
    const port = new URL(srv.base).port;
    const first = await new Promise<string>((resolve) => {
      const s = net.connect(Number(port), '127.0.0.1', () => s.write('THIS IS NOT HTTP\r\n\r\n'));
      let text = '';
      s.on('data', (d) => (text += d.toString()));
      s.on('end', () => resolve(text));
      s.on('error', () => resolve(text));
    });
    expect(first).toMatch(/^HTTP\/1\.1 400/);
    await stillServing();
  });
});

describe('other routes', () => {
  it('reads a tab; an unknown tab is a 404 naming the tabs', async () => {
    const ok = await getJson(srv.base, '/api/tab?name=Directory');
    expect(ok.json.rows[2]).toEqual(['rita@acme.test', 'Rita Requester', '', 'max@acme.test', '', '', '', '', '']);
    const bad = await getJson(srv.base, '/api/tab?name=Nope');
    expect(bad.status).toBe(404);
    expect(bad.json.error).toMatch(/Unknown tab "Nope".*Directory/);
  });

  it("the state names the time in the demo workflow's zone, labelled (the top bar shows it)", async () => {
    const s = await getJson(srv.base, '/api/state');
    expect(s.json.nowText).toMatch(/^\d{4}-\d{2}-\d{2} \d{2}:\d{2} America\/New_York$/);
    const home = await (await fetch(srv.base + '/')).text();
    expect(home).toContain(`>${s.json.nowText}</span>`);
  });

  it('the clock fires time-driven triggers on the way; bad durations are 400s', async () => {
    await postJson(srv.base, '/api/run', { fn: 'handoffPanelInstallTick', args: [], as: 'ada@acme.test' });
    const r = await postJson(srv.base, '/api/clock', { ms: '3h' });
    expect(r.status).toBe(200);
    expect(r.json.runs.map((x: { handler: string; ok: boolean }) => [x.handler, x.ok])).toEqual([
      ['tick', true],
      ['tick', true],
      ['tick', true],
    ]);
    expect(Date.parse(r.json.now) - Date.parse(r.json.from)).toBe(3 * 3600_000);
    expect(fx.p.ws.properties.toJSON().script?.ticks).toBe('3');
    for (const ms of [-5, 'soon', '3 fortnights', 40 * 86400_000]) {
      const bad = await postJson(srv.base, '/api/clock', { ms });
      expect([ms, bad.status]).toEqual([ms, 400]);
    }
    const back = await postJson(srv.base, '/api/clock', { to: '2020-01-01T00:00:00Z' });
    expect(back.status).toBe(400);
    expect(back.json.error).toMatch(/cannot go back/);
  });

  it('GET /exec runs doGet as the visitor (cookie) and maps the web app URL onto /exec; POST runs doPost', async () => {
    const page = await fetch(srv.base + '/exec?q=hello&as=ignored', { headers: { Cookie: 'handoff_as=max%40acme.test' } });
    const html = await page.text();
    expect(html).toContain('visitor=max@acme.test q=hello');
    expect(html).toContain('href="/exec?q=next"');
    expect(html).not.toContain('script.google.com');
    const post = await fetch(srv.base + '/exec', {
      method: 'POST',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded', Cookie: 'handoff_as=rita%40acme.test' },
      body: 'a=1&b=2',
    });
    expect(post.status).toBe(200);
    expect(fx.p.ws.properties.toJSON().script?.posted).toBe('a=1&b=2');
  });

  it('POST /api/follow: a GET of a real web-app link changes nothing; an unrelated URL is a 400', async () => {
    const url = fx.p.webAppUrl() + '?q=from-mail';
    const before = JSON.stringify(fx.p.ws.persistence.toJSON().properties);
    const r = await postJson(srv.base, '/api/follow', { url, method: 'GET', as: 'max@acme.test' });
    expect(r.json).toMatchObject({ status: 200, kind: 'html' });
    expect(r.json.body).toContain('visitor=max@acme.test q=from-mail');
    expect(JSON.stringify(fx.p.ws.persistence.toJSON().properties)).toBe(before);
    const bad = await postJson(srv.base, '/api/follow', { url: 'https://evil.example/exec?x=1', as: 'max@acme.test' });
    expect(bad.status).toBe(400);
    expect(bad.json.error).toMatch(/not a link to this add-on's web app/);
    const method = await postJson(srv.base, '/api/follow', { url, method: 'DELETE', as: 'max@acme.test' });
    expect(method.status).toBe(400);
  });

  it('pages escape what they show: a person named with markup is text', async () => {
    fx.p.ws.sheets
      .get(fx.p.spreadsheetId)
      .write('Directory', 'A5', [['eve@acme.test', '<img src=x onerror=alert(1)>', '', '', '', '', '', '', '']]);
    const html = await (await fetch(srv.base + '/inbox?as=eve@acme.test')).text();
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).not.toContain('<img src=x');
  });
});

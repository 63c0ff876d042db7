/**
 * The playground runs executions at the same time (worker threads), and never stops answering: a long clock
 * advance lets other requests through, a second advance meanwhile is a 503 with Retry-After.
 */
import * as http from 'node:http';
import { fakePlayground, getJson, postJson, serve, type Fixture, type Running } from './helpers';

let fx: Fixture;
let srv: Running;
jest.setTimeout(120_000);

beforeEach(async () => {
  fx = await fakePlayground();
  srv = await serve(fx.p);
});

afterEach(async () => {
  await srv.close();
  await fx.cleanup();
});

describe('executions at the same time', () => {
  it('two POST /api/run sent together are two executions that overlap', async () => {
    const [a, b] = await Promise.all([
      postJson(srv.base, '/api/run', { fn: 'handoffPanelMeet', args: ['rita', 'max'], as: 'rita@acme.test' }),
      postJson(srv.base, '/api/run', { fn: 'handoffPanelMeet', args: ['max', 'rita'], as: 'max@acme.test' }),
    ]);
    expect([a.json.result, b.json.result]).toEqual([true, true]);
    const { json } = await getJson(srv.base, '/api/executions');
    const meets = (json.executions as Array<{ fn: string; startedAt: number; endedAt: number }>).filter((x) => x.fn === 'handoffPanelMeet');
    expect(meets).toHaveLength(2);
    const [x, y] = meets;
    expect(x!.startedAt < y!.endedAt && y!.startedAt < x!.endedAt).toBe(true);
  });
});

describe('while the clock moves', () => {
  it('other requests are answered at once; a second advance is a 503 with Retry-After; the first completes', async () => {
    await postJson(srv.base, '/api/run', { fn: 'handoffPanelInstallSlowTick', args: [], as: 'ada@acme.test' });
    const moving = postJson(srv.base, '/api/clock', { ms: '10d' });
    // Wait until the clock has started moving.
    for (let i = 0; i < 200; i++) {
      const c = await getJson(srv.base, '/api/clock');
      if (c.json.advancing) break;
      await new Promise((r) => setTimeout(r, 10));
    }
    const second = await fetch(`${srv.base}/api/clock`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ ms: '1h' }),
    });
    expect(second.status).toBe(503);
    expect(Number(second.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(((await second.json()) as { error: string }).error).toMatch(/The clock is moving to .*advance it again when it is done/);
    // Meanwhile, pages and executions are served.
    const t0 = performance.now();
    const people = await getJson(srv.base, '/api/people');
    expect(people.status).toBe(200);
    const ran = await postJson(srv.base, '/api/run', { fn: 'handoffPanelCount', args: [], as: 'rita@acme.test' });
    expect(ran.json).toEqual({ ok: true, result: 1 });
    expect(performance.now() - t0).toBeLessThan(5_000);
    const done = await moving;
    expect(done.status).toBe(200);
    expect(done.json.runs).toHaveLength(10 * 24 * 6);
    expect((await getJson(srv.base, '/api/clock')).json.advancing).toBeNull();
  });

  it('a long advance: a client polling pages on one keep-alive connection is answered every time, promptly, never reset', async () => {
    // Timer runs of a second or two each: the server's thread must not be the one running them.
    await postJson(srv.base, '/api/run', { fn: 'handoffPanelInstallHeavyTick', args: [], as: 'ada@acme.test' });
    const agent = new http.Agent({ keepAlive: true, maxSockets: 1 });
    const sockets = new Set<unknown>();
    const get = (path: string) =>
      new Promise<{ status: number; ms: number; body: string; reused: boolean }>((resolve, reject) => {
        const t0 = performance.now();
        const req = http.get(`${srv.base}${path}`, { agent }, (res) => {
          let body = '';
          res.setEncoding('utf8');
          res.on('data', (c: string) => (body += c));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, ms: performance.now() - t0, body, reused: req.reusedSocket }));
        });
        req.on('socket', (s) => sockets.add(s));
        req.on('error', reject);
      });
    const first = await get('/api/clock');
    expect(first.status).toBe(200);
    expect(JSON.parse(first.body).advancing).toBeNull();
    let done = false;
    const moving = postJson(srv.base, '/api/clock', { ms: '3d' }).finally(() => (done = true));
    const polls: Array<{ status: number; ms: number; moving: boolean; reused: boolean }> = [];
    const errors: string[] = [];
    while (!done) {
      for (const path of ['/api/clock', '/clock', '/api/state']) {
        try {
          const r = await get(path);
          const advancing = path === '/api/clock' ? JSON.parse(r.body).advancing !== null : false;
          polls.push({ status: r.status, ms: r.ms, moving: advancing, reused: r.reused });
        } catch (e) {
          errors.push((e as NodeJS.ErrnoException).code ?? String(e));
        }
      }
      await new Promise((r) => setTimeout(r, 20));
    }
    // The connection then idles past Node's default keep-alive timeout (5 s), and is used again.
    await new Promise((r) => setTimeout(r, 5_500));
    polls.push({ ...(await get('/api/state')), moving: false });
    const advanced = await moving;
    agent.destroy();
    expect(errors).toEqual([]);
    expect(advanced.status).toBe(200);
    expect(advanced.json.runs).toHaveLength(3 * 2);
    expect(advanced.json.runs.every((r: { ok: boolean }) => r.ok)).toBe(true);
    // The polls really happened while the clock moved, each answered with a page (not a 503), within a bound.
    expect(polls.filter((x) => x.moving).length).toBeGreaterThanOrEqual(3);
    expect(polls.every((x) => x.status === 200)).toBe(true);
    expect(Math.max(...polls.map((x) => x.ms))).toBeLessThan(1_000);
    // One connection for everything: kept alive through the whole advance and the idle gap, never reset.
    expect(sockets.size).toBe(1);
    expect(polls.every((x) => x.reused)).toBe(true);
  });

  it('the timer can be run now, out of its schedule; not while the clock moves', async () => {
    const none = await postJson(srv.base, '/api/timer/run', {});
    expect(none.status).toBe(409);
    expect(none.json.error).toMatch(/No time-driven trigger runs handoffTimerRun/);
  });
});

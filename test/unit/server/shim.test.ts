/**
 * The google.script.run shim, run in a node:vm context standing in for the sidebar's window, with fetch
 * recorded: what it sends, which handler gets what, and what it refuses before sending anything.
 */
import * as vm from 'node:vm';
import { injectShim, scriptRunShim } from '../../../src/local/server/shim';

interface Sent {
  url: string;
  body: { fn: string; args: unknown[]; as: string };
}

function page(reply: (sent: Sent) => { status: number; body: unknown }) {
  const sent: Sent[] = [];
  const errors: unknown[][] = [];
  const ctx: Record<string, unknown> = {
    location: { origin: 'http://localhost:1' },
    parent: { postMessage: () => undefined },
    console: { error: (...a: unknown[]) => errors.push(a) },
    fetch: (url: string, init: { body: string }) => {
      const s = { url, body: JSON.parse(init.body) as Sent['body'] };
      sent.push(s);
      const r = reply(s);
      return Promise.resolve({ status: r.status, json: () => Promise.resolve(r.body) });
    },
  };
  ctx.window = ctx;
  vm.createContext(ctx);
  const src = scriptRunShim('rita@acme.test', ['handoffPanelMyWork', 'handoffPanelAct']).replace(/^<script>|<\/script>$/g, '');
  vm.runInContext(src, ctx);
  const run = (ctx.google as { script: { run: Record<string, any> } }).script.run;
  return { run, sent, errors, ctx };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

describe('google.script.run shim', () => {
  it('posts {fn, args, as} to /api/run; the success handler gets (result, userObject)', async () => {
    const { run, sent } = page(() => ({ status: 200, body: { ok: true, result: { items: [1] } } }));
    const got: unknown[][] = [];
    run
      .withSuccessHandler((...a: unknown[]) => got.push(a))
      .withUserObject({ row: 3 })
      .handoffPanelMyWork({ filter: 'mine', list: [1, undefined] });
    await flush();
    expect(sent).toEqual([
      { url: '/api/run', body: { fn: 'handoffPanelMyWork', args: [{ filter: 'mine', list: [1, null] }], as: 'rita@acme.test' } },
    ]);
    expect(JSON.parse(JSON.stringify(got))).toEqual([[{ items: [1] }, { row: 3 }]]);
  });

  it('a server failure reaches the failure handler as an Error with the message, with the user object', async () => {
    const { run } = page(() => ({ status: 200, body: { ok: false, error: { name: 'HandoffError', message: 'stale revision' } } }));
    const got: Array<[string, string, unknown]> = [];
    run
      .withFailureHandler((e: Error, u: unknown) => got.push([e.name, e.message, u]))
      .withUserObject('u1')
      .handoffPanelAct({});
    await flush();
    expect(got).toEqual([['HandoffError', 'stale revision', 'u1']]);
  });

  it('a 4xx from the server is a failure too; without a failure handler it is logged', async () => {
    const { run, errors } = page(() => ({ status: 403, body: { error: 'not a function the panel may call' } }));
    run.handoffPanelAct({});
    await flush();
    expect(String(errors[0]?.[1])).toMatch(/not a function the panel may call/);
  });

  it('a runner with handlers is reusable and does not change the bare one', async () => {
    const { run, sent } = page(() => ({ status: 200, body: { ok: true, result: 1 } }));
    const calls: number[] = [];
    const r = run.withSuccessHandler((v: number) => calls.push(v));
    r.handoffPanelMyWork();
    r.handoffPanelMyWork();
    run.handoffPanelMyWork();
    await flush();
    expect(sent).toHaveLength(3);
    expect(calls).toEqual([1, 1]);
  });

  it('a Date or a function argument throws at once and nothing is sent; an unknown function is not there', () => {
    const { run, sent } = page(() => ({ status: 200, body: { ok: true, result: null } }));
    expect(() => run.handoffPanelAct({ when: new Date() })).toThrow(/illegal value in property: 0\.when/);
    expect(() => run.handoffPanelAct([() => 1])).toThrow(/illegal value in property: 0\.0/);
    const cyc: Record<string, unknown> = {};
    cyc.me = cyc;
    expect(() => run.handoffPanelAct(cyc)).toThrow(/illegal value/);
    expect(sent).toHaveLength(0);
    expect(run.doGet).toBeUndefined();
    expect(() => run.handoffPanelNope()).toThrow(TypeError);
  });

  it('is injected first in <head>, and a value cannot close its <script>', () => {
    const shim = scriptRunShim('x</script><script>alert(1)//@acme.test', []);
    expect(shim.match(/<\/script>/g)).toHaveLength(1);
    const html = injectShim('<!DOCTYPE html><html><head><title>t</title><script>page()</script></head></html>', '<script>SHIM</script>');
    expect(html.indexOf('SHIM')).toBeLessThan(html.indexOf('page()'));
    expect(html.startsWith('<!DOCTYPE html><html><head><script>SHIM')).toBe(true);
  });

  it('a click on a link to the web app or to Google Docs goes to the playground’s page, in the whole tab', () => {
    const listeners: Array<(ev: unknown) => void> = [];
    const top = { location: { href: '' } };
    const ctx: Record<string, unknown> = {
      location: { origin: 'http://localhost:1', href: '' },
      document: { addEventListener: (_t: string, f: (ev: unknown) => void) => listeners.push(f) },
      fetch: () => Promise.reject(new Error('not used')),
      console,
    };
    ctx.window = Object.assign(ctx, { top });
    vm.createContext(ctx);
    const web = 'https://script.google.com/macros/s/D/exec';
    vm.runInContext(scriptRunShim('rita@acme.test', [], '/api/run', web).replace(/^<script>|<\/script>$/g, ''), ctx);
    const click = (href: string) => {
      let prevented = false;
      const a = { href };
      listeners[0]?.({ target: { closest: () => a }, preventDefault: () => (prevented = true) });
      return prevented ? top.location.href : null;
    };
    expect(click(`${web}?t=1`)).toBe('/exec?t=1');
    expect(click('https://docs.google.com/spreadsheets/d/S/edit#gid=0&range=A2')).toBe('/docs/spreadsheets/d/S/edit?gid=0&range=A2');
    expect(click('https://example.test/')).toBeNull();
  });
});

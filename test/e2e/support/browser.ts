/**
 * Shared helpers for the browser tests: a Chromium through playwright-core (found by test/support/browser-gate.ts:
 * HANDOFF_CHROMIUM, PATH, the usual install paths), skipped with a message when it is missing outside CI and a
 * failure in CI, screenshots under test-artifacts/ (git-ignored), and the playground started on a free port.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { auditRecords } from '../../support/audit-view';
import { browserGate, findChromium } from '../../support/browser-gate';

export const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
export const ROOT = join(__dirname, '../../..');
export const DIST = join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/**
 * `describe` when a browser and the build are there. Without them: outside CI `describe.skip` with a message saying
 * why; in CI one failing test saying why (a missing browser must not turn a CI run green).
 */
export function describeWithBrowser(file: string): jest.Describe {
  const built = existsSync(join(DIST, 'Code.js')) && existsSync(join(ROOT, '.build/playground.cjs'));
  const gate = browserGate(process.env, built);
  if (gate.run) return describe;
  if (!gate.fail) {
    console.warn(`${file}: SKIPPED — ${gate.why}`);
    return describe.skip;
  }
  return ((name: string) =>
    describe(name, () => {
      it('needs a browser in CI', () => {
        throw new Error(`${file} cannot run in CI: ${gate.why}`);
      });
    })) as unknown as jest.Describe;
}

export async function launch(): Promise<Browser> {
  const chromium = findChromium(process.env);
  if (!chromium) throw new Error('no Chromium to launch (test/support/browser-gate.ts)');
  const { chromium: pw } = await import('playwright-core');
  return pw.launch({ executablePath: chromium, args: CHROMIUM_ARGS });
}

/** Saves a full-page screenshot as test-artifacts/<folder>/<name>.png; returns the path. */
export async function screenshot(page: Page, folder: string, name: string): Promise<string> {
  const dir = join(ARTIFACTS, folder);
  mkdirSync(dir, { recursive: true });
  const path = join(dir, `${name}.png`);
  await page.screenshot({ path, fullPage: true });
  return path;
}

export interface RunningPlayground {
  base: string;
  /** GET a JSON API route. */
  get<T = any>(path: string): Promise<T>;
  /** POST a JSON API route; resolves with the status and the JSON answer. */
  post<T = any>(path: string, body: unknown): Promise<{ status: number; json: T }>;
  /** A tab as rows of { header: value }. */
  rows(tab: string): Promise<Array<Record<string, string>>>;
  /** What the server printed (for failure messages). */
  output(): string;
  stop(): Promise<void>;
}

export const PLAYGROUND_CJS = join(ROOT, '.build/playground.cjs');

/**
 * `npm start` in a child process (.build/playground.cjs from the build) on a free port, with its own temporary
 * data folder: the server runs long synchronous executions (advancing the clock by days), which must not block
 * the test process that drives the browser.
 */
export async function startPlayground(args: string[] = []): Promise<RunningPlayground> {
  const data = mkdtempSync(join(tmpdir(), 'handoff-e2e-'));
  const child = spawn(process.execPath, [PLAYGROUND_CJS, '--port', '0', '--data', data, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const base = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the playground did not start in 120 s:\n${out}`)), 120_000);
    const onData = (d: Buffer) => {
      out += d.toString();
      const m = /ready in \d+ ms: (http:\/\/\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => {
      clearTimeout(timer);
      reject(new Error(`the playground exited (${code}) before it was ready:\n${out}`));
    });
  });
  const get = async (path: string) => {
    const r = await fetch(base + path);
    if (!r.ok) throw new Error(`GET ${path}: ${r.status} ${await r.text()}`);
    return r.json();
  };
  return {
    base,
    get,
    async post(path, body) {
      const r = await fetch(base + path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
      return { status: r.status, json: await r.json() };
    },
    async rows(tab) {
      const t = (await get(`/api/tab?name=${encodeURIComponent(tab)}`)) as { rows: string[][] };
      // Audit through the one parser, as the wide layout's columns (the event's fields sit in its Details JSON).
      if (tab === 'Audit') return auditRecords(t.rows).map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, String(v)])));
      const [head, ...body] = t.rows;
      return body.filter((r) => r.some((v) => v !== '')).map((r) => Object.fromEntries((head ?? []).map((h, i) => [h, r[i] ?? ''])));
    },
    output: () => out,
    stop: () =>
      new Promise<void>((resolve) => {
        child.once('exit', () => {
          rmSync(data, { recursive: true, force: true });
          resolve();
        });
        child.kill('SIGTERM');
      }),
  };
}

/**
 * The real sidebar alone, as `as`, at the sidebar's width: the add-on's open-panel function runs as that person
 * and google.script.run is bridged to POST /api/run (what the playground's /sidebar page frames).
 */
export async function openPanel(
  browser: Browser,
  pg: RunningPlayground,
  as: string,
  viewport = { width: 300, height: 900 },
): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(`${pg.base}/sidebar/frame?as=${encodeURIComponent(as)}`);
  return page;
}

/** A seeded playground and a Chromium shared by one describe block's tests. */
export interface PlaygroundSession {
  readonly pg: RunningPlayground;
  readonly browser: Browser;
  /** The real sidebar as `as` (openPanel), closed after the block. */
  panel(as: string): Promise<Page>;
}

/** Starts the playground and Chromium before the block's tests and stops them (and the pages it opened) after. */
export function playgroundSession(args: string[] = []): PlaygroundSession {
  let pg: RunningPlayground | undefined;
  let browser: Browser | undefined;
  const pages: Page[] = [];
  beforeAll(async () => {
    pg = await startPlayground(args);
    browser = await launch();
  }, 120_000);
  afterAll(async () => {
    for (const p of pages) await p.close().catch(() => undefined);
    await browser?.close();
    await pg?.stop();
  });
  const started = <T>(x: T | undefined): T => {
    if (x === undefined) throw new Error('the playground session starts in beforeAll: use it inside a test');
    return x;
  };
  return {
    get pg() {
      return started(pg);
    },
    get browser() {
      return started(browser);
    },
    async panel(as) {
      const page = await openPanel(started(browser), started(pg), as);
      pages.push(page);
      return page;
    },
  };
}

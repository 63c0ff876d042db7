/**
 * Shared helpers for the browser tests: Debian's Chromium through playwright-core (browser downloads do not
 * work here), a clear skip when it is not installed, screenshots under test-artifacts/ (git-ignored), and a
 * playground server started in the test process on a free port.
 */
import { existsSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import type { Browser, Page } from 'playwright-core';
import { createPlaygroundServer } from '../../../src/local/server/http';
import { Playground, type PlaygroundOptions } from '../../../src/local/server/playground';

export const CHROMIUM = process.env.HANDOFF_CHROMIUM ?? '/usr/bin/chromium';
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
export const ROOT = join(__dirname, '../../..');
export const DIST = join(ROOT, 'dist');
export const ARTIFACTS = join(ROOT, 'test-artifacts');

/** `describe`, or `describe.skip` with a message saying why, when Chromium or the build is missing. */
export function describeWithBrowser(file: string): jest.Describe {
  if (!existsSync(CHROMIUM)) {
    console.warn(`${file}: SKIPPED — no Chromium at ${CHROMIUM} (apt-get install chromium; .ci/run installs it)`);
    return describe.skip;
  }
  if (!existsSync(join(DIST, 'Code.js'))) {
    console.warn(`${file}: SKIPPED — dist/Code.js is missing (npm run build; npm test builds first)`);
    return describe.skip;
  }
  return describe;
}

export async function launch(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
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
  p: Playground;
  base: string;
  server: Server;
  stop(): Promise<void>;
}

/** The playground on the real dist/, with its own temporary data folder, listening on a free port. */
export async function startPlayground(opts: Partial<PlaygroundOptions> = {}): Promise<RunningPlayground> {
  const data = mkdtempSync(join(tmpdir(), 'handoff-e2e-'));
  const p = Playground.open({ distDir: DIST, dataDir: data, ...opts });
  const server = createPlaygroundServer(p, { host: '127.0.0.1' });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    p,
    base: `http://localhost:${port}`,
    server,
    stop: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => {
          rmSync(data, { recursive: true, force: true });
          resolve();
        });
      }),
  };
}

/**
 * The real sidebar alone, as `as`, at the sidebar's width: the add-on's open-panel function runs as that person
 * and google.script.run is bridged to POST /api/run (what the playground's /sidebar page frames).
 */
export async function openPanel(browser: Browser, pg: RunningPlayground, as: string, viewport = { width: 300, height: 900 }): Promise<Page> {
  const page = await browser.newPage({ viewport });
  await page.goto(`${pg.base}/sidebar/frame?as=${encodeURIComponent(as)}`);
  return page;
}

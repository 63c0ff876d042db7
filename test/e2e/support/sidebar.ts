/**
 * The real dist/Sidebar.html in headless Chromium, with google.script.run bridged to dist/Code.js on the
 * local Workspace (test/integration/harness.ts): exposeFunction + an init script standing in for Apps Script's client.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { purchaseApproval } from '../../../src/templates';
import { loadBundle, type Harness } from '../../integration/harness';
import { PEOPLE, RITA, laptop } from '../../unit/gas/fixtures';
import { OWNER } from '../../unit/gas/workspace';

const SIDEBAR = join(__dirname, '../../../dist/Sidebar.html');
export const OLGA = 'olga@acme.test';

/** A governed sheet: set up, the Directory (with Olga the operator), purchase-approval published, Rita's laptop request. */
export function governed(): Harness {
  const h = loadBundle(OWNER);
  h.call('handoffSetUp');
  h.sheet.write('Directory', 'A3', [...PEOPLE, [OLGA, 'Olga Operator', 'operator', '', '', '', '', '', '']]);
  h.call('handoffPublishWorkflow', [purchaseApproval]);
  h.call('handoffCreateRequest', [{ workflowId: 'purchase-approval', fields: laptop }], { as: RITA });
  return h;
}

/** google.script.run for the page: each call runs the named top-level function of dist/Code.js as `as`. */
const SHIM = `
(function () {
  function runner(ok, fail) {
    return new Proxy({}, { get: function (_, name) {
      if (name === 'withSuccessHandler') return function (f) { return runner(f, fail); };
      if (name === 'withFailureHandler') return function (f) { return runner(ok, f); };
      if (name === 'withUserObject') return function () { return runner(ok, fail); };
      return function () {
        var args = Array.prototype.slice.call(arguments);
        window.__handoffRun(String(name), JSON.stringify(args)).then(function (text) {
          var r = JSON.parse(text);
          setTimeout(function () { if (r.ok) { if (ok) ok(r.value); } else if (fail) fail(new Error(r.message)); }, 0);
        });
      };
    } });
  }
  window.google = { script: { run: runner(null, null), host: { close: function () {}, setHeight: function () {} } } };
})();`;

/** `runAs`: whom the calls run as (default the owner; Apps Script runs a sidebar as the person: pass `as`). */
export async function openSidebar(browser: Browser, h: Harness, as: string, runAs?: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 300, height: 900 } });
  const external: string[] = [];
  page.on('request', (r) => {
    if (!r.url().startsWith('data:') && r.url() !== 'about:blank') external.push(r.url());
  });
  await page.exposeFunction('__handoffRun', (fn: string, argsJson: string) => {
    try {
      return JSON.stringify({
        ok: true,
        value: h.call(fn, JSON.parse(argsJson) as unknown[], { as, kind: 'web-app', ...(runAs ? { runAs } : {}) }) ?? null,
      });
    } catch (e) {
      return JSON.stringify({ ok: false, message: (e as Error).message });
    }
  });
  // The shim goes first in <head>, before the page's own script (as Apps Script's client API is there first).
  await page.setContent(readFileSync(SIDEBAR, 'utf8').replace('<head>', () => `<head><script>${SHIM}</script>`));
  (page as unknown as { __external: string[] }).__external = external;
  return page;
}

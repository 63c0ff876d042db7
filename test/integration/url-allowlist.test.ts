/**
 * Every URL UrlFetchApp calls is in the manifest's urlFetchWhitelist (a versioned deployment of an add-on needs it).
 * The bundle has a known set of UrlFetchApp call sites, each aimed at a known kind of URL; the integration tests that
 * run them (approvals: the Gmail card; panel and requests-api: the sidebar's relay) also check each logged URL;
 * chat/post.ts posts only to webhooks chat/spaces.ts accepted.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { CODE_PATH } from './harness';
import { allowedByManifest, allowlist } from './url-allowlist';

const GAS = join(__dirname, '../../src/gas');

/** Each file of src/gas that calls UrlFetchApp, and the URLs it calls, as Apps Script forms them. */
const FETCHERS: Record<string, string[]> = {
  // The web app (ScriptApp.getService().getUrl(), or HANDOFF_CARD_API_URL), consumer and Workspace-domain forms.
  'gmail/card.ts': [
    'https://script.google.com/macros/s/AKfy123/exec?api=card',
    'https://script.google.com/a/macros/acme.test/s/AKfy123/exec?api=card',
  ],
  'panel/relay.ts': ['https://script.google.com/macros/s/AKfy123/exec?api=card'],
  // A Google Chat incoming webhook an admin added (chat/spaces.ts accepts only this shape).
  'chat/post.ts': ['https://chat.googleapis.com/v1/spaces/AAAA123/messages?key=k&token=t'],
};

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = join(dir, n);
    return statSync(p).isDirectory() ? files(p) : p.endsWith('.ts') ? [p] : [];
  });
}

const CALL = /UrlFetchApp\s*\.\s*(fetch|fetchAll)\s*\(/g;

describe("the manifest's urlFetchWhitelist", () => {
  it('holds valid prefixes: https, a full domain, a non-empty path', () => {
    const list = allowlist();
    expect(list.length).toBeGreaterThan(0);
    for (const p of list) expect(p).toMatch(/^https:\/\/(\*\.)?[a-z0-9-]+(\.[a-z0-9-]+)+\/\S*$/);
  });

  it('covers every UrlFetchApp call site of the bundle, and no site is unknown', () => {
    const sites = files(GAS).flatMap((f) => (readFileSync(f, 'utf8').match(CALL) ?? []).map(() => relative(GAS, f)));
    expect([...new Set(sites)].sort()).toEqual(Object.keys(FETCHERS).sort());
    // The bundle calls UrlFetchApp exactly where src/gas does (src/local never reaches dist/Code.js).
    expect(readFileSync(CODE_PATH, 'utf8').match(CALL) ?? []).toHaveLength(sites.length);
    for (const [file, urls] of Object.entries(FETCHERS))
      for (const url of urls) expect([file, url, allowedByManifest(url)]).toEqual([file, url, true]);
  });

  it('matches as Apps Script does: a URL outside every prefix is refused', () => {
    const list = ['https://script.google.com/macros/s/', 'https://*.example.com/api/'];
    expect(allowedByManifest('https://script.google.com/macros/s/X/exec', list)).toBe(true);
    expect(allowedByManifest('https://script.google.com/MACROS/s/X/exec', list)).toBe(false);
    expect(allowedByManifest('https://evil.test/https://script.google.com/macros/s/', list)).toBe(false);
    expect(allowedByManifest('https://a.example.com/api/v1', list)).toBe(true);
    expect(allowedByManifest('https://a.example.com/other', list)).toBe(false);
    expect(allowedByManifest('https://example.org/', list)).toBe(false);
  });
});

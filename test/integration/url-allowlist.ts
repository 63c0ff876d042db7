/**
 * The manifest's urlFetchWhitelist, matched as Apps Script matches it (developers.google.com/apps-script/manifest/
 * allowlist-url): a URL is allowed when it equals a prefix or continues it; paths are case-sensitive; a leading
 * `*.` in the host matches subdomains.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const MANIFEST = join(__dirname, '../../appsscript/appsscript.json');

export function allowlist(): string[] {
  return (JSON.parse(readFileSync(MANIFEST, 'utf8')) as { urlFetchWhitelist?: string[] }).urlFetchWhitelist ?? [];
}

function matches(prefix: string, url: string): boolean {
  const wild = /^https:\/\/\*\.([^/]+)(\/.*)$/.exec(prefix);
  if (!wild) return url.startsWith(prefix);
  const u = /^https:\/\/([^/]+)(\/.*)?$/.exec(url);
  if (!u) return false;
  const [, host, path = '/'] = u;
  return host!.endsWith(`.${wild[1]}`) && path.startsWith(wild[2]!);
}

export function allowedByManifest(url: string, prefixes = allowlist()): boolean {
  return prefixes.some((p) => matches(p, url));
}

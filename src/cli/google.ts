/**
 * The googleapis clients the commands use: the Sheets API v4 and the Apps Script API v1 (the standalone
 * `@googleapis/sheets` and `@googleapis/script` packages: the same generated clients and runtime as the
 * `googleapis` package, without its 200 MB of other APIs). `--endpoint` (HANDOFF_GOOGLE_ENDPOINT) replaces Google's
 * root URL, e.g. with the playground's; the per-API rootUrl is the option that redirects requests (the global
 * google.options({ rootUrl }) does not).
 */
import { script_v1 } from '@googleapis/script';
import { sheets_v4 } from '@googleapis/sheets';
import type { OAuth2Client } from 'google-auth-library';

export interface Clients {
  sheets: sheets_v4.Sheets;
  script: script_v1.Script;
}

/** Google's own root URLs when no endpoint is given. */
export const GOOGLE_ROOTS = { sheets: 'https://sheets.googleapis.com/', script: 'https://script.googleapis.com/' } as const;

/** `http://localhost:8080` → `http://localhost:8080/` (the client joins paths onto the origin). */
export function rootUrl(endpoint: string): string {
  let u: URL;
  try {
    u = new URL(endpoint);
  } catch {
    throw new Error(`--endpoint must be a URL such as http://localhost:8080 (got ${JSON.stringify(endpoint)})`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') throw new Error(`--endpoint must be an http(s) URL (got ${endpoint})`);
  return `${u.origin}/`;
}

export function createClients(auth: OAuth2Client, endpoint: string | null): Clients {
  // GET requests are retried by the client on 429/5xx (3 times, with backoff); POSTs (scripts.run, append) never are.
  return {
    sheets: new sheets_v4.Sheets({ auth, rootUrl: endpoint ? rootUrl(endpoint) : GOOGLE_ROOTS.sheets }),
    script: new script_v1.Script({ auth, rootUrl: endpoint ? rootUrl(endpoint) : GOOGLE_ROOTS.script }),
  };
}

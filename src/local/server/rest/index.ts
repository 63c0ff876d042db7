/**
 * Google's REST surface on the playground server, for the real googleapis client (`handoff --endpoint`):
 *   POST /v1/scripts/{scriptId}:run                 Apps Script API v1 scripts.run (script-run.ts)
 *   /v4/spreadsheets/{id}…                          Sheets API v4 (sheets.ts)
 *   /o/oauth2/v2/auth, /o/oauth2/token, /tokens     how people get a bearer token (oauth.ts)
 * Every API call needs `Authorization: Bearer <token>` (401 without one) and runs as the token's person.
 * Errors have Google's JSON shape. `handleRest` answers the paths it owns and returns false for the others.
 */
import { readFileSync } from 'node:fs';
import type * as http from 'node:http';
import { join } from 'node:path';
import { BadRequest } from '../errors';
import type { Playground } from '../playground';
import type { RouteGroup } from '../routes/context';
import { readForm, readJsonObject } from './body';
import { GoogleApiError, INVALID_CREDENTIALS, MISSING_CREDENTIALS, sendGoogleError, sendGoogleJson } from './google-error';
import { AUTH_PATH, authRequest, consentAnswer, consentPage, page, TOKEN_PATH, TOKENS_PAGE, tokenEndpoint, tokensPage } from './oauth';
import { runScript, type ExecutionAccess, type RunTarget } from './script-run';
import { handleSheets, SHEETS_PREFIX } from './sheets';
import { OAuthError, TokenStore } from './tokens';

export const API_SCOPES = 'https://www.googleapis.com/auth/spreadsheets https://www.googleapis.com/auth/script.external_request';
const RUN_PATH = /^\/v1\/scripts\/([^/:]+):run$/;

export interface RestOptions {
  maxBodyBytes: number;
  log?: (line: string) => void;
}

/** The manifest's executionApi.access (dist/appsscript.json), or null when the project is not an API executable. */
export function executionAccess(distDir: string): ExecutionAccess | null {
  try {
    const m = JSON.parse(readFileSync(join(distDir, 'appsscript.json'), 'utf8')) as { executionApi?: { access?: string } };
    const a = m.executionApi?.access;
    return a === 'MYSELF' || a === 'DOMAIN' || a === 'ANYONE' || a === 'ANYONE_ANONYMOUS' ? a : null;
  } catch {
    return null;
  }
}

export interface RestSurface {
  tokens: TokenStore;
  /** The surface as a group of the server's route table (routes/): it claims its own paths only. */
  group: RouteGroup;
  handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean>;
}

export function claims(path: string): boolean {
  return path === AUTH_PATH || path === TOKENS_PAGE || path === TOKEN_PATH || RUN_PATH.test(path) || path.startsWith(SHEETS_PREFIX);
}

export function createRestSurface(p: Playground, opts: RestOptions): RestSurface {
  const tokens = TokenStore.inFolder(p.opts.dataDir);
  const access = executionAccess(p.opts.distDir);
  const target = (): RunTarget => ({ scriptId: p.ws.script.scriptId, access, owner: p.ws.kernel.owner });

  /** The person the bearer token stands for; 401 in Google's words without a valid one. */
  function caller(req: http.IncomingMessage): string {
    const h = String(req.headers.authorization ?? '');
    const m = /^Bearer\s+(\S+)\s*$/i.exec(h);
    if (!m) throw new GoogleApiError(401, MISSING_CREDENTIALS);
    const who = tokens.verify(m[1]!);
    if (!who) throw new GoogleApiError(401, INVALID_CREDENTIALS);
    return who.email;
  }

  function html(res: http.ServerResponse, status: number, body: string): void {
    res.writeHead(status, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' });
    res.end(body);
  }

  /** Pages that act (consent, tokens) take POSTs only from the playground's own pages, or tools that send no Origin. */
  function sameOrigin(req: http.IncomingMessage): boolean {
    const origin = req.headers.origin;
    if (!origin || origin === 'null') return true;
    try {
      return new URL(origin).host === req.headers.host;
    } catch {
      return false;
    }
  }

  async function pages(req: http.IncomingMessage, res: http.ServerResponse, url: URL, method: string): Promise<void> {
    const base = `http://${req.headers.host ?? 'localhost'}`;
    if (method === 'POST' && !sameOrigin(req)) return html(res, 403, page('Not possible', 'A page from another site may not post here.'));
    if (url.pathname === AUTH_PATH) {
      if (method === 'GET') {
        const r = authRequest(url.searchParams);
        if (typeof r === 'string') return html(res, 400, page('This sign-in request is not valid', r));
        const as = p.people().find((x) => x.roles.includes('admin'))?.email ?? p.ws.kernel.owner;
        return html(res, 200, consentPage(p, r, url.searchParams.get('login_hint') || as));
      }
      const answer = consentAnswer(p, tokens, await readForm(req, opts.maxBodyBytes));
      if (typeof answer === 'string') return html(res, 400, page('This sign-in request is not valid', answer));
      res.writeHead(302, { Location: answer.location, 'Cache-Control': 'no-store' });
      return void res.end();
    }
    // TOKENS_PAGE
    const info = { base, spreadsheetId: p.spreadsheetId, scriptId: p.ws.script.scriptId };
    if (method === 'GET') return html(res, 200, tokensPage(p, url.searchParams.get('as') ?? p.ws.kernel.owner, info));
    const person = p.person((await readForm(req, opts.maxBodyBytes)).get('as'));
    const issued = tokens.issuePageToken(person.email, API_SCOPES);
    return html(res, 200, tokensPage(p, person.email, info, { ...issued, email: person.email }));
  }

  async function handle(req: http.IncomingMessage, res: http.ServerResponse, url: URL): Promise<boolean> {
    const method = req.method ?? 'GET';
    const path = url.pathname;
    const isPage = path === AUTH_PATH || path === TOKENS_PAGE;
    const isApi = RUN_PATH.test(path) || path === TOKEN_PATH || path.startsWith(SHEETS_PREFIX);
    if (!isPage && !isApi) return false;
    try {
      if (isPage) {
        if (method !== 'GET' && method !== 'POST') throw new BadRequest(`Method ${method} is not allowed on ${path}`, 405);
        await pages(req, res, url, method);
        return true;
      }
      if (path === TOKEN_PATH) {
        if (method !== 'POST') throw new GoogleApiError(405, 'The token endpoint takes POST only.');
        sendGoogleJson(res, 200, tokenEndpoint(tokens, await readForm(req, opts.maxBodyBytes)));
        return true;
      }
      const run = RUN_PATH.exec(path);
      if (run) {
        if (method !== 'POST') throw new GoogleApiError(405, `Method ${method} is not allowed: scripts.run is a POST.`);
        const who = caller(req);
        const body = await readJsonObject(req, opts.maxBodyBytes);
        sendGoogleJson(res, 200, await runScript(p, target(), decodeURIComponent(run[1]!), who, body));
        return true;
      }
      const who = caller(req);
      await handleSheets(p, { req, res, url, method, caller: who, maxBodyBytes: opts.maxBodyBytes });
      return true;
    } catch (e) {
      if (res.headersSent) {
        res.end();
        return true;
      }
      if (e instanceof OAuthError) {
        sendGoogleJson(res, 400, { error: e.code, error_description: e.message });
        return true;
      }
      if (e instanceof GoogleApiError) {
        sendGoogleError(res, e.status, e.message);
        return true;
      }
      if (e instanceof BadRequest) {
        if (isPage) html(res, e.status, page('Not possible', e.message));
        else sendGoogleError(res, e.status, e.message);
        return true;
      }
      opts.log?.(`error: ${method} ${path}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
      sendGoogleError(res, 500, 'Internal error encountered.');
      return true;
    }
  }

  const group: RouteGroup = {
    name: 'google-rest',
    claims: (path) => claims(path),
    handle: async (c) => void (await handle(c.req, c.res, c.url)),
  };
  return { tokens, group, handle };
}

/**
 * How the playground's people get a bearer token for the REST surface:
 *   - OAuth 2.0 for installed apps, as Google runs it: GET /o/oauth2/v2/auth shows a consent page (pick who you
 *     are, Allow); its POST redirects to the client's loopback redirect_uri with a one-time code; POST
 *     /o/oauth2/token trades the code and its PKCE verifier (S256) for an access and a refresh token, and a
 *     refresh token for a new access token. `handoff login --endpoint <playground>` runs exactly this flow.
 *   - The /tokens page: pick a person, press the button (a POST), copy the token for --token / HANDOFF_TOKEN.
 * A GET changes nothing on either page.
 */
import { esc } from '../views/html';
import type { Playground } from '../playground';
import { OAuthError, type TokenStore } from './tokens';

export const AUTH_PATH = '/o/oauth2/v2/auth';
export const TOKEN_PATH = '/o/oauth2/token';
export const TOKENS_PAGE = '/tokens';

const PAGE_STYLE =
  'body{font:14px/1.5 system-ui,sans-serif;background:#f8f9fa;color:#202124;margin:0}main{max-width:640px;margin:40px auto;background:#fff;border:1px solid #dadce0;border-radius:8px;padding:24px}' +
  'select,input{font:inherit;padding:6px}button{background:#1a73e8;color:#fff;border:0;border-radius:4px;padding:8px 16px;font:inherit;cursor:pointer}' +
  'button.secondary{background:#fff;color:#1a73e8;border:1px solid #dadce0}code,pre{background:#f1f3f4;padding:2px 4px;border-radius:3px;word-break:break-all;white-space:pre-wrap}.muted{color:#5f6368}';

export function page(title: string, body: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(title)} · Handoff playground</title><style>${PAGE_STYLE}</style></head><body><main><h1>${esc(title)}</h1>${body}</main></body></html>`;
}

function peopleSelect(p: Playground, selected: string): string {
  return `<select name="as" id="as">${p
    .people()
    .map(
      (x) =>
        `<option value="${esc(x.email)}"${x.email.toLowerCase() === selected.toLowerCase() ? ' selected' : ''}>${esc(x.name)} &lt;${esc(x.email)}&gt;${x.roles.length ? ` (${esc(x.roles.join(', '))})` : ''}</option>`,
    )
    .join('')}</select>`;
}

/** Loopback redirect URIs only (RFC 8252 §7.3), as Google requires for installed apps. */
export function loopbackRedirect(uri: string): boolean {
  try {
    const u = new URL(uri);
    return u.protocol === 'http:' && (u.hostname === '127.0.0.1' || u.hostname === 'localhost' || u.hostname === '[::1]');
  } catch {
    return false;
  }
}

export interface AuthRequest {
  clientId: string;
  redirectUri: string;
  scope: string;
  state: string;
  challenge: string;
}

/** The authorization request's parameters, or a sentence saying what is wrong with them. */
export function authRequest(params: URLSearchParams | Map<string, string>): AuthRequest | string {
  const get = (k: string) => (params instanceof Map ? params.get(k) : params.get(k)) ?? '';
  const redirectUri = get('redirect_uri');
  if (!get('client_id')) return 'client_id is missing.';
  if (!loopbackRedirect(redirectUri))
    return `redirect_uri must be a loopback address such as http://127.0.0.1:PORT/ (got "${redirectUri}").`;
  if (get('response_type') !== 'code') return 'response_type must be "code".';
  if (get('code_challenge_method') !== 'S256' || !/^[A-Za-z0-9_-]{43}$/.test(get('code_challenge')))
    return 'A PKCE code_challenge with code_challenge_method=S256 is required.';
  return { clientId: get('client_id'), redirectUri, scope: get('scope'), state: get('state'), challenge: get('code_challenge') };
}

export function consentPage(p: Playground, req: AuthRequest, as: string): string {
  const hidden = Object.entries({
    client_id: req.clientId,
    redirect_uri: req.redirectUri,
    response_type: 'code',
    scope: req.scope,
    state: req.state,
    code_challenge: req.challenge,
    code_challenge_method: 'S256',
  })
    .map(([k, v]) => `<input type="hidden" name="${k}" value="${esc(v)}">`)
    .join('');
  const scopes = req.scope
    .split(/\s+/)
    .filter(Boolean)
    .map((s) => `<li><code>${esc(s)}</code></li>`)
    .join('');
  return page(
    'Sign in to the Handoff playground',
    `<p><b>${esc(req.clientId)}</b> wants to act as you on this playground's Google APIs (Sheets, Apps Script).</p>` +
      `${scopes ? `<p class="muted">It asks for:</p><ul>${scopes}</ul>` : ''}` +
      `<form method="post" action="${AUTH_PATH}">${hidden}<p><label for="as">You are </label>${peopleSelect(p, as)}</p>` +
      `<p><button type="submit" name="decision" value="allow">Allow</button> <button class="secondary" type="submit" name="decision" value="deny">Deny</button></p></form>` +
      `<p class="muted">Afterwards the browser returns to ${esc(req.redirectUri)}, where the command finishes signing in.</p>`,
  );
}

/** The POST of the consent page: where to send the browser back to. */
export function consentAnswer(p: Playground, tokens: TokenStore, fields: Map<string, string>): { location: string } | string {
  const req = authRequest(fields);
  if (typeof req === 'string') return req;
  const back = new URL(req.redirectUri);
  if (req.state) back.searchParams.set('state', req.state);
  if (fields.get('decision') !== 'allow') {
    back.searchParams.set('error', 'access_denied');
    return { location: back.toString() };
  }
  const person = p.person(fields.get('as'));
  back.searchParams.set('code', tokens.issueCode(person.email, req.scope, req.challenge, req.redirectUri));
  return { location: back.toString() };
}

/** POST /o/oauth2/token (form-encoded), as Google's token endpoint. */
export function tokenEndpoint(tokens: TokenStore, fields: Map<string, string>): Record<string, unknown> {
  const grant = fields.get('grant_type');
  if (grant === 'authorization_code') {
    const code = fields.get('code');
    const verifier = fields.get('code_verifier');
    if (!code || !verifier) throw new OAuthError('invalid_request', 'code and code_verifier are required.');
    return { ...tokens.exchangeCode(code, verifier, fields.get('redirect_uri') ?? '') };
  }
  if (grant === 'refresh_token') {
    const rt = fields.get('refresh_token');
    if (!rt) throw new OAuthError('invalid_request', 'refresh_token is required.');
    return { ...tokens.refresh(rt) };
  }
  throw new OAuthError('unsupported_grant_type', `grant_type must be authorization_code or refresh_token (got "${grant ?? ''}").`);
}

export interface TokenPageInfo {
  base: string;
  spreadsheetId: string;
  scriptId: string;
}

export function tokensPage(
  p: Playground,
  as: string,
  info: TokenPageInfo,
  issued?: { token: string; expiresAt: number; email: string },
): string {
  const env = `export HANDOFF_GOOGLE_ENDPOINT=${info.base}\nexport HANDOFF_SPREADSHEET_ID=${info.spreadsheetId}\nexport HANDOFF_SCRIPT_ID=${info.scriptId}`;
  const shown = issued
    ? `<h2>Your token</h2><p>For <b>${esc(issued.email)}</b>, valid until ${esc(new Date(issued.expiresAt).toISOString())}. It is shown once.</p>` +
      `<pre id="token">${esc(issued.token)}</pre><p>Use it with the <code>handoff</code> command:</p>` +
      `<pre>${esc(`${env}\nexport HANDOFF_TOKEN=${issued.token}\nnpx handoff pull`)}</pre>`
    : '';
  return page(
    'Tokens for the Google APIs',
    `<p>The playground serves Google's Sheets and Apps Script REST APIs to the <code>handoff</code> command. Each call carries a bearer token that says who you are.</p>` +
      `<p>Sign in from a terminal with <code>npx handoff login --endpoint ${esc(info.base)}</code>, or create a token here.</p>` +
      `<form method="post" action="${TOKENS_PAGE}"><label for="as">Token for </label>${peopleSelect(p, as)} <button type="submit">Create a token</button></form>` +
      shown +
      `<h2>This playground</h2><pre>${esc(env)}</pre>`,
  );
}

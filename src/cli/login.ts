/**
 * `handoff login`: OAuth 2.0 for installed apps (google-auth-library's OAuth2Client, PKCE S256, a loopback
 * redirect on 127.0.0.1 at a free port), then the refresh token is saved in the user's config folder.
 *   - Google: the Desktop OAuth client of the Cloud project the script is linked to (--client FILE, the JSON the
 *     console downloads, or HANDOFF_OAUTH_CLIENT_ID / HANDOFF_OAUTH_CLIENT_SECRET). scripts.run only accepts tokens
 *     from that project.
 *   - A playground (--endpoint URL): its own consent page and token endpoint; no client needed.
 *   - --adc: use Application Default Credentials from now on (checked once here).
 */
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { CodeChallengeMethod, type Credentials, OAuth2Client } from 'google-auth-library';
import { adcClient } from './auth';
import { loginKey, saveLogin } from './credentials';
import { CliError, EXIT } from './exit-codes';
import { LOGIN_SCOPES } from './scopes';

export const PLAYGROUND_CLIENT_ID = 'handoff-cli';
export const GOOGLE_TOKEN_URL = 'https://oauth2.googleapis.com/token';

export interface LoginOptions {
  endpoint: string | null;
  credentialsFile: string;
  clientFile?: string | undefined;
  adc?: boolean;
  env: NodeJS.ProcessEnv;
  /** Shows the sign-in URL to the person (and opens a browser when it can). */
  open: (url: string) => void;
  print: (line: string) => void;
  timeoutMs?: number;
}

interface ClientInfo {
  clientId: string;
  clientSecret?: string;
  authUrl?: string;
  tokenUrl: string;
}

function clientInfo(o: LoginOptions): ClientInfo {
  if (o.endpoint) {
    const origin = new URL(o.endpoint).origin;
    return { clientId: PLAYGROUND_CLIENT_ID, authUrl: `${origin}/o/oauth2/v2/auth`, tokenUrl: `${origin}/o/oauth2/token` };
  }
  if (o.clientFile) {
    let json: { installed?: { client_id?: string; client_secret?: string; token_uri?: string } };
    try {
      json = JSON.parse(readFileSync(o.clientFile, 'utf8'));
    } catch (e) {
      throw new CliError(`--client ${o.clientFile}: cannot read it as JSON (${e instanceof Error ? e.message : String(e)}).`, EXIT.USAGE);
    }
    const c = json.installed;
    if (!c?.client_id)
      throw new CliError(
        `--client ${o.clientFile} is not a Desktop app OAuth client (no "installed.client_id"): create one in the Cloud console (docs/deploy.md).`,
        EXIT.USAGE,
      );
    return {
      clientId: c.client_id,
      ...(c.client_secret ? { clientSecret: c.client_secret } : {}),
      tokenUrl: c.token_uri || GOOGLE_TOKEN_URL,
    };
  }
  const id = o.env.HANDOFF_OAUTH_CLIENT_ID;
  if (!id)
    throw new CliError(
      "To sign in to Google, name the Desktop OAuth client of the script's Cloud project: --client client_secret.json (or HANDOFF_OAUTH_CLIENT_ID and HANDOFF_OAUTH_CLIENT_SECRET). See docs/deploy.md. In CI, pass --token; with gcloud, `handoff login --adc`.",
      EXIT.USAGE,
    );
  return {
    clientId: id,
    ...(o.env.HANDOFF_OAUTH_CLIENT_SECRET ? { clientSecret: o.env.HANDOFF_OAUTH_CLIENT_SECRET } : {}),
    tokenUrl: GOOGLE_TOKEN_URL,
  };
}

/** Waits for the browser to come back to the loopback redirect with ?code= (or ?error=). */
function loopback(state: string, timeoutMs: number): Promise<{ redirectUri: string; code: Promise<string>; close: () => void }> {
  return new Promise((resolveServer, rejectServer) => {
    let settle: { ok: (c: string) => void; fail: (e: Error) => void } | null = null;
    const code = new Promise<string>((ok, fail) => (settle = { ok, fail }));
    const server = http.createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://127.0.0.1');
      if (u.pathname !== '/') {
        res.writeHead(404).end();
        return;
      }
      const done = (status: number, text: string) => {
        res.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(text);
      };
      if (u.searchParams.get('state') !== state) return done(400, 'This sign-in answer is not for this `handoff login` (state differs).');
      const err = u.searchParams.get('error');
      if (err) {
        done(200, 'Sign-in was cancelled. You can close this tab.');
        return settle?.fail(new CliError(`Sign-in was not allowed (${err}).`, EXIT.AUTH));
      }
      const c = u.searchParams.get('code');
      if (!c) return done(400, 'No authorization code in this answer.');
      done(200, 'Signed in to handoff. You can close this tab and go back to the terminal.');
      settle?.ok(c);
    });
    const timer = setTimeout(() => settle?.fail(new CliError('Sign-in timed out: nobody answered in the browser.', EXIT.AUTH)), timeoutMs);
    const close = () => {
      clearTimeout(timer);
      server.close();
    };
    server.once('error', rejectServer);
    server.listen(0, '127.0.0.1', () => {
      const port = (server.address() as AddressInfo).port;
      resolveServer({ redirectUri: `http://127.0.0.1:${port}/`, code, close });
    });
  });
}

export async function login(o: LoginOptions): Promise<{ key: string; how: string }> {
  const key = loginKey(o.endpoint);
  if (o.adc) {
    const c = await adcClient();
    await c.getAccessToken();
    saveLogin(o.credentialsFile, key, { type: 'adc' });
    return { key, how: 'Application Default Credentials' };
  }
  const info = clientInfo(o);
  const state = randomBytes(16).toString('hex');
  const lb = await loopback(state, o.timeoutMs ?? 5 * 60_000);
  try {
    const client = new OAuth2Client({
      clientId: info.clientId,
      ...(info.clientSecret ? { clientSecret: info.clientSecret } : {}),
      redirectUri: lb.redirectUri,
      endpoints: { oauth2TokenUrl: info.tokenUrl, ...(info.authUrl ? { oauth2AuthBaseUrl: info.authUrl } : {}) },
    });
    const { codeVerifier, codeChallenge } = await client.generateCodeVerifierAsync();
    const url = client.generateAuthUrl({
      access_type: 'offline',
      prompt: 'consent',
      scope: [...LOGIN_SCOPES],
      state,
      code_challenge_method: CodeChallengeMethod.S256,
      ...(codeChallenge ? { code_challenge: codeChallenge } : {}),
    });
    o.print(`Sign in in your browser: ${url}`);
    o.open(url);
    const code = await lb.code;
    let tokens: Credentials;
    try {
      tokens = (await client.getToken({ code, codeVerifier, redirect_uri: lb.redirectUri })).tokens;
    } catch (e) {
      throw new CliError(`The sign-in could not be completed: ${e instanceof Error ? e.message : String(e)}.`, EXIT.AUTH);
    }
    saveLogin(o.credentialsFile, key, {
      type: 'oauth',
      clientId: info.clientId,
      ...(info.clientSecret ? { clientSecret: info.clientSecret } : {}),
      tokenUrl: info.tokenUrl,
      ...(tokens.refresh_token ? { refreshToken: tokens.refresh_token } : {}),
      ...(tokens.access_token ? { accessToken: tokens.access_token } : {}),
      ...(tokens.expiry_date ? { expiryDate: tokens.expiry_date } : {}),
    });
    return { key, how: 'OAuth (installed app)' };
  } finally {
    lb.close();
  }
}

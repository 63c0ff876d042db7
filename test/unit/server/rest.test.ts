/**
 * The playground's Google REST surface, on a stand-in script: bearer tokens (401 in Google's words without a good
 * one), scripts.run's answers in the Apps Script API's shapes (done, ScriptError, 404, 403 by executionApi.access),
 * and the OAuth endpoints (PKCE checked, codes good once). The real googleapis client runs against it in
 * test/integration/cli.test.ts.
 */
import { createHash, randomBytes } from 'node:crypto';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fakePlayground, serve, type Fixture, type Running } from './helpers';

let fx: Fixture;
let srv: Running;

async function start(executionApi: unknown): Promise<void> {
  fx = await fakePlayground();
  const manifest = { webapp: { executeAs: 'USER_DEPLOYING', access: 'ANYONE' }, ...(executionApi ? { executionApi } : {}) };
  writeFileSync(join(fx.dist, 'appsscript.json'), JSON.stringify(manifest));
  srv = await serve(fx.p);
}

afterEach(async () => {
  await srv.close();
  await fx.cleanup();
});

async function token(as: string): Promise<string> {
  const html = await (await fetch(`${srv.base}/tokens`, { method: 'POST', body: new URLSearchParams({ as }) })).text();
  return /<pre id="token">([^<]+)<\/pre>/.exec(html)![1]!;
}

async function run(body: unknown, auth?: string, id = fx.p.ws.script.scriptId): Promise<{ status: number; json: any }> {
  const r = await fetch(`${srv.base}/v1/scripts/${encodeURIComponent(id)}:run`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...(auth ? { Authorization: `Bearer ${auth}` } : {}) },
    body: JSON.stringify(body),
  });
  return { status: r.status, json: await r.json() };
}

describe('scripts.run', () => {
  beforeEach(() => start({ access: 'DOMAIN' }));

  it("runs the function as the token's person and answers with an ExecutionResponse", async () => {
    const r = await run({ function: 'handoffPanelEcho', parameters: [{ a: 1 }] }, await token('rita@acme.test'));
    expect(r).toEqual({
      status: 200,
      json: {
        done: true,
        response: {
          '@type': 'type.googleapis.com/google.apps.script.v1.ExecutionResponse',
          result: { got: { a: 1 }, as: 'rita@acme.test', runsAs: 'rita@acme.test' },
        },
      },
    });
  });

  it('a function that throws is a 200 with the ExecutionError; a missing or private one is "Script function not found"', async () => {
    const t = await token('rita@acme.test');
    const boom = await run({ function: 'handoffPanelBoom' }, t);
    expect(boom).toEqual({
      status: 200,
      json: {
        done: true,
        error: {
          code: 3,
          message: 'ScriptError',
          details: [
            {
              '@type': 'type.googleapis.com/google.apps.script.v1.ExecutionError',
              errorMessage: 'boom: rita@acme.test',
              errorType: 'Error',
              scriptStackTraceElements: [{ function: 'handoffPanelBoom' }],
            },
          ],
        },
      },
    });
    for (const fn of ['noSuchFunction', 'secret_']) {
      const r = await run({ function: fn }, t);
      expect(r.json.error.details[0].errorMessage).toBe(`Script function not found: ${fn}`);
    }
  });

  it("401 without a token or with an unknown one, in Google's error shape", async () => {
    const none = await run({ function: 'handoffPanelEcho' });
    expect(none.status).toBe(401);
    expect(none.json.error).toEqual(
      expect.objectContaining({
        code: 401,
        status: 'UNAUTHENTICATED',
        message: expect.stringMatching(/^Request is missing required authentication credential/),
      }),
    );
    const bad = await run({ function: 'handoffPanelEcho' }, 'pg-at.forged');
    expect(bad.status).toBe(401);
    expect(bad.json.error.message).toMatch(/^Request had invalid authentication credentials/);
  });

  it("404 for another script id; 403 for a caller outside the owner's domain (executionApi DOMAIN)", async () => {
    const t = await token('rita@acme.test');
    const other = await run({ function: 'handoffPanelEcho' }, t, 'someone-elses-script');
    expect([other.status, other.json.error.status, other.json.error.message]).toEqual([
      404,
      'NOT_FOUND',
      'Requested entity was not found.',
    ]);
    fx.p.ws.sheets.get(fx.p.spreadsheetId).write('Directory', 'A5', [['eve@outside.test', 'Eve', '', '', '', '', '', '', '']]);
    const outside = await run({ function: 'handoffPanelEcho' }, await token('eve@outside.test'));
    expect([outside.status, outside.json.error.status, outside.json.error.message]).toEqual([
      403,
      'PERMISSION_DENIED',
      'The caller does not have permission',
    ]);
  });
});

describe('a project that is not an API executable', () => {
  beforeEach(() => start(null));
  it('answers 404 to scripts.run', async () => {
    const r = await run({ function: 'handoffPanelEcho' }, await token('ada@acme.test'));
    expect(r.status).toBe(404);
  });
});

describe('the OAuth endpoints', () => {
  beforeEach(() => start({ access: 'MYSELF' }));

  async function code(verifier: string, redirect = 'http://127.0.0.1:9/'): Promise<string> {
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const fields = new URLSearchParams({
      client_id: 'handoff-cli',
      redirect_uri: redirect,
      response_type: 'code',
      scope: 's',
      state: 'st',
      code_challenge: challenge,
      code_challenge_method: 'S256',
    });
    const page = await fetch(`${srv.base}/o/oauth2/v2/auth?${fields}`);
    expect(page.status).toBe(200);
    fields.set('as', 'ada@acme.test');
    fields.set('decision', 'allow');
    const r = await fetch(`${srv.base}/o/oauth2/v2/auth`, { method: 'POST', body: fields, redirect: 'manual' });
    expect(r.status).toBe(302);
    const back = new URL(r.headers.get('location')!);
    expect(back.searchParams.get('state')).toBe('st');
    return back.searchParams.get('code')!;
  }

  const exchange = (fields: Record<string, string>) =>
    fetch(`${srv.base}/o/oauth2/token`, { method: 'POST', body: new URLSearchParams(fields) }).then(async (r) => ({
      status: r.status,
      json: await r.json(),
    }));

  it('trades a code and its verifier for tokens once; the access token runs scripts as the person; a refresh gives a new one', async () => {
    const verifier = randomBytes(48).toString('base64url');
    const c = await code(verifier);
    const t = await exchange({ grant_type: 'authorization_code', code: c, code_verifier: verifier, redirect_uri: 'http://127.0.0.1:9/' });
    expect(t.status).toBe(200);
    expect(t.json).toEqual(
      expect.objectContaining({
        token_type: 'Bearer',
        expires_in: 3600,
        access_token: expect.any(String),
        refresh_token: expect.any(String),
      }),
    );
    expect((await run({ function: 'handoffPanelEcho' }, t.json.access_token)).json.response.result.as).toBe('ada@acme.test');
    const twice = await exchange({
      grant_type: 'authorization_code',
      code: c,
      code_verifier: verifier,
      redirect_uri: 'http://127.0.0.1:9/',
    });
    expect([twice.status, twice.json.error]).toEqual([400, 'invalid_grant']);
    const refreshed = await exchange({ grant_type: 'refresh_token', refresh_token: t.json.refresh_token });
    expect((await run({ function: 'handoffPanelEcho' }, refreshed.json.access_token)).json.response.result.as).toBe('ada@acme.test');
  });

  it('refuses a wrong verifier, and a redirect that is not a loopback address', async () => {
    const c = await code(randomBytes(48).toString('base64url'));
    const wrong = await exchange({
      grant_type: 'authorization_code',
      code: c,
      code_verifier: 'x'.repeat(50),
      redirect_uri: 'http://127.0.0.1:9/',
    });
    expect([wrong.status, wrong.json.error]).toEqual([400, 'invalid_grant']);
    const evil = await fetch(
      `${srv.base}/o/oauth2/v2/auth?client_id=x&redirect_uri=${encodeURIComponent('https://evil.test/')}&response_type=code&code_challenge_method=S256&code_challenge=${'a'.repeat(43)}`,
    );
    expect(evil.status).toBe(400);
    expect(await evil.text()).toMatch(/redirect_uri must be a loopback address/);
  });

  it('a GET of the consent page or the tokens page issues nothing', async () => {
    const r = await fetch(`${srv.base}/tokens`);
    expect(r.status).toBe(200);
    expect(await r.text()).not.toMatch(/id="token"/);
  });
});

/**
 * Bearer tokens for the playground's Google REST surface. A token stands for one of the playground's people:
 * the REST routes run as that person, as Google runs an API call as the token's user. Tokens come from the
 * OAuth flow `handoff login --endpoint …` runs (authorization code with PKCE, then access + refresh tokens)
 * or from the /tokens page. Access tokens expire after an hour of real time (Google's lifetime); page tokens
 * after 7 days; refresh tokens do not expire. Kept in the data folder (tokens.json) so a restart keeps them.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const ACCESS_TOKEN_SECONDS = 3600;
export const PAGE_TOKEN_SECONDS = 7 * 24 * 3600;
const CODE_SECONDS = 600;

type Kind = 'access' | 'refresh' | 'code';

interface Entry {
  kind: Kind;
  email: string;
  /** Real time (Date.now()), ms; null never expires. */
  expiresAt: number | null;
  scope: string;
  /** Authorization codes: the PKCE challenge (S256) and the redirect URI they were issued for. */
  challenge?: string;
  redirectUri?: string;
}

export interface IssuedTokens {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
  refresh_token?: string;
}

/** Google's tokens are opaque strings; these carry a prefix so a leaked one is recognisable as the playground's. */
const newSecret = (prefix: string): string => `${prefix}${randomBytes(24).toString('base64url')}`;
const digest = (s: string): string => createHash('sha256').update(s).digest('hex');

export class TokenStore {
  /** Keyed by the SHA-256 of the secret: tokens.json never holds a usable token. */
  private readonly entries = new Map<string, Entry>();

  constructor(
    private readonly file: string | null,
    private readonly now: () => number = Date.now,
  ) {
    if (file && existsSync(file)) {
      try {
        const saved = JSON.parse(readFileSync(file, 'utf8')) as Record<string, Entry>;
        for (const [k, v] of Object.entries(saved)) if (v && (v.kind === 'access' || v.kind === 'refresh')) this.entries.set(k, v);
      } catch {
        /* an unreadable file only means everyone signs in again */
      }
    }
  }

  static inFolder(dataDir: string | null): TokenStore {
    return new TokenStore(dataDir ? join(dataDir, 'tokens.json') : null);
  }

  private put(kind: Kind, email: string, seconds: number | null, scope: string, extra: Partial<Entry> = {}): string {
    const secret = newSecret(kind === 'access' ? 'pg-at.' : kind === 'refresh' ? 'pg-rt.' : 'pg-code.');
    this.entries.set(digest(secret), { kind, email, expiresAt: seconds === null ? null : this.now() + seconds * 1000, scope, ...extra });
    if (kind !== 'code') this.save();
    return secret;
  }

  private take(kind: Kind, secret: string): Entry | null {
    const key = digest(secret);
    const e = this.entries.get(key);
    if (!e || e.kind !== kind) return null;
    if (e.expiresAt !== null && e.expiresAt <= this.now()) {
      this.entries.delete(key);
      return null;
    }
    return e;
  }

  /** The person an access token stands for, or null (unknown or expired). */
  verify(accessToken: string): { email: string; scope: string } | null {
    const e = this.take('access', accessToken);
    return e ? { email: e.email, scope: e.scope } : null;
  }

  /** A token from the /tokens page: an access token that lasts 7 days, for --token and HANDOFF_TOKEN. */
  issuePageToken(email: string, scope: string): { token: string; expiresAt: number } {
    const token = this.put('access', email, PAGE_TOKEN_SECONDS, scope);
    return { token, expiresAt: this.now() + PAGE_TOKEN_SECONDS * 1000 };
  }

  /** Step 1 of the OAuth flow: the person allowed the client; the code is good once, for 10 minutes. */
  issueCode(email: string, scope: string, challenge: string, redirectUri: string): string {
    return this.put('code', email, CODE_SECONDS, scope, { challenge, redirectUri });
  }

  /** Step 2: the code and its PKCE verifier for tokens. Throws an OAuth error code ('invalid_grant') when refused. */
  exchangeCode(code: string, verifier: string, redirectUri: string): IssuedTokens {
    const e = this.take('code', code);
    if (!e) throw new OAuthError('invalid_grant', 'The authorization code is unknown, used or expired: sign in again.');
    this.entries.delete(digest(code));
    if (e.redirectUri !== redirectUri) throw new OAuthError('invalid_grant', 'redirect_uri differs from the one the code was issued for.');
    const challenge = createHash('sha256').update(verifier).digest('base64url');
    const a = Buffer.from(challenge);
    const b = Buffer.from(e.challenge ?? '');
    if (a.length !== b.length || !timingSafeEqual(a, b))
      throw new OAuthError('invalid_grant', 'The code_verifier does not match the code_challenge.');
    return {
      access_token: this.put('access', e.email, ACCESS_TOKEN_SECONDS, e.scope),
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      scope: e.scope,
      refresh_token: this.put('refresh', e.email, null, e.scope),
    };
  }

  refresh(refreshToken: string): IssuedTokens {
    const e = this.take('refresh', refreshToken);
    if (!e) throw new OAuthError('invalid_grant', 'The refresh token is unknown or was revoked: run handoff login again.');
    return {
      access_token: this.put('access', e.email, ACCESS_TOKEN_SECONDS, e.scope),
      token_type: 'Bearer',
      expires_in: ACCESS_TOKEN_SECONDS,
      scope: e.scope,
    };
  }

  private save(): void {
    if (!this.file) return;
    const keep: Record<string, Entry> = {};
    for (const [k, v] of this.entries) if (v.kind !== 'code' && (v.expiresAt === null || v.expiresAt > this.now())) keep[k] = v;
    mkdirSync(join(this.file, '..'), { recursive: true });
    const tmp = `${this.file}.${process.pid}.tmp`;
    writeFileSync(tmp, JSON.stringify(keep), { mode: 0o600 });
    renameSync(tmp, this.file);
  }
}

/** An OAuth 2.0 error response (RFC 6749 §5.2): `{ error, error_description }` with status 400. */
export class OAuthError extends Error {
  constructor(
    readonly code: 'invalid_request' | 'invalid_grant' | 'unsupported_grant_type' | 'invalid_client',
    message: string,
  ) {
    super(message);
    this.name = 'OAuthError';
  }
}

/**
 * Where `handoff login` keeps what it needs to sign in again: one file, credentials.json, in the user's config
 * folder ($HANDOFF_CONFIG_DIR, else $XDG_CONFIG_HOME/handoff, else ~/.config/handoff; %APPDATA%\handoff on
 * Windows), readable by the user only. One entry per endpoint (Google, or a playground's URL).
 */
import { chmodSync, existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';

export type SavedLogin =
  | {
      type: 'oauth';
      clientId: string;
      clientSecret?: string;
      /** The token endpoint the refresh token is used at (Google's, or the playground's). */
      tokenUrl: string;
      refreshToken?: string;
      accessToken?: string;
      expiryDate?: number;
      email?: string;
    }
  | { type: 'adc' };

export const GOOGLE_KEY = 'google';

export function configDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.HANDOFF_CONFIG_DIR) return env.HANDOFF_CONFIG_DIR;
  if (process.platform === 'win32' && env.APPDATA) return join(env.APPDATA, 'handoff');
  return join(env.XDG_CONFIG_HOME || join(homedir(), '.config'), 'handoff');
}

export function credentialsFile(env: NodeJS.ProcessEnv = process.env): string {
  return join(configDir(env), 'credentials.json');
}

/** The entry's key: "google" for Google itself, else the endpoint's origin. */
export function loginKey(endpoint: string | null): string {
  return endpoint ? new URL(endpoint).origin : GOOGLE_KEY;
}

export function readLogins(file: string): Record<string, SavedLogin> {
  if (!existsSync(file)) return {};
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as Record<string, SavedLogin>) : {};
  } catch {
    return {};
  }
}

export function readLogin(file: string, key: string): SavedLogin | null {
  return readLogins(file)[key] ?? null;
}

/** Saves (or, with null, forgets) one endpoint's login; the file is written atomically with mode 0600. */
export function saveLogin(file: string, key: string, login: SavedLogin | null): void {
  const all = readLogins(file);
  if (login) all[key] = login;
  else delete all[key];
  mkdirSync(join(file, '..'), { recursive: true, mode: 0o700 });
  const tmp = `${file}.${process.pid}.tmp`;
  writeFileSync(tmp, `${JSON.stringify(all, null, 2)}\n`, { mode: 0o600 });
  renameSync(tmp, file);
  try {
    chmodSync(file, 0o600);
  } catch {
    /* Windows: no modes */
  }
}

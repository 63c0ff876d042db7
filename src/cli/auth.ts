/**
 * The credentials a command runs with, first found wins:
 *   1. --token TOKEN, or HANDOFF_TOKEN: an access token as is (CI; the playground's /tokens page);
 *   2. what `handoff login` saved for this endpoint: an OAuth refresh token (refreshed as needed), or "use ADC";
 *   3. nothing: the command stops and says to run `handoff login`.
 */
import { GoogleAuth, OAuth2Client } from 'google-auth-library';
import { type SavedLogin, loginKey, readLogin, saveLogin } from './credentials';
import { CliError, EXIT } from './exit-codes';
import { LOGIN_SCOPES } from './scopes';

export interface AuthSettings {
  token: string | null;
  endpoint: string | null;
  credentialsFile: string;
}

export async function authClient(s: AuthSettings): Promise<OAuth2Client> {
  if (s.token) {
    const c = new OAuth2Client();
    c.setCredentials({ access_token: s.token });
    return c;
  }
  const key = loginKey(s.endpoint);
  const saved = readLogin(s.credentialsFile, key);
  if (!saved)
    throw new CliError(
      `You are not signed in${s.endpoint ? ` to ${key}` : ''}: run \`handoff login${s.endpoint ? ` --endpoint ${key}` : ''}\` (or pass --token / set HANDOFF_TOKEN).`,
      EXIT.AUTH,
    );
  if (saved.type === 'adc') return adcClient();
  return savedClient(saved, (next) => saveLogin(s.credentialsFile, key, next));
}

/** Application Default Credentials (GOOGLE_APPLICATION_CREDENTIALS, gcloud's file, the metadata server). */
export async function adcClient(): Promise<OAuth2Client> {
  try {
    const client = await new GoogleAuth({ scopes: [...LOGIN_SCOPES] }).getClient();
    return client as unknown as OAuth2Client;
  } catch (e) {
    throw new CliError(
      `Application Default Credentials are not available (${e instanceof Error ? e.message.split('\n')[0] : String(e)}): run \`gcloud auth application-default login --scopes=…\` (see docs/cli.md) or \`handoff login\`.`,
      EXIT.AUTH,
    );
  }
}

/** An OAuth client from a saved login; new access tokens are saved as they are refreshed. */
export function savedClient(saved: Extract<SavedLogin, { type: 'oauth' }>, persist: (next: SavedLogin) => void): OAuth2Client {
  const c = new OAuth2Client({
    clientId: saved.clientId,
    ...(saved.clientSecret ? { clientSecret: saved.clientSecret } : {}),
    endpoints: { oauth2TokenUrl: saved.tokenUrl },
  });
  c.setCredentials({
    ...(saved.refreshToken ? { refresh_token: saved.refreshToken } : {}),
    ...(saved.accessToken ? { access_token: saved.accessToken } : {}),
    ...(saved.expiryDate ? { expiry_date: saved.expiryDate } : {}),
  });
  c.on('tokens', (t) => {
    persist({
      ...saved,
      ...(t.access_token ? { accessToken: t.access_token } : {}),
      ...(t.expiry_date ? { expiryDate: t.expiry_date } : {}),
      ...(t.refresh_token ? { refreshToken: t.refresh_token } : {}),
    });
  });
  return c;
}

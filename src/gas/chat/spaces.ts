/**
 * Chat spaces Handoff posts to: a name, the space's incoming-webhook URL, and the queues it stands for. The URL is a
 * secret (anyone holding it can post into the space), so it lives in Script Properties (never in the sheet), and the
 * panel and every message show it masked (maskWebhook). A workflow names its space in its definition (`chatSpace`); a
 * queue listed here is told in its space instead of by one email per member.
 */
import type { Services } from '../services';

export const CHAT_SPACES_PROPERTY = 'HANDOFF_CHAT_SPACES';

export interface ChatSpace {
  name: string;
  url: string;
  /** Queues (Directory roles) told in this space. */
  queues: string[];
}

/** An incoming webhook: https://chat.googleapis.com/v1/spaces/ID/messages?key=…&token=… (in either order). */
const WEBHOOK = /^https:\/\/chat\.googleapis\.com\/v1\/spaces\/([A-Za-z0-9_-]+)\/messages\?([^\s#]+)$/;

/** A query string's parameters (Apps Script has no URLSearchParams). */
function query(q: string): { get(name: string): string | null } {
  const map = new Map<string, string>();
  for (const part of q.split('&')) {
    const k = part.split('=')[0] ?? '';
    if (k && !map.has(k)) map.set(k, part.slice(k.length + 1));
  }
  return { get: (name) => map.get(name) ?? null };
}

/** Null when the URL is a Chat incoming webhook; otherwise the sentence that says what is wrong. */
export function checkWebhookUrl(url: string): string | null {
  const u = url.trim();
  const m = WEBHOOK.exec(u);
  const params = query(m?.[2] ?? '');
  if (!m || !params.get('key') || !params.get('token')) {
    return (
      'That is not a Google Chat incoming webhook URL: it starts with https://chat.googleapis.com/v1/spaces/ and carries ' +
      'key= and token= (in Chat: the space › Apps & integrations › Webhooks › copy the URL). Nothing was saved.'
    );
  }
  return null;
}

/** The URL with its key and token hidden but for the token's last 4 characters, for the panel and logs. */
export function maskWebhook(url: string): string {
  const m = WEBHOOK.exec(url.trim());
  if (!m) return '(not a Chat webhook)';
  const token = query(m[2] ?? '').get('token') ?? '';
  return `https://chat.googleapis.com/v1/spaces/${m[1]}/messages?key=…&token=…${token.slice(-4)}`;
}

/** Replaces any appearance of a space's URL, key or token in a text (an error message) by its masked form. */
export function scrubSecrets(text: string, url: string): string {
  const params = query(WEBHOOK.exec(url.trim())?.[2] ?? '');
  let out = text.split(url).join(maskWebhook(url));
  for (const secret of [params.get('key'), params.get('token')]) if (secret && secret.length > 3) out = out.split(secret).join('…');
  return out;
}

type Props = Pick<Services, 'PropertiesService'>;

export function readSpaces(s: Props): ChatSpace[] {
  const text = s.PropertiesService.getScriptProperties().getProperty(CHAT_SPACES_PROPERTY);
  if (!text) return [];
  try {
    const list = JSON.parse(text) as unknown;
    if (!Array.isArray(list)) return [];
    return list
      .filter((x): x is ChatSpace => !!x && typeof x.name === 'string' && typeof x.url === 'string')
      .map((x) => ({ name: x.name, url: x.url, queues: Array.isArray(x.queues) ? x.queues.map(String) : [] }));
  } catch {
    return [];
  }
}

export function writeSpaces(s: Props, spaces: readonly ChatSpace[]): void {
  s.PropertiesService.getScriptProperties().setProperty(CHAT_SPACES_PROPERTY, JSON.stringify(spaces));
}

const same = (a: string, b: string) => a.trim().toLowerCase() === b.trim().toLowerCase();

export function spaceNamed(spaces: readonly ChatSpace[], name: string): ChatSpace | null {
  return spaces.find((s) => same(s.name, name)) ?? null;
}

export function spaceForQueue(spaces: readonly ChatSpace[], queue: string): ChatSpace | null {
  return spaces.find((s) => s.queues.some((q) => same(q, queue))) ?? null;
}

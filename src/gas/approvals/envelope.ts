import type { Services } from '../services';
import { base64WebSafe } from '../../core/util/base64';
import { constantTimeEqual, restorePadding, utf8Decode } from './bytes';
import { readKeyRing, type KeyRing } from './keys';

/**
 * The signed envelope every Handoff token shares (approval links, card/sidebar tokens, status links):
 *
 *   token   = base64url(payload) "." base64url(HMAC-SHA256(key, base64url(payload)))      (no '=' padding)
 *   payload = JSON [format, keyId, ...fields]
 *
 * Each token module owns its format tag and fields; this file owns encoding, the key lookup (rotation) and the
 * constant-time signature check, so the three formats cannot drift apart.
 */
export type EnvelopeFailure = 'malformed' | 'not_set_up' | 'rotated' | 'bad_signature';

export type Opened = { ok: true; payload: unknown[]; keyId: string } | { ok: false; reason: EnvelopeFailure; rotatedAt?: number };

export interface OpenOptions {
  /** The format tags (payload[0]) this caller accepts. */
  formats: readonly string[];
  /** Longest base64url payload accepted. */
  maxBodyChars: number;
  /** The caller's own check of the payload's fields, run before any key is read (a bad shape is 'malformed'). */
  valid: (payload: unknown[]) => boolean;
  ring?: KeyRing;
}

/** The HMAC from Utilities; its web-safe base64 in plain JavaScript (the same text, one service call fewer per token). */
function hmac(s: Pick<Services, 'Utilities'>, value: string, secret: string): string {
  return base64WebSafe(s.Utilities.computeHmacSha256Signature(value, secret));
}

/** Signs `payload` (whose [1] must be key.id) with the key. */
export function seal(s: Pick<Services, 'Utilities'>, key: { id: string; secret: string }, payload: unknown[]): string {
  if (payload[1] !== key.id) throw new Error('internal: a token payload must carry its key id at [1]');
  const body = base64WebSafe(JSON.stringify(payload));
  return body + '.' + hmac(s, body, key.secret);
}

/** Shape, payload, key (rotated / not set up), then the signature in constant time. Never throws, never writes. */
export function open(s: Pick<Services, 'PropertiesService' | 'Utilities'>, token: string, o: OpenOptions): Opened {
  const t = token.trim();
  const dot = t.indexOf('.');
  const body = t.slice(0, dot);
  const sig = t.slice(dot + 1);
  if (dot < 16 || body.length > o.maxBodyChars || !/^[A-Za-z0-9_-]+$/.test(body) || !/^[A-Za-z0-9_-]{43}$/.test(sig))
    return { ok: false, reason: 'malformed' };
  let payload: unknown;
  try {
    payload = JSON.parse(utf8Decode(s.Utilities.base64DecodeWebSafe(restorePadding(body))));
  } catch {
    return { ok: false, reason: 'malformed' };
  }
  if (!Array.isArray(payload) || !o.formats.includes(payload[0] as string) || typeof payload[1] !== 'string' || !o.valid(payload))
    return { ok: false, reason: 'malformed' };
  const keyId = payload[1];
  let ring: KeyRing;
  try {
    ring = o.ring ?? readKeyRing(s);
  } catch {
    return { ok: false, reason: 'not_set_up' };
  }
  const key = ring.keys[keyId];
  if (!key) {
    if (ring.rotated[keyId] !== undefined) return { ok: false, reason: 'rotated', rotatedAt: ring.rotated[keyId] };
    return { ok: false, reason: ring.current ? 'bad_signature' : 'not_set_up' };
  }
  let expected: string;
  try {
    expected = hmac(s, body, key.secret);
  } catch {
    return { ok: false, reason: 'bad_signature' };
  }
  if (!constantTimeEqual(expected, sig)) return { ok: false, reason: 'bad_signature' };
  return { ok: true, payload, keyId };
}

import type { Services } from '../services';
import { open, seal } from './envelope';
import { ensureKey } from './keys';

/**
 * Requester status links: a read-only, long-lived capability to see one request's status page.
 *
 *   token   = base64url(payload) "." base64url(HMAC-SHA256(key, base64url(payload)))
 *   payload = ["s1", keyId, requestId, requester, expiresAtSeconds]
 *
 * It shows the request to whoever holds the link (the requester's own emails carry it) and changes nothing.
 * Rotating the approval-link key invalidates it, like every other link.
 */
const FORMAT = 's1';
export const STATUS_LINK_TTL_DAYS = 365;
const DAY_MS = 86_400_000;

export interface StatusClaims {
  keyId: string;
  requestId: string;
  requester: string;
  expiresAt: number;
}

export type StatusVerifyResult =
  | { ok: true; claims: StatusClaims }
  | { ok: false; reason: 'malformed' | 'not_set_up' | 'rotated' | 'bad_signature' | 'expired'; message: string };

const MESSAGES = {
  malformed: 'This status link is incomplete or damaged. Open it again from your Handoff email (some mail programs cut long links).',
  not_set_up: 'Status links are not set up on this Handoff. Ask your Handoff administrator.',
  rotated: "This status link no longer works (Handoff's link key was changed). The next email about your request carries a new one.",
  bad_signature: 'This status link is not valid: it was not issued by Handoff, or it was changed after it was sent.',
  expired: 'This status link has expired. The next email about your request carries a new one.',
} as const;

export function signStatusToken(
  s: Pick<Services, 'PropertiesService' | 'Utilities' | 'LockService'>,
  i: { requestId: string; requester: string; now: number },
): string {
  const key = ensureKey(s, i.now);
  const exp = Math.floor((i.now + STATUS_LINK_TTL_DAYS * DAY_MS) / 1000);
  return seal(s, key, [FORMAT, key.id, i.requestId, i.requester.trim().toLowerCase(), exp]);
}

/** ["s1", keyId, requestId, requester, expiresAtSeconds] */
const validStatusPayload = (p: unknown[]): boolean =>
  p.length === 5 && typeof p[2] === 'string' && typeof p[3] === 'string' && typeof p[4] === 'number' && Number.isInteger(p[4]);

/** Never throws, never writes (doGet calls it for every visit). */
export function verifyStatusToken(s: Pick<Services, 'PropertiesService' | 'Utilities'>, token: unknown, now: number): StatusVerifyResult {
  const fail = (reason: keyof typeof MESSAGES): StatusVerifyResult => ({ ok: false, reason, message: MESSAGES[reason] });
  if (typeof token !== 'string') return fail('malformed');
  const opened = open(s, token, { formats: [FORMAT], maxBodyChars: 2000, valid: validStatusPayload });
  if (!opened.ok) return fail(opened.reason);
  const [, keyId, requestId, requester, exp] = opened.payload as [string, string, string, string, number];
  if (now > exp * 1000) return fail('expired');
  return { ok: true, claims: { keyId, requestId, requester, expiresAt: exp * 1000 } };
}

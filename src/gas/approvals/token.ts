import { executionNonce } from '../ids';
import type { Services } from '../services';
import { open, seal } from './envelope';
import { ensureKey, type KeyRing } from './keys';

/**
 * Approval-link tokens.
 *
 *   token   = base64url(payload) "." base64url(HMAC-SHA256(key, base64url(payload)))      (no '=' padding)
 *   payload = JSON ["h1", keyId, requestId, stepId, round, approver, recipient, action, expiresAtSeconds, nonce]
 *
 * - approver:  the person the decision counts for (a pending approver of the step);
 *   recipient: whom the email went to (the approver, or their delegate while they are away).
 * - action:    "a" approve, "r" reject, "c" request changes. Each button has its own token.
 * - The key lives in script properties with an id (keys.ts); rotating it invalidates every older link.
 *
 * A token is a capability, not a session: verification says only "this link was issued by Handoff, for this
 * request / step / round / approver / action, and has not expired". Whether it may still act (the step is
 * current, the approver is still pending) is decided against the request (check.ts).
 */
export type LinkAction = 'approve' | 'reject' | 'request_changes';
export const LINK_ACTIONS: readonly LinkAction[] = ['approve', 'reject', 'request_changes'];
const ACTION_CODE: Record<LinkAction, string> = { approve: 'a', reject: 'r', request_changes: 'c' };
const CODE_ACTION: Record<string, LinkAction> = { a: 'approve', r: 'reject', c: 'request_changes' };
const FORMAT = 'h1';

export const DEFAULT_LINK_TTL_DAYS = 14;
const DAY_MS = 24 * 60 * 60 * 1000;

export interface TokenClaims {
  keyId: string;
  requestId: string;
  stepId: string;
  /** ApprovalProgress.round when the link was issued: a change request restarts the step and retires old links. */
  round: number;
  approver: string;
  recipient: string;
  action: LinkAction;
  /** Epoch ms (whole seconds). */
  expiresAt: number;
  nonce: string;
}

export type TokenFailure =
  | 'missing' // no token in the link
  | 'malformed' // not a Handoff token at all (cut short, garbled)
  | 'not_set_up' // no signing key yet
  | 'rotated' // signed with a key that has since been rotated
  | 'bad_signature' // forged, or changed after signing (request id, action, approver...)
  | 'expired';

export type VerifyResult =
  | { ok: true; claims: TokenClaims }
  | { ok: false; reason: TokenFailure; message: string; rotatedAt?: number; expiredAt?: number };

type SignServices = Pick<Services, 'PropertiesService' | 'Utilities' | 'LockService'>;
type VerifyServices = Pick<Services, 'PropertiesService' | 'Utilities'>;

export interface SignInput {
  requestId: string;
  stepId: string;
  round: number;
  approver: string;
  /** Default: the approver. */
  recipient?: string;
  action: LinkAction;
  now?: number;
  ttlDays?: number;
}

const lower = (e: string): string => e.trim().toLowerCase();

/** Sign one link token. Creates the key on first use (under the script lock). */
export function signToken(s: SignServices, input: SignInput): string {
  const now = input.now ?? Date.now();
  const key = ensureKey(s, now);
  const ttlDays = input.ttlDays && input.ttlDays > 0 ? input.ttlDays : DEFAULT_LINK_TTL_DAYS;
  const exp = Math.floor((now + ttlDays * DAY_MS) / 1000);
  const nonce = executionNonce(s.Utilities);
  return seal(s, key, [
    FORMAT,
    key.id,
    input.requestId,
    input.stepId,
    input.round,
    lower(input.approver),
    lower(input.recipient ?? input.approver),
    ACTION_CODE[input.action],
    exp,
    nonce,
  ]);
}

const MESSAGES: Record<TokenFailure, string> = {
  missing: 'This page needs an approval link. Open the link from your approval email.',
  malformed: 'This approval link is incomplete or damaged. Open it again from your approval email (some mail programs cut long links).',
  not_set_up: 'Approval links are not set up on this Handoff yet. Ask your Handoff administrator.',
  rotated:
    'This link was signed with a key that has been rotated, so it no longer works. Use the most recent approval email for this request, or ask an operator to send a new one.',
  bad_signature: 'This approval link is not valid: it was not issued by Handoff, or it was changed after it was sent. Nothing was done.',
  expired: 'This approval link has expired. Ask an operator to send you a new one, or decide from the Handoff sidebar.',
};

function fail(reason: TokenFailure, extra: { rotatedAt?: number; expiredAt?: number } = {}): VerifyResult {
  return { ok: false, reason, message: MESSAGES[reason], ...extra };
}

/** ["h1", keyId, requestId, stepId, round, approver, recipient, action, expiresAtSeconds, nonce] */
function validLinkPayload(p: unknown[]): boolean {
  const [, , requestId, stepId, round, approver, recipient, code, exp, nonce] = p;
  return (
    p.length === 10 &&
    typeof requestId === 'string' &&
    typeof stepId === 'string' &&
    typeof approver === 'string' &&
    typeof recipient === 'string' &&
    typeof nonce === 'string' &&
    typeof round === 'number' &&
    Number.isInteger(round) &&
    typeof exp === 'number' &&
    Number.isInteger(exp) &&
    typeof code === 'string' &&
    CODE_ACTION[code] !== undefined
  );
}

/**
 * Verify a token: shape, key, signature (constant-time), then expiry. Never throws on bad input and never
 * writes anything (doGet calls it for every scanner visit).
 */
export function verifyToken(s: VerifyServices, token: unknown, now: number = Date.now(), ring?: KeyRing): VerifyResult {
  if (typeof token !== 'string' || token.trim() === '') return fail('missing');
  const opened = open(s, token, { formats: [FORMAT], maxBodyChars: 2000, valid: validLinkPayload, ring });
  if (!opened.ok) return fail(opened.reason, opened.rotatedAt !== undefined ? { rotatedAt: opened.rotatedAt } : {});
  const [, keyId, requestId, stepId, round, approver, recipient, code, exp, nonce] = opened.payload as [
    string,
    string,
    string,
    string,
    number,
    string,
    string,
    string,
    number,
    string,
  ];
  const expiresAt = exp * 1000;
  if (now > expiresAt) return fail('expired', { expiredAt: expiresAt });
  return {
    ok: true,
    claims: { keyId, requestId, stepId, round, approver, recipient, action: CODE_ACTION[code] as LinkAction, expiresAt, nonce },
  };
}

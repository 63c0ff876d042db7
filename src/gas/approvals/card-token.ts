import type { Services } from '../services';
import { open, seal } from './envelope';
import { currentKey, readKeyRing, type KeyRing } from './keys';
import type { LinkAction } from './token';

/**
 * Tokens the Gmail card hands to the web app.
 *
 * A Gmail add-on runs as the Gmail user, who usually cannot open the governed sheet, so the card asks the web app
 * (running as the deployer) to read the request and to record the decision. The web app is reachable by anyone who
 * has its URL, so the card proves each call with a short-lived token signed with the approval-link key (script
 * properties are the same for every user of the script, so the card's execution can sign and only Handoff's own
 * code can):
 *
 *   token   = base64url(payload) "." base64url(HMAC-SHA256(key, base64url(payload)))
 *   payload = ["c1", keyId, requestId, stepId, round, approver, user, op, expiresAtSeconds, nonce]
 *
 * - user:     the signed-in Gmail user (Session.getActiveUser() in the card's execution): the identity decided with;
 * - op:       "v" read the request (stepId "", round -1, approver ""), or "a"/"r"/"c" a decision;
 * - approver: the pending approver the user decides for (themself, or the away approver they stand in for);
 * - nonce:    each token acts once (the web app remembers used nonces until they expire).
 * A card token is never a link: it is not in any email, and it lives CARD_TOKEN_TTL_MS.
 *
 * The sidebar uses the same tokens (format "c2"): its server functions run as the person using it, and only the
 * owner, admins and operators may edit the protected tabs, so an approver's or requester's change from the sidebar
 * is handed to the web app the same way. "c2" adds three fields to the payload:
 *
 *   payload = ["c2", keyId, requestId, stepId, round, approver, user, op, expiresAtSeconds, nonce, via, revision, name]
 *
 * - via:      "g" the Gmail card, "s" the sidebar (recorded as the identification method: gmail_addon / sidebar);
 * - op:       also "x" cancel, "s" resubmit, "t" a workflow transition — sidebar only, never the card;
 * - revision: for x/s/t, the revision the user saw (the change is refused if the request moved on), else 0;
 * - name:     for "t", the transition's action name, else "".
 * A "c1" token (the card, as before) verifies as via "g".
 *
 * The sidebar's "c3" adds what a change with fields, or a new request, needs:
 *
 *   payload = ["c3", keyId, requestId, stepId, round, approver, user, op, expiresAtSeconds, nonce, via, revision, name,
 *              workflowId, version, digest]
 *
 * - op:         also "n" create a request (sidebar only; requestId "", workflowId set);
 * - workflowId: for "n", the workflow (version: the version asked for, 0 = the latest), else "" and 0;
 * - digest:     fieldsDigest() of the fields the change carries (sent beside the token), "" when it carries none.
 *               The web app refuses fields whose digest differs, so the token says exactly which values were asked
 *               for; the engine still decides whether this user may set them.
 */
export type CardOp = 'view' | LinkAction | 'cancel' | 'resubmit' | 'transition' | 'create';
export type CardVia = 'gmail' | 'sidebar';
const OP_CODE: Record<CardOp, string> = {
  view: 'v',
  approve: 'a',
  reject: 'r',
  request_changes: 'c',
  cancel: 'x',
  resubmit: 's',
  transition: 't',
  create: 'n',
};
const CODE_OP: Record<string, CardOp> = {
  v: 'view',
  a: 'approve',
  r: 'reject',
  c: 'request_changes',
  x: 'cancel',
  s: 'resubmit',
  t: 'transition',
  n: 'create',
};
const VIA_CODE: Record<CardVia, string> = { gmail: 'g', sidebar: 's' };
const CODE_VIA: Record<string, CardVia> = { g: 'gmail', s: 'sidebar' };
/** Ops only the sidebar may ask for (the engine decides who may take them; the card never offers them). */
export const SIDEBAR_ONLY_OPS: ReadonlySet<CardOp> = new Set<CardOp>(['cancel', 'resubmit', 'transition', 'create']);
const FORMAT_V1 = 'c1';
const FORMAT_V2 = 'c2';
const FORMAT = 'c3';
export const CARD_TOKEN_TTL_MS = 5 * 60 * 1000;

export interface CardClaims {
  keyId: string;
  requestId: string;
  stepId: string;
  round: number;
  approver: string;
  user: string;
  op: CardOp;
  /** Epoch ms (whole seconds). */
  expiresAt: number;
  nonce: string;
  /** Where the token was made: the Gmail card or the sidebar (verifyCardToken always sets it; absent = the card). */
  via?: CardVia;
  /** cancel/resubmit/transition: the revision the user acted on (0 otherwise). */
  revision?: number;
  /** transition: its action name ('' otherwise). */
  name?: string;
  /** create: the workflow ('' otherwise). */
  workflowId?: string;
  /** create: the version asked for (0 = the latest). */
  version?: number;
  /** fieldsDigest() of the fields sent beside the token ('' = none). */
  digest?: string;
}

export type CardTokenFailure = 'malformed' | 'not_set_up' | 'rotated' | 'bad_signature' | 'expired';

export type CardVerifyResult = { ok: true; claims: CardClaims } | { ok: false; reason: CardTokenFailure; message: string };

const MESSAGES: Record<CardTokenFailure, string> = {
  malformed: 'The request from the Gmail card was damaged. Open the email again.',
  not_set_up: 'Approvals are not set up on this Handoff yet. Ask your Handoff administrator.',
  rotated: 'The approval key was rotated while this card was open. Open the email again.',
  bad_signature: 'This request was not made by the Handoff card (its signature does not match). Nothing was done.',
  expired: 'This card was open too long. Open the email again, then decide.',
};

const lower = (e: string): string => e.trim().toLowerCase();

export interface CardSignInput {
  requestId: string;
  user: string;
  op: CardOp;
  stepId?: string;
  round?: number;
  approver?: string;
  now: number;
  /** Default 'gmail' (the card). */
  via?: CardVia;
  revision?: number;
  name?: string;
  workflowId?: string;
  version?: number;
  digest?: string;
}

/** Signs a card token, or returns null when there is no key yet (set-up has not run): the card says so. */
export function signCardToken(s: Pick<Services, 'PropertiesService' | 'Utilities'>, i: CardSignInput, ring?: KeyRing): string | null {
  const key = currentKey(ring ?? readKeyRing(s));
  if (!key) return null;
  const exp = Math.floor((i.now + CARD_TOKEN_TTL_MS) / 1000);
  const nonce = s.Utilities.getUuid().replace(/-/g, '').slice(0, 20);
  const via = i.via ?? 'gmail';
  if (via === 'gmail' && SIDEBAR_ONLY_OPS.has(i.op)) throw new Error(`internal: the Gmail card cannot sign a ${i.op} token`);
  return seal(s, key, [
    FORMAT,
    key.id,
    i.requestId,
    i.stepId ?? '',
    i.round ?? -1,
    lower(i.approver ?? ''),
    lower(i.user),
    OP_CODE[i.op],
    exp,
    nonce,
    VIA_CODE[via],
    i.revision ?? 0,
    i.name ?? '',
    i.workflowId ?? '',
    i.version ?? 0,
    i.digest ?? '',
  ]);
}

/** ["c1", keyId, requestId, stepId, round, approver, user, op, expiresAtSeconds, nonce], "c2" with [via, revision, name], "c3" also [workflowId, version, digest]. */
function validCardPayload(p: unknown[]): boolean {
  if (!((p.length === 10 && p[0] === FORMAT_V1) || (p.length === 13 && p[0] === FORMAT_V2) || (p.length === 16 && p[0] === FORMAT)))
    return false;
  const [
    ,
    ,
    requestId,
    stepId,
    round,
    approver,
    user,
    code,
    exp,
    nonce,
    viaCode = 'g',
    revision = 0,
    name = '',
    workflowId = '',
    version = 0,
    digest = '',
  ] = p;
  return (
    typeof viaCode === 'string' &&
    CODE_VIA[viaCode] !== undefined &&
    typeof revision === 'number' &&
    Number.isInteger(revision) &&
    revision >= 0 &&
    typeof name === 'string' &&
    typeof workflowId === 'string' &&
    typeof version === 'number' &&
    Number.isInteger(version) &&
    version >= 0 &&
    typeof digest === 'string' &&
    typeof requestId === 'string' &&
    typeof stepId === 'string' &&
    typeof approver === 'string' &&
    typeof user === 'string' &&
    user !== '' &&
    typeof nonce === 'string' &&
    typeof round === 'number' &&
    Number.isInteger(round) &&
    typeof exp === 'number' &&
    Number.isInteger(exp) &&
    typeof code === 'string' &&
    CODE_OP[code] !== undefined &&
    // A create names a workflow and no request; everything else names a request and no workflow.
    (code === 'n') === (workflowId !== '' && requestId === '')
  );
}

/** Verifies shape, key, signature (constant time) and expiry. Never throws, never writes. */
export function verifyCardToken(
  s: Pick<Services, 'PropertiesService' | 'Utilities'>,
  token: unknown,
  now: number,
  ring?: KeyRing,
): CardVerifyResult {
  const fail = (reason: CardTokenFailure): CardVerifyResult => ({ ok: false, reason, message: MESSAGES[reason] });
  if (typeof token !== 'string') return fail('malformed');
  const opened = open(s, token, {
    formats: [FORMAT_V1, FORMAT_V2, FORMAT],
    maxBodyChars: 3000,
    valid: validCardPayload,
    ...(ring ? { ring } : {}),
  });
  if (!opened.ok) return fail(opened.reason);
  const [
    ,
    keyId,
    requestId,
    stepId,
    round,
    approver,
    user,
    code,
    exp,
    nonce,
    viaCode = 'g',
    revision = 0,
    name = '',
    workflowId = '',
    version = 0,
    digest = '',
  ] = opened.payload as [
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
    string?,
    number?,
    string?,
    string?,
    number?,
    string?,
  ];
  if (now > exp * 1000) return fail('expired');
  const op = CODE_OP[code] as CardOp;
  const via = CODE_VIA[viaCode] as CardVia;
  if (via === 'gmail' && SIDEBAR_ONLY_OPS.has(op)) return fail('malformed');
  return {
    ok: true,
    claims: {
      keyId,
      requestId,
      stepId,
      round,
      approver,
      user,
      op,
      expiresAt: exp * 1000,
      nonce,
      via,
      revision,
      name,
      workflowId,
      version,
      digest,
    },
  };
}

import {
  activeDelegate,
  normalizeEmail,
  type Actor,
  type Decision,
  type IdentificationMethod,
  type Refusal,
  type Request,
} from '../../core';
import type { ApprovalBackend } from './backend';
import { linkStanding, type LinkStanding, type LinkTarget } from './check';
import { DECISION_VERB, type WhenZone } from './summary';

/**
 * One approval decision, from any surface (web-app POST, Gmail card). The order of checks:
 *   the step is still open for this approver → who is deciding (identity) → comment rule → the engine, under the lock.
 * A stale revision (someone else acted in between) re-reads and re-checks, so of two approvers racing on an
 * any-of step exactly one applies and the other is told who decided.
 */
export type DecisionOutcome =
  | { kind: 'applied'; request: Request; decision: Decision; actor: Actor; onBehalfOf: string | null; comment: string | null }
  | { kind: 'standing'; standing: Exclude<LinkStanding, { kind: 'open' }> }
  | { kind: 'identity'; code: 'wrong_user' | 'sign_in_required' | 'delegation_ended'; message: string }
  | { kind: 'comment_required'; message: string }
  | { kind: 'refused'; refusal: Refusal; message: string };

export interface DecisionInput {
  target: LinkTarget;
  decision: Decision;
  comment: string;
  /** The person the link was sent to (the approver or their delegate); for card decisions, the signed-in user. */
  recipient: string;
  /** The signed-in user the runtime can see ('' when it cannot: outside the domain). */
  sessionEmail: string;
  /** How a decision without a visible signed-in user is identified: the signed link (web app) — or refused. */
  withoutSession: 'signed_link' | 'refuse';
  /** Method recorded when the signed-in user decides: 'session' (web app) or 'gmail_addon' (card). */
  sessionMethod: IdentificationMethod;
  /** Formats the times in the messages ("already decided … at <time>"): whenZone(services.Utilities). */
  zone: WhenZone;
  nameOf?: (email: string) => string;
}

const same = (a: string, b: string): boolean => normalizeEmail(a) === normalizeEmail(b);
export const MAX_COMMENT = 5000;

export function commentRequired(standing: Extract<LinkStanding, { kind: 'open' }>, decision: Decision): boolean {
  const chain = standing.version.definition.states.find((s) => s.id === standing.request.state)?.approval;
  return (chain?.commentRequiredFor ?? ['reject', 'request_changes']).includes(decision);
}

/** Who may act on this link now, given the signed-in user. Null when allowed; else the refusal. */
export function identify(
  backend: ApprovalBackend,
  input: Pick<DecisionInput, 'target' | 'recipient' | 'sessionEmail' | 'withoutSession' | 'sessionMethod' | 'nameOf'>,
  now: number,
):
  | { ok: true; actor: Actor; onBehalfOf: string | null }
  | { ok: false; code: 'wrong_user' | 'sign_in_required' | 'delegation_ended'; message: string } {
  const nameOf = input.nameOf ?? ((e: string) => e);
  const approver = input.target.approver;
  const delegate = activeDelegate(backend.directory(), approver, now);
  const session = (input.sessionEmail ?? '').trim();
  if (session) {
    if (same(session, approver))
      return { ok: true, actor: { email: normalizeEmail(session), method: input.sessionMethod }, onBehalfOf: null };
    if (delegate && same(session, delegate))
      return { ok: true, actor: { email: normalizeEmail(session), method: input.sessionMethod }, onBehalfOf: normalizeEmail(approver) };
    return {
      ok: false,
      code: 'wrong_user',
      message: `You are signed in as ${session}, but this approval is for ${nameOf(approver)}${delegate ? ` (or their delegate ${nameOf(delegate)})` : ''}. Nothing was changed. Sign in with the right account, or ask an operator to reassign the approval.`,
    };
  }
  if (input.withoutSession === 'refuse') {
    return {
      ok: false,
      code: 'sign_in_required',
      message: `This workflow needs approvers to be signed in to decide. Open the approval from Gmail (the Handoff card) or sign in as ${nameOf(approver)}. Nothing was changed.`,
    };
  }
  const recipient = normalizeEmail(input.recipient || approver);
  if (same(recipient, approver)) return { ok: true, actor: { email: recipient, method: 'signed_link' }, onBehalfOf: null };
  if (delegate && same(recipient, delegate))
    return { ok: true, actor: { email: recipient, method: 'signed_link' }, onBehalfOf: normalizeEmail(approver) };
  return {
    ok: false,
    code: 'delegation_ended',
    message: `This link was sent to ${nameOf(recipient)} to act for ${nameOf(approver)}, who is no longer away. Nothing was changed.`,
  };
}

export function decide(backend: ApprovalBackend, input: DecisionInput): DecisionOutcome {
  const nameOf = input.nameOf ?? ((e: string) => e);
  const comment = (input.comment ?? '').trim().slice(0, MAX_COMMENT);
  for (let attempt = 0; attempt < 4; attempt++) {
    const now = backend.now();
    const standing = linkStanding(
      input.target,
      backend.load(input.target.requestId),
      () => backend.auditOf(input.target.requestId),
      input.zone,
      nameOf,
    );
    if (standing.kind !== 'open') return { kind: 'standing', standing };
    const who = identify(backend, input, now);
    if (!who.ok) return { kind: 'identity', code: who.code, message: who.message };
    if (!comment && commentRequired(standing, input.decision)) {
      return {
        kind: 'comment_required',
        message: `A comment is required to ${DECISION_VERB[input.decision].toLowerCase()}. Nothing was changed.`,
      };
    }
    const action = { type: input.decision, ...(comment ? { comment } : {}) };
    const result = backend.apply(standing.request.id, action, who.actor, standing.request.revision);
    if (result.ok)
      return {
        kind: 'applied',
        request: result.request,
        decision: input.decision,
        actor: who.actor,
        onBehalfOf: who.onBehalfOf,
        comment: comment || null,
      };
    const r = result.refusal;
    if (r.code === 'stale_revision' || r.code === 'step_already_decided') continue; // re-read: someone else acted first
    if (r.code === 'comment_required') return { kind: 'comment_required', message: r.message };
    return { kind: 'refused', refusal: r, message: r.message };
  }
  const last = linkStanding(
    input.target,
    backend.load(input.target.requestId),
    () => backend.auditOf(input.target.requestId),
    input.zone,
    nameOf,
  );
  if (last.kind !== 'open') return { kind: 'standing', standing: last };
  return {
    kind: 'refused',
    refusal: { code: 'stale_revision', message: 'The request kept changing while we tried to record your decision.' },
    message: 'The request is busy right now. Nothing was changed. Please try again in a minute.',
  };
}

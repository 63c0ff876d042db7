import { activeDelegate, normalizeEmail, type Action, type Decision, type Fields, type Request } from '../../core';
import type { ApprovalBackend } from './backend';
import { linkStanding } from './check';
import { decide } from './decide';
import { DECISION_PAST, summarize, type RequestSummary, type WhenZone } from './summary';
import type { CardClaims } from './card-token';

/**
 * What the web app answers the Gmail card (JSON). It runs in the web app, as the deployer, over the governed sheet;
 * the card only renders it. Plain text throughout: the card escapes on output.
 */
export interface CardView {
  summary: RequestSummary;
  /** Set when the user may decide now: the step, and whom they decide for. */
  decide: { stepId: string; round: number; approver: string; onBehalfOf: string | null; commentRequiredFor: Decision[] } | null;
  /** Why there is nothing to decide (already decided by X at T, no longer waiting…), when decide is null. */
  note: string | null;
  /** The request's row where the web app found it: a hint the card's next call carries (`r`), checked on read. */
  row?: number | null;
}

export type CardApiCode =
  | 'not_found'
  | 'not_involved'
  | 'already_decided'
  | 'closed'
  | 'wrong_user'
  | 'sign_in_required'
  | 'delegation_ended'
  | 'comment_required'
  | 'refused'
  | 'invalid'
  | 'replayed'
  | 'error';

/** Where the request stands after a change (the sidebar shows it: "PR-000001 approved (now Approved)"). */
export interface CardAfter {
  id: string;
  revision: number;
  state: string;
  assignee: string | null;
  /** The approvers the request still waits on in its current step (none once the chain is done). */
  pending: string[];
}

export type CardApiResult =
  | { ok: true; message: string | null; view: CardView; decision?: Decision; after?: CardAfter; request?: Request }
  | { ok: false; code: CardApiCode; message: string; view?: CardView | null };

const same = (a: string | null | undefined, b: string | null | undefined): boolean => !!a && !!b && normalizeEmail(a) === normalizeEmail(b);

export function nameFrom(backend: ApprovalBackend): (email: string) => string {
  return (email) => {
    try {
      return backend.directory().get(email)?.name || email;
    } catch {
      return email;
    }
  };
}

/** The pending approver the user decides for at the current step: themself, or an away approver they stand in for. */
function approverFor(backend: ApprovalBackend, pending: readonly string[], user: string, now: number): string | null {
  if (pending.some((p) => same(p, user))) return normalizeEmail(user);
  const dir = backend.directory();
  const p = pending.find((x) => same(activeDelegate(dir, x, now), user));
  return p ? normalizeEmail(p) : null;
}

/**
 * The card's view of a request for `user`. Only people involved with the request see it (its requester, an approver
 * of its chain or their active delegate, anyone who decided on it): a look-alike email naming another request shows
 * nothing about it.
 */
export function cardView(
  backend: ApprovalBackend,
  requestId: string,
  user: string,
  zone: WhenZone,
  /** `actedNow`: the user has just changed this request (so they are part of it: no look-up of its Audit rows). */
  opts: { actedNow?: boolean } = {},
): CardApiResult {
  const nameOf = nameFrom(backend);
  const loaded = backend.load(requestId);
  if (!loaded) return { ok: false, code: 'not_found', message: `There is no request ${requestId}. It may have been removed.` };
  const { request, version } = loaded;
  const now = backend.now();
  const a = request.approval;
  const current = a && a.state === request.state ? a : null;
  const approver = current ? approverFor(backend, current.pending, user, now) : null;
  const dir = (() => {
    try {
      return backend.directory();
    } catch {
      return null;
    }
  })();
  const involved =
    opts.actedNow === true ||
    approver !== null ||
    same(request.requester, user) ||
    (a?.approvers ?? []).some((x) => same(x, user) || (dir !== null && same(activeDelegate(dir, x, now), user))) ||
    (a?.decisions ?? []).some((d) => same(d.approver, user) || same(d.by, user)) ||
    backend.auditOf(request.id).some((e) => same(e.actor, user) || same(e.onBehalfOf, user));
  if (!involved) {
    return {
      ok: false,
      code: 'not_involved',
      message: `${request.id} is not waiting for you, and you are not part of it, so Handoff shows nothing about it here. If this email was meant for you, ask an operator.`,
    };
  }
  const summary = summarize(request, version, zone, nameOf);
  const row = backend.rowOf?.(request.id) ?? null;
  if (current && approver) {
    return {
      ok: true,
      message: null,
      view: {
        summary,
        decide: {
          stepId: current.stepId,
          round: current.round,
          approver,
          onBehalfOf: same(approver, user) ? null : approver,
          commentRequiredFor: summary.commentRequiredFor,
        },
        note: null,
        row,
      },
    };
  }
  let note = `Nothing is waiting for your decision on ${request.id} (it is now: ${summary.stateLabel}).`;
  if (a) {
    const st = linkStanding(
      { requestId: request.id, stepId: a.stepId, round: a.round, approver: user },
      loaded,
      () => backend.auditOf(request.id),
      zone,
      nameOf,
    );
    if (st.kind === 'decided' && st.mine) note = st.message;
  }
  return { ok: true, message: null, view: { summary, decide: null, note, row } };
}

/**
 * A decision from the card: the same checks as the approval links, with the Gmail user as the identity. `zone`
 * (whenZone(services.Utilities)) formats every time the card will show.
 */
export function cardDecision(backend: ApprovalBackend, claims: CardClaims, comment: string, zone: WhenZone): CardApiResult {
  if (claims.op !== 'approve' && claims.op !== 'reject' && claims.op !== 'request_changes')
    return { ok: false, code: 'invalid', message: 'This card request does not carry a decision.' };
  const nameOf = nameFrom(backend);
  const outcome = decide(backend, {
    target: { requestId: claims.requestId, stepId: claims.stepId, round: claims.round, approver: claims.approver },
    decision: claims.op,
    comment,
    recipient: claims.user,
    sessionEmail: claims.user,
    withoutSession: 'refuse',
    sessionMethod: claims.via === 'sidebar' ? 'sidebar' : 'gmail_addon',
    zone,
    nameOf,
  });
  const viewNow = (actedNow = false): CardView | null => {
    const v = cardView(backend, claims.requestId, claims.user, zone, { actedNow });
    return v.ok ? v.view : null;
  };
  switch (outcome.kind) {
    case 'applied': {
      const who = outcome.onBehalfOf
        ? `${nameOf(outcome.actor.email)} on behalf of ${nameOf(outcome.onBehalfOf)}`
        : nameOf(outcome.actor.email);
      const after = viewNow(true);
      const message = `Recorded: ${DECISION_PAST[outcome.decision]} by ${who}.`;
      if (!after) return { ok: false, code: 'error', message: `${message} (The request could not be shown again.)` };
      return { ok: true, message, view: after, decision: outcome.decision, after: afterOf(outcome.request) };
    }
    case 'standing': {
      const st = outcome.standing;
      if (st.kind === 'not_found') return { ok: false, code: 'not_found', message: st.message };
      return { ok: false, code: st.kind === 'decided' ? 'already_decided' : 'closed', message: st.message, view: viewNow() };
    }
    case 'identity':
      return { ok: false, code: outcome.code, message: outcome.message };
    case 'comment_required':
      return { ok: false, code: 'comment_required', message: `${outcome.message} Type it in the card, then press the button again.` };
    case 'refused':
      return { ok: false, code: 'refused', message: `${outcome.message} Nothing was changed.`, view: viewNow() };
  }
}

const afterOf = (r: Request): CardAfter => ({
  id: r.id,
  revision: r.revision,
  state: r.state,
  assignee: r.assignee,
  pending: r.approval?.state === r.state ? [...r.approval.pending] : [],
});

/**
 * A requester's or assignee's change from the sidebar (cancel, resubmit, a workflow transition, a new request), for a
 * user who may not edit the protected tabs: applied here, as the deployer, with the token's user as the actor (method
 * 'sidebar') at the revision they saw. `fields` arrived beside the token and matched its digest (fields-digest.ts).
 * The engine decides whether this user may take the action and set those fields (the requester cancels or resubmits
 * their own request, a transition's `by`), exactly as when an operator's sidebar applies it directly.
 */
export function sidebarAction(
  backend: ApprovalBackend,
  claims: CardClaims,
  text: string,
  zone: WhenZone,
  fields: Fields = {},
): CardApiResult {
  if (claims.via !== 'sidebar') return { ok: false, code: 'invalid', message: 'Only the Handoff sidebar can ask for this change.' };
  const comment = text.trim();
  const user = normalizeEmail(claims.user);
  const withFields = Object.keys(fields).length > 0 ? { fields } : {};
  if (claims.op === 'create') return sidebarCreate(backend, claims, fields, zone);
  let action: Action;
  if (claims.op === 'cancel') {
    if (!comment) return { ok: false, code: 'comment_required', message: 'A reason is required to cancel. Nothing was changed.' };
    if (withFields.fields) return { ok: false, code: 'invalid', message: 'A cancel carries no field values. Nothing was changed.' };
    action = { type: 'cancel', reason: comment };
  } else if (claims.op === 'resubmit') action = { type: 'resubmit', ...(comment ? { comment } : {}), ...withFields };
  else if (claims.op === 'transition' && claims.name)
    action = { type: 'transition', name: claims.name, ...(comment ? { comment } : {}), ...withFields };
  else return { ok: false, code: 'invalid', message: 'This sidebar request does not carry a change.' };
  const loaded = backend.load(claims.requestId);
  if (!loaded) return { ok: false, code: 'not_found', message: `There is no request ${claims.requestId}. It may have been removed.` };
  const r = backend.apply(claims.requestId, action, { email: user, method: 'sidebar' }, claims.revision ?? 0);
  const viewNow = (actedNow = false): CardView | null => {
    const v = cardView(backend, claims.requestId, claims.user, zone, { actedNow });
    return v.ok ? v.view : null;
  };
  if (!r.ok) return { ok: false, code: 'refused', message: `${r.refusal.message} Nothing was changed.`, view: viewNow() };
  const view = viewNow(true);
  const message = `Recorded: ${claims.op === 'transition' ? claims.name : claims.op} by ${nameFrom(backend)(user)}.`;
  if (!view) return { ok: false, code: 'error', message: `${message} (The request could not be shown again.)` };
  return { ok: true, message, view, after: afterOf(r.request) };
}

/** A new request from the sidebar: the token's user is the requester (never anyone named in the fields). */
function sidebarCreate(backend: ApprovalBackend, claims: CardClaims, fields: Fields, zone: WhenZone): CardApiResult {
  if (!backend.createRequest || !claims.workflowId)
    return { ok: false, code: 'invalid', message: 'This Handoff cannot create requests from the sidebar.' };
  const user = normalizeEmail(claims.user);
  const r = backend.createRequest({
    workflowId: claims.workflowId,
    version: claims.version ?? 0,
    requester: user,
    fields,
    actor: { email: user, method: 'sidebar' },
  });
  if (!r.ok) return { ok: false, code: 'refused', message: `${r.refusal.message} Nothing was created.` };
  const v = cardView(backend, r.request.id, user, zone, { actedNow: true });
  const message = `Recorded: ${r.request.id} created by ${nameFrom(backend)(user)}.`;
  if (!v.ok) return { ok: false, code: 'error', message: `${message} (The request could not be shown again.)` };
  return { ok: true, message, view: v.view, after: afterOf(r.request), request: r.request };
}

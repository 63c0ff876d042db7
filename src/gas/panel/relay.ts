/**
 * A sidebar change for someone who may not edit the protected tabs.
 *
 * The sidebar's server functions run as the person using it, and only the owner, admins and operators may edit
 * Requests, Audit and Outbox (docs/deploy.md, "Who may write"). An approver's decision, or a requester's cancel or
 * resubmit, would be refused by the protection. So, as the Gmail card does, the panel hands the change to the web app
 * (running as the deployer): it signs a 5-minute, single-use card token (approvals/card-token.ts, via "sidebar")
 * for the signed-in user — taken from the session here, never from the page — bound to the request and the action
 * (a decision also to the step, round and the approver decided for), and POSTs it with UrlFetchApp. The token never
 * reaches the browser. The web app re-checks everything (approver or active delegate, comment rule, the engine's
 * permissions, the revision) and records the method 'sidebar'.
 *
 * A change may carry field values (a transition's or resubmit's fields, a new request's answers): they travel in the
 * POST beside the token, whose signed digest binds them (approvals/fields-digest.ts); the engine, in the web app,
 * decides whether this user may set them. A new request from the sidebar (handoffCreateRequest) goes the same way,
 * with a token bound to the workflow and the digest of its fields.
 */
import type { Action, Fields, Request } from '../../core';
import type { CardApiResult } from '../approvals/card-api';
import { signCardToken, type CardOp, type CardSignInput } from '../approvals/card-token';
import { fieldsDigest, fieldsText } from '../approvals/fields-digest';
import { writesRefusedFor } from '../auth';
import { CARD_API } from '../webapp/card-endpoint';
import type { AppContext } from '../context';
import { CARD_API_URL_PROPERTY } from '../gmail/card';
import type { Caller } from '../auth';
import { PanelRefusal } from './guard';

/** Actions the relay carries. Everything else is operator-only (reassign, override, edit fields). */
export const RELAYED = new Set<Action['type']>(['approve', 'reject', 'request_changes', 'cancel', 'resubmit', 'transition']);

/** Would this execution's own writes to the protected tabs be refused for the caller? (auth.ts writesRefusedFor) */
export function mustRelay(ctx: AppContext, caller: Caller): boolean {
  return writesRefusedFor(ctx, caller);
}

/** Where to act instead, when the web app cannot be reached. */
const ELSEWHERE: Record<string, string> = {
  approve: 'Use the Approve link in your Handoff email (or the Handoff card in Gmail)',
  reject: 'Use the Reject link in your Handoff email (or the Handoff card in Gmail)',
  request_changes: 'Use the Request changes link in your Handoff email (or the Handoff card in Gmail)',
};
const elsewhere = (type: string): string =>
  ELSEWHERE[type] ?? (type === 'create' ? "Use the workflow's form, or ask a Handoff operator" : 'Ask a Handoff operator to do it for you');

function webAppUrl(ctx: AppContext): string {
  try {
    const custom = ctx.services.PropertiesService.getScriptProperties().getProperty(CARD_API_URL_PROPERTY);
    if (custom && /^https:\/\//.test(custom)) return custom;
  } catch {
    /* fall back to the deployment URL */
  }
  try {
    return ctx.services.ScriptApp.getService().getUrl() ?? '';
  } catch {
    return '';
  }
}

export interface RelayInput {
  requestId: string;
  expectedRevision: number;
  action: Action;
  /** For a decision: the step, round and the pending approver decided for (the caller, or whom they stand in for). */
  step?: { stepId: string; round: number; approver: string };
}

export interface RelayResult {
  id: string;
  revision: number;
  state: string;
  assignee: string | null;
  pending: string[];
  message: string;
  via: 'web_app';
}

/** Sends one change to the web app as `caller`. Throws PanelRefusal with the web app's message when it refuses. */
export function relayToWebApp(ctx: AppContext, caller: Caller, input: RelayInput): RelayResult {
  const a = input.action;
  const type = a.type;
  if (!RELAYED.has(type)) throw new PanelRefusal(`Only operators can ${type.replace('_', ' ')}.`);
  const fields = (a.type === 'transition' || a.type === 'resubmit') && a.fields ? a.fields : null;
  const body = post(
    ctx,
    caller,
    {
      requestId: input.requestId,
      op: type as CardOp,
      ...(input.step
        ? { stepId: input.step.stepId, round: input.step.round, approver: input.step.approver }
        : { revision: input.expectedRevision }),
      ...(a.type === 'transition' ? { name: a.name } : {}),
    },
    a.type === 'cancel' ? a.reason : 'comment' in a ? (a.comment ?? '') : '',
    fields,
  );
  if (!body.after) return cantReach(type, "The Handoff web app answered without the request's new state.");
  return { ...body.after, pending: body.after.pending ?? [], message: body.message ?? 'Done.', via: 'web_app' };
}

/** A new request, for a caller who may not write the sheet: the web app creates it with them as the requester. */
export function relayCreate(
  ctx: AppContext,
  caller: Caller,
  input: { workflowId: string; version: number; fields: Fields },
): { request: Request; message: string; via: 'web_app' } {
  const body = post(ctx, caller, { requestId: '', op: 'create', workflowId: input.workflowId, version: input.version }, '', input.fields);
  if (!body.request) return cantReach('create', 'The Handoff web app answered without the new request.');
  return { request: body.request, message: body.message ?? 'Done.', via: 'web_app' };
}

function cantReach(type: string, why: string): never {
  throw new PanelRefusal(`${why} Nothing was changed. ${elsewhere(type)}.`);
}

type Claims = Omit<CardSignInput, 'user' | 'now' | 'via' | 'digest'>;

/** Signs the token (user from the session, never from the page), POSTs it with the text and fields, reads the answer. */
function post(ctx: AppContext, caller: Caller, claims: Claims, text: string, fields: Fields | null): CardApiResult & { ok: true } {
  const type = claims.op;
  const url = webAppUrl(ctx);
  if (!url)
    cantReach(
      type,
      `${caller.email} may not edit Handoff's protected tabs, so the sidebar hands this to the Handoff web app — which is not deployed.`,
    );
  const token = signCardToken(ctx.services, {
    ...claims,
    user: caller.email,
    via: 'sidebar',
    now: ctx.now(),
    digest: fieldsDigest(ctx.services, fields),
  });
  if (!token) cantReach(type, 'Approvals are not set up on this Handoff yet (an admin runs Handoff > Set up / repair).');
  const payload: Record<string, string> = { t: token as string, comment: text };
  const carried = fieldsText(fields);
  if (carried) payload.fields = carried;
  let res: GoogleAppsScript.URL_Fetch.HTTPResponse | null = null;
  try {
    res = ctx.services.UrlFetchApp.fetch(`${url}${url.includes('?') ? '&' : '?'}api=${CARD_API}`, {
      method: 'post',
      payload,
      muteHttpExceptions: true,
      followRedirects: true,
    });
  } catch (e) {
    cantReach(type, `The sidebar could not reach the Handoff web app (${String((e as Error)?.message ?? e).slice(0, 200)}).`);
  }
  const code = res!.getResponseCode();
  const body = ((): CardApiResult | null => {
    try {
      const b = JSON.parse(res!.getContentText()) as unknown;
      return b && typeof b === 'object' && typeof (b as { ok?: unknown }).ok === 'boolean' ? (b as CardApiResult) : null;
    } catch {
      return null;
    }
  })();
  if (code !== 200 || !body) {
    return cantReach(
      type,
      `The Handoff web app did not answer as expected (HTTP ${code}; its deployment must allow access to "Anyone", see the deploy guide).`,
    );
  }
  if (!body.ok) throw new PanelRefusal(body.message);
  return body;
}

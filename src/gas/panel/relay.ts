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
 */
import { normalizeEmail, type Action } from '../../core';
import type { CardApiResult } from '../approvals/card-api';
import { signCardToken, type CardOp } from '../approvals/card-token';
import { CARD_API } from '../webapp/card-endpoint';
import type { AppContext } from '../context';
import { CARD_API_URL_PROPERTY } from '../gmail/card';
import { PanelRefusal, type Caller } from './guard';

/** Actions the relay carries. Everything else is operator-only (reassign, override, edit fields). */
export const RELAYED = new Set<Action['type']>(['approve', 'reject', 'request_changes', 'cancel', 'resubmit', 'transition']);

/**
 * Would this execution's own writes be refused? The sidebar runs as the person using it (the effective user is the
 * caller), and only the owner, admins and operators edit the protected tabs. When the execution runs as someone
 * else (a deployment executing as its owner, a test), that someone writes, and the direct path is used.
 */
export function mustRelay(ctx: AppContext, caller: Caller): boolean {
  if (caller.operator) return false;
  let effective = '';
  try {
    effective = normalizeEmail(ctx.services.Session.getEffectiveUser().getEmail() ?? '');
  } catch {
    effective = '';
  }
  return effective === '' || effective === caller.email;
}

/** Where to act instead, when the web app cannot be reached. */
const ELSEWHERE: Record<string, string> = {
  approve: 'Use the Approve link in your Handoff email (or the Handoff card in Gmail)',
  reject: 'Use the Reject link in your Handoff email (or the Handoff card in Gmail)',
  request_changes: 'Use the Request changes link in your Handoff email (or the Handoff card in Gmail)',
};
const elsewhere = (type: string): string => ELSEWHERE[type] ?? 'Ask a Handoff operator to do it for you';

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
  message: string;
  via: 'web_app';
}

/** Sends one change to the web app as `caller`. Throws PanelRefusal with the web app's message when it refuses. */
export function relayToWebApp(ctx: AppContext, caller: Caller, input: RelayInput): RelayResult {
  const a = input.action;
  const type = a.type;
  const cantReach = (why: string): never => {
    throw new PanelRefusal(`${why} Nothing was changed. ${elsewhere(type)}.`);
  };
  if (!RELAYED.has(type)) throw new PanelRefusal(`Only operators can ${type.replace('_', ' ')}.`);
  if ((type === 'transition' || type === 'resubmit') && 'fields' in a && a.fields && Object.keys(a.fields).length > 0) {
    throw new PanelRefusal(
      'Changing the answers is done with the form: use "Change your answers" in your Handoff email. Nothing was changed.',
    );
  }
  const url = webAppUrl(ctx);
  if (!url)
    cantReach(
      `${caller.email} may not edit Handoff's protected tabs, so the sidebar hands this to the Handoff web app — which is not deployed.`,
    );
  const op = type as CardOp;
  const token = signCardToken(ctx.services, {
    requestId: input.requestId,
    user: caller.email,
    op,
    via: 'sidebar',
    now: ctx.now(),
    ...(input.step
      ? { stepId: input.step.stepId, round: input.step.round, approver: input.step.approver }
      : { revision: input.expectedRevision }),
    ...(a.type === 'transition' ? { name: a.name } : {}),
  });
  if (!token) cantReach('Approvals are not set up on this Handoff yet (an admin runs Handoff > Set up / repair).');
  const text = a.type === 'cancel' ? a.reason : 'comment' in a ? (a.comment ?? '') : '';
  let res: GoogleAppsScript.URL_Fetch.HTTPResponse | null = null;
  try {
    res = ctx.services.UrlFetchApp.fetch(`${url}${url.includes('?') ? '&' : '?'}api=${CARD_API}`, {
      method: 'post',
      payload: { t: token as string, comment: text },
      muteHttpExceptions: true,
      followRedirects: true,
    });
  } catch (e) {
    cantReach(`The sidebar could not reach the Handoff web app (${String((e as Error)?.message ?? e).slice(0, 200)}).`);
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
      `The Handoff web app did not answer as expected (HTTP ${code}; its deployment must allow access to "Anyone", see the deploy guide).`,
    );
  }
  if (!body.ok) throw new PanelRefusal(body.message);
  if (!body.after) return cantReach("The Handoff web app answered without the request's new state.");
  return { ...body.after, message: body.message ?? 'Done.', via: 'web_app' };
}

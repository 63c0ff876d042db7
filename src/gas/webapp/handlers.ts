import type { Services } from '../services';
import type { ApprovalBackend } from '../approvals/backend';
import { linkStanding } from '../approvals/check';
import { commentRequired, decide, identify } from '../approvals/decide';
import { approvalSettings } from '../approvals/settings';
import { summarize, whenZone } from '../approvals/summary';
import { verifyToken, type TokenClaims, type TokenFailure } from '../approvals/token';
import { confirmPage, donePage, noticePage, type NoticeKind, type Page } from './pages';

/** The approval web app: GET shows a confirmation page and changes nothing; POST from its button decides. */

export type WebAppServices = Pick<Services, 'HtmlService' | 'Session' | 'ScriptApp' | 'PropertiesService' | 'Utilities'>;

/** doGet / doPost event objects (the parts we read). */
export interface WebAppEvent {
  parameter?: Record<string, string>;
  parameters?: Record<string, string[]>;
  queryString?: string;
  postData?: { contents?: string; type?: string; length?: number };
}

const FAILURE_KIND: Record<TokenFailure, NoticeKind> = {
  missing: 'invalid_link',
  malformed: 'invalid_link',
  bad_signature: 'invalid_link',
  not_set_up: 'not_set_up',
  rotated: 'rotated',
  expired: 'expired',
};

function serve(s: WebAppServices, p: Page): GoogleAppsScript.HTML.HtmlOutput {
  return (
    s.HtmlService.createHtmlOutput(p.html)
      .setTitle(p.title)
      // DEFAULT keeps the X-Frame-Options header: no other site may frame the confirm page (clickjacking).
      .setXFrameOptionsMode(s.HtmlService.XFrameOptionsMode.DEFAULT)
  );
}

/** Form fields of a POST: Apps Script puts urlencoded fields in e.parameter; fall back to parsing the body. */
export function formFields(e: WebAppEvent | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  const body = e?.postData?.contents;
  if (body && /x-www-form-urlencoded/i.test(e?.postData?.type ?? '')) {
    for (const pair of body.split('&')) {
      if (!pair) continue;
      const i = pair.indexOf('=');
      const k = i < 0 ? pair : pair.slice(0, i);
      const v = i < 0 ? '' : pair.slice(i + 1);
      try {
        out[decodeURIComponent(k.replace(/\+/g, ' '))] = decodeURIComponent(v.replace(/\+/g, ' '));
      } catch {
        /* ignore a malformed pair */
      }
    }
  }
  for (const [k, v] of Object.entries(e?.parameter ?? {})) if (typeof v === 'string') out[k] = v;
  return out;
}

function sessionEmail(s: WebAppServices): string {
  try {
    return (s.Session.getActiveUser().getEmail() ?? '').trim();
  } catch {
    return '';
  }
}

function webAppUrl(s: WebAppServices): string {
  try {
    return s.ScriptApp.getService().getUrl() ?? '';
  } catch {
    return '';
  }
}

function nameFrom(backend: ApprovalBackend): (email: string) => string {
  return (email: string) => {
    try {
      const p = backend.directory().get(email);
      return p?.name ? `${p.name} (${email})` : email;
    } catch {
      return email;
    }
  };
}

interface Verified {
  claims: TokenClaims;
}

function verified(s: WebAppServices, backend: ApprovalBackend, token: unknown): Verified | Page {
  const v = verifyToken(s, token, backend.now());
  if (!v.ok) return noticePage(FAILURE_KIND[v.reason], v.message);
  return { claims: v.claims };
}

function identityNote(session: string, claims: TokenClaims, allowed: boolean): string {
  if (session) return `Signed in as ${session}.`;
  return allowed ? `You are deciding with the link sent to ${claims.recipient}.` : '';
}

/** The confirmation page for a token (GET, or a POST without the button's confirmation). Reads only. */
function confirmFor(s: WebAppServices, backend: ApprovalBackend, token: string, extra: { error?: string; comment?: string } = {}): Page {
  const v = verified(s, backend, token);
  if (!('claims' in v)) return v;
  const { claims } = v;
  const nameOf = nameFrom(backend);
  const zone = whenZone(s.Utilities);
  const standing = linkStanding(claims, backend.load(claims.requestId), () => backend.auditOf(claims.requestId), zone, nameOf);
  if (standing.kind === 'not_found') return noticePage('not_found', standing.message);
  if (standing.kind !== 'open') {
    return noticePage(
      standing.kind === 'decided' ? 'already_decided' : 'closed',
      standing.message,
      summarize(standing.request, standing.version, zone, nameOf),
    );
  }
  const settings = approvalSettings(s, standing.request.workflowId);
  const session = sessionEmail(s);
  const who = identify(
    backend,
    {
      target: claims,
      recipient: claims.recipient,
      sessionEmail: session,
      withoutSession: settings.signedLinkWithoutSignIn ? 'signed_link' : 'refuse',
      sessionMethod: 'session',
      nameOf,
    },
    backend.now(),
  );
  if (!who.ok) return noticePage(who.code === 'sign_in_required' ? 'sign_in' : 'wrong_user', who.message);
  return confirmPage({
    token,
    decision: claims.action,
    summary: summarize(standing.request, standing.version, zone, nameOf),
    webAppUrl: webAppUrl(s),
    commentRequired: commentRequired(standing, claims.action),
    identityNote: identityNote(session, claims, settings.signedLinkWithoutSignIn),
    onBehalfOf: who.onBehalfOf,
    row: backend.rowOf?.(claims.requestId) ?? null,
    ...extra,
  });
}

export function approvalGet(s: WebAppServices, backend: ApprovalBackend, e: WebAppEvent | undefined): GoogleAppsScript.HTML.HtmlOutput {
  try {
    return serve(
      s,
      confirmFor(s, backend, String(e?.parameter?.t ?? ''), e?.parameter?.c ? { comment: String(e.parameter.c).slice(0, 5000) } : {}),
    );
  } catch (err) {
    return serve(
      s,
      noticePage(
        'error',
        `Handoff could not show this approval right now. Nothing was changed. (${String((err as Error)?.message ?? err).slice(0, 200)})`,
      ),
    );
  }
}

export function approvalPost(s: WebAppServices, backend: ApprovalBackend, e: WebAppEvent | undefined): GoogleAppsScript.HTML.HtmlOutput {
  try {
    return serve(s, postPage(s, backend, formFields(e)));
  } catch (err) {
    return serve(
      s,
      noticePage(
        'error',
        `Handoff could not record your decision. Nothing was changed; please try again. (${String((err as Error)?.message ?? err).slice(0, 200)})`,
      ),
    );
  }
}

function postPage(s: WebAppServices, backend: ApprovalBackend, f: Record<string, string>): Page {
  const token = f.t ?? '';
  const comment = f.comment ?? '';
  // Only the page's button sends confirmed=1. Anything else (a scanner replaying the link as a POST, a script
  // submitting the form) gets the confirmation page again and changes nothing.
  if (f.confirmed !== '1') return confirmFor(s, backend, token, { comment });
  const v = verified(s, backend, token);
  if (!('claims' in v)) return v;
  const { claims } = v;
  const nameOf = nameFrom(backend);
  const zone = whenZone(s.Utilities);
  const loaded = backend.load(claims.requestId);
  const settings = approvalSettings(s, loaded?.request.workflowId ?? '');
  const outcome = decide(backend, {
    target: claims,
    decision: claims.action,
    comment,
    recipient: claims.recipient,
    sessionEmail: sessionEmail(s),
    withoutSession: settings.signedLinkWithoutSignIn ? 'signed_link' : 'refuse',
    sessionMethod: 'session',
    zone,
    nameOf,
  });
  switch (outcome.kind) {
    case 'applied': {
      const after = backend.load(claims.requestId);
      const summary = after
        ? summarize(after.request, after.version, zone, nameOf)
        : summarize(outcome.request, loaded!.version, zone, nameOf);
      return donePage({
        summary,
        decision: outcome.decision,
        by: nameOf(outcome.actor.email),
        onBehalfOf: outcome.onBehalfOf ? nameOf(outcome.onBehalfOf) : null,
        comment: outcome.comment,
        requestLink: after && backend.requestLink ? backend.requestLink(after.request) : null,
        stillWaiting: outcome.decision === 'approve' && !!after && !!loaded && after.request.state === loaded.request.state,
        waitingFor: after?.request.approval?.state === after?.request.state ? (after?.request.approval?.pending ?? []).map(nameOf) : [],
      });
    }
    case 'standing': {
      const st = outcome.standing;
      if (st.kind === 'not_found') return noticePage('not_found', st.message);
      return noticePage(st.kind === 'decided' ? 'already_decided' : 'closed', st.message, summarize(st.request, st.version, zone, nameOf));
    }
    case 'identity':
      return noticePage(outcome.code === 'sign_in_required' ? 'sign_in' : 'wrong_user', outcome.message);
    case 'comment_required':
      return confirmFor(s, backend, token, { error: outcome.message, comment });
    case 'refused':
      return noticePage('refused', `${outcome.message} Nothing was changed.`);
  }
}

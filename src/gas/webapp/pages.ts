import type { Decision } from '../../core';
import type { RequestSummary } from '../approvals/summary';
import { DECISION_PAST, DECISION_VERB } from '../approvals/summary';
import { esc, escLines, page, safeUrl } from './html';
import { summaryTableHtml } from './summary-html';

/** The pages of the approval web app. Pure: they return HTML strings; handlers.ts serves them with HtmlService. */
export interface Page {
  title: string;
  html: string;
}

export interface ConfirmPageInput {
  token: string;
  decision: Decision;
  summary: RequestSummary;
  webAppUrl: string;
  commentRequired: boolean;
  /** Who will be recorded as deciding, and how ("Signed in as …" / "Deciding with the link sent to …"). */
  identityNote: string;
  onBehalfOf: string | null;
  error?: string;
  comment?: string;
  /** The request's row, sent back with the POST as a hint (checked on read). */
  row?: number | null;
}

const QUESTION: Record<Decision, string> = { approve: 'Approve', reject: 'Reject', request_changes: 'Request changes to' };

/**
 * The confirmation page a GET shows. It changes nothing; only its button posts. No script: the form is
 * submitted by a person pressing the button, and the button carries confirmed=1 (a script calling
 * form.submit() would not send the button's value).
 */
export function confirmPage(i: ConfirmPageInput): Page {
  const title = `${QUESTION[i.decision]} ${i.summary.requestId}?`;
  const need = i.commentRequired
    ? `<p class="note">A comment is required to ${esc(DECISION_VERB[i.decision].toLowerCase())}. Say what the requester should know${i.decision === 'request_changes' ? ' and what to fix' : ''}.</p>`
    : '';
  const body = `
<h1>${esc(title)}</h1>
<p>${esc(i.summary.workflowName)}: ${esc(i.summary.requesterName || i.summary.requester)} asks for your decision.</p>
${summaryTableHtml(i.summary)}
${i.error ? `<p class="err">${esc(i.error)}</p>` : ''}
<p class="muted">${esc(i.identityNote)}${i.onBehalfOf ? esc(` You are deciding on behalf of ${i.onBehalfOf}.`) : ''}</p>
<form method="post" action="${safeUrl(i.webAppUrl)}" target="_top">
<input type="hidden" name="t" value="${esc(i.token)}">${i.row ? `\n<input type="hidden" name="r" value="${esc(String(i.row))}">` : ''}
<label for="comment">Comment${i.commentRequired ? ' (required)' : ' (optional)'}</label>
<textarea id="comment" name="comment" maxlength="5000"${i.commentRequired ? ' required' : ''}>${esc(i.comment ?? '')}</textarea>
${need}
<button type="submit" name="confirmed" value="1" class="${esc(i.decision)}">${esc(DECISION_VERB[i.decision])}</button>
</form>
<p class="muted">Nothing happens until you press the button. Opening this page again, or a mail scanner opening it, changes nothing.</p>`;
  return { title, html: page(title, body) };
}

export function donePage(i: {
  summary: RequestSummary;
  decision: Decision;
  by: string;
  onBehalfOf: string | null;
  comment: string | null;
  requestLink?: string | null;
  /** An approval that is not the last: the request still waits on other approvers or the next step. */
  stillWaiting?: boolean;
  /** Whom it waits on now (names), when known. */
  waitingFor?: string[];
}): Page {
  const title = `${i.summary.requestId}: ${DECISION_PAST[i.decision]}`;
  const next =
    i.decision === 'request_changes'
      ? 'The requester has been asked to make the changes.'
      : i.stillWaiting
        ? `The request now waits for ${i.waitingFor?.length ? i.waitingFor.join(', ') : 'the next approver'}; the requester is told once every approval is in.`
        : 'The requester will be told.';
  const who = i.onBehalfOf ? `${i.by} on behalf of ${i.onBehalfOf}` : i.by;
  const body = `
<h1>${esc(title)}</h1>
<p class="ok">Recorded: ${esc(DECISION_PAST[i.decision])} by ${esc(who)}. ${esc(next)}</p>
${i.comment ? `<p><b>Your comment</b><br>${escLines(i.comment)}</p>` : ''}
${summaryTableHtml(i.summary)}
${i.requestLink ? `<p><a href="${safeUrl(i.requestLink)}" target="_top">Open the request</a></p>` : ''}
<p class="muted">You can close this page.</p>`;
  return { title, html: page(title, body) };
}

/** Any page that explains why nothing happened. `kind` picks the heading. */
export type NoticeKind =
  | 'already_decided'
  | 'closed'
  | 'invalid_link'
  | 'expired'
  | 'rotated'
  | 'wrong_user'
  | 'sign_in'
  | 'not_found'
  | 'refused'
  | 'error'
  | 'not_set_up';

const HEADINGS: Record<NoticeKind, string> = {
  already_decided: 'Already decided',
  closed: 'No longer waiting for you',
  invalid_link: 'This link is not valid',
  expired: 'This link has expired',
  rotated: 'This link no longer works',
  wrong_user: 'This approval is for someone else',
  sign_in: 'Please sign in',
  not_found: 'Request not found',
  refused: 'Your decision was not recorded',
  error: 'Something went wrong',
  not_set_up: 'Not set up',
};

export function noticePage(kind: NoticeKind, message: string, summary?: RequestSummary | null): Page {
  const title = HEADINGS[kind];
  const cls = kind === 'already_decided' || kind === 'closed' ? 'note' : 'err';
  const body = `
<h1>${esc(title)}</h1>
<p class="${cls}">${esc(message)}</p>
${summary ? summaryTableHtml(summary) : ''}`;
  return { title, html: page(title, body) };
}

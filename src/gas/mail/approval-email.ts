import { normalizeEmail, renderNotification, type NotificationIntent, type PublishedVersion, type Request } from '../../core';
import type { Services } from '../services';
import { linkStanding } from '../approvals/check';
import { summarize, formatWhen, whenZone, DECISION_VERB, type RequestSummary } from '../approvals/summary';
import { signToken, LINK_ACTIONS, type LinkAction } from '../approvals/token';
import { esc, escLines, safeUrl } from '../webapp/html';
import { lateness } from './lateness';
import { summaryTableHtml } from '../webapp/summary-html';

/** A rendered email, ready for MailApp.sendEmail. */
export interface RenderedEmail {
  to: string;
  subject: string;
  /** Plain-text alternative. */
  text: string;
  html: string;
}

export interface ApprovalEmail extends RenderedEmail {
  links: Record<LinkAction, string>;
}

/** The subject every Handoff email starts with: "[PR-000123] …". The Gmail card recognises approvals by it. */
export function subjectPrefix(requestId: string): string {
  return `[${requestId}]`;
}
export const APPROVAL_SUBJECT_SUFFIX = 'approval needed';

export function approvalSubject(requestId: string, workflowName: string, more = ''): string {
  return `${subjectPrefix(requestId)} ${workflowName.replace(/[\r\n]+/g, ' ')}: ${APPROVAL_SUBJECT_SUFFIX}${more}`.replace(/[\r\n]+/g, ' ');
}

type SignServices = Pick<Services, 'PropertiesService' | 'Utilities' | 'LockService'>;

export interface ApprovalEmailInput {
  intent: NotificationIntent;
  request: Request;
  version: PublishedVersion;
  webAppUrl: string;
  now: number;
  ttlDays: number;
  nameOf?: (email: string) => string;
  requestLink?: string | null;
  /** The request's row: the links carry it as a hint (`r`), so the web app reads that row first. */
  row?: number | null;
  /** A reminder or an escalation to a pending approver: same links, says how late it is. */
  nudge?: 'reminder' | 'escalation';
}

const BUTTON_COLOR: Record<LinkAction, string> = { approve: '#188038', reject: '#d93025', request_changes: '#e37400' };

export function actionUrl(webAppUrl: string, token: string, row?: number | null): string {
  return `${webAppUrl}${webAppUrl.includes('?') ? '&' : '?'}t=${encodeURIComponent(token)}${row ? `&r=${row}` : ''}`;
}

/**
 * The approval-request email for one approver (or their delegate). Null when the intent is obsolete: the step it
 * names is no longer waiting for that approver (decided, or the request moved on) — sending it would only show
 * "already decided".
 */
export function renderApprovalEmail(s: SignServices, i: ApprovalEmailInput): ApprovalEmail | null {
  const nameOf = i.nameOf ?? ((e: string) => e);
  const approver = normalizeEmail(i.intent.onBehalfOf ?? i.intent.to);
  const recipient = normalizeEmail(i.intent.to);
  const a = i.request.approval;
  if (!a || !i.intent.step || a.stepId !== i.intent.step) return null;
  const target = { requestId: i.request.id, stepId: a.stepId, round: a.round, approver };
  const zone = whenZone(s.Utilities);
  if (linkStanding(target, { request: i.request, version: i.version }, () => [], zone).kind !== 'open') return null;

  const links = {} as Record<LinkAction, string>;
  for (const action of LINK_ACTIONS) {
    const token = signToken(s, { ...target, recipient, action, now: i.now, ttlDays: i.ttlDays });
    links[action] = actionUrl(i.webAppUrl, token, i.row);
  }
  const sum = summarize(i.request, i.version, zone, nameOf);
  const intro = i.version.definition.notifications?.approval_requested
    ? renderNotification(i.version.definition, i.intent, i.request)
    : null;
  const onBehalf = i.intent.onBehalfOf ? ` on behalf of ${nameOf(i.intent.onBehalfOf)}, who is away` : '';
  const asked = `${sum.requesterName} asks for your approval${onBehalf}: ${sum.workflowName} ${sum.requestId}.`;
  const ask =
    i.nudge === 'escalation'
      ? `Overdue: ${sum.workflowName} ${sum.requestId} from ${sum.requesterName} still waits for your approval${onBehalf}.`
      : i.nudge === 'reminder'
        ? `Reminder: ${sum.workflowName} ${sum.requestId} from ${sum.requesterName} waits for your approval${onBehalf}.`
        : asked;
  const stepLine = sum.step ? `Step ${sum.step.number} of ${sum.step.of}: ${sum.step.label} (${sum.step.policy}).` : '';
  // The request's due time now (a resent or late email never asks for a date already past without saying so).
  const due = i.request.sla && i.request.sla.runningSince !== null ? sum.dueAt : null;
  const late = due !== null && i.now >= due;
  const dueLine = due
    ? late
      ? `This was due by ${formatWhen(due, sum.timeZone, zone)}: ${lateness(due, i.now)}.`
      : `Please decide by ${formatWhen(due, sum.timeZone, zone)} (${lateness(due, i.now)}).`
    : '';
  const expires = formatWhen(i.now + i.ttlDays * 86400000, sum.timeZone, zone);
  const commentNote = sum.commentRequiredFor.length
    ? `A comment is required to ${sum.commentRequiredFor.map((d) => DECISION_VERB[d].toLowerCase()).join(' or ')}.`
    : '';

  const subject = approvalSubject(
    sum.requestId,
    sum.workflowName,
    i.nudge && due !== null
      ? ` (${i.nudge === 'escalation' || late ? lateness(due, i.now) : `reminder, ${lateness(due, i.now)}`})`
      : i.nudge
        ? ` (${i.nudge})`
        : '',
  );
  const text = [
    ask,
    intro ? `\n${intro.text}\n` : '',
    stepLine,
    dueLine,
    '',
    ...summaryText(sum),
    '',
    `Approve: ${links.approve}`,
    `Reject: ${links.reject}`,
    `Request changes: ${links.request_changes}`,
    '',
    'Each link opens a page where you confirm. Nothing is decided until you press the button there.',
    commentNote,
    `These links work until ${expires} and only for this step.`,
    i.requestLink ? `\nThe request: ${i.requestLink}` : '',
  ]
    .filter((l, k, arr) => !(l === '' && arr[k - 1] === ''))
    .join('\n');

  const button = (action: LinkAction) =>
    `<a href="${safeUrl(links[action])}" style="display:inline-block;padding:10px 18px;margin:0 8px 8px 0;border-radius:4px;background:${BUTTON_COLOR[action]};color:#ffffff;text-decoration:none;font-weight:bold">${esc(DECISION_VERB[action])}</a>`;
  const html = `<div style="font-family:Arial,sans-serif;font-size:14px;color:#202124;max-width:640px">
<p>${esc(ask)}</p>
${intro ? `<p>${intro.html}</p>` : ''}
${stepLine ? `<p>${esc(stepLine)}${dueLine ? `<br><b>${esc(dueLine)}</b>` : ''}</p>` : dueLine ? `<p><b>${esc(dueLine)}</b></p>` : ''}
${summaryTableHtml(sum, true)}
<p>${LINK_ACTIONS.map(button).join('')}</p>
<p style="color:#5f6368;font-size:12px">Each button opens a page where you confirm; nothing is decided until you press the button there. ${escLines(commentNote)} These links work until ${esc(expires)} and only for this step.${i.requestLink ? ` <a href="${safeUrl(i.requestLink)}">Open the request</a>.` : ''}</p>
</div>`;
  return { to: recipient, subject, text, html, links };
}

export function summaryText(sum: RequestSummary): string[] {
  const lines = [`Request: ${sum.requestId} (${sum.workflowName})`, `Requested by: ${sum.requesterName}`];
  for (const f of sum.fields) lines.push(`${f.label}: ${f.value}`);
  return lines;
}

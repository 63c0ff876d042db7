import {
  normalizeEmail,
  queueName,
  renderNotification,
  type AuditEvent,
  type NotificationIntent,
  type PublishedVersion,
  type Request,
} from '../../core';
import { DECISION_PAST, formatWhen, summarize, type WhenZone } from '../approvals/summary';
import { esc, escLines, safeUrl } from '../webapp/html';
import { summaryTableHtml } from '../webapp/summary-html';
import { subjectPrefix, summaryText, type RenderedEmail } from './approval-email';
import { lateness } from './lateness';

export interface RequesterEmailInput {
  intent: NotificationIntent;
  request: Request;
  version: PublishedVersion;
  /** The request's audit events: the approver's comment on a final approval comes from there. */
  audit: readonly AuditEvent[];
  /** Formats the times the email shows: whenZone(services.Utilities). */
  zone: WhenZone;
  nameOf?: (email: string) => string;
  requestLink?: string | null;
  /** Where the requester fixes the request (the form's edit link, or a resubmit link), when known. */
  resubmitLink?: string | null;
}

const revisionOf = (intent: NotificationIntent): number | null => {
  const m = /:(\d+):/.exec(intent.dedupeKey);
  return m ? Number(m[1]) : null;
};

/** The decision event behind an intent: same revision, a person's approve/reject/request_changes. */
function decisionEvent(intent: NotificationIntent, audit: readonly AuditEvent[]): AuditEvent | null {
  const rev = revisionOf(intent);
  const kinds = intent.kind === 'changes_requested' ? ['request_changes'] : ['approve', 'reject'];
  const hits = audit.filter((e) => e.requestId === intent.requestId && kinds.includes(e.action) && (rev === null || e.revision === rev));
  return hits[hits.length - 1] ?? null;
}

/** The final decision (approved / rejected, with the approver's comment) or a change request (what to fix). */
export function renderRequesterEmail(i: RequesterEmailInput): RenderedEmail {
  const nameOf = i.nameOf ?? ((e: string) => e);
  const sum = summarize(i.request, i.version, i.zone, nameOf);
  const ev = decisionEvent(i.intent, i.audit);
  const comment = i.intent.comment ?? ev?.comment ?? null;
  const by = ev ? (ev.onBehalfOf ? `${nameOf(ev.actor)} on behalf of ${nameOf(ev.onBehalfOf)}` : nameOf(ev.actor)) : null;
  const p = subjectPrefix(sum.requestId);
  let subject: string;
  let lead: string;
  let next: string;
  if (i.intent.kind === 'changes_requested') {
    subject = `${p} ${sum.workflowName}: changes requested`;
    lead = `Changes were requested on your ${sum.workflowName} request ${sum.requestId}${by ? ` by ${by}` : ''}.`;
    next = i.resubmitLink
      ? `Please make the changes and resubmit: ${i.resubmitLink}`
      : 'Please make the changes by editing your form response (the edit link is in your form receipt) and submit it again.';
  } else {
    const decision = i.intent.decision ?? (ev?.action === 'reject' ? 'reject' : 'approve');
    subject = `${p} ${sum.workflowName}: ${DECISION_PAST[decision]}`;
    lead = `Your ${sum.workflowName} request ${sum.requestId} was ${DECISION_PAST[decision]}${by ? ` by ${by}` : ''}.`;
    next = `It is now: ${sum.stateLabel}.`;
  }
  const commentLabel = i.intent.kind === 'changes_requested' ? 'What to fix' : 'Comment';
  const custom = i.version.definition.notifications?.[i.intent.kind]
    ? renderNotification(i.version.definition, { ...i.intent, comment }, i.request)
    : null;
  const text = [
    lead,
    custom ? `\n${custom.text}\n` : '',
    comment ? `${commentLabel}: ${comment}` : '',
    next,
    '',
    ...summaryText(sum),
    i.requestLink ? `\nThe request: ${i.requestLink}` : '',
  ]
    .join('\n')
    .replace(/\n{3,}/g, '\n\n');
  const nextHtml =
    i.intent.kind === 'changes_requested' && i.resubmitLink
      ? `Please make the changes and <a href="${safeUrl(i.resubmitLink)}">resubmit</a>.`
      : esc(next);
  const html = `<div style="font-family:Arial,sans-serif;font-size:14px;color:#202124;max-width:640px">
<p>${esc(lead)}</p>
${custom ? `<p>${custom.html}</p>` : ''}
${comment ? `<p><b>${esc(commentLabel)}</b><br>${escLines(comment)}</p>` : ''}
<p>${nextHtml}</p>
${summaryTableHtml(sum, true)}
${i.requestLink ? `<p><a href="${safeUrl(i.requestLink)}">Open the request</a></p>` : ''}
</div>`;
  return { to: normalizeEmail(i.intent.to), subject, text, html };
}

/**
 * Every other kind (receipt, needs info, assigned, reminders, escalations): the definition's template or core's
 * default. `zone` (whenZone(services.Utilities)) formats {{dueAt}}: the request's due time now, not the one it had when
 * the notice was queued. {{waitingOn}} names who the request waits on; {{lateness}} says how late it is ("3 hours
 * overdue", "due in 2 hours"). The subject is "[PR-000123] Workflow: …", the request and the workflow named once.
 */
export function renderGenericEmail(
  intent: NotificationIntent,
  request: Request,
  version: PublishedVersion,
  zone: WhenZone,
  links: ReadonlyArray<{ label: string; url: string }> = [],
  opts: { now?: number; nameOf?: (email: string) => string } = {},
): RenderedEmail {
  const def = version.definition;
  const tz = def.calendar?.timeZone ?? 'Etc/UTC';
  const nameOf = opts.nameOf ?? ((e: string) => e);
  const running = request.sla && request.sla.runningSince !== null ? request.sla.dueAt : null;
  const due = running ?? intent.dueAt;
  // {{dueAt}} reads like the approval emails' "6 Jan 2026, 17:00 (America/New_York)", not an ISO instant in UTC.
  const extra: Record<string, string | null> = { waitingOn: waitingOn(request, version, nameOf) };
  if (due !== null) extra.dueAt = formatWhen(due, tz, zone);
  if (due !== null && opts.now !== undefined) extra.lateness = lateness(due, opts.now);
  const rendered = renderNotification(def, intent, request, extra);
  // An empty placeholder at the end ("… needs attention (Being ordered). {{comment}}") leaves no trailing space.
  const r = { subject: rendered.subject.trim(), text: rendered.text.trim(), html: rendered.html.trim() };
  const subject = emailSubject(request.id, def.name, r.subject);
  // Extra links (intake: the request's status, the form's edit-response link), escaped like everything else.
  const text = links.length ? `${r.text}\n\n${links.map((l) => `${l.label}: ${l.url}`).join('\n')}` : r.text;
  const more = links.map((l) => `<p><a href="${safeUrl(l.url)}">${esc(l.label)}</a></p>`).join('');
  return {
    to: normalizeEmail(intent.to),
    subject,
    text,
    html: `<div style="font-family:Arial,sans-serif;font-size:14px">${r.html}${more}</div>`,
  };
}

/** "[PR-000123] Workflow: rest", with the id and the workflow's name taken out of `rest` so each is said once. */
export function emailSubject(requestId: string, workflowName: string, rest: string): string {
  const name = workflowName.replace(/[\r\n]+/g, ' ').trim();
  let r = rest
    .replace(/[\r\n]+/g, ' ')
    .split(subjectPrefix(requestId))
    .join(' ')
    .split(requestId)
    .join(' ');
  if (name && r.trim().toLowerCase().startsWith(name.toLowerCase())) r = r.trim().slice(name.length);
  r = r
    .replace(/\s{2,}/g, ' ')
    .replace(/^[\s:\-–—,]+/, '')
    .replace(/[\s:\-–—,]+$/, '')
    .replace(/\s+([:,.])/g, '$1');
  return `${subjectPrefix(requestId)} ${name}${r ? `: ${r}` : ''}`;
}

/** Who a request waits on: the pending approvers of its step, or its assignee (a queue by name). */
export function waitingOn(request: Request, version: PublishedVersion, nameOf: (email: string) => string): string {
  const a = request.approval;
  if (a && a.state === request.state && a.pending.length) {
    const step = version.definition.states.find((s) => s.id === a.state)?.approval?.steps.find((x) => x.id === a.stepId);
    return `${a.pending.map(nameOf).join(', ')}${step ? ` (${step.label} approval)` : ''}`;
  }
  const q = queueName(request.assignee);
  if (q !== null) return `the ${q} queue`;
  return request.assignee ? nameOf(request.assignee) : 'nobody (unassigned)';
}

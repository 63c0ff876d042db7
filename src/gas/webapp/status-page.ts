import type { AuditEvent } from '../../core';
import type { Services } from '../services';
import type { ApprovalBackend } from '../approvals/backend';
import { nameFrom } from '../approvals/card-api';
import { verifyStatusToken } from '../approvals/status-token';
import { formatWhen, summarize, whenZone, type WhenZone } from '../approvals/summary';
import { esc, page } from './html';
import { noticePage, type Page } from './pages';
import { summaryTableHtml } from './summary-html';

/**
 * The requester's status page (GET ?status=<token>): where the request stands, who it waits for, when it is due,
 * and what happened so far. Read-only: it changes nothing, whatever the method. Every value is escaped.
 */
export type StatusServices = Pick<Services, 'HtmlService' | 'PropertiesService' | 'Utilities'>;

const ACTION_LABEL: Record<string, string> = {
  create: 'Submitted',
  approve: 'Approved',
  reject: 'Rejected',
  request_changes: 'Changes requested',
  resubmit: 'Resubmitted',
  cancel: 'Cancelled',
  reassign: 'Reassigned',
  escalate: 'Escalated',
};

const MAX_HISTORY = 30;

function history(events: AuditEvent[], nameOf: (e: string) => string, tz: string, zone: WhenZone): string {
  const shown = events
    .filter((e) => e.action !== 'refused')
    .sort((a, b) => a.at - b.at || a.revision - b.revision)
    .slice(-MAX_HISTORY);
  if (!shown.length) return '<p class="muted">No history yet.</p>';
  const rows = shown.map((e) => {
    const what = ACTION_LABEL[e.action] ?? e.action.replace(/_/g, ' ');
    const who = e.onBehalfOf ? `${nameOf(e.actor)} on behalf of ${nameOf(e.onBehalfOf)}` : nameOf(e.actor);
    const step = e.name && ['approve', 'reject', 'request_changes'].includes(e.action) ? ` (${e.name})` : '';
    const comment = e.comment && ['approve', 'reject', 'request_changes'].includes(e.action) ? `: “${e.comment}”` : '';
    return `<tr><th>${esc(formatWhen(e.at, tz, zone))}</th><td>${esc(`${what}${step} by ${who}${comment}`)}</td></tr>`;
  });
  return `<table class="fields">${rows.join('')}</table>`;
}

export function statusPage(s: StatusServices, backend: ApprovalBackend, token: unknown): Page {
  const v = verifyStatusToken(s, token, backend.now());
  if (!v.ok)
    return noticePage(
      v.reason === 'expired' ? 'expired' : v.reason === 'rotated' ? 'rotated' : v.reason === 'not_set_up' ? 'not_set_up' : 'invalid_link',
      v.message,
    );
  const { requestId, requester } = v.claims;
  // A request that moved to a yearly archive is read there, as it was when it closed (read-only, like every GET).
  const live = backend.load(requestId);
  const archived = live ? null : (backend.loadArchived?.(requestId) ?? null);
  const loaded = live ?? archived;
  if (!loaded || loaded.request.requester.trim().toLowerCase() !== requester) {
    return noticePage(
      'invalid_link',
      'This status link does not match any request of yours. Open the link from your latest Handoff email about the request.',
    );
  }
  const { request, version } = loaded;
  const nameOf = nameFrom(backend);
  const zone = whenZone(s.Utilities);
  const sum = summarize(request, version, zone, nameOf);
  const a = !archived && request.approval && request.approval.state === request.state ? request.approval : null;
  const waiting = a ? a.pending.map(nameOf).join(', ') : '';
  const title = `${sum.requestId}: ${sum.stateLabel}`;
  const status = archived
    ? `Final status: <b>${esc(sum.stateLabel)}</b><br><span class="archived">Archived</span> ${esc(`in “${archived.archive.name}”: this request is closed and kept read-only.`)}`
    : `Status: <b>${esc(sum.stateLabel)}</b>${sum.step ? esc(` — step ${sum.step.number} of ${sum.step.of}: ${sum.step.label}`) : ''}${waiting ? `<br>Waiting for: ${esc(waiting)}` : ''}${sum.dueText ? `<br>Due: ${esc(sum.dueText)}` : ''}`;
  const body = `
<h1>${esc(title)}</h1>
<p class="note">${status}</p>
${summaryTableHtml(sum)}
<h2 style="font-size:16px">History</h2>
${history(archived ? archived.events : backend.auditOf(request.id), nameOf, sum.timeZone, zone)}
<p class="muted">This page only shows your request; it changes nothing. Handoff emails you when it moves on.</p>`;
  return { title, html: page(title, body) };
}

export function statusGet(s: StatusServices, backend: ApprovalBackend, token: unknown): GoogleAppsScript.HTML.HtmlOutput {
  let p: Page;
  try {
    p = statusPage(s, backend, token);
  } catch (err) {
    p = noticePage('error', `Handoff could not show this request right now. (${String((err as Error)?.message ?? err).slice(0, 200)})`);
  }
  return s.HtmlService.createHtmlOutput(p.html).setTitle(p.title).setXFrameOptionsMode(s.HtmlService.XFrameOptionsMode.DEFAULT);
}

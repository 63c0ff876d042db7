/** One Outbox entry's notification rendered as an email, and who receives it. */
import { escapeHtml, normalizeEmail, queueName, type Directory, type NotificationIntent } from '../../core';
import type { AppContext } from '../context';
import { isNotice, type OutboxPayload } from '../store/outbox';
import { whenZone } from '../approvals/summary';
import { formEditLink, requesterLinks } from '../intake/emails';
import { renderApprovalEmail, type RenderedEmail } from './approval-email';
import type { RenderCache } from './render-cache';
import { renderGenericEmail, renderRequesterEmail } from './requester-email';
import { requesterStatusLink } from './status-link';

/** A person's email, or the members of a queue but those in `except` (they get their own copy). */
export function recipients(to: string, directory: Directory, except: readonly string[] = []): string[] {
  const q = queueName(to);
  if (q === null) return [normalizeEmail(to)];
  const skip = new Set(except.map(normalizeEmail));
  return directory
    .membersOf(q)
    .map((p) => normalizeEmail(p.email))
    .filter((e) => !skip.has(e));
}

export function render(ctx: AppContext, cache: RenderCache, payload: OutboxPayload | null): RenderedEmail | null {
  if (isNotice(payload)) return renderNotice(payload.to, payload.subject, payload.text);
  const intent = payload as NotificationIntent | null;
  if (!intent || typeof intent !== 'object' || !intent.kind || !intent.requestId) throw new Error('the Payload cell is not a notification');
  const request = cache.request(intent.requestId);
  const version = cache.version(request.workflowId, request.version);
  const directory = cache.directory();
  const nameOf = (e: string) => directory.get(e)?.name || e;
  const zone = whenZone(ctx.services.Utilities); // every time in an email: Utilities.formatDate, not Intl
  const link = cache.sheetUrl();
  // Requesters usually cannot open the sheet: their emails link to the web app's read-only status page.
  const statusLink = () => requesterStatusLink(ctx, request, cache.webAppUrl(), cache.rowOf?.(request.id) ?? null) ?? link;
  // Whoever is assigned, reminded or escalated to works in the sheet: a link to the request there.
  const openLink = link ? [{ label: `Open ${request.id}`, url: link }] : [];
  switch (intent.kind) {
    case 'approval_requested': {
      const url = cache.webAppUrl();
      if (!url)
        throw new Error('the Handoff web app is not deployed, so approval links cannot be made (Deploy > New deployment > Web app)');
      const settings = cache.settings(request.workflowId);
      return renderApprovalEmail(ctx.services, {
        intent,
        request,
        version,
        webAppUrl: url,
        now: ctx.now(),
        ttlDays: settings.linkTtlDays,
        nameOf,
        requestLink: link,
        row: cache.rowOf?.(request.id) ?? null,
      });
    }
    case 'decision':
    case 'changes_requested':
      return renderRequesterEmail({
        intent,
        request,
        version,
        audit: cache.auditFor(request.id),
        zone,
        nameOf,
        requestLink: statusLink(),
        resubmitLink: intent.kind === 'changes_requested' ? formEditLink(ctx, request) : null,
      });
    case 'reminder':
    case 'escalation': {
      const ended = version.definition.states.find((st) => st.id === request.state)?.kind === 'terminal';
      if (ended || request.state !== intent.state) return null; // moot: the request has moved on
      // To a pending approver: the approval email's own links, saying how late it is.
      const approver = normalizeEmail(intent.onBehalfOf ?? intent.to);
      const a = request.approval;
      const url = cache.webAppUrl();
      if (a && a.state === request.state && a.pending.includes(approver) && url) {
        const mail = renderApprovalEmail(ctx.services, {
          intent: { ...intent, step: a.stepId },
          request,
          version,
          webAppUrl: url,
          now: ctx.now(),
          ttlDays: cache.settings(request.workflowId).linkTtlDays,
          nameOf,
          requestLink: link,
          nudge: intent.kind,
        });
        if (mail) return mail;
      }
      return renderGenericEmail(intent, request, version, zone, openLink, { now: ctx.now(), nameOf });
    }
    case 'assigned':
      return renderGenericEmail(intent, request, version, zone, openLink, { now: ctx.now(), nameOf });
    default:
      return renderGenericEmail(
        intent,
        request,
        version,
        zone,
        requesterLinks(ctx, intent, request, intent.kind === 'receipt' ? statusLink() : link),
      );
  }
}

/** A notice about Handoff itself (incidents to the admins): its plain text, and the same text as escaped HTML. */
function renderNotice(to: string, subject: string, text: string): RenderedEmail {
  const html = text
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('');
  return {
    to: normalizeEmail(to),
    subject: subject.replace(/[\r\n]+/g, ' '),
    text,
    html: `<div style="font-family:Arial,sans-serif;font-size:14px">${html}</div>`,
  };
}

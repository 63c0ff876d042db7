/**
 * A Chat message (cardsV2) about one event of a request, threaded per request (thread.threadKey = the request id).
 * Card text is Chat's simple HTML, so every value is escaped. An approval's message carries, for each pending
 * approver, links to their confirm pages (the same signed, scanner-safe links as the email: a GET only shows the page).
 */
import type { NotificationIntent, PublishedVersion, Request } from '../../core';
import { DECISION_PAST, formatWhen, summarize, type WhenZone } from '../approvals/summary';
import type { LinkAction } from '../approvals/token';
import { lateness } from '../mail/lateness';
import { esc } from '../webapp/html';

export interface ChatMessageInput {
  intent: NotificationIntent;
  request: Request;
  version: PublishedVersion;
  zone: WhenZone;
  now: number;
  nameOf: (email: string) => string;
  /** Where the request is seen (the sheet, or the status page). */
  requestLink: string | null;
  /** Per pending approver, their confirm-page links (approval messages only). */
  approvals?: Array<{ approver: string; links: Record<LinkAction, string> }>;
}

export interface ChatMessage {
  text: string;
  thread: { threadKey: string };
  cardsV2: Array<{ cardId: string; card: Record<string, unknown> }>;
}

const MAX_FIELDS = 6;

function headline(i: ChatMessageInput, stateLabel: string, step: string | null): string {
  const n = i.intent;
  const who = i.nameOf(i.request.requester);
  switch (n.kind) {
    case 'receipt':
      return `New request from ${who}`;
    case 'approval_requested':
      return `Waiting for approval${step ? `: ${step}` : ''}`;
    case 'decision':
      return n.decision ? `${DECISION_PAST[n.decision][0]?.toUpperCase()}${DECISION_PAST[n.decision].slice(1)}` : `Now ${stateLabel}`;
    case 'changes_requested':
      return `Changes requested from ${who}`;
    case 'needs_info':
      return `Needs information from ${who}`;
    case 'assigned':
      return `New work: ${stateLabel}`;
    case 'escalation':
      return `Overdue: ${stateLabel}`;
    case 'reminder':
      return `Reminder: ${stateLabel}`;
    default:
      return `Now ${stateLabel}`;
  }
}

export function chatMessage(i: ChatMessageInput): ChatMessage {
  const sum = summarize(i.request, i.version, i.zone, i.nameOf);
  const step = sum.step ? `${sum.step.label} (step ${sum.step.number} of ${sum.step.of})` : null;
  const head = headline(i, sum.stateLabel, step);
  const widgets: Array<Record<string, unknown>> = [];
  for (const f of sum.fields.slice(0, MAX_FIELDS)) widgets.push({ decoratedText: { topLabel: esc(f.label), text: esc(f.value) } });
  const due = sum.dueAt;
  if (due !== null && i.request.sla?.runningSince !== null) {
    const when = formatWhen(due, sum.timeZone, i.zone);
    widgets.push({ decoratedText: { topLabel: 'Due', text: esc(`${when} — ${lateness(due, i.now)}`) } });
  }
  if (i.intent.comment) widgets.push({ textParagraph: { text: `<b>Comment:</b> ${esc(i.intent.comment)}` } });
  const waiting = i.request.approval?.pending ?? [];
  if (waiting.length && ['approval_requested', 'escalation', 'receipt'].includes(i.intent.kind)) {
    widgets.push({ decoratedText: { topLabel: 'Waiting on', text: esc(waiting.map(i.nameOf).join(', ')) } });
  }
  const buttons: Array<Record<string, unknown>> = [];
  if (i.requestLink) buttons.push({ text: `Open ${sum.requestId}`, onClick: { openLink: { url: i.requestLink } } });
  for (const a of i.approvals ?? []) {
    const as = (i.approvals?.length ?? 0) > 1 ? ` (${i.nameOf(a.approver)})` : '';
    buttons.push({ text: `Approve${as}`, onClick: { openLink: { url: a.links.approve } } });
    buttons.push({ text: `Reject${as}`, onClick: { openLink: { url: a.links.reject } } });
    buttons.push({ text: `Request changes${as}`, onClick: { openLink: { url: a.links.request_changes } } });
  }
  const sections: Array<Record<string, unknown>> = [];
  if (widgets.length) sections.push({ widgets });
  if (buttons.length) sections.push({ widgets: [{ buttonList: { buttons } }] });
  return {
    text: `${sum.requestId} · ${sum.workflowName}: ${head}`,
    thread: { threadKey: sum.requestId },
    cardsV2: [
      {
        cardId: `handoff-${sum.requestId}`,
        card: {
          header: { title: esc(`${sum.requestId} · ${sum.workflowName}`), subtitle: esc(head) },
          ...(sections.length ? { sections } : {}),
        },
      },
    ],
  };
}

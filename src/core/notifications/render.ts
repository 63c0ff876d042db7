/** Render an intent with the definition's template for its kind (or a plain default). */
import { stateLabel } from '../definition/lookup';
import type { Definition } from '../definition/schema';
import { renderHtml, renderText, type TemplateValues } from '../definition/templates';
import type { Decision, Request } from '../model/request';
import type { NotificationIntent } from './intent';

/**
 * The default texts. A subject names neither the request nor the workflow: every email's subject starts with
 * "[PR-000123] Workflow name:" (added by the Apps Script layer), so each is said once.
 */
const DEFAULTS: Record<NotificationIntent['kind'], { subject: string; body: string }> = {
  receipt: {
    subject: 'received',
    body: 'We received your {{workflowName}} request {{requestId}}. It is now: {{stateLabel}}.',
  },
  needs_info: { subject: 'needs more information', body: 'Your request {{requestId}} needs more information:\n{{problems}}' },
  approval_requested: {
    subject: 'approval needed',
    body: '{{requester}} asks for your approval on {{workflowName}} {{requestId}} (step {{step}}).',
  },
  decision: { subject: '{{decision}}', body: 'Your request {{requestId}} was decided: {{decision}}. {{comment}}' },
  changes_requested: { subject: 'changes requested', body: 'Please update {{requestId}}: {{comment}}' },
  assigned: { subject: 'assigned to you ({{stateLabel}})', body: '{{workflowName}} {{requestId}} is now yours ({{stateLabel}}).' },
  state_changed: { subject: 'now {{stateLabel}}', body: 'Your request {{requestId}} is now: {{stateLabel}}.' },
  reminder: {
    subject: 'reminder, {{lateness}}',
    body: '{{workflowName}} {{requestId}} is waiting on {{waitingOn}} ({{stateLabel}}). Due: {{dueAt}} ({{lateness}}).',
  },
  escalation: {
    subject: '{{lateness}}, waiting on {{waitingOn}}',
    body: '{{workflowName}} {{requestId}} is overdue ({{stateLabel}}): it waits on {{waitingOn}}. Due: {{dueAt}} ({{lateness}}). {{comment}}',
  },
};

/** What `{{decision}}` reads as in a sentence ("was decided: approved"), not the action's id. */
const DECISION_WORD: Record<Decision, string> = { approve: 'approved', reject: 'rejected', request_changes: 'changes requested' };

export function notificationValues(
  def: Definition,
  intent: NotificationIntent,
  request: Request,
  extra: TemplateValues = {},
): TemplateValues {
  return {
    ...request.fields,
    requestId: request.id,
    workflowName: def.name,
    state: request.state,
    stateLabel: stateLabel(def, request.state),
    requester: request.requester,
    assignee: request.assignee,
    step: intent.step,
    comment: intent.comment,
    decision: intent.decision === null ? null : DECISION_WORD[intent.decision],
    problems: intent.problems.map((p) => `- ${p.message}`).join('\n'),
    dueAt: intent.dueAt === null ? null : new Date(intent.dueAt).toISOString(),
    waitingOn: null,
    lateness: null,
    ...extra,
  };
}

export function renderNotification(
  def: Definition,
  intent: NotificationIntent,
  request: Request,
  extra: TemplateValues = {},
): { subject: string; text: string; html: string } {
  const t = def.notifications?.[intent.kind] ?? DEFAULTS[intent.kind];
  const values = notificationValues(def, intent, request, extra);
  return { subject: renderText(t.subject, values), text: renderText(t.body, values), html: renderHtml(t.body, values) };
}

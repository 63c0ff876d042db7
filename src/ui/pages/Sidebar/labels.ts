/**
 * Words people read instead of the engine's ids: state labels, the workflow's time zone, who a request waits on,
 * and the timeline's events. A requester never sees "queue:", "∅" or "system".
 */
import { formatTime } from '../../shared/dom';
import { session } from './nav';

export function workflowOf(workflowId: string) {
  return session.me?.workflows.find((w) => w.id === workflowId);
}

/** The workflow's time zone (its calendar's), else the spreadsheet's. */
export function zoneOf(workflowId: string): string {
  return workflowOf(workflowId)?.timeZone ?? session.me?.timeZone ?? 'UTC';
}

/** A time of this workflow's request, in the workflow's zone, labelled. */
export const when = (workflowId: string, ms: number | null | undefined): string => formatTime(ms, zoneOf(workflowId));

export function stateLabel(workflowId: string, stateId: string | null | undefined): string {
  if (!stateId) return '';
  return workflowOf(workflowId)?.states.find((s) => s.id === stateId)?.label ?? stateId;
}

/** "queue:procurement" → "the procurement team"; a person stays their email. */
export function who(assignee: string | null | undefined): string {
  if (!assignee) return 'nobody yet';
  return assignee.startsWith('queue:') ? `the ${assignee.slice(6)} team` : assignee;
}

/** Who the request waits on: its pending approvers when there are any, else its assignee. */
export function waitsOn(r: { pendingApprovers: string[]; assignee: string; stateKind: string }): string {
  if (r.stateKind === 'terminal') return 'finished';
  if (r.pendingApprovers.length) return `waiting for ${r.pendingApprovers.join(', ')}`;
  return r.assignee ? `with ${who(r.assignee)}` : 'unassigned';
}

const EVENT: Record<string, string> = {
  create: 'Submitted',
  intake_problems: 'Some answers need fixing',
  transition: 'Moved on',
  approve: 'Approved',
  reject: 'Rejected',
  request_changes: 'Changes requested',
  step_completed: 'Approval step complete',
  chain_approved: 'Approved by every step',
  chain_rejected: 'Approval ended: rejected',
  resubmit: 'Resubmitted',
  reassign: 'Reassigned',
  override_state: 'Moved by an operator',
  edit_fields: 'Fields edited',
  cancel: 'Cancelled',
  reminder: 'Reminder sent',
  sla_breach: 'Past its due time',
  refused: 'An action was refused',
  hand_edit: 'Edited in the sheet',
  intake_late_edit: 'Form answer edited late',
};

/** One timeline line: what happened, by whom (nobody named for Handoff's own steps), and where the request went. */
export function eventText(
  e: { action: string; actor: string; onBehalfOf: string | null; from: string | null; to: string | null },
  stateName: (id: string) => string,
  label?: string,
): string {
  const what = label ?? EVENT[e.action] ?? e.action.replace(/_/g, ' ');
  const by = e.actor === 'system' || e.actor === '' ? '' : ` by ${e.actor}${e.onBehalfOf ? ` for ${e.onBehalfOf}` : ''}`;
  const moved = e.to && e.from !== e.to ? ` · now ${stateName(e.to)}` : '';
  return `${what}${by}${moved}`;
}

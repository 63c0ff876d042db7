import type { IdentificationMethod } from '../model/actor';
import type { FieldValue, JsonValue } from '../model/json';

/** Audit actions: user actions plus what the engine did automatically as a result. */
export type AuditAction =
  | 'create'
  | 'intake_problems'
  | 'transition'
  | 'approve'
  | 'reject'
  | 'request_changes'
  | 'step_completed'
  | 'chain_approved'
  | 'chain_rejected'
  | 'resubmit'
  | 'reassign'
  | 'override_state'
  | 'edit_fields'
  | 'cancel'
  | 'reminder'
  | 'sla_breach'
  // Written by the Apps Script layer, not by apply():
  | 'refused' // a panel call refused on the server (role, ownership, arguments)
  | 'config_change' // an admin changed roles, settings or a workflow draft
  | 'hand_edit' // a hand edit to a governed tab, reverted or accepted as an override
  | 'intake_overflow' // the part of a form answer past the 50,000-character cell limit
  | 'intake_late_edit' // a form edit that arrived after the request moved on (request unchanged)
  | 'health_incident' // automation stalled: a trigger stopped running (src/gas/health)
  | 'health_incident_end' // ... and how it ended (it ran again, or someone repaired it)
  | 'outbox_sent' // what a timer run did with Outbox rows it removed: sent, cancelled, folded into a digest, dead
  | 'outbox_retried'; // an admin sent undelivered (dead) Outbox rows back to the queue

export interface FieldChange {
  field: string;
  before: FieldValue;
  after: FieldValue;
}

/** One audit event. Events are appended to the audit sheet with a hash chain (see chain.ts). */
export interface AuditEvent {
  requestId: string;
  workflowId: string;
  version: number;
  /** The request's revision after the action that produced the event. */
  revision: number;
  at: number;
  actor: string;
  /** The person the actor acted for (delegation), else null. */
  onBehalfOf: string | null;
  method: IdentificationMethod;
  action: AuditAction;
  /** Transition name, approval step id, etc. */
  name: string | null;
  fromState: string | null;
  toState: string | null;
  assigneeBefore: string | null;
  assigneeAfter: string | null;
  changes: FieldChange[];
  comment: string | null;
  /** Operator actions: the reason given. */
  reason: string | null;
  /** Extra facts (channel, problems, ...). */
  details: { [key: string]: JsonValue };
}

/** What an event that changes no request gives: who, when, what; `requestId` etc. only where it names one. */
export type RequestlessFields = Pick<AuditEvent, 'at' | 'actor' | 'method' | 'action' | 'name'> &
  Partial<Pick<AuditEvent, 'requestId' | 'workflowId' | 'version' | 'reason' | 'details'>>;

/**
 * An event that changes no request (a run's record of its mail, a configuration change, a hand edit, an incident,
 * a refused call): no revision, states, assignees, changes or comment. Fields in the interface's order.
 */
export function requestlessEvent(e: RequestlessFields): AuditEvent {
  return {
    requestId: e.requestId ?? '',
    workflowId: e.workflowId ?? '',
    version: e.version ?? 0,
    revision: 0,
    at: e.at,
    actor: e.actor,
    onBehalfOf: null,
    method: e.method,
    action: e.action,
    name: e.name,
    fromState: null,
    toState: null,
    assigneeBefore: null,
    assigneeAfter: null,
    changes: [],
    comment: null,
    reason: e.reason ?? null,
    details: e.details ?? {},
  };
}

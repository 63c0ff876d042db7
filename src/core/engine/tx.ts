/** One engine step in progress: a draft copy of the request plus the events and intents it produced. */
import type { AuditAction, AuditEvent, FieldChange } from '../audit/event';
import type { Definition } from '../definition/schema';
import type { PublishedVersion } from '../definition/version';
import type { Directory } from '../directory/person';
import type { Actor } from '../model/actor';
import type { JsonValue, Problem } from '../model/json';
import type { Decision, Request } from '../model/request';
import type { NotificationIntent, NotificationIntentKind } from '../notifications/intent';
import { settleNotes } from '../notifications/policy';
import type { ZoneOffset } from '../sla/zone';
import { intlZoneOffset } from '../sla/zone';
import type { Success } from './types';

export interface Tx {
  def: Definition;
  version: PublishedVersion;
  actor: Actor;
  now: number;
  directory: Directory;
  zo: ZoneOffset;
  req: Request;
  events: AuditEvent[];
  notes: NotificationIntent[];
  /** Assignee as of the last event, for assigneeBefore/After. */
  lastAssignee: string | null;
  /** Guards against definitions that chain automatic moves forever. */
  depth: number;
  /** The state before the step (null while creating). */
  fromState: string | null;
}

/** Copy a request deeply enough that the draft never shares mutable parts with the input. */
export function cloneRequest(r: Request): Request {
  return {
    ...r,
    fields: { ...r.fields },
    approval: r.approval
      ? { ...r.approval, pending: [...r.approval.pending], approvers: [...r.approval.approvers], decisions: [...r.approval.decisions] }
      : null,
    sla: r.sla ? { ...r.sla, remindersSent: [...r.sla.remindersSent] } : null,
    history: r.history.map((h) => ({ ...h })),
    intakeProblems: [...r.intakeProblems],
  };
}

export function beginTx(
  args: { version: PublishedVersion; actor: Actor; now: number; directory: Directory; zoneOffset?: ZoneOffset | undefined },
  req: Request,
): Tx {
  return {
    def: args.version.definition,
    version: args.version,
    actor: args.actor,
    now: args.now,
    directory: args.directory,
    zo: args.zoneOffset ?? intlZoneOffset,
    req,
    events: [],
    notes: [],
    lastAssignee: req.assignee,
    depth: 0,
    fromState: req.history.length ? req.state : null,
  };
}

export interface EventInput {
  action: AuditAction;
  name?: string | null;
  fromState?: string | null;
  toState?: string | null;
  onBehalfOf?: string | null;
  changes?: FieldChange[];
  comment?: string | null;
  reason?: string | null;
  details?: { [key: string]: JsonValue };
  /** Automatic consequences are recorded as the system acting. */
  system?: boolean;
}

export function emit(tx: Tx, e: EventInput): void {
  const system = e.system === true;
  tx.events.push({
    requestId: tx.req.id,
    workflowId: tx.req.workflowId,
    version: tx.req.version,
    revision: tx.req.revision,
    at: tx.now,
    actor: system ? 'system' : tx.actor.email,
    onBehalfOf: e.onBehalfOf ?? null,
    method: system ? 'system' : tx.actor.method,
    action: e.action,
    name: e.name ?? null,
    fromState: e.fromState ?? null,
    toState: e.toState ?? null,
    assigneeBefore: tx.lastAssignee,
    assigneeAfter: tx.req.assignee,
    changes: e.changes ?? [],
    comment: e.comment ?? null,
    reason: e.reason ?? null,
    details: e.details ?? {},
  });
  tx.lastAssignee = tx.req.assignee;
}

export interface NoteInput {
  kind: NotificationIntentKind;
  to: string | null;
  onBehalfOf?: string | null;
  step?: string | null;
  decision?: Decision | null;
  comment?: string | null;
  problems?: Problem[];
  dueAt?: number | null;
}

export function notify(tx: Tx, n: NoteInput): void {
  if (!n.to || n.to === 'system') return;
  const step = n.step ?? null;
  const dedupeKey = `${tx.req.id}:${tx.req.revision}:${n.kind}:${n.to}:${step ?? ''}`;
  if (tx.notes.some((x) => x.dedupeKey === dedupeKey)) return;
  tx.notes.push({
    kind: n.kind,
    to: n.to,
    onBehalfOf: n.onBehalfOf ?? null,
    requestId: tx.req.id,
    workflowId: tx.req.workflowId,
    state: tx.req.state,
    step,
    decision: n.decision ?? null,
    comment: n.comment ?? null,
    problems: n.problems ?? [],
    dueAt: n.dueAt ?? null,
    dedupeKey,
  });
}

export function finish(tx: Tx): Success {
  tx.req.updatedAt = tx.now;
  // Intents carry the state the request ended in.
  for (const n of tx.notes) n.state = tx.req.state;
  const notifications = settleNotes({
    def: tx.def,
    req: tx.req,
    directory: tx.directory,
    notes: tx.notes,
    fromState: tx.fromState,
    created: tx.fromState === null,
  });
  return { ok: true, request: tx.req, events: tx.events, notifications };
}

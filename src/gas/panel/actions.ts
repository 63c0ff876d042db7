/**
 * Changing requests from the panel. An operator's (or admin's) change goes through the runtime's applyActionCommand
 * (lock, revision check, journal, audit, outbox) with the caller from the session as the actor; anyone else may not
 * edit the protected tabs, so their decision, cancel, resubmit or transition is handed to the web app with a
 * sidebar token for the session's user (relay.ts), which applies it the same way, recorded as method 'sidebar'.
 * The engine re-checks every permission. The panel refuses first, and audits the refusal, when:
 *   - an operator action (reassign, override state, edit fields, resend, bulk) comes from a non-operator;
 *   - the caller is not part of the request (requester, approver, assignee) and is not an operator;
 *   - a reason is missing, a state is not one of the workflow's, a field value is not valid.
 */
import * as z from '../../core/zod';
import {
  approverFor,
  checkFields,
  coerceFieldValue,
  isRequester,
  normalizeEmail,
  queueName,
  stateById,
  type Action,
  type AuditEvent,
  type Fields,
  type NotificationIntent,
  type Request,
} from '../../core';
import type { AppContext } from '../context';
import { applyActionCommand } from '../commands/requests';
import { queueNotifications } from '../commands/workflows';
import { ConflictError, HandoffError, RefusedError } from '../errors';
import { withLock } from '../lock';
import { AuditStore } from '../store/audit';
import { RequestStore } from '../store/requests';
import type { Caller } from '../auth';
import { auditRefusal, panelFunction, PanelRefusal } from './guard';
import { loadVisible } from './request-view';
import { mustRelay, relayToWebApp } from './relay';
import { ActArgs, BulkArgs, Reason } from './action-args';

type ActInput = z.infer<typeof ActArgs>;

const OPERATOR_ONLY = new Set(['reassign', 'override_state', 'edit_fields']);

/** Is the caller part of this request right now (requester, approver or delegate, assignee or queue member)? */
function involved(request: Request, caller: Caller, now: number): boolean {
  if (isRequester(request, caller.email)) return true;
  if (approverFor(request, caller.email, caller.directory, now)) return true;
  const q = queueName(request.assignee);
  if (request.assignee && (q === null ? normalizeEmail(request.assignee) === caller.email : caller.roles.includes(q))) return true;
  return false;
}

/** Form values arrive as text from the page: coerce them to the field's stored shape, then check like intake. */
export function coerceEdits(
  defFields: ReadonlyArray<Parameters<typeof coerceFieldValue>[0]>,
  values: Fields,
): { fields: Fields; problems: Array<{ path: string; message: string }> } {
  const fields: Fields = {};
  for (const [k, v] of Object.entries(values)) {
    const def = defFields.find((f) => f.id === k);
    fields[k] = def && typeof v === 'string' && def.type !== 'text' && def.type !== 'long_text' ? coerceFieldValue(def, v) : v;
  }
  const problems = checkFields(defFields, fields);
  for (const [k, v] of Object.entries(fields)) {
    const f = defFields.find((x) => x.id === k);
    if (f?.required && (v === null || v === '' || (Array.isArray(v) && v.length === 0)))
      problems.push({ path: k, message: `${f.label} is required.` });
  }
  return { fields, problems };
}

export function act(ctx: AppContext, caller: Caller, a: ActInput) {
  return actAndReport(ctx, caller, a).summary;
}

/** act(), also returning the request as written when this execution wrote it (null when the web app did). */
export function actAndReport(ctx: AppContext, caller: Caller, a: ActInput) {
  if (OPERATOR_ONLY.has(a.action.type) && !caller.operator) {
    throw new PanelRefusal(`Only operators can ${a.action.type.replace('_', ' ')}; ${caller.email} is not an operator.`);
  }
  const { request, version } = loadVisible(ctx, caller, a.requestId);
  const now = ctx.now();
  if (!caller.operator && !involved(request, caller, now))
    throw new PanelRefusal(`Nothing on request ${request.id} waits on ${caller.email}.`);
  let action = a.action as Action;
  if (a.action.type === 'override_state' && !stateById(version.definition, a.action.to)) {
    throw new PanelRefusal(
      `Workflow "${version.definition.name}" has no state "${a.action.to}". Its states: ${version.definition.states.map((s) => s.id).join(', ')}.`,
    );
  }
  if (a.action.type === 'edit_fields') {
    const { fields, problems } = coerceEdits(version.definition.fields, a.action.fields);
    if (problems.length) throw new PanelRefusal(`Some fields are not valid: ${problems.map((p) => p.message).join(' ')}`, problems);
    action = { type: 'edit_fields', fields, reason: a.action.reason };
  }
  if ((a.action.type === 'transition' || a.action.type === 'resubmit') && a.action.fields) {
    const { fields, problems } = coerceEdits(version.definition.fields, a.action.fields);
    if (problems.length) throw new PanelRefusal(`Some fields are not valid: ${problems.map((p) => p.message).join(' ')}`, problems);
    action = { ...a.action, fields };
  }
  if (mustRelay(ctx, caller)) {
    // Only the owner, admins and operators may edit the protected tabs: anyone else's change goes through the web app.
    const d = action.type === 'approve' || action.type === 'reject' || action.type === 'request_changes';
    const who = d ? approverFor(request, caller.email, caller.directory, now) : null;
    if (d && (!who || !request.approval))
      throw new PanelRefusal(`Request ${request.id} is not waiting for a decision from ${caller.email}.`);
    const step =
      who && request.approval ? { stepId: request.approval.stepId, round: request.approval.round, approver: who.approver } : undefined;
    const r = relayToWebApp(ctx, caller, {
      requestId: a.requestId,
      expectedRevision: a.expectedRevision,
      action,
      ...(step ? { step } : {}),
    });
    const { message: _m, ...where } = r;
    return { summary: { ...where, events: null, notifications: null } as ActSummary, request: null as Request | null };
  }
  const r = applyActionCommand(ctx, {
    requestId: a.requestId,
    expectedRevision: a.expectedRevision,
    action,
    actor: { email: caller.email, method: 'session' },
  });
  const summary: ActSummary = {
    id: r.request.id,
    revision: r.request.revision,
    state: r.request.state,
    assignee: r.request.assignee,
    pending: r.request.approval?.state === r.request.state ? [...r.request.approval.pending] : [],
    events: r.events.length,
    notifications: r.notifications.length,
    via: 'sheet',
  };
  return { summary, request: r.request as Request | null };
}

/** Where a request stands after a change from the panel, and who wrote it. */
export interface ActSummary {
  id: string;
  revision: number;
  state: string;
  assignee: string | null;
  pending: string[]; // the approvers it still waits on in its current step
  events: number | null;
  notifications: number | null;
  via: 'sheet' | 'web_app';
}

export const actOn = panelFunction('handoffPanelAct', 'anyone', ActArgs, (ctx, caller, a) => act(ctx, caller, a));

// ---- Resend a notification ---------------------------------------------------------------------

/** The audit action for an operator's resend (the engine's 'reminder', named 'resend'). */
function auditOperatorEvent(
  ctx: AppContext,
  request: Request,
  caller: Caller,
  name: string,
  reason: string,
  details: Record<string, string | string[]>,
): void {
  const event: AuditEvent = {
    requestId: request.id,
    workflowId: request.workflowId,
    version: request.version,
    revision: request.revision,
    at: ctx.now(),
    actor: caller.email,
    onBehalfOf: null,
    method: 'session',
    action: 'reminder',
    name,
    fromState: request.state,
    toState: request.state,
    assigneeBefore: request.assignee,
    assigneeAfter: request.assignee,
    changes: [],
    comment: null,
    reason,
    details,
  };
  new AuditStore(ctx).appendOnce([{ key: `${name}:${ctx.services.Utilities.getUuid()}`, event }]);
}

/** Queues the current notification again: the pending approvers' approval request, else the assignee's. */
export function resend(ctx: AppContext, caller: Caller, requestId: string, reason: string): { id: string; queued: number; to: string[] } {
  return withLock(ctx, () => {
    const request = new RequestStore(ctx).find(requestId)?.request;
    if (!request) throw new PanelRefusal(`Request ${requestId} was not found.`);
    const now = ctx.now();
    const base = {
      onBehalfOf: null,
      requestId: request.id,
      workflowId: request.workflowId,
      state: request.state,
      decision: null,
      comment: reason,
      problems: [],
      dueAt: request.sla?.dueAt ?? null,
    };
    const intents: NotificationIntent[] = [];
    const pending = request.approval?.state === request.state ? request.approval.pending : [];
    for (const to of pending)
      intents.push({
        ...base,
        kind: 'approval_requested',
        to,
        step: request.approval!.stepId,
        dedupeKey: `${request.id}:${request.revision}:resend:${to}:${now}`,
      });
    if (intents.length === 0 && request.assignee)
      intents.push({
        ...base,
        kind: 'reminder',
        to: request.assignee,
        step: null,
        dedupeKey: `${request.id}:${request.revision}:resend:${request.assignee}:${now}`,
      });
    if (intents.length === 0) throw new PanelRefusal(`Request ${request.id} waits on nobody to notify (no pending approver, no assignee).`);
    const queued = queueNotifications(ctx, intents);
    auditOperatorEvent(ctx, request, caller, 'resend', reason, { to: intents.map((i) => i.to) });
    return { id: request.id, queued, to: intents.map((i) => i.to) };
  });
}

export const resendNotification = panelFunction(
  'handoffPanelResend',
  'operator',
  z.strictObject({ requestId: z.string().check(z.minLength(1), z.maxLength(40)), reason: Reason }),
  (ctx, caller, a) => resend(ctx, caller, a.requestId, a.reason),
);

// ---- Bulk ---------------------------------------------------------------------------------------

export interface BulkOutcome {
  id: string;
  ok: boolean;
  message: string;
}

/**
 * One operation over a selection. Each request is its own locked change at the revision found when it is
 * loaded; a refusal or conflict on one request is reported and does not stop the others.
 */
export const bulk = panelFunction('handoffPanelBulk', 'operator', BulkArgs, (ctx, caller, a) => {
  if (a.op === 'reassign' && !a.to) throw new PanelRefusal('Bulk reassign needs the person (or queue:<name>) to assign to.');
  const outcomes: BulkOutcome[] = [];
  for (const id of [...new Set(a.requestIds)]) {
    try {
      if (a.op === 'remind') {
        const r = resend(ctx, caller, id, a.reason);
        outcomes.push({ id, ok: true, message: `reminded ${r.to.join(', ')}` });
        continue;
      }
      const current = new RequestStore(ctx).find(id)?.request;
      if (!current) throw new PanelRefusal(`Request ${id} was not found.`);
      const action =
        a.op === 'cancel'
          ? { type: 'cancel' as const, reason: a.reason }
          : { type: 'reassign' as const, to: a.to as string, reason: a.reason };
      const r = act(ctx, caller, { requestId: id, expectedRevision: current.revision, action });
      outcomes.push({ id, ok: true, message: a.op === 'cancel' ? `cancelled (${r.state})` : `reassigned to ${a.to}` });
    } catch (e) {
      if (!(e instanceof HandoffError || e instanceof RefusedError || e instanceof ConflictError)) throw e;
      if (e instanceof PanelRefusal || e instanceof RefusedError) auditRefusal(ctx, caller, 'handoffPanelBulk', e.message, id);
      outcomes.push({ id, ok: false, message: e.message });
    }
  }
  return { op: a.op, done: outcomes.filter((o) => o.ok).length, failed: outcomes.filter((o) => !o.ok).length, outcomes };
});

/** What timers ask the engine: is the SLA due, overdue, which reminders are due; and the pure updates to record them. */
import type { PublishedVersion } from '../definition/version';
import type { Definition } from '../definition/schema';
import { stateById } from '../definition/lookup';
import type { Directory } from '../directory/person';
import { SYSTEM_ACTOR } from '../model/actor';
import { queueName, type Request } from '../model/request';
import type { JsonValue } from '../model/json';
import { activeDelegate } from '../directory/directory';
import { isRequester } from '../permissions/roles';
import { refuse } from '../engine/refusal';
import { beginTx, cloneRequest, emit, finish, notify, type Tx } from '../engine/tx';
import type { ApplyResult } from '../engine/types';
import { resolveTarget } from '../routing/resolve';
import { HOUR_MS } from './calendar';
import { consumedAt } from './clock';
import { intlZoneOffset, type ZoneOffset } from './zone';

export interface SlaStatus {
  status: 'none' | 'paused' | 'on_time' | 'overdue';
  dueAt: number | null;
  /** Business ms consumed / left (left is negative once overdue). */
  consumedMs: number;
  remainingMs: number;
  /** Reminder offsets (business hours) that are due and not yet sent. */
  remindersDue: number[];
  /** Overdue and the breach not yet recorded. */
  breachDue: boolean;
}

export function slaStatus(request: Request, definition: Definition, now: number, zo: ZoneOffset = intlZoneOffset): SlaStatus {
  const sla = request.sla;
  const state = stateById(definition, request.state);
  if (!sla || !state || state.kind === 'terminal')
    return { status: 'none', dueAt: null, consumedMs: 0, remainingMs: 0, remindersDue: [], breachDue: false };
  const consumed = consumedAt(definition, sla, now, zo);
  const remaining = sla.budgetMs - consumed;
  if (sla.runningSince === null)
    return { status: 'paused', dueAt: null, consumedMs: consumed, remainingMs: remaining, remindersDue: [], breachDue: false };
  const own = stateById(definition, sla.state)?.sla;
  const remindersDue = (own?.remindAfterHours ?? []).filter(
    (h) => consumed >= h * HOUR_MS && !sla.remindersSent.includes(h) && remaining > 0,
  );
  const overdue = remaining <= 0 || (sla.dueAt !== null && now >= sla.dueAt);
  return {
    status: overdue ? 'overdue' : 'on_time',
    dueAt: sla.dueAt,
    consumedMs: consumed,
    remainingMs: remaining,
    remindersDue,
    breachDue: overdue && !sla.breachRecorded,
  };
}

export interface TimerContext {
  version: PublishedVersion;
  request: Request;
  now: number;
  directory: Directory;
  zoneOffset?: ZoneOffset;
}

function begin(ctx: TimerContext) {
  const draft = cloneRequest(ctx.request);
  draft.revision += 1;
  return beginTx({ ...ctx, actor: SYSTEM_ACTOR }, draft);
}

/** Who hears about a request's SLA: pending approvers (or their assignee). */
function recipients(r: Request): string[] {
  if (r.approval?.pending.length) return r.approval.pending;
  return r.assignee ? [r.assignee] : [];
}

/** Record that the reminder at `offsetHours` was sent, with reminder intents. Refuses when it is not due. */
export function recordReminder(ctx: TimerContext, offsetHours: number): ApplyResult {
  const def = ctx.version.definition;
  const st = slaStatus(ctx.request, def, ctx.now, ctx.zoneOffset);
  if (!st.remindersDue.includes(offsetHours))
    return refuse('wrong_state', `No reminder after ${offsetHours} business hours is due for ${ctx.request.id}.`);
  const tx = begin(ctx);
  tx.req.sla = { ...tx.req.sla!, remindersSent: [...tx.req.sla!.remindersSent, offsetHours] };
  emit(tx, { action: 'reminder', system: true, fromState: tx.req.state, toState: tx.req.state, details: { offsetHours } });
  for (const to of recipients(tx.req)) notify(tx, { kind: 'reminder', to, step: tx.req.approval?.stepId ?? null, dueAt: st.dueAt });
  return finish(tx);
}

/**
 * Record an SLA breach once, with escalation intents to the state's escalation target and the assignee (or the
 * pending approvers). With the state's `reassignOnBreach`, the request is also handed to the target, recorded as a
 * system `reassign` event (reason "SLA breached"):
 *   - outside an approval step, the target becomes the assignee, with an `assigned` intent;
 *   - inside one, a person target is added as a pending approver of the current step (as an operator's reassign
 *     without `from`), with an `approval_requested` intent (to their delegate while they are away);
 *   - a queue target inside an approval step, a target that names nobody, a person not in the directory, or one
 *     who already holds the request: notified only; the breach event's details say why nothing was handed over.
 */
export function recordBreach(ctx: TimerContext): ApplyResult {
  const def = ctx.version.definition;
  const st = slaStatus(ctx.request, def, ctx.now, ctx.zoneOffset);
  if (!st.breachDue)
    return refuse(
      'wrong_state',
      st.status === 'overdue' ? `The breach of ${ctx.request.id} is already recorded.` : `${ctx.request.id} is not overdue.`,
    );
  const tx = begin(ctx);
  const sla = tx.req.sla!;
  tx.req.sla = { ...sla, breachRecorded: true };
  const own = stateById(def, sla.state)?.sla;
  const target = own?.escalateTo;
  const esc = target ? resolveTarget(target, { fields: tx.req.fields, requester: tx.req.requester }, ctx.directory) : null;
  const handover = own?.reassignOnBreach ? planHandover(tx, esc) : null;
  const details: { [k: string]: JsonValue } = { dueAt: st.dueAt, state: sla.state };
  if (handover && handover.kind === 'none') details.notReassigned = handover.why;
  emit(tx, { action: 'sla_breach', system: true, fromState: tx.req.state, toState: tx.req.state, details });
  // Escalation notices go to the target and to whoever held the request when it breached.
  for (const to of [...(esc ? [esc] : []), ...recipients(tx.req)])
    notify(tx, { kind: 'escalation', to, step: tx.req.approval?.stepId ?? null, dueAt: st.dueAt });
  if (handover && handover.kind !== 'none') handOver(tx, handover);
  return finish(tx);
}

const BREACH_REASON = 'SLA breached';

type Handover = { kind: 'assignee'; to: string } | { kind: 'approver'; to: string; step: string } | { kind: 'none'; why: string };

function planHandover(tx: Tx, esc: string | null): Handover {
  const { req } = tx;
  if (esc === null) return { kind: 'none', why: 'The escalation target names nobody for this request.' };
  const queue = queueName(esc) !== null;
  if (!queue && !tx.directory.get(esc)) return { kind: 'none', why: `${esc} is not in the directory.` };
  const a = req.approval;
  if (a && a.state === req.state) {
    if (queue) return { kind: 'none', why: 'The escalation target is a queue and approvers are people: notified only.' };
    if (a.pending.includes(esc) || a.approvers.includes(esc)) return { kind: 'none', why: `${esc} is already an approver of this step.` };
    if (isRequester(req, esc) && !stateById(tx.def, a.state)?.approval?.steps[a.stepIndex]?.allowRequester) {
      return { kind: 'none', why: `${esc} is the requester and may not approve their own request in this step.` };
    }
    return { kind: 'approver', to: esc, step: a.stepId };
  }
  if (req.assignee === esc) return { kind: 'none', why: `The request is already assigned to ${esc}.` };
  return { kind: 'assignee', to: esc };
}

function handOver(tx: Tx, h: Exclude<Handover, { kind: 'none' }>): void {
  const { req } = tx;
  if (h.kind === 'approver') {
    const a = req.approval!;
    req.approval = { ...a, pending: [...a.pending, h.to], approvers: [...a.approvers, h.to] };
    emit(tx, {
      action: 'reassign',
      system: true,
      name: h.step,
      fromState: req.state,
      toState: req.state,
      reason: BREACH_REASON,
      details: { approverFrom: null, approverTo: h.to },
    });
    const d = activeDelegate(tx.directory, h.to, tx.now);
    notify(tx, { kind: 'approval_requested', to: d ?? h.to, onBehalfOf: d ? h.to : null, step: h.step, dueAt: req.sla?.dueAt ?? null });
    return;
  }
  req.assignee = h.to;
  emit(tx, { action: 'reassign', system: true, fromState: req.state, toState: req.state, reason: BREACH_REASON });
  notify(tx, { kind: 'assigned', to: h.to, dueAt: req.sla?.dueAt ?? null });
}

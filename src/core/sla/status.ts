/** What timers ask the engine: is the SLA due, overdue, which reminders are due; and the pure updates to record them. */
import type { PublishedVersion } from '../definition/version';
import type { Definition } from '../definition/schema';
import { stateById } from '../definition/lookup';
import type { Directory } from '../directory/person';
import { SYSTEM_ACTOR } from '../model/actor';
import type { Request } from '../model/request';
import { refuse } from '../engine/refusal';
import { beginTx, cloneRequest, emit, finish, notify } from '../engine/tx';
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
  if (!sla || !state || state.kind === 'terminal') return { status: 'none', dueAt: null, consumedMs: 0, remainingMs: 0, remindersDue: [], breachDue: false };
  const consumed = consumedAt(definition, sla, now, zo);
  const remaining = sla.budgetMs - consumed;
  if (sla.runningSince === null) return { status: 'paused', dueAt: null, consumedMs: consumed, remainingMs: remaining, remindersDue: [], breachDue: false };
  const own = stateById(definition, sla.state)?.sla;
  const remindersDue = (own?.remindAfterHours ?? []).filter((h) => consumed >= h * HOUR_MS && !sla.remindersSent.includes(h) && remaining > 0);
  const overdue = remaining <= 0 || (sla.dueAt !== null && now >= sla.dueAt);
  return { status: overdue ? 'overdue' : 'on_time', dueAt: sla.dueAt, consumedMs: consumed, remainingMs: remaining, remindersDue, breachDue: overdue && !sla.breachRecorded };
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
  if (r.approval && r.approval.pending.length) return r.approval.pending;
  return r.assignee ? [r.assignee] : [];
}

/** Record that the reminder at `offsetHours` was sent, with reminder intents. Refuses when it is not due. */
export function recordReminder(ctx: TimerContext, offsetHours: number): ApplyResult {
  const def = ctx.version.definition;
  const st = slaStatus(ctx.request, def, ctx.now, ctx.zoneOffset);
  if (!st.remindersDue.includes(offsetHours)) return refuse('wrong_state', `No reminder after ${offsetHours} business hours is due for ${ctx.request.id}.`);
  const tx = begin(ctx);
  tx.req.sla = { ...tx.req.sla!, remindersSent: [...tx.req.sla!.remindersSent, offsetHours] };
  emit(tx, { action: 'reminder', system: true, fromState: tx.req.state, toState: tx.req.state, details: { offsetHours } });
  for (const to of recipients(tx.req)) notify(tx, { kind: 'reminder', to, step: tx.req.approval?.stepId ?? null, dueAt: st.dueAt });
  return finish(tx);
}

/** Record an SLA breach once, with escalation intents to the state's escalation target and the assignee. */
export function recordBreach(ctx: TimerContext): ApplyResult {
  const def = ctx.version.definition;
  const st = slaStatus(ctx.request, def, ctx.now, ctx.zoneOffset);
  if (!st.breachDue) return refuse('wrong_state', st.status === 'overdue' ? `The breach of ${ctx.request.id} is already recorded.` : `${ctx.request.id} is not overdue.`);
  const tx = begin(ctx);
  const sla = tx.req.sla!;
  tx.req.sla = { ...sla, breachRecorded: true };
  emit(tx, { action: 'sla_breach', system: true, fromState: tx.req.state, toState: tx.req.state, details: { dueAt: st.dueAt, state: sla.state } });
  const target = stateById(def, sla.state)?.sla?.escalateTo;
  const esc = target ? resolveTarget(target, { fields: tx.req.fields, requester: tx.req.requester }, ctx.directory) : null;
  for (const to of [...(esc ? [esc] : []), ...recipients(tx.req)]) notify(tx, { kind: 'escalation', to, step: tx.req.approval?.stepId ?? null, dueAt: st.dueAt });
  return finish(tx);
}

/** Entering a state: history, SLA clock, assignee, approval chain, and the automatic moves that follow. */
import { resolveApprovers } from '../approval/approvers';
import { evaluateCondition } from '../definition/conditions';
import { stateById } from '../definition/lookup';
import { notifyAudiences } from '../definition/notify';
import type { StateDef } from '../definition/schema';
import { activeDelegate } from '../directory/directory';
import type { ApprovalDecision } from '../model/request';
import { queueAssignee, queueName } from '../model/request';
import { resolveTarget, route } from '../routing/resolve';
import { pauseClock, resumeClock, startClock } from '../sla/clock';
import { emit, notify, type Tx } from './tx';

export interface EnterOptions {
  /** Emits the event that caused the move, right after the state and assignee changed. */
  because?: () => void;
  /** Returning from waiting on the requester: resume the SLA clock and restart the current approval step. */
  resume?: boolean;
  /** The intent sent to the requester when the target waits on them. Default 'needs_info'. */
  waitingKind?: 'needs_info' | 'changes_requested';
  comment?: string | null;
}

/** The queue that sees approval steps nobody can approve. */
export const UNRESOLVED_QUEUE = 'operator';

function ownerAssignee(tx: Tx, state: StateDef, resume: boolean): string | null {
  const req = tx.req;
  const owner = state.owner ?? (state.kind === 'waiting_on_requester' ? { type: 'requester' as const } : { type: 'assignee' as const });
  const subject = { fields: req.fields, requester: req.requester };
  switch (owner.type) {
    case 'requester':
      return req.requester;
    case 'role':
      return queueAssignee(owner.role);
    case 'queue':
      return queueAssignee(owner.queue);
    case 'person':
      return resolveTarget({ type: 'person', email: owner.email }, subject, tx.directory);
    case 'routing':
      return tx.def.routing ? route(tx.def.routing, subject, tx.directory).assignee : req.assignee;
    case 'assignee': {
      const current = resume && req.returnAssignee !== undefined ? req.returnAssignee : req.assignee;
      if (current === null && tx.def.routing) return route(tx.def.routing, subject, tx.directory).assignee;
      return current;
    }
  }
}

export function enterState(tx: Tx, targetId: string, opts: EnterOptions = {}): void {
  if (++tx.depth > 64) throw new Error(`workflow ${tx.def.id}: automatic state changes do not settle`);
  const req = tx.req;
  const target = stateById(tx.def, targetId);
  if (!target) throw new Error(`workflow ${tx.def.id} has no state ${targetId}`);
  const resume = opts.resume === true;
  const before = req.assignee;

  const last = req.history[req.history.length - 1];
  if (last && last.leftAt === null) last.leftAt = tx.now;
  req.history.push({ state: targetId, enteredAt: tx.now, leftAt: null });
  req.state = targetId;

  // SLA clock.
  if (target.kind === 'waiting_on_requester') {
    if (req.sla) req.sla = pauseClock(tx.def, req.sla, tx.now, tx.zo);
  } else if (target.kind === 'terminal') {
    req.sla = null;
  } else if (resume && req.sla && req.sla.state === targetId) {
    req.sla = resumeClock(tx.def, req.sla, tx.now, tx.zo);
  } else {
    req.sla = startClock(tx.def, targetId, tx.now, tx.zo);
  }

  // An approval chain survives only a trip to the requester and back.
  if (target.kind !== 'waiting_on_requester' && req.approval && !(resume && req.approval.state === targetId)) req.approval = null;
  if (target.kind === 'terminal') req.approval = null;

  req.assignee = ownerAssignee(tx, target, resume);
  if (target.kind !== 'waiting_on_requester') {
    req.returnTo = null;
    delete req.returnAssignee;
  }
  opts.because?.();

  const tell = notifyAudiences(target);
  if (tell.has('watchers')) for (const w of target.notify?.watchers ?? []) notify(tx, { kind: 'state_changed', to: w });
  if (target.kind === 'terminal') {
    // A decision email already tells the requester how it ended (rejected, or approved into a terminal state).
    if (!toldDecision(tx)) notify(tx, { kind: 'state_changed', to: req.requester });
    return;
  }
  if (target.kind === 'waiting_on_requester') {
    notify(tx, { kind: opts.waitingKind ?? 'needs_info', to: req.requester, comment: opts.comment ?? null, problems: req.intakeProblems });
  } else if (tell.has('requester') && !toldDecision(tx)) {
    notify(tx, { kind: 'state_changed', to: req.requester });
  }
  // The assignee hears of new work: a person when it becomes theirs, a queue each time work enters it.
  const fresh = req.assignee !== before || queueName(req.assignee) !== null;
  if (tell.has('assignee') && fresh && req.assignee && req.assignee !== req.requester && !target.approval) {
    notify(tx, { kind: 'assigned', to: req.assignee, dueAt: req.sla?.dueAt ?? null });
  }
  if (target.approval && target.kind !== 'waiting_on_requester') {
    if (resume && req.approval && req.approval.state === targetId) {
      const a = req.approval;
      startStep(
        tx,
        target,
        a.stepIndex,
        a.decisions.filter((d) => d.stepId !== a.stepId),
        a.round + 1,
      );
    } else {
      startStep(tx, target, 0, [], 1);
    }
  }
}

/** Start the first applicable step at or after `fromIndex`; when none is left the chain is approved. */
export function startStep(tx: Tx, state: StateDef, fromIndex: number, decisions: ApprovalDecision[], round: number): void {
  const chain = state.approval;
  if (!chain) return;
  const req = tx.req;
  for (let i = fromIndex; i < chain.steps.length; i++) {
    const step = chain.steps[i]!;
    if (step.when && !evaluateCondition(step.when, req.fields)) continue;
    const approvers = resolveApprovers(step, { fields: req.fields, requester: req.requester }, tx.directory);
    req.approval = { state: state.id, stepIndex: i, stepId: step.id, pending: [...approvers], approvers, decisions, round };
    if (approvers.length === 0) {
      notify(tx, {
        kind: 'escalation',
        to: queueAssignee(UNRESOLVED_QUEUE),
        step: step.id,
        comment: `Nobody can approve step "${step.label}": reassign it to an approver.`,
      });
    }
    if (!notifyAudiences(state).has('approvers')) return;
    for (const a of approvers) {
      const d = activeDelegate(tx.directory, a, tx.now);
      notify(tx, { kind: 'approval_requested', to: d ?? a, onBehalfOf: d ? a : null, step: step.id, dueAt: req.sla?.dueAt ?? null });
    }
    return;
  }
  req.approval = null;
  notify(tx, { kind: 'decision', to: req.requester, decision: 'approve' });
  enterState(tx, chain.onApproved, {
    because: () => emit(tx, { action: 'chain_approved', system: true, fromState: state.id, toState: chain.onApproved, details: { round } }),
  });
}

/** Whether this step already tells the requester a decision (which says how it ended). */
function toldDecision(tx: Tx): boolean {
  return tx.notes.some((n) => n.kind === 'decision' && n.to === tx.req.requester);
}

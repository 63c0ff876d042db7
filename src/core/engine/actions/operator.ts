/** Operator actions: reassign, override the state, edit fields, cancel. Each needs a reason. */
import { checkFields } from '../../definition/fields';
import { cancelState, stateById, stateLabel } from '../../definition/lookup';
import { activeDelegate, normalizeEmail } from '../../directory/directory';
import type { Fields } from '../../model/json';
import { queueName } from '../../model/request';
import { isOperator, isRequester } from '../../permissions/roles';
import { enterState } from '../enter-state';
import { refuse } from '../refusal';
import { emit, finish, notify, type Tx } from '../tx';
import type { ApplyResult } from '../types';
import { applyEdits, needReason } from './common';

function operatorOnly(tx: Tx, what: string): ApplyResult | null {
  return isOperator(tx.directory, tx.actor.email)
    ? null
    : refuse('not_allowed', `Only an operator may ${what}; ${tx.actor.email} is not one.`);
}

/**
 * Reassign. In an approval step: `from` names the pending approver to replace; with no `from`, `to`
 * is added as an approver of the current step. Elsewhere: `to` becomes the assignee.
 */
export function applyReassign(tx: Tx, action: { to: string; from?: string; reason: string }): ApplyResult {
  const denied = operatorOnly(tx, 'reassign a request') ?? needReason(action.reason, 'reassign');
  if (denied) return denied;
  const { req } = tx;
  const to = queueName(action.to) !== null ? action.to : normalizeEmail(action.to);
  if (queueName(to) === null && !tx.directory.get(to)) return refuse('unknown_person', `${action.to} is not in the directory.`);
  const a = req.approval;
  if (a && a.state === req.state && queueName(to) === null) {
    const from = action.from ? normalizeEmail(action.from) : null;
    if (from && !a.pending.includes(from)) return refuse('wrong_state', `${action.from} is not a pending approver of this step.`);
    if (a.pending.includes(to) || a.approvers.includes(to)) return refuse('wrong_state', `${to} is already an approver of this step.`);
    if (isRequester(req, to) && !stateById(tx.def, a.state)?.approval?.steps[a.stepIndex]?.allowRequester) {
      return refuse(
        'not_allowed',
        `${to} is the requester: they may not approve their own request in step "${a.stepId}" (segregation of duties).`,
      );
    }
    req.approval = {
      ...a,
      pending: [...a.pending.filter((p) => p !== from), to],
      approvers: [...a.approvers.filter((p) => p !== from), to],
    };
    emit(tx, {
      action: 'reassign',
      name: a.stepId,
      fromState: req.state,
      toState: req.state,
      reason: action.reason,
      details: { approverFrom: from, approverTo: to },
    });
    const d = activeDelegate(tx.directory, to, tx.now);
    notify(tx, { kind: 'approval_requested', to: d ?? to, onBehalfOf: d ? to : null, step: a.stepId, dueAt: req.sla?.dueAt ?? null });
    return finish(tx);
  }
  if (req.assignee === to) return refuse('wrong_state', `The request is already assigned to ${to}.`);
  req.assignee = to;
  emit(tx, { action: 'reassign', fromState: req.state, toState: req.state, reason: action.reason });
  notify(tx, { kind: 'assigned', to, dueAt: req.sla?.dueAt ?? null });
  return finish(tx);
}

/** Move the request to any state the workflow has, skipping guards and required fields. */
export function applyOverride(tx: Tx, action: { to: string; reason: string }): ApplyResult {
  const denied = operatorOnly(tx, 'override the state') ?? needReason(action.reason, 'override the state');
  if (denied) return denied;
  const { def, req } = tx;
  const target = stateById(def, action.to);
  if (!target)
    return refuse('unknown_state', `This workflow has no state "${action.to}". States: ${def.states.map((s) => s.id).join(', ')}.`);
  if (target.id === req.state) return refuse('wrong_state', `The request is already "${target.label}".`, { state: req.state });
  const from = req.state;
  if (target.kind === 'waiting_on_requester') {
    req.returnTo = from;
    req.returnAssignee = req.assignee;
  }
  req.approval = null; // an override starts any chain afresh
  enterState(tx, target.id, {
    because: () => emit(tx, { action: 'override_state', fromState: from, toState: target.id, reason: action.reason }),
  });
  return finish(tx);
}

/** Edit fields, validated like intake (a required field cannot be emptied). */
export function applyEditFields(tx: Tx, action: { fields: Fields; reason: string }): ApplyResult {
  const denied = operatorOnly(tx, 'edit fields') ?? needReason(action.reason, 'edit fields');
  if (denied) return denied;
  const { def, req } = tx;
  const problems = checkFields(def.fields, action.fields ?? {});
  for (const [k, v] of Object.entries(action.fields ?? {})) {
    const f = def.fields.find((x) => x.id === k);
    if (f?.required && (v === null || v === '' || (Array.isArray(v) && v.length === 0)))
      problems.push({ path: k, message: `${f.label} is required.` });
  }
  if (problems.length)
    return refuse('invalid_fields', `Some fields are not valid: ${problems.map((p) => p.message).join(' ')}`, { problems });
  const fields = { ...req.fields };
  const changes = applyEdits(fields, action.fields);
  if (changes.length === 0) return refuse('invalid_fields', 'Nothing to change: every value is the same as before.', { problems: [] });
  req.fields = fields;
  if (req.intakeProblems.length) req.intakeProblems = checkFields(def.fields, fields, { requireAll: true });
  emit(tx, { action: 'edit_fields', fromState: req.state, toState: req.state, changes, reason: action.reason });
  return finish(tx);
}

/** Cancel: operators, or the requester withdrawing their own request. */
export function applyCancel(tx: Tx, action: { reason: string }): ApplyResult {
  const { def, req } = tx;
  if (!isOperator(tx.directory, tx.actor.email) && !isRequester(req, tx.actor.email)) {
    return refuse('not_allowed', `Only the requester or an operator may cancel this request; ${tx.actor.email} is neither.`);
  }
  const denied = needReason(action.reason, 'cancel');
  if (denied) return denied;
  const target = cancelState(def);
  if (!target) return refuse('no_cancel_state', `Workflow "${def.name}" has no cancelled state to move the request to.`);
  const from = req.state;
  enterState(tx, target.id, {
    because: () =>
      emit(tx, { action: 'cancel', fromState: from, toState: target.id, reason: action.reason, details: { from: stateLabel(def, from) } }),
  });
  return finish(tx);
}

/** Approve, reject or request changes within the current approval step. */
import { stepOutcome } from '../../approval/policy';
import { stateById, stateLabel, needsInfoState } from '../../definition/lookup';
import { normalizeEmail } from '../../directory/directory';
import type { Decision } from '../../model/request';
import { approverFor } from '../../permissions/roles';
import { enterState, startStep } from '../enter-state';
import { refuse } from '../refusal';
import { emit, finish, notify, type Tx } from '../tx';
import type { ApplyResult } from '../types';
import { hasText } from './common';

const WORD: Record<Decision, string> = { approve: 'approve', reject: 'reject', request_changes: 'request changes on' };

export function applyDecision(tx: Tx, decision: Decision, comment: string | undefined): ApplyResult {
  const { def, req } = tx;
  const state = stateById(def, req.state)!;
  const chain = state.approval;
  const progress = req.approval;
  if (!chain || !progress || progress.state !== req.state) {
    return refuse('wrong_state', `There is no approval in progress: the request is "${stateLabel(def, req.state)}".`, { state: req.state });
  }
  const me = normalizeEmail(tx.actor.email);
  const who = approverFor(req, me, tx.directory, tx.now);
  if (!who) {
    const mine = progress.decisions.find((d) => d.by === me || d.approver === me);
    if (mine) {
      const same = mine.stepId === progress.stepId;
      return refuse(
        'step_already_decided',
        same
          ? `You already decided on step "${chain.steps[progress.stepIndex]!.label}" (${mine.decision.replace('_', ' ')}).`
          : `Your step "${chain.steps.find((s) => s.id === mine.stepId)?.label ?? mine.stepId}" is already decided; the request is now at step "${chain.steps[progress.stepIndex]!.label}".`,
      );
    }
    if (progress.approvers.includes(me)) {
      return refuse('step_already_decided', `Step "${chain.steps[progress.stepIndex]!.label}" is already decided.`);
    }
    return refuse('not_allowed', `${tx.actor.email} is not an approver of step "${chain.steps[progress.stepIndex]!.label}".`);
  }
  const needComment = chain.commentRequiredFor ?? ['reject', 'request_changes'];
  if (needComment.includes(decision) && !hasText(comment)) {
    return refuse('comment_required', `A comment is required to ${WORD[decision]} this request.`);
  }

  const step = chain.steps[progress.stepIndex]!;
  const entry = { stepId: step.id, approver: who.approver, by: me, decision, at: tx.now, comment: comment ?? null };
  const a = (req.approval = {
    ...progress,
    pending: progress.pending.filter((p) => p !== who.approver),
    decisions: [...progress.decisions, entry],
  });
  const from = req.state;
  const base = { name: step.id, onBehalfOf: who.onBehalfOf, comment: comment ?? null, fromState: from };
  const outcome = stepOutcome(
    step.policy,
    a.approvers,
    a.decisions.filter((d) => d.stepId === step.id),
  );

  if (outcome === 'rejected') {
    emit(tx, { ...base, action: 'reject', toState: from });
    notify(tx, { kind: 'decision', to: req.requester, decision: 'reject', step: step.id, comment: comment ?? null });
    enterState(tx, chain.onRejected, {
      because: () => emit(tx, { action: 'chain_rejected', system: true, name: step.id, fromState: from, toState: chain.onRejected }),
    });
    return finish(tx);
  }
  if (outcome === 'changes_requested') {
    const target = chain.onChangesRequested ?? needsInfoState(def)!.id;
    req.reworkCount += 1;
    req.returnTo = from;
    req.returnAssignee = req.assignee;
    enterState(tx, target, {
      waitingKind: 'changes_requested',
      comment: comment ?? null,
      because: () => emit(tx, { ...base, action: 'request_changes', toState: target }),
    });
    return finish(tx);
  }
  emit(tx, { ...base, action: 'approve', toState: from });
  if (outcome === 'approved') {
    emit(tx, { action: 'step_completed', system: true, name: step.id, fromState: from, toState: from });
    startStep(tx, state, progress.stepIndex + 1, a.decisions, a.round);
  }
  return finish(tx);
}

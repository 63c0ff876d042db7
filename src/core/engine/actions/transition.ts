/** A named workflow transition: permission, comment, field edits, guard, fields required by the target. */
import type { ActorSelector, Transition } from '../../definition/schema';
import { describeCondition, evaluateCondition } from '../../definition/conditions';
import { checkFields } from '../../definition/fields';
import { stateById, stateLabel, transitionsNamed } from '../../definition/lookup';
import type { Fields } from '../../model/json';
import { approverFor, isAssignee, isOperator, isRequester } from '../../permissions/roles';
import type { Directory } from '../../directory/person';
import type { Request } from '../../model/request';
import { enterState } from '../enter-state';
import { refuse } from '../refusal';
import { emit, finish, type Tx } from '../tx';
import type { ApplyResult } from '../types';
import { applyEdits, hasText } from './common';

export function mayTake(t: Transition, request: Request, email: string, directory: Directory, now: number): boolean {
  if (isOperator(directory, email)) return true;
  return t.by.some((sel: ActorSelector) => {
    if (sel === 'requester') return isRequester(request, email);
    if (sel === 'assignee') return isAssignee(request, email, directory);
    if (sel === 'approver') return approverFor(request, email, directory, now) !== null;
    return directory.get(email)?.roles.includes(sel.role) ?? false;
  });
}

export function applyTransition(tx: Tx, action: { name: string; fields?: Fields; comment?: string }): ApplyResult {
  const { def, req } = tx;
  const named = transitionsNamed(def, action.name);
  if (named.length === 0) return refuse('unknown_action', `This workflow has no action "${action.name}".`);
  const t = named.find((x) => x.from.includes(req.state));
  if (!t) {
    const where = named
      .flatMap((x) => x.from)
      .map((s) => `"${stateLabel(def, s)}"`)
      .join(', ');
    return refuse(
      'wrong_state',
      `"${action.name}" cannot be taken while the request is "${stateLabel(def, req.state)}"; it is available from ${where}.`,
      { state: req.state },
    );
  }
  if (!mayTake(t, req, tx.actor.email, tx.directory, tx.now)) {
    const who = t.by.map((b) => (typeof b === 'string' ? `the ${b}` : `members of ${b.role}`)).join(', ');
    return refuse('not_allowed', `${tx.actor.email} may not take "${action.name}": it is reserved to ${who} (or an operator).`);
  }
  if (t.commentRequired && !hasText(action.comment)) return refuse('comment_required', `"${action.name}" needs a comment.`);

  const fields = { ...req.fields };
  const edits = action.fields ?? {};
  const editProblems = checkFields(def.fields, edits);
  if (editProblems.length)
    return refuse('invalid_fields', `Some fields are not valid: ${editProblems.map((p) => p.message).join(' ')}`, {
      problems: editProblems,
    });
  const changes = applyEdits(fields, edits);
  if (t.when && !evaluateCondition(t.when, fields)) {
    return refuse('guard_failed', `"${action.name}" is only possible when ${describeCondition(t.when, def.fields)}.`);
  }
  const target = stateById(def, t.to)!;
  const missing = checkFields(def.fields, fields, { alsoRequired: target.requiredFields ?? [] }).filter((p) =>
    (target.requiredFields ?? []).includes(p.path),
  );
  if (missing.length)
    return refuse('invalid_fields', `To move to "${target.label}": ${missing.map((p) => p.message).join(' ')}`, { problems: missing });

  req.fields = fields;
  const from = req.state;
  if (target.kind === 'waiting_on_requester') {
    req.returnTo = from;
    req.returnAssignee = req.assignee;
  }
  enterState(tx, t.to, {
    because: () =>
      emit(tx, { action: 'transition', name: t.action, fromState: from, toState: t.to, changes, comment: action.comment ?? null }),
  });
  return finish(tx);
}

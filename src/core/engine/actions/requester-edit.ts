/**
 * requester_edit: the requester changes what they submitted (e.g. by editing their form response).
 *
 * Allowed only to the requester, and only
 *   - in the start state while no approval decision has been made in its chain, or
 *   - in a waiting-on-requester state (Needs info, changes requested).
 * The edited fields are validated like intake (every problem named, against the fields the state it works in
 * or returns to requires); invalid values are kept, visible, with their problem. Then:
 *   - problems remain, waiting state: stays, problems re-listed (`edit_fields` event + `needs_info` intent);
 *   - problems remain, start state: goes to Needs info like an incomplete submission (`edit_fields` event, the
 *     SLA clock paused, returns to the start state — its approval step restarts — when fixed);
 *   - no problems, waiting state: leaves it exactly as `resubmit` with the same fields would (`resubmit` event);
 *   - no problems, start state: the fields change in place (`edit_fields` event), nothing else.
 * An edit that changes nothing is refused (invalid_fields, no problems), so a repeated delivery changes nothing.
 * Versus `resubmit`: resubmit (requester or operator) refuses while fields are missing; requester_edit never
 * refuses for missing or invalid values, it records them and keeps the request waiting.
 */
import { checkFields } from '../../definition/fields';
import { needsInfoState, startState, stateById } from '../../definition/lookup';
import type { Fields, JsonValue } from '../../model/json';
import { isRequester } from '../../permissions/roles';
import { enterState } from '../enter-state';
import { refuse } from '../refusal';
import { emit, finish, notify, type Tx } from '../tx';
import type { ApplyResult } from '../types';
import { applyEdits } from './common';
import { returnFromWaiting } from './resubmit';

export interface RequesterEdit {
  fields: Fields;
  comment?: string;
  /** Where the edit came from (e.g. a form response id); recorded as details.source. */
  source?: string;
}

export function applyRequesterEdit(tx: Tx, action: RequesterEdit): ApplyResult {
  const { def, req } = tx;
  const state = stateById(def, req.state)!;
  const waiting = state.kind === 'waiting_on_requester';
  const decided = req.approval !== null && req.approval.decisions.length > 0;
  if (!waiting && !(state.kind === 'start' && !decided)) {
    const why = state.kind === 'start' ? 'an approver has already decided on it' : `it is "${state.label}"`;
    return refuse(
      'wrong_state',
      `The requester can change a request only before any decision or while it waits on them; ${why}. Ask an operator to edit it.`,
      { state: req.state },
    );
  }
  if (!isRequester(req, tx.actor.email)) {
    return refuse(
      'not_allowed',
      `Only the requester (${req.requester}) may edit what they submitted; ${tx.actor.email} is not them (operators use "Edit fields").`,
    );
  }
  const edits = action.fields;
  if (!edits || typeof edits !== 'object' || Array.isArray(edits)) {
    return refuse('invalid_fields', 'requester_edit needs "fields": an object of field id → value.', { problems: [] });
  }
  const unknown = checkFields(def.fields, edits).filter((p) => !def.fields.some((f) => f.id === p.path));
  if (unknown.length) return refuse('invalid_fields', unknown.map((p) => p.message).join(' '), { problems: unknown });

  const fields = { ...req.fields };
  const changes = applyEdits(fields, edits);
  if (changes.length === 0) return refuse('invalid_fields', 'Nothing to change: every value is the same as before.', { problems: [] });

  const start = startState(def);
  const target = waiting ? (stateById(def, req.returnTo ?? start.id) ?? start) : state;
  const problems = checkFields(def.fields, fields, { requireAll: true, alsoRequired: target.requiredFields ?? [] });
  const source: { [key: string]: JsonValue } = action.source ? { source: action.source } : {};
  req.fields = fields;

  if (problems.length === 0 && waiting) {
    returnFromWaiting(tx, target, changes, action.comment, { via: 'requester_edit', ...source });
    return finish(tx);
  }
  const event = (toState: string) =>
    emit(tx, {
      action: 'edit_fields',
      name: 'requester_edit',
      fromState: state.id,
      toState,
      changes,
      comment: action.comment ?? null,
      details: { problems: problems.map((p) => p.message), ...source },
    });
  req.intakeProblems = problems;
  if (problems.length === 0) {
    event(state.id); // start state, complete
    return finish(tx);
  }
  if (waiting) {
    event(state.id);
    notify(tx, { kind: 'needs_info', to: req.requester, problems });
    return finish(tx);
  }
  const needsInfo = needsInfoState(def);
  if (!needsInfo) {
    return refuse(
      'invalid_fields',
      `The edit leaves the request incomplete, and "${def.name}" has no state to wait for the requester in: ${problems.map((p) => p.message).join(' ')}`,
      { problems },
    );
  }
  req.returnTo = state.id;
  req.returnAssignee = req.assignee;
  enterState(tx, needsInfo.id, { because: () => event(needsInfo.id) });
  return finish(tx);
}

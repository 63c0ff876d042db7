/** The requester answers a needs-info or changes-requested state; the request goes back where it was. */
import { checkFields } from '../../definition/fields';
import { startState, stateById, stateLabel } from '../../definition/lookup';
import type { FieldChange } from '../../audit/event';
import type { StateDef } from '../../definition/schema';
import type { Fields, JsonValue } from '../../model/json';
import { isOperator, isRequester } from '../../permissions/roles';
import { enterState } from '../enter-state';
import { refuse } from '../refusal';
import { emit, finish, type Tx } from '../tx';
import type { ApplyResult } from '../types';
import { applyEdits } from './common';

export function applyResubmit(tx: Tx, action: { fields?: Fields; comment?: string }): ApplyResult {
  const { def, req } = tx;
  const state = stateById(def, req.state)!;
  if (state.kind !== 'waiting_on_requester') {
    return refuse('wrong_state', `Only a request waiting on its requester can be resubmitted; this one is "${state.label}".`, {
      state: req.state,
    });
  }
  if (!isRequester(req, tx.actor.email) && !isOperator(tx.directory, tx.actor.email)) {
    return refuse('not_allowed', `Only the requester (${req.requester}) or an operator may resubmit this request.`);
  }
  const fields = { ...req.fields };
  const unknown = checkFields(def.fields, action.fields ?? {}).filter((p) => !def.fields.some((f) => f.id === p.path));
  if (unknown.length) return refuse('invalid_fields', unknown.map((p) => p.message).join(' '), { problems: unknown });
  const changes = applyEdits(fields, action.fields);
  const target = stateById(def, req.returnTo ?? startState(def).id)!;
  const problems = checkFields(def.fields, fields, { requireAll: true, alsoRequired: target.requiredFields ?? [] });
  if (problems.length) {
    return refuse('invalid_fields', `The request still needs: ${problems.map((p) => p.message).join(' ')}`, { problems });
  }
  req.fields = fields;
  returnFromWaiting(tx, target, changes, action.comment);
  return finish(tx);
}

/**
 * The request leaves its waiting-on-requester state for `target` (where it returns): problems cleared, the SLA
 * clock and the approval step resumed, one `resubmit` event with the changes. Shared with requester_edit.
 */
export function returnFromWaiting(
  tx: Tx,
  target: StateDef,
  changes: FieldChange[],
  comment: string | undefined,
  details: { [key: string]: JsonValue } = {},
): void {
  const { def, req } = tx;
  req.intakeProblems = [];
  const from = req.state;
  enterState(tx, target.id, {
    resume: true,
    because: () =>
      emit(tx, {
        action: 'resubmit',
        fromState: from,
        toState: target.id,
        changes,
        comment: comment ?? null,
        details: { returnTo: stateLabel(def, target.id), ...details },
      }),
  });
}

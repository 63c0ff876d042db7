/**
 * apply(): the engine. A pure function of (published version, request, action, actor, now, directory).
 * Checks in this order: version, revision, terminal, action type; then the action's own rules.
 * On success the revision goes up by exactly 1 and the events name that revision.
 */
import { stateById, stateLabel } from '../definition/lookup';
import { ACTION_TYPES } from './action';
import { applyDecision } from './actions/decide';
import { applyCancel, applyEditFields, applyOverride, applyReassign } from './actions/operator';
import { applyRequesterEdit } from './actions/requester-edit';
import { applyResubmit } from './actions/resubmit';
import { applyTransition } from './actions/transition';
import { refuse } from './refusal';
import { beginTx, cloneRequest } from './tx';
import type { ApplyContext, ApplyResult } from './types';

export function apply(ctx: ApplyContext): ApplyResult {
  const { version, request, action } = ctx;
  const def = version.definition;
  if (version.workflowId !== request.workflowId || version.version !== request.version) {
    return refuse(
      'version_mismatch',
      `Request ${request.id} is pinned to ${request.workflowId} v${request.version}, not ${version.workflowId} v${version.version}.`,
    );
  }
  if (ctx.expectedRevision !== request.revision) {
    return refuse(
      'stale_revision',
      `Request ${request.id} changed since you loaded it (you saw revision ${ctx.expectedRevision}, it is now ${request.revision}). Reload and try again.`,
      {
        expectedRevision: ctx.expectedRevision,
        actualRevision: request.revision,
      },
    );
  }
  const state = stateById(def, request.state);
  if (!state)
    return refuse('unknown_state', `Request ${request.id} is in state "${request.state}", which version ${version.version} does not have.`);
  if (state.kind === 'terminal') {
    return refuse('terminal', `Request ${request.id} is closed ("${stateLabel(def, request.state)}") and cannot change.`, {
      state: request.state,
    });
  }
  if (!action || typeof action !== 'object' || !ACTION_TYPES.includes(action.type)) {
    return refuse(
      'unknown_action',
      `Unknown action type "${String((action as { type?: unknown } | null)?.type)}". Known: ${ACTION_TYPES.join(', ')}.`,
    );
  }

  const draft = cloneRequest(request);
  draft.revision = request.revision + 1;
  const tx = beginTx(ctx, draft);
  switch (action.type) {
    case 'transition':
      return applyTransition(tx, action);
    case 'approve':
    case 'reject':
    case 'request_changes':
      return applyDecision(tx, action.type, action.comment);
    case 'resubmit':
      return applyResubmit(tx, action);
    case 'requester_edit':
      return applyRequesterEdit(tx, action);
    case 'reassign':
      return applyReassign(tx, action);
    case 'override_state':
      return applyOverride(tx, action);
    case 'edit_fields':
      return applyEditFields(tx, action);
    case 'cancel':
      return applyCancel(tx, action);
  }
}

/** Which actions an actor may take on a request right now: what the panel shows, and what the server re-checks via apply(). */
import { stateById } from '../definition/lookup';
import type { PublishedVersion } from '../definition/version';
import type { Directory } from '../directory/person';
import type { Request } from '../model/request';
import { mayTake } from '../engine/actions/transition';
import { approverFor, isOperator, isRequester } from './roles';

export interface AvailableAction {
  type: 'transition' | 'approve' | 'reject' | 'request_changes' | 'resubmit' | 'reassign' | 'override_state' | 'edit_fields' | 'cancel';
  /** Transition name. */
  name?: string;
  label: string;
  commentRequired: boolean;
  reasonRequired: boolean;
  /**
   * The fields this action lets the person fill in, by id: for a transition, the fields its target state requires
   * (the engine refuses the move without them); for resubmit, every field (the requester corrects what was asked).
   */
  fields: string[];
}

export function availableActions(
  version: PublishedVersion,
  request: Request,
  email: string,
  directory: Directory,
  now: number,
): AvailableAction[] {
  const def = version.definition;
  const state = stateById(def, request.state);
  if (!state || state.kind === 'terminal') return [];
  const out: AvailableAction[] = [];
  for (const t of def.transitions) {
    if (t.from.includes(request.state) && mayTake(t, request, email, directory, now)) {
      out.push({
        type: 'transition',
        name: t.action,
        label: t.label ?? t.action,
        commentRequired: t.commentRequired === true,
        reasonRequired: false,
        fields: [...(stateById(def, t.to)?.requiredFields ?? [])],
      });
    }
  }
  if (state.approval && request.approval && approverFor(request, email, directory, now)) {
    const need = state.approval.commentRequiredFor ?? ['reject', 'request_changes'];
    out.push({ type: 'approve', label: 'Approve', commentRequired: need.includes('approve'), reasonRequired: false, fields: [] });
    out.push({ type: 'reject', label: 'Reject', commentRequired: need.includes('reject'), reasonRequired: false, fields: [] });
    out.push({
      type: 'request_changes',
      label: 'Request changes',
      commentRequired: need.includes('request_changes'),
      reasonRequired: false,
      fields: [],
    });
  }
  const operator = isOperator(directory, email);
  if (state.kind === 'waiting_on_requester' && (isRequester(request, email) || operator)) {
    out.push({ type: 'resubmit', label: 'Resubmit', commentRequired: false, reasonRequired: false, fields: def.fields.map((f) => f.id) });
  }
  if (operator) {
    out.push({ type: 'reassign', label: 'Reassign', commentRequired: false, reasonRequired: true, fields: [] });
    out.push({ type: 'override_state', label: 'Move to state…', commentRequired: false, reasonRequired: true, fields: [] });
    out.push({
      type: 'edit_fields',
      label: 'Edit fields',
      commentRequired: false,
      reasonRequired: true,
      fields: def.fields.map((f) => f.id),
    });
  }
  if (operator || isRequester(request, email))
    out.push({ type: 'cancel', label: 'Cancel request', commentRequired: false, reasonRequired: true, fields: [] });
  return out;
}

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
      });
    }
  }
  if (state.approval && request.approval && approverFor(request, email, directory, now)) {
    const need = state.approval.commentRequiredFor ?? ['reject', 'request_changes'];
    out.push({ type: 'approve', label: 'Approve', commentRequired: need.includes('approve'), reasonRequired: false });
    out.push({ type: 'reject', label: 'Reject', commentRequired: need.includes('reject'), reasonRequired: false });
    out.push({
      type: 'request_changes',
      label: 'Request changes',
      commentRequired: need.includes('request_changes'),
      reasonRequired: false,
    });
  }
  const operator = isOperator(directory, email);
  if (state.kind === 'waiting_on_requester' && (isRequester(request, email) || operator)) {
    out.push({ type: 'resubmit', label: 'Resubmit', commentRequired: false, reasonRequired: false });
  }
  if (operator) {
    out.push({ type: 'reassign', label: 'Reassign', commentRequired: false, reasonRequired: true });
    out.push({ type: 'override_state', label: 'Move to state…', commentRequired: false, reasonRequired: true });
    out.push({ type: 'edit_fields', label: 'Edit fields', commentRequired: false, reasonRequired: true });
  }
  if (operator || isRequester(request, email)) out.push({ type: 'cancel', label: 'Cancel', commentRequired: false, reasonRequired: true });
  return out;
}

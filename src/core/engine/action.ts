import type { Fields } from '../model/json';

/** What an actor asks the engine to do. Plain JSON. */
export type Action =
  /** A named workflow transition, optionally editing fields on the way. */
  | { type: 'transition'; name: string; fields?: Fields; comment?: string }
  /** Decisions inside the current approval step. */
  | { type: 'approve'; comment?: string }
  | { type: 'reject'; comment?: string }
  | { type: 'request_changes'; comment?: string }
  /** The requester answers a needs-info / changes-requested state. */
  | { type: 'resubmit'; fields?: Fields; comment?: string }
  /**
   * The requester changes what they submitted, before any decision or while the request waits on them:
   * validated like intake, kept in (or sent to) Needs info while problems remain, resubmitted when none do.
   * See engine/actions/requester-edit.ts. `source`: where the edit came from (e.g. a form response id).
   */
  | { type: 'requester_edit'; fields: Fields; comment?: string; source?: string }
  /** Operator actions: each needs a reason. */
  | { type: 'reassign'; to: string; reason: string /** In an approval step: the pending approver to replace. */; from?: string }
  | { type: 'override_state'; to: string; reason: string }
  | { type: 'edit_fields'; fields: Fields; reason: string }
  /** Operators, or the requester withdrawing their own request. */
  | { type: 'cancel'; reason: string };

export type ActionType = Action['type'];
export const ACTION_TYPES: readonly ActionType[] = [
  'transition',
  'approve',
  'reject',
  'request_changes',
  'resubmit',
  'requester_edit',
  'reassign',
  'override_state',
  'edit_fields',
  'cancel',
];

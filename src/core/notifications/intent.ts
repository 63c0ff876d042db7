import type { Problem } from '../model/json';
import type { Decision } from '../model/request';

export type NotificationIntentKind =
  | 'receipt'
  | 'needs_info'
  | 'approval_requested'
  | 'decision'
  | 'changes_requested'
  | 'assigned'
  | 'state_changed'
  | 'reminder'
  | 'escalation';

/**
 * Something someone should be told. The engine only emits intents; the Apps Script layer queues them
 * in an Outbox (idempotent on dedupeKey) and renders them with the definition's templates.
 */
export interface NotificationIntent {
  kind: NotificationIntentKind;
  /** A person's email, `queue:<name>`, or `chat:<space>` (a Chat space's webhook). */
  to: string;
  /** Set when `to` is a delegate acting for this approver. */
  onBehalfOf: string | null;
  requestId: string;
  workflowId: string;
  /** The request's state after the action. */
  state: string;
  /** Approval step id, when relevant. */
  step: string | null;
  decision: Decision | null;
  comment: string | null;
  problems: Problem[];
  dueAt: number | null;
  /** For a queue (`to` = `queue:<name>`): members left out because they get their own copy. */
  except?: string[];
  /** Stable key: the same intent produced twice (e.g. a retried action) has the same key. */
  dedupeKey: string;
}

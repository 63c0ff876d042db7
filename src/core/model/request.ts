import type { Fields, Problem } from './json';

/** How a request came in. */
export type Channel = 'form' | 'operator' | 'import' | 'api';
export const CHANNELS: readonly Channel[] = ['form', 'operator', 'import', 'api'];

export type Decision = 'approve' | 'reject' | 'request_changes';

/** One approver's decision in the current approval chain. */
export interface ApprovalDecision {
  stepId: string;
  /** The approver the decision counts for. */
  approver: string;
  /** Who actually decided: the approver, or their delegate while the approver is out of office. */
  by: string;
  decision: Decision;
  at: number;
  comment: string | null;
}

/** Progress through the approval chain of the current state. */
export interface ApprovalProgress {
  /** The state whose chain this is. */
  state: string;
  /** Index into the state's approval.steps. */
  stepIndex: number;
  stepId: string;
  /** Approvers of the current step who have not decided yet. Empty while unresolved (operator must reassign). */
  pending: string[];
  /** Everyone who may decide in the current step (pending and decided). */
  approvers: string[];
  /** Decisions in this chain, all steps, current round only. */
  decisions: ApprovalDecision[];
  /** Incremented each time changes are requested (the current step restarts). */
  round: number;
}

/** SLA clock for the current (or paused) state. All times epoch ms; durations business ms. */
export interface SlaInfo {
  /** The state the clock belongs to. */
  state: string;
  /** Business time allowed in the state. */
  budgetMs: number;
  /** Business time consumed before the clock last (re)started. */
  consumedMs: number;
  /** When the clock last started running; null while paused. */
  runningSince: number | null;
  /** Set while waiting on the requester. */
  pausedSince: number | null;
  /** Deadline while running; null while paused. */
  dueAt: number | null;
  /** Reminder offsets (business hours) already sent. */
  remindersSent: number[];
  breachRecorded: boolean;
}

/** One visit to a state. leftAt is null for the current visit. */
export interface StateVisit {
  state: string;
  enteredAt: number;
  leftAt: number | null;
}

/**
 * Where a form request came from when it was not its form-submit trigger: the timer's sweep took a response the
 * trigger never delivered. Absent for requests made by the trigger (or any other channel).
 */
export interface RequestOrigin {
  via: 'sweep';
  /** The Google Forms response id. */
  responseId: string;
}

/** A request: one run of a workflow. Plain JSON; stored as a sheet row by the store. */
export interface Request {
  /** Human id: per-workflow prefix and sequence, e.g. PR-000123 (see formatRequestId). */
  id: string;
  workflowId: string;
  /** The published version the request is pinned to, and its content hash. */
  version: number;
  versionHash: string;
  /** Optimistic concurrency: every successful apply bumps it by exactly 1. Starts at 1. */
  revision: number;
  state: string;
  fields: Fields;
  requester: string;
  /** A person's email, `queue:<name>`, or null. */
  assignee: string | null;
  approval: ApprovalProgress | null;
  sla: SlaInfo | null;
  /** Every state entered, in order, so cycle time per state can be computed. */
  history: StateVisit[];
  channel: Channel;
  /** Intake problems still open (shown to the requester while the request needs info). */
  intakeProblems: Problem[];
  /** Where a resubmit returns to (set when the request goes to a waiting-on-requester state). */
  returnTo: string | null;
  /** The assignee before the request went to the requester; restored on resubmit. */
  returnAssignee?: string | null;
  /** How many times changes were requested or info was missing after submission. */
  reworkCount: number;
  /** Set when the request did not come the usual way (see RequestOrigin). */
  origin?: RequestOrigin;
  createdAt: number;
  updatedAt: number;
}

/** 'PR', 123 → 'PR-000123'. Sequence numbers above 999999 keep all their digits. */
export function formatRequestId(prefix: string, n: number): string {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`request sequence must be a positive integer, got ${n}`);
  return `${prefix}-${String(n).padStart(6, '0')}`;
}

/** 'PR-000123' → { prefix: 'PR', n: 123 }, or null. */
export function parseRequestId(id: string): { prefix: string; n: number } | null {
  const m = /^([A-Z][A-Z0-9]{0,5})-(\d{6,})$/.exec(id);
  if (!m) return null;
  return { prefix: m[1] as string, n: Number(m[2]) };
}

export const QUEUE_PREFIX = 'queue:';
export const queueAssignee = (name: string): string => QUEUE_PREFIX + name;
export const queueName = (assignee: string | null): string | null =>
  assignee?.startsWith(QUEUE_PREFIX) ? assignee.slice(QUEUE_PREFIX.length) : null;

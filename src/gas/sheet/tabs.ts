/**
 * The governed Sheet's tabs and their columns. Columns are found by header, so operators may reorder them
 * or add their own; the names below are what Handoff needs.
 */
import type { TabSpec } from './table';

/** How many extra cells a long JSON value may spill into: "Fields", "Fields (2)", ... */
export const CONTINUATIONS: Record<string, number> = { Fields: 4, History: 2, Approval: 1, Definition: 2 };
export const continuationName = (column: string, part: number): string => `${column} (${part})`;
const continuationsOf = (column: string): string[] =>
  Array.from({ length: CONTINUATIONS[column] ?? 0 }, (_, i) => continuationName(column, i + 2));

/** The Requests tab's readable columns (never the JSON), in order: what lists and exports read. */
export const READABLE_REQUEST_COLUMNS = [
  'ID',
  'Workflow',
  'Version',
  'Revision',
  'State',
  'Assignee',
  'Requester',
  'Pending approvers',
  'SLA due',
  'Created',
  'Updated',
  'Channel',
  'Summary',
] as const;

/**
 * Requests: one row per request. The readable columns come first; the JSON columns hold the rest of the
 * Request object so that a row round-trips to exactly the Request the engine returned.
 * Authoritative on read: ID, Workflow, Version, Revision, State, Assignee, Requester, Channel and the JSON
 * columns. Pending approvers, SLA due, Created, Updated and Summary are views for people (sorting, filters).
 */
const REQUEST_CONTINUATIONS = [...continuationsOf('Fields'), ...continuationsOf('Approval'), ...continuationsOf('History')];

/**
 * The continuation columns exist only once a request needs one (almost none does, and every row would pay their
 * cells): set-up does not create them and removes them while they are empty; the writer adds one with its header.
 */
export const REQUESTS: TabSpec = {
  name: 'Requests',
  columns: [...READABLE_REQUEST_COLUMNS, 'Fields', 'Approval', 'SLA', 'History', 'Meta'],
  optional: REQUEST_CONTINUATIONS,
  onDemand: REQUEST_CONTINUATIONS,
  protect: true,
};

/**
 * Audit: append-only, hash-chained. "Details" holds the rest of the event as one JSON object, with the row's key
 * (requestId:revision:index, so replays never duplicate a row) and the previous row's hash (src/gas/store/audit-rows.ts).
 */
export const AUDIT_COLUMNS = ['Seq', 'At', 'Request', 'Action', 'Details', 'Hash'] as const;

/** Columns only earlier versions' wide Audit layout has (one per event field); set-up's upgrade removes them. */
export const WIDE_AUDIT_ONLY = [
  'Workflow',
  'Version',
  'Revision',
  'Actor',
  'On behalf of',
  'Method',
  'Name',
  'From',
  'To',
  'Assignee before',
  'Assignee after',
  'Comment',
  'Reason',
  'Changes',
  'Key',
  'Prev hash',
] as const;

export const AUDIT: TabSpec = {
  name: 'Audit',
  columns: AUDIT_COLUMNS,
  protect: true,
};

/** Config: workflow definitions and their published versions (one row per version; versions are immutable). */
export const CONFIG: TabSpec = {
  name: 'Config',
  columns: ['Workflow', 'Version', 'Name', 'Status', 'Hash', 'Published at', 'Published by', 'Definition'],
  optional: ['Definition (2)', 'Definition (3)'],
  protect: 'admins',
};

/** Directory: people. Roles, comma-separated. Away from/to: the out-of-office window. */
export const DIRECTORY: TabSpec = {
  name: 'Directory',
  columns: ['Email', 'Name', 'Roles', 'Manager', 'Delegate', 'Away from', 'Away to', 'Time zone', 'Digest'],
  protect: 'admins',
};

/** Outbox: notifications waiting to be sent. Key is the engine's dedupeKey (queueing is idempotent on it). */
export const OUTBOX: TabSpec = {
  name: 'Outbox',
  columns: ['ID', 'Created', 'To', 'Kind', 'Subject', 'Payload', 'Status', 'Attempts', 'Next attempt', 'Last error', 'Sent at', 'Key'],
  protect: true,
};

/** Every tab, in the order set-up creates them. */
export const TABS: readonly TabSpec[] = [REQUESTS, AUDIT, CONFIG, DIRECTORY, OUTBOX];

/**
 * Who may write the governed tabs (docs/deploy.md, "Who may write"). Every Handoff protection's description starts
 * with GOVERNED_PREFIX, which is how set-up finds its own (earlier versions used other wording after the prefix).
 */
export const GOVERNED_PREFIX = 'Handoff: governed';
/** Requests, Audit, Outbox: the owner, admins and operators (hand edits are checked by the on-edit trigger). */
export const GOVERNED_DESCRIPTION =
  'Handoff: governed by the Handoff add-on (owner, admins and operators may edit; hand edits are checked and audited)';
/** Directory, Config: they grant roles and define workflows, so only the owner and admins. */
export const ADMIN_DESCRIPTION = 'Handoff: governed by the Handoff add-on (only the owner and admins may edit)';

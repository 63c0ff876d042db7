/** The shapes the panel's server functions return (plain JSON; times are epoch ms). Mirrors src/gas/panel. */
export type ViewName = 'mywork' | 'requests' | 'admin' | 'metrics';
export interface Problem {
  path: string;
  message: string;
}
export interface WhoAmI {
  email: string;
  roles: string[];
  operator: boolean;
  admin: boolean;
  views: ViewName[];
  workflows: Array<{ id: string; name: string; states: Array<{ id: string; label: string; kind: string }> }>;
  setUp: boolean;
  now: number;
}
export interface Summary {
  id: string;
  workflowId: string;
  workflowName: string;
  version: number;
  revision: number;
  state: string;
  stateLabel: string;
  stateKind: string;
  assignee: string;
  requester: string;
  pendingApprovers: string[];
  slaDue: number | null;
  overdue: boolean;
  created: number | null;
  updated: number | null;
  channel: string;
  summary: string;
  row: number;
}
export interface MyWork {
  total: number;
  overdue: number;
  items: Array<Summary & { why: string; onBehalfOf: string | null }>;
  now: number;
}
export interface ListFilters {
  workflow?: string;
  state?: string;
  assignee?: string;
  overdue?: boolean;
  channel?: string;
  text?: string;
  offset?: number;
  limit?: number;
}
export interface ListResult {
  total: number;
  matched: number;
  offset: number;
  limit: number;
  rows: Summary[];
}
export interface AvailableAction {
  type: string;
  name?: string;
  label: string;
  commentRequired: boolean;
  reasonRequired: boolean;
}
export interface RequestView {
  id: string;
  workflowId: string;
  workflowName: string;
  version: number;
  revision: number;
  state: string;
  stateLabel: string;
  stateKind: string;
  requester: string;
  assignee: string | null;
  channel: string;
  createdAt: number;
  updatedAt: number;
  fields: Array<{ id: string; label: string; type: string; required: boolean; options: string[]; value: unknown }>;
  intakeProblems: Problem[];
  step: { id: string; label: string; pending: string[]; approvers: string[] } | null;
  sla: { dueAt: number | null; paused: boolean; overdue: boolean } | null;
  states: Array<{ id: string; label: string; kind: string }>;
  actions: AvailableAction[];
  operator: boolean;
  timeline: Array<{
    seq: number;
    at: number;
    actor: string;
    onBehalfOf: string | null;
    action: string;
    from: string | null;
    to: string | null;
    comment: string | null;
    reason: string | null;
    changes: Array<{ field: string; before: unknown; after: unknown }>;
  }>;
}
export interface ActResult {
  id: string;
  revision: number;
  state: string;
  assignee: string | null;
}
export interface BulkResult {
  done: number;
  failed: number;
  outcomes: Array<{ id: string; ok: boolean; message: string }>;
}
export interface Def {
  id: string;
  name: string;
  prefix: string;
  description?: string;
  fields: Array<{ id: string; label: string; type: string; required?: boolean; options?: string[] }>;
  states: Array<{
    id: string;
    label: string;
    kind: string;
    outcome?: string;
    approval?: { steps: unknown[]; onApproved: string; onRejected: string };
  }>;
  transitions: Array<{ action: string; label?: string; from: string[]; to: string; by: Array<string | { role: string }> }>;
  [k: string]: unknown;
}
export interface WorkflowList {
  workflows: Array<{ workflowId: string; name: string; latest: number; definition: Def }>;
}
export interface TemplateList {
  templates: Array<{ id: string; name: string; description: string; definition: Def }>;
}
export interface ValidateResult {
  ok: boolean;
  problems: Problem[];
}
export interface PublishResult {
  ok: boolean;
  problems: Problem[];
  version: number | null;
  workflowId?: string;
  created: boolean;
}
export interface DirectoryList {
  people: Array<{ email: string; name: string; roles: string[] }>;
}
export interface SettingsResult {
  settings: { tokenExpiryDays: number; identityMode: string; digestHour: number; dispatcherMinutes: number };
  dispatcherPeriods: number[];
}
export interface MetricsResult {
  workflows: Array<{
    workflowId: string;
    name: string;
    requests: number;
    completed: number;
    cycleTime: { median: number | null; p90: number | null };
    perState: Array<{ state: string; label: string; median: number | null; p90: number | null }>;
    slaBreaches: number;
    reworkRate: number;
    exceptionRate: number;
    formShare: number;
  }>;
}

export interface CapacityResult {
  cells: number;
  cellLimit: number;
  live: number;
  archived: number;
  archives: Array<{ id: string; name: string; requests: number; year: number; url: string }>;
  daysLeft: number | null;
}

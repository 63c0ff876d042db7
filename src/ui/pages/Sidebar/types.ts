/**
 * The shapes the sidebar works with, taken from the server's signatures (src/main.ts through shared/rpc.ts), never
 * copied: when the server changes a result or an argument, the page that uses it stops compiling.
 */
import type { ArgsOf, ResultOf } from '../../shared/rpc';

export type WhoAmI = ResultOf<'handoffPanelWhoAmI'>;
export type ViewName = WhoAmI['views'][number];
export type MyWork = ResultOf<'handoffPanelMyWork'>;
export type ListFilters = NonNullable<ArgsOf<'handoffPanelListRequests'>[0]>;
export type ListResult = ResultOf<'handoffPanelListRequests'>;
export type RequestView = ResultOf<'handoffPanelGetRequest'>;
export type AvailableAction = RequestView['actions'][number];
export type ActArgs = ArgsOf<'handoffPanelAct'>[0];
export type ActResult = ResultOf<'handoffPanelAct'>;
export type BulkArgs = ArgsOf<'handoffPanelBulk'>[0];
export type BulkResult = ResultOf<'handoffPanelBulk'>;
export type WorkflowList = ResultOf<'handoffPanelWorkflows'>;
export type TemplateList = ResultOf<'handoffPanelTemplates'>;
export type ValidateResult = ResultOf<'handoffPanelValidateWorkflow'>;
export type Problem = ValidateResult['problems'][number];
export type PublishResult = ResultOf<'handoffPanelPublishWorkflow'>;
export type DirectoryList = ResultOf<'handoffPanelDirectory'>;
export type ChatSpaceList = ResultOf<'handoffPanelChatSpaces'>;
export type SettingsResult = ResultOf<'handoffPanelSettings'>;
export type SettingsArgs = ArgsOf<'handoffPanelSaveSettings'>[0];
export type MetricsResult = ResultOf<'handoffPanelMetrics'>;
export type CapacityResult = ResultOf<'handoffPanelCapacity'>;
/** A problem of the automation's health record, for the banner (src/gas/health/banners.ts). */
export type Banner = NonNullable<WhoAmI['health']>['banners'][number];
export type RepairResult = ResultOf<'handoffPanelRepair'>;
/** handoffPanelHealth (src/gas/health/report.ts). `found` is null for a trigger another user installed. */
export type HealthView = ResultOf<'handoffPanelHealth'>;
export type Incident = HealthView['incidents'][number];
export type ExportResult = ResultOf<'handoffPanelExportRequests'>;
export type AutomationStatus = ResultOf<'handoffPanelAutomation'>;
export type TestRunStart = ResultOf<'handoffPanelStartTestRun'>;

/**
 * The workflow editor's working copy. Not a server shape: while an admin edits, the definition may be anything
 * (an unknown state kind, a field without options); the server validates it (handoffPanelValidateWorkflow).
 */
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
    approval?: DefApproval;
    sla?: DefSla;
  }>;
  transitions: Array<{ action: string; label?: string; from: string[]; to: string; by: Array<string | { role: string }> }>;
  [k: string]: unknown;
}
/** Who approves a step, or who is told on an SLA breach (the definition's shapes, src/core/definition/schema.ts). */
export type Who =
  | { type: 'people'; emails: string[] }
  | { type: 'role'; role: string }
  | { type: 'queue'; queue: string }
  | { type: 'person'; email: string }
  | { type: 'field'; field: string }
  | { type: 'requester_manager' }
  | { type: 'table'; [k: string]: unknown };
export interface DefStep {
  id: string;
  label: string;
  approvers: Who[];
  policy: { type: 'any' } | { type: 'all' } | { type: 'quorum'; n: number };
  when?: unknown;
  allowRequester?: boolean;
}
export interface DefApproval {
  steps: DefStep[];
  onApproved: string;
  onRejected: string;
  onChangesRequested?: string;
  commentRequiredFor?: string[];
}
export interface DefSla {
  businessHours: number;
  remindAfterHours?: number[];
  escalateTo?: Who;
  reassignOnBreach?: boolean;
}

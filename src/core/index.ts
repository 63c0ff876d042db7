/** The public API of the Handoff engine. Pure TypeScript: no Apps Script, no Node, no DOM. */

// Definitions: the format, validation, versions, conditions, templates, fields.
export * from './definition/schema';
export * from './definition/notify';
export type { PublishedVersion } from './definition/version';
export { validateDefinition, definitionHash, formatPath } from './definition/validate';
export type { ValidationResult, ValidateOptions } from './definition/validate';
export { publishVersion, versionFor } from './definition/versions';
export { evaluateCondition, conditionFields, describeCondition, isEmptyValue } from './definition/conditions';
export { parsePlaceholders, renderText, renderHtml, formatValue, BUILTIN_PLACEHOLDERS } from './definition/templates';
export { escapeHtml } from './html';
export type { TemplateValues } from './definition/templates';
export { checkFields, checkFieldValue, coerceFieldValue, isValidDate } from './definition/fields';
export { stateById, fieldById, startState, needsInfoState, cancelState, stateLabel } from './definition/lookup';

// The model.
export type { JsonValue, FieldValue, Fields, Problem } from './model/json';
export type { Actor, IdentificationMethod } from './model/actor';
export { SYSTEM_ACTOR } from './model/actor';
export type { Request, RequestOrigin, Channel, Decision, ApprovalDecision, ApprovalProgress, SlaInfo, StateVisit } from './model/request';
export { CHANNELS, formatRequestId, parseRequestId, queueAssignee, queueName, QUEUE_PREFIX } from './model/request';

// Directory.
export type { Person, Directory } from './directory/person';
export { createDirectory, normalizeEmail, isAway, activeDelegate, hasRole } from './directory/directory';

// Audit and notifications.
export type { AuditEvent, AuditAction, FieldChange, RequestlessFields } from './audit/event';
export { requestlessEvent } from './audit/event';
export { chainEvents, verifyChain, hashEvent, GENESIS_HASH } from './audit/chain';
export type { AuditRow, ChainCheck } from './audit/chain';
export type { NotificationIntent, NotificationIntentKind } from './notifications/intent';
export { renderNotification, notificationValues } from './notifications/render';
export { chatAddress, chatSpaceOf, CHAT_PREFIX, settleNotes } from './notifications/policy';

// The engine.
export type { Action, ActionType } from './engine/action';
export { ACTION_TYPES } from './engine/action';
export type { Refusal, RefusalCode } from './engine/refusal';
export type { ApplyContext, ApplyResult, CreateRequestInput, Success } from './engine/types';
export { apply } from './engine/apply';
export { createRequest } from './engine/create';

// Approval and routing.
export { resolveApprovers, resolveSource } from './approval/approvers';
export { stepOutcome, approvalsNeeded } from './approval/policy';
export type { StepOutcome } from './approval/policy';
export { route, resolveTarget } from './routing/resolve';

// Permissions.
export { isOperator, isAdmin, isRequester, isAssignee, approverFor, rolesOn } from './permissions/roles';
export type { Role } from './permissions/roles';
export { availableActions } from './permissions/available';
export type { AvailableAction } from './permissions/available';

// SLA.
export type { ZoneOffset, ZoneCheck } from './sla/zone';
export { intlZoneOffset, intlKnownZone } from './sla/zone';
export { addBusinessTime, businessTimeBetween, isWorkingDay, localToEpoch, localDayNumber, HOUR_MS } from './sla/calendar';
export { startClock, pauseClock, resumeClock, consumedAt } from './sla/clock';
export { slaStatus, recordReminder, recordBreach } from './sla/status';
export { nextSlaEvent } from './sla/next';
export type { SlaStatus, TimerContext } from './sla/status';

// Metrics.
export { computeMetrics } from './metrics/compute';
export type { WorkflowMetrics } from './metrics/compute';
export { percentile, stat } from './metrics/percentile';
export type { Stat } from './metrics/percentile';

// Utilities.
export { sha256Hex, sha256Bytes, utf8Bytes, toHex } from './crypto/sha256';
export { canonicalJson } from './util/canonical-json';

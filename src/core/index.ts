/** The public API of the Handoff engine. Pure TypeScript: no Apps Script, no Node, no DOM. */
export * from './definition/schema';
export type { PublishedVersion } from './definition/version';
export { validateDefinition } from './definition/validate';
export type { ValidationResult } from './definition/validate';

export type { JsonValue, FieldValue, Fields, Problem } from './model/json';
export type { Actor, IdentificationMethod } from './model/actor';
export { SYSTEM_ACTOR } from './model/actor';
export type { Request, Channel, Decision, ApprovalDecision, ApprovalProgress, SlaInfo, StateVisit } from './model/request';
export { CHANNELS, formatRequestId, parseRequestId, queueAssignee, queueName, QUEUE_PREFIX } from './model/request';

export type { Person, Directory } from './directory/person';
export { createDirectory, normalizeEmail, isAway, activeDelegate, hasRole } from './directory/directory';

export type { AuditEvent, AuditAction, FieldChange } from './audit/event';
export type { NotificationIntent, NotificationIntentKind } from './notifications/intent';

export type { Action, ActionType } from './engine/action';
export { ACTION_TYPES } from './engine/action';
export type { Refusal, RefusalCode } from './engine/refusal';
export type { ApplyContext, ApplyResult, CreateRequestInput, Success } from './engine/types';
export { apply } from './engine/apply';
export { createRequest } from './engine/create';

export type { ZoneOffset } from './sla/zone';
export { intlZoneOffset } from './sla/zone';

export { sha256Hex, sha256Bytes, utf8Bytes, toHex } from './crypto/sha256';
export { canonicalJson } from './util/canonical-json';

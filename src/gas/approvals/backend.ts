import type { Action, Actor, ApplyResult, AuditEvent, Directory, Fields, PublishedVersion, Request } from '../../core';

/**
 * What the approval adapters need from the store (the governed Sheet's stores and commands).
 * `planeBackend` (src/gas/plane/backend.ts) wires it to the governed Sheet inside one unit of work; unit tests hand
 * in an in-memory one.
 */
export interface ApprovalBackend {
  /** Epoch ms. */
  now(): number;
  /** The request and the published version it is pinned to; null when there is no such request. Reads only. */
  load(requestId: string): { request: Request; version: PublishedVersion } | null;
  directory(): Directory;
  /**
   * Apply one action under the script lock with a revision check: persist the request, append the audit events,
   * queue the notifications in the Outbox. Returns the engine's result (a refusal changes nothing).
   */
  apply(requestId: string, action: Action, actor: Actor, expectedRevision: number): ApplyResult;
  /**
   * Create a request (channel 'api') under the script lock; a refusal (or an unknown workflow) changes nothing.
   * `version` 0 is the latest published version. Absent where the backend cannot create (the unit tests' fakes).
   */
  createRequest?(input: { workflowId: string; version: number; requester: string; fields: Fields; actor: Actor }): ApplyResult;
  /**
   * A request moved to a yearly archive, with its audit events (they moved with it) and the archive's name; null
   * when no archive holds it. Reads only. Absent where there are no archives (the unit tests' fakes).
   */
  loadArchived?(
    requestId: string,
  ): { request: Request; version: PublishedVersion; events: AuditEvent[]; archive: { name: string; year: number } } | null;
  /** Audit events of the request (any order), used to say who decided a step that is no longer current. */
  auditOf(requestId: string): AuditEvent[];
  /** A link where people with access can see the request (the governed sheet's row), or null. */
  requestLink?(request: Request): string | null;
  /** The request's row as last loaded (a hint for the next call: the confirm page's form carries it), or null. */
  rowOf?(requestId: string): number | null;
}

/**
 * The operations other features call to change requests. Each is one unit of work (src/gas/plane/unit.ts):
 * lock → one batched read → the engine (with the revision check) → one batched write → unlock.
 */
import type { Action, Actor, AuditEvent, Channel, Fields, NotificationIntent, Request, RequestOrigin } from '../../core';
import type { AppContext } from '../context';
import { planeApply, planeCreate, planeCreateChecked } from '../plane/commands';
import type { DirectoryStore } from '../store/directory';

export interface CommandResult {
  request: Request;
  events: AuditEvent[];
  notifications: NotificationIntent[];
  /** The request's row in the Requests tab. */
  row: number;
}

export interface CreateInput {
  workflowId: string;
  /** Defaults to the latest published version. */
  version?: number;
  requester: string;
  fields: Fields;
  channel: Channel;
  actor: Actor;
  /** The timer's sweep of missed form responses (kept on the request and in its create event). */
  origin?: RequestOrigin;
}

/**
 * Creates a request in the start state (or needs-info when the engine finds intake problems): one unit of work
 * (src/gas/plane): under the lock, one read, the engine, one write of the request row, its Audit and Outbox rows.
 * The id's number is claimed with the write, so a create that writes nothing leaves no gap.
 */
export function createRequestCommand(ctx: AppContext, input: CreateInput): CommandResult {
  return planeCreate(ctx, input);
}

/**
 * The same create, with the caller checked against the Directory the unit reads: null when `mayWrite` says no
 * (nothing was written; the caller relays the create to the web app).
 */
export function createCheckedCommand(
  ctx: AppContext,
  input: CreateInput,
  mayWrite: (directory: DirectoryStore) => boolean,
): CommandResult | null {
  return planeCreateChecked(ctx, input, mayWrite);
}

export interface ApplyInput {
  requestId: string;
  action: Action;
  actor: Actor;
  /** The revision the actor saw. A different revision on the sheet is refused with ConflictError. */
  expectedRevision: number;
}

/**
 * Applies one action to a request, as one unit of work (src/gas/plane): the request's row by its checked hint, the
 * revision compared with what the actor saw, the engine, one write. Throws ConflictError (stale revision),
 * RefusedError (engine), NotFoundError.
 */
export function applyActionCommand(ctx: AppContext, input: ApplyInput & { rowHint?: number | null }): CommandResult {
  return planeApply(ctx, input);
}

/**
 * The operations other features call to change requests. Each runs under the lock:
 * load → engine → revision check → journal → write (Audit, Outbox, request row) → flush.
 */
import {
  apply,
  createRequest,
  type Action,
  type Actor,
  type AuditEvent,
  type Channel,
  type Fields,
  type NotificationIntent,
  type Request,
} from '../../core';
import type { AppContext } from '../context';
import { ConflictError, NotFoundError, RefusedError } from '../errors';
import { withLock } from '../lock';
import { ConfigStore } from '../store/config';
import { DirectoryStore } from '../store/directory';
import { RequestStore } from '../store/requests';
import { claimSequence, peekSequence, releaseSequence } from '../store/sequence';
import { readJournal } from '../store/journal';
import { commit } from './commit';

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
}

/** Creates a request in the start state (or needs-info when the engine finds intake problems). */
export function createRequestCommand(ctx: AppContext, input: CreateInput): CommandResult {
  return withLock(
    ctx,
    () => {
      const config = new ConfigStore(ctx);
      const version = input.version === undefined ? config.latest(input.workflowId) : config.get(input.workflowId, input.version);
      const requests = new RequestStore(ctx);
      const directory = new DirectoryStore(ctx).directory();
      const prefix = version.definition.prefix;
      const sequence = peekSequence(ctx, prefix, requests);
      const result = createRequest({
        version,
        sequence,
        requester: input.requester,
        fields: input.fields,
        channel: input.channel,
        actor: input.actor,
        now: ctx.now(),
        directory,
        zoneOffset: ctx.zoneOffset,
      });
      if (!result.ok) throw new RefusedError(result.refusal);
      // The number is used from here on: claimed before the journal, so a replay never meets a reused id.
      claimSequence(ctx, prefix, sequence);
      let row: number;
      try {
        row = commit(ctx, requests, {
          op: 'create',
          request: result.request,
          events: result.events,
          notifications: result.notifications,
        });
      } catch (e) {
        // Nothing landed and nothing will be replayed (a refused first write, a size check): give the number back.
        try {
          if (readJournal(ctx) === null && !requests.hasRevision(result.request.id, 1)) releaseSequence(ctx, prefix, sequence);
        } catch {
          /* keep the claim: a gap, never a reused id */
        }
        throw e;
      }
      return { request: result.request, events: result.events, notifications: result.notifications, row };
    },
    { endsWithCommit: true },
  );
}

export interface ApplyInput {
  requestId: string;
  action: Action;
  actor: Actor;
  /** The revision the actor saw. A different revision on the sheet is refused with ConflictError. */
  expectedRevision: number;
}

/** Applies one action to a request. Throws ConflictError (stale revision), RefusedError (engine), NotFoundError. */
export function applyActionCommand(ctx: AppContext, input: ApplyInput): CommandResult {
  return withLock(
    ctx,
    () => {
      const requests = new RequestStore(ctx);
      const loaded = requests.find(input.requestId);
      if (!loaded) throw new NotFoundError(`Request ${input.requestId}`);
      const current = loaded.request;
      if (current.revision !== input.expectedRevision) throw new ConflictError(current.id, input.expectedRevision, current.revision);
      const version = new ConfigStore(ctx).get(current.workflowId, current.version);
      const result = apply({
        version,
        request: current,
        action: input.action,
        actor: input.actor,
        now: ctx.now(),
        directory: new DirectoryStore(ctx).directory(),
        expectedRevision: input.expectedRevision,
        zoneOffset: ctx.zoneOffset,
      });
      if (!result.ok) {
        if (result.refusal.code === 'stale_revision') throw new ConflictError(current.id, input.expectedRevision, current.revision);
        throw new RefusedError(result.refusal);
      }
      if (result.request.revision !== current.revision + 1) {
        // The engine bumps the revision by exactly one; anything else would break the journal's replay check.
        throw new ConflictError(current.id, current.revision + 1, result.request.revision);
      }
      const row = commit(ctx, requests, {
        op: `apply:${input.action.type}`,
        request: result.request,
        existing: { row: loaded.row, cells: loaded.cells },
        events: result.events,
        notifications: result.notifications,
      });
      return { request: result.request, events: result.events, notifications: result.notifications, row };
    },
    { endsWithCommit: true },
  );
}

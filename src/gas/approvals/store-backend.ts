import type { Action, Actor, ApplyResult, Directory } from '../../core';
import type { AppContext } from '../context';
import { applyActionCommand, createRequestCommand } from '../commands/requests';
import { readAuditFor } from '../commands/read';
import { ConflictError, NotFoundError, RefusedError, UnknownWorkflowError } from '../errors';
import { ConfigStore } from '../store/config';
import { DirectoryStore } from '../store/directory';
import { RequestStore } from '../store/requests';
import type { ApprovalBackend } from './backend';
import { findArchived } from '../archive/lookup';

/** The ApprovalBackend over the governed Sheet: reads without the lock, decisions through applyActionCommand (under it). */
export function createStoreBackend(ctx: AppContext): ApprovalBackend {
  let directory: Directory | null = null;
  let config: ConfigStore | null = null;
  return {
    now: () => ctx.now(),
    load(requestId) {
      const found = new RequestStore(ctx).find(requestId);
      if (!found) return null;
      config ??= new ConfigStore(ctx);
      return { request: found.request, version: config.get(found.request.workflowId, found.request.version) };
    },
    loadArchived(requestId) {
      const found = findArchived(ctx, requestId).found;
      if (!found) return null;
      config ??= new ConfigStore(ctx);
      return {
        request: found.request,
        version: config.get(found.request.workflowId, found.request.version),
        events: found.events.map((e) => e.event),
        archive: { name: found.archive.name, year: found.archive.year },
      };
    },
    directory() {
      directory ??= new DirectoryStore(ctx).directory();
      return directory;
    },
    apply(requestId: string, action: Action, actor: Actor, expectedRevision: number): ApplyResult {
      try {
        const r = applyActionCommand(ctx, { requestId, action, actor, expectedRevision });
        return { ok: true, request: r.request, events: r.events, notifications: r.notifications };
      } catch (e) {
        if (e instanceof ConflictError)
          return {
            ok: false,
            refusal: { code: 'stale_revision', message: e.message, expectedRevision: e.expectedRevision, actualRevision: e.actualRevision },
          };
        if (e instanceof RefusedError) return { ok: false, refusal: e.refusal };
        if (e instanceof NotFoundError) return { ok: false, refusal: { code: 'wrong_state', message: e.message } };
        throw e;
      }
    },
    createRequest(input): ApplyResult {
      try {
        const r = createRequestCommand(ctx, {
          workflowId: input.workflowId,
          ...(input.version > 0 ? { version: input.version } : {}),
          requester: input.requester,
          fields: input.fields,
          channel: 'api',
          actor: input.actor,
        });
        return { ok: true, request: r.request, events: r.events, notifications: r.notifications };
      } catch (e) {
        if (e instanceof RefusedError) return { ok: false, refusal: e.refusal };
        if (e instanceof UnknownWorkflowError) return { ok: false, refusal: { code: 'not_allowed', message: e.message } };
        throw e;
      }
    },
    auditOf(requestId) {
      return readAuditFor(ctx, requestId).map((e) => e.event);
    },
    requestLink() {
      try {
        return ctx.spreadsheet().getUrl();
      } catch {
        return null;
      }
    },
  };
}

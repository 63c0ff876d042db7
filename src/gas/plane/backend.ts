/**
 * The approvals' backend (ApprovalBackend) inside one unit of work: the first load reads once (the request's row
 * by its hint — the link's `r`, else the script cache — and Config/Directory unless cached for the stamp), later
 * loads answer from memory, and apply/createRequest stage their rows and write them at once in the unit's one
 * batchUpdate (in a locked unit). The confirm page (GET) runs it in a unit without the lock and never writes.
 */
import type { Action, Actor, ApplyResult, AuditEvent, Request } from '../../core';
import type { ApprovalBackend } from '../approvals/backend';
import { ConflictError, NotFoundError, RefusedError, UnknownWorkflowError } from '../errors';
import { AUDIT } from '../sheet/tabs';
import { parseAuditCells } from '../store/audit-rows';
import type { LoadedRequest } from '../store/requests';
import { findArchived } from '../archive/lookup';
import { applyIn, createIn, type Loaded, readRequestUnit } from './commands';
import { findRequest, findRowsByText } from './rows';
import { ReadPlan } from './snapshot';
import { tableOf } from './tables';
import type { Unit } from './unit';

export function spreadsheetUrl(id: string): string {
  return `https://docs.google.com/spreadsheets/d/${id}/edit`;
}

/** `rowHint`: the row of the request the link names (the link's or the confirm page's `r`), checked on read. */
export function planeBackend(u: Unit, rowHint: number | null = null): ApprovalBackend {
  let l: (Loaded & { hint: number | null }) | null = null;
  let first: string | null = null;
  const current = new Map<string, LoadedRequest | null>();
  const read = (id: string): Loaded & { hint: number | null } => {
    if (!l) {
      first = id;
      l = readRequestUnit(u, id, rowHint, u.locked);
    }
    return l;
  };
  const find = (id: string): LoadedRequest | null => {
    if (!current.has(id)) {
      const data = read(id);
      current.set(id, findRequest(u, data.snap, id, id === first ? data.hint : null));
    }
    return current.get(id) ?? null;
  };
  return {
    now: () => u.ctx.now(),
    load(id) {
      const found = find(id);
      if (!found) return null;
      return { request: found.request, version: read(id).config.get(found.request.workflowId, found.request.version) };
    },
    loadArchived(id) {
      // Only for a request the live tabs do not hold (load returned null): the archives' own lookup (archive/lookup.ts).
      const found = findArchived(u.ctx, id).found;
      if (!found) return null;
      return {
        request: found.request,
        version: read(id).config.get(found.request.workflowId, found.request.version),
        events: found.events.map((e) => e.event),
        archive: { name: found.archive.name, year: found.archive.year },
      };
    },
    directory: () => (l ?? read('')).directory.directory(),
    apply(id: string, action: Action, actor: Actor, expectedRevision: number): ApplyResult {
      const found = find(id);
      if (!found) return { ok: false, refusal: { code: 'wrong_state', message: `Request ${id} was not found.` } };
      try {
        const r = applyIn(u, read(id), found, { requestId: id, action, actor, expectedRevision });
        u.write();
        current.set(id, { ...found, request: r.request });
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
        const r = createIn(u, l ?? read(''), {
          workflowId: input.workflowId,
          ...(input.version > 0 ? { version: input.version } : {}),
          requester: input.requester,
          fields: input.fields,
          channel: 'api',
          actor: input.actor,
        });
        u.write();
        // Shown again at once (the card's view of the new request): from memory, not another read. A new row has no
        // operator columns to keep.
        current.set(r.request.id, { request: r.request, row: r.row, cells: [] });
        return { ok: true, request: r.request, events: r.events, notifications: r.notifications };
      } catch (e) {
        if (e instanceof RefusedError) return { ok: false, refusal: e.refusal };
        if (e instanceof UnknownWorkflowError) return { ok: false, refusal: { code: 'not_allowed', message: e.message } };
        throw e;
      }
    },
    auditOf(id): AuditEvent[] {
      // Only when a step is no longer current (who decided it?): a TextFinder lookup of the request's Audit rows.
      const table = tableOf(u.schema, AUDIT);
      const rows = findRowsByText(u, AUDIT.name, table.col('Request'), id);
      if (!rows.length) return [];
      const plan = new ReadPlan();
      for (const r of rows) plan.rows(AUDIT.name, r);
      const snap = u.read(plan);
      return rows.map((r) => parseAuditCells(table.headers, snap.row(AUDIT.name, r) ?? [], r).event).filter((e) => e.requestId === id);
    },
    requestLink: (_r: Request) => spreadsheetUrl(u.ctx.spreadsheetId()),
    rowOf: (id: string) => current.get(id)?.row ?? null,
  };
}

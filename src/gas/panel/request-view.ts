/**
 * One request as the panel shows it: fields, step, approvers, SLA, timeline and the caller's actions. Cost: the
 * request's row (cached hint) + ONE read of the Audit "Request" column + one read per contiguous run of the
 * request's audit rows (its own events only).
 */
import * as z from '../../core/zod';
import {
  activeDelegate,
  availableActions,
  normalizeEmail,
  queueName,
  stateById,
  type AuditEvent,
  type AvailableAction,
  type PublishedVersion,
  type Request,
} from '../../core';
import type { AppContext } from '../context';
import { AuditStore } from '../store/audit';
import { ConfigStore } from '../store/config';
import { RequestStore } from '../store/requests';
import type { Caller } from '../auth';
import { REFUSED_ACTION } from '../refusals';
import { panelFunction, PanelRefusal } from './guard';
import { findArchived } from '../archive/lookup';

export interface TimelineEntry {
  seq: number;
  at: number;
  actor: string;
  onBehalfOf: string | null;
  action: string;
  name: string | null;
  from: string | null;
  to: string | null;
  comment: string | null;
  reason: string | null;
  changes: Array<{ field: string; before: unknown; after: unknown }>;
}

/** An audit event as the request view's timeline shows it. */
export function timelineEntry(seq: number, e: AuditEvent): TimelineEntry {
  return {
    seq,
    at: e.at,
    actor: e.actor,
    onBehalfOf: e.onBehalfOf,
    action: e.action,
    name: e.name,
    from: e.fromState,
    to: e.toState,
    comment: e.comment,
    reason: e.reason,
    changes: e.changes.map((c) => ({ field: c.field, before: c.before, after: c.after })),
  };
}

/**
 * The audit events of one request: one TextFinder search of the Request column (the search runs in Sheets, so the
 * read does not grow with the log), then one read per contiguous run of its rows.
 */
export function timelineOf(ctx: AppContext, requestId: string, max = 200): TimelineEntry[] {
  if (!requestId) return [];
  return AuditStore.rowsOf(new AuditStore(ctx).table, requestId, max).map((r) => timelineEntry(r.seq, r.event));
}

/** Did `me` act on the request, by these events? (A refused call names the request too, but does not count.) */
export function actedIn(timeline: readonly TimelineEntry[], me: string): boolean {
  return timeline.some(
    (e) =>
      e.action !== REFUSED_ACTION &&
      e.actor !== 'system' &&
      (normalizeEmail(e.actor) === me || (e.onBehalfOf !== null && normalizeEmail(e.onBehalfOf) === me)),
  );
}

/** May the caller see this request now? Operators see all; others only requests they are part of (see also tookPart). */
export function mayView(request: Request, caller: Caller, now: number): boolean {
  if (caller.operator) return true;
  const me = caller.email;
  if (normalizeEmail(request.requester) === me) return true;
  const a = request.approval;
  if (a && (a.approvers.includes(me) || a.decisions.some((d) => d.by === me || d.approver === me))) return true;
  if (a?.pending.some((p) => activeDelegate(caller.directory, p, now) === me)) return true;
  const q = queueName(request.assignee);
  if (request.assignee && (q === null ? normalizeEmail(request.assignee) === me : caller.roles.includes(q))) return true;
  return false;
}

/**
 * Did the caller act on this request before (an approver whose step has moved on, a delegate, a former assignee)?
 * Read from its audit events, only when the request itself no longer names them.
 */
export function tookPart(ctx: AppContext, caller: Caller, requestId: string): boolean {
  return actedIn(timelineOf(ctx, requestId), caller.email);
}

export const notYours = (requestId: string): string => `Request ${requestId} was not found, or it is not one of yours.`;

export function loadVisible(
  ctx: AppContext,
  caller: Caller,
  requestId: string,
  found: Request | null = new RequestStore(ctx).find(requestId)?.request ?? null,
): { request: Request; version: PublishedVersion } {
  const request = found;
  // The same message whether the request does not exist or is not the caller's: ids are not a secret, contents are.
  if (!request || !(mayView(request, caller, ctx.now()) || tookPart(ctx, caller, request.id))) throw new PanelRefusal(notYours(requestId));
  return { request, version: new ConfigStore(ctx).get(request.workflowId, request.version) };
}

export const RequestArgs = z.strictObject({ requestId: z.string().check(z.minLength(1), z.maxLength(40)) });

export const getRequestView = panelFunction('handoffPanelGetRequest', 'anyone', RequestArgs, (ctx, caller, { requestId }) => {
  const found = new RequestStore(ctx).find(requestId)?.request ?? null;
  // Not in the live tabs: it may have moved to a yearly archive (read-only there).
  if (!found) return archivedView(ctx, caller, requestId);
  const { request, version } = loadVisible(ctx, caller, requestId, found);
  const actions = availableActions(version, request, caller.email, caller.directory, ctx.now());
  return requestView(ctx, caller, request, version, { actions, timeline: timelineOf(ctx, request.id), archived: null });
});

/** The request view's shape, for a live request (with its actions) or an archived one (none, and its archive). */
export function requestView(
  ctx: AppContext,
  caller: Caller,
  request: Request,
  version: PublishedVersion,
  o: { actions: AvailableAction[]; timeline: TimelineEntry[]; archived: { name: string; url: string; year: number } | null },
) {
  const def = version.definition;
  const now = ctx.now();
  const state = stateById(def, request.state);
  const step = request.approval && state?.approval ? state.approval.steps.find((s) => s.id === request.approval!.stepId) : undefined;
  const { actions, archived } = o;
  return {
    id: request.id,
    workflowId: request.workflowId,
    workflowName: def.name,
    version: request.version,
    revision: request.revision,
    state: request.state,
    stateLabel: state?.label ?? request.state,
    stateKind: state?.kind ?? '',
    requester: request.requester,
    assignee: request.assignee,
    channel: request.channel,
    createdAt: request.createdAt,
    updatedAt: request.updatedAt,
    fields: def.fields.map((f) => ({
      id: f.id,
      label: f.label,
      type: f.type,
      required: f.required === true,
      options: f.options ?? [],
      value: request.fields[f.id] ?? null,
    })),
    intakeProblems: request.intakeProblems.map((p) => ({ path: p.path, message: p.message })),
    step: request.approval
      ? {
          id: request.approval.stepId,
          label: step?.label ?? request.approval.stepId,
          pending: [...request.approval.pending],
          approvers: [...request.approval.approvers],
          decisions: request.approval.decisions.map((d) => ({ ...d })),
        }
      : null,
    sla:
      request.sla && !archived
        ? {
            dueAt: request.sla.dueAt,
            paused: request.sla.pausedSince !== null,
            overdue: request.sla.dueAt !== null && request.sla.dueAt < now,
            breachRecorded: request.sla.breachRecorded,
          }
        : null,
    states: def.states.map((s) => ({ id: s.id, label: s.label, kind: s.kind })),
    transitionLabels: Object.fromEntries(def.transitions.map((t) => [t.action, t.label ?? t.action])),
    // Every time of the request is shown in the workflow's zone, as its emails show it.
    timeZone: def.calendar?.timeZone ?? 'Etc/UTC',
    actions: actions.map((a) => ({ ...a, fields: [...a.fields] })),
    operator: caller.operator,
    timeline: o.timeline,
    /** Set when the request was moved to a yearly archive: the view is read-only. */
    archived,
    now,
  };
}

/**
 * The panel's lookup by id for a request that moved to a yearly archive: its fields, its history (its Audit rows
 * moved with it) and the archive it is in, read-only (no actions, no SLA). The same people may see it as when it
 * was live: operators, and those it concerned or who acted on it, when they can open the archive; everyone else gets
 * the same sentence as for an id that does not exist. The archive is opened as the person using the sidebar, and
 * archives are shared with operators and admins only (archive/book.ts shareWithOperators): a requester reads an
 * archived request on its status page, which the sentence points to.
 * Cost: the live lookup that missed, one read of Config, then per archive consulted (archive/lookup.ts): openById,
 * one TextFinder search and one row read, and for the one that holds it one TextFinder search of its Audit tab and
 * one read per run of the request's rows.
 */
export function archivedView(ctx: AppContext, caller: Caller, requestId: string) {
  const look = findArchived(ctx, requestId);
  const found = look.found;
  if (!found) {
    const closed = look.unavailable[0];
    if (closed && caller.operator)
      throw new PanelRefusal(
        `Request ${requestId} is not in the live tabs, and the archive "${closed.name}" that may hold it cannot be opened from here: it was deleted, renamed, or is not shared with you. Ask the spreadsheet's owner.`,
      );
    // Said whether or not such a request exists: ids are not a secret, contents are.
    if (closed)
      throw new PanelRefusal(
        `${notYours(requestId)} If it is yours and closed a while ago, it was archived: the status link in your Handoff emails about it still shows it.`,
      );
    throw new PanelRefusal(notYours(requestId));
  }
  const timeline = found.events.map((r) => timelineEntry(r.seq, r.event));
  const { request } = found;
  if (!(mayView(request, caller, ctx.now()) || actedIn(timeline, caller.email))) throw new PanelRefusal(notYours(requestId));
  const version = new ConfigStore(ctx).get(request.workflowId, request.version);
  return requestView(ctx, caller, request, version, {
    actions: [],
    timeline,
    archived: { name: found.archive.name, url: found.archive.url, year: found.archive.year },
  });
}

/**
 * Read views for the panel: My work, All requests (operators; filters and server-side paging), one Request
 * (fields, step, approvers, SLA, timeline, the caller's actions). Results are plain JSON with epoch-ms times.
 *
 * Cost (SpreadsheetApp calls), whatever the number of requests:
 *   All requests, no filter:  open Requests + lastRow + ONE read of the page's rows (readable columns only);
 *   All requests, filtered:   open Requests + lastRow + ONE read of the readable columns of every row;
 *   My work:                  the same single read of the readable columns;
 *   Request:                  the request's row (cached hint) + ONE read of the Audit "Request" column
 *                             + one read per contiguous run of the request's audit rows (its own events only).
 */
import * as z from 'zod';
import {
  activeDelegate,
  availableActions,
  CHANNELS,
  normalizeEmail,
  queueName,
  stateById,
  type AvailableAction,
  type Definition,
  type PublishedVersion,
  type Request,
} from '../../core';
import type { AppContext } from '../context';
import { REQUESTS } from '../sheet/tabs';
import { cellInt, cellText, cellTime, type CellValue } from '../sheet/values';
import { AuditStore } from '../store/audit';
import { ConfigStore } from '../store/config';
import { RequestStore } from '../store/requests';
import type { Caller } from '../auth';
import { panelFunction, PanelRefusal } from './guard';

/** The readable columns of the Requests tab (never the JSON): what lists need. */
export const LIST_COLUMNS = [
  'ID',
  'Workflow',
  'Version',
  'Revision',
  'State',
  'Assignee',
  'Requester',
  'Pending approvers',
  'SLA due',
  'Created',
  'Updated',
  'Channel',
  'Summary',
] as const;

export interface RequestSummary {
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

/** Published definitions by "workflow@version", and the latest per workflow. One read of Config. */
export class Definitions {
  readonly byKey = new Map<string, PublishedVersion>();
  readonly latest = new Map<string, PublishedVersion>();
  constructor(ctx: AppContext) {
    for (const v of new ConfigStore(ctx).versions()) {
      if (v.status !== 'published') continue;
      const pv: PublishedVersion = {
        workflowId: v.workflowId,
        version: v.version,
        hash: v.hash,
        publishedAt: v.publishedAt,
        publishedBy: v.publishedBy,
        definition: v.definition,
      };
      this.byKey.set(`${v.workflowId}@${v.version}`, pv);
      const cur = this.latest.get(v.workflowId);
      if (!cur || cur.version < v.version) this.latest.set(v.workflowId, pv);
    }
  }
  def(workflowId: string, version: number): Definition | undefined {
    return (this.byKey.get(`${workflowId}@${version}`) ?? this.latest.get(workflowId))?.definition;
  }
}

function summarize(rec: Record<string, CellValue>, row: number, defs: Definitions, now: number): RequestSummary {
  const workflowId = cellText(rec.Workflow);
  const version = cellInt(rec.Version) ?? 0;
  const def = defs.def(workflowId, version);
  const state = cellText(rec.State);
  const st = def ? stateById(def, state) : undefined;
  const due = cellTime(rec['SLA due']);
  const terminal = st?.kind === 'terminal';
  return {
    id: cellText(rec.ID),
    workflowId,
    workflowName: def?.name ?? workflowId,
    version,
    revision: cellInt(rec.Revision) ?? 0,
    state,
    stateLabel: st?.label ?? state,
    stateKind: st?.kind ?? '',
    assignee: cellText(rec.Assignee),
    requester: cellText(rec.Requester),
    pendingApprovers: cellText(rec['Pending approvers'])
      .split(',')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
    slaDue: due,
    overdue: !terminal && due !== null && due < now,
    created: cellTime(rec.Created),
    updated: cellTime(rec.Updated),
    channel: cellText(rec.Channel),
    summary: cellText(rec.Summary),
    row,
  };
}

/** The readable columns of rows first..first+count-1 (one read). */
function readSummaries(ctx: AppContext, first: number, count: number, defs: Definitions): RequestSummary[] {
  if (count <= 0) return [];
  const table = ctx.table(REQUESTS);
  const now = ctx.now();
  return table
    .readColumns(LIST_COLUMNS, first, count)
    .map((rec, i) => summarize(rec, first + i, defs, now))
    .filter((s) => s.id !== '');
}

// ---- My work ------------------------------------------------------------------------------------

export type WaitReason = 'approve' | 'assigned' | 'queue' | 'answer';
export interface WorkItem extends RequestSummary {
  why: WaitReason;
  /** Set when the caller decides for an approver who is away and delegated to them. */
  onBehalfOf: string | null;
}

export function waitingOn(s: RequestSummary, caller: Caller, now: number): { why: WaitReason; onBehalfOf: string | null } | null {
  if (s.stateKind === 'terminal') return null;
  const me = caller.email;
  if (s.pendingApprovers.map(normalizeEmail).includes(me)) return { why: 'approve', onBehalfOf: null };
  for (const p of s.pendingApprovers)
    if (activeDelegate(caller.directory, p, now) === me) return { why: 'approve', onBehalfOf: normalizeEmail(p) };
  if (s.stateKind === 'waiting_on_requester' && normalizeEmail(s.requester) === me) return { why: 'answer', onBehalfOf: null };
  const q = queueName(s.assignee || null);
  if (q === null && s.assignee !== '' && normalizeEmail(s.assignee) === me) return { why: 'assigned', onBehalfOf: null };
  if (q !== null && caller.roles.includes(q)) return { why: 'queue', onBehalfOf: null };
  return null;
}

/** Overdue first (earliest due first), then oldest first. */
export function byUrgency(a: RequestSummary, b: RequestSummary): number {
  if (a.overdue !== b.overdue) return a.overdue ? -1 : 1;
  if (a.overdue && b.overdue) return (a.slaDue ?? 0) - (b.slaDue ?? 0);
  return (a.created ?? 0) - (b.created ?? 0) || a.row - b.row;
}

export const myWork = panelFunction(
  'handoffPanelMyWork',
  'anyone',
  z.strictObject({ limit: z.number().int().min(1).max(200).optional() }),
  (ctx, caller, args) => {
    const defs = new Definitions(ctx);
    const last = ctx.table(REQUESTS).lastRow();
    const now = ctx.now();
    const items: WorkItem[] = [];
    for (const s of readSummaries(ctx, 2, last - 1, defs)) {
      const w = waitingOn(s, caller, now);
      if (w) items.push({ ...s, ...w });
    }
    items.sort(byUrgency);
    return { total: items.length, overdue: items.filter((i) => i.overdue).length, items: items.slice(0, args.limit ?? 50), now };
  },
);

// ---- All requests -------------------------------------------------------------------------------

export const ListArgs = z.strictObject({
  workflow: z.string().max(64).optional(),
  state: z.string().max(64).optional(),
  assignee: z.string().max(254).optional(),
  overdue: z.boolean().optional(),
  channel: z.enum(CHANNELS as unknown as [string, ...string[]]).optional(),
  text: z.string().max(200).optional(),
  offset: z.number().int().min(0).max(1_000_000).optional(),
  limit: z.number().int().min(1).max(100).optional(),
});
export type ListFilters = z.infer<typeof ListArgs>;

export function matches(s: RequestSummary, f: ListFilters): boolean {
  if (f.workflow && s.workflowId !== f.workflow) return false;
  if (f.state && s.state !== f.state) return false;
  if (f.assignee) {
    const want = normalizeEmail(f.assignee);
    if (want === '(none)' ? s.assignee !== '' : normalizeEmail(s.assignee) !== want) return false;
  }
  if (f.overdue !== undefined && s.overdue !== f.overdue) return false;
  if (f.channel && s.channel !== f.channel) return false;
  if (f.text) {
    const t = f.text.trim().toLowerCase();
    if (t && ![s.id, s.summary, s.requester, s.assignee, s.stateLabel, s.workflowName].some((x) => x.toLowerCase().includes(t)))
      return false;
  }
  return true;
}

const hasFilter = (f: ListFilters): boolean =>
  !!(f.workflow || f.state || f.assignee || f.overdue !== undefined || f.channel || f.text?.trim());

/** No definitions: the unfiltered first view does not read Config (the page has the labels from handoffPanelWhoAmI). */
const NO_DEFS = { def: () => undefined, latest: new Map() } as unknown as Definitions;

export const listRequests = panelFunction('handoffPanelListRequests', 'operator', ListArgs, (ctx, _caller, f) => {
  const defs = hasFilter(f) ? new Definitions(ctx) : NO_DEFS;
  const last = ctx.table(REQUESTS).lastRow();
  const total = Math.max(0, last - 1);
  const offset = f.offset ?? 0;
  const limit = f.limit ?? 25;
  let rows: RequestSummary[];
  let matched: number;
  if (!hasFilter(f)) {
    // Newest first: the page is rows [last - offset - limit + 1, last - offset], read in one call.
    const hi = last - offset;
    const lo = Math.max(2, hi - limit + 1);
    rows = hi >= 2 ? readSummaries(ctx, lo, hi - lo + 1, defs).reverse() : [];
    matched = total;
  } else {
    const all = readSummaries(ctx, 2, total, defs)
      .filter((s) => matches(s, f))
      .reverse();
    matched = all.length;
    rows = all.slice(offset, offset + limit);
  }
  const workflows = [...defs.latest.values()].map((v) => ({
    id: v.workflowId,
    name: v.definition.name,
    states: v.definition.states.map((s) => ({ id: s.id, label: s.label })),
  }));
  return { total, matched, offset, limit, rows, workflows, channels: [...CHANNELS], now: ctx.now() };
});

// ---- One request --------------------------------------------------------------------------------

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

/**
 * The audit events of one request: one TextFinder search of the Request column (the search runs in Sheets, so the
 * read does not grow with the log), then one read per contiguous run of its rows.
 */
export function timelineOf(ctx: AppContext, requestId: string, max = 200): TimelineEntry[] {
  const store = new AuditStore(ctx);
  const table = store.table;
  const last = table.lastRow();
  if (last < 2 || !requestId) return [];
  const rows = table.sheet
    .getRange(2, table.col('Request'), last - 1, 1)
    .createTextFinder(requestId)
    .matchEntireCell(true)
    .matchCase(true)
    .findAll()
    .map((r) => r.getRow())
    .sort((a, b) => a - b);
  const wanted = rows.slice(-max);
  const out: TimelineEntry[] = [];
  let i = 0;
  while (i < wanted.length) {
    let j = i;
    while (j + 1 < wanted.length && wanted[j + 1] === (wanted[j] as number) + 1) j++;
    const first = wanted[i] as number;
    table.readRows(first, j - i + 1).forEach((cells, k) => {
      const { seq, event: e } = AuditStore.toEvent(table.record(cells), first + k);
      out.push({
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
      });
    });
    i = j + 1;
  }
  return out;
}

/** May the caller see this request? Operators see all; others only requests they are part of. */
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

export function loadVisible(ctx: AppContext, caller: Caller, requestId: string): { request: Request; version: PublishedVersion } {
  const request = new RequestStore(ctx).find(requestId)?.request;
  // The same message whether the request does not exist or is not the caller's: ids are not a secret, contents are.
  if (!request || !mayView(request, caller, ctx.now()))
    throw new PanelRefusal(`Request ${requestId} was not found, or it is not one of yours.`);
  return { request, version: new ConfigStore(ctx).get(request.workflowId, request.version) };
}

export const RequestArgs = z.strictObject({ requestId: z.string().min(1).max(40) });

export const getRequestView = panelFunction('handoffPanelGetRequest', 'anyone', RequestArgs, (ctx, caller, { requestId }) => {
  const { request, version } = loadVisible(ctx, caller, requestId);
  const def = version.definition;
  const now = ctx.now();
  const state = stateById(def, request.state);
  const step = request.approval && state?.approval ? state.approval.steps.find((s) => s.id === request.approval!.stepId) : undefined;
  const actions: AvailableAction[] = availableActions(version, request, caller.email, caller.directory, now);
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
    sla: request.sla
      ? {
          dueAt: request.sla.dueAt,
          paused: request.sla.pausedSince !== null,
          overdue: request.sla.dueAt !== null && request.sla.dueAt < now,
          breachRecorded: request.sla.breachRecorded,
        }
      : null,
    states: def.states.map((s) => ({ id: s.id, label: s.label, kind: s.kind })),
    actions: actions.map((a) => ({ ...a })),
    operator: caller.operator,
    timeline: timelineOf(ctx, request.id),
    now,
  };
});

/**
 * All requests (operators): filters and server-side paging. Cost: open Requests + lastRow + ONE read of the page's
 * rows with no filter; ONE read of the readable columns of every row when filtered.
 */
import * as z from '../../core/zod';
import { CHANNELS, normalizeEmail } from '../../core';
import { REQUESTS } from '../sheet/tabs';
import { panelFunction } from './guard';
import { Definitions, readSummaries, type RequestSummary } from './summaries';

export const ListArgs = z.strictObject({
  workflow: z.optional(z.string().check(z.maxLength(64))),
  state: z.optional(z.string().check(z.maxLength(64))),
  assignee: z.optional(z.string().check(z.maxLength(254))),
  overdue: z.optional(z.boolean()),
  channel: z.optional(z.enum(CHANNELS as unknown as [string, ...string[]])),
  text: z.optional(z.string().check(z.maxLength(200))),
  offset: z.optional(z.number().check(z.int(), z.minimum(0), z.maximum(1_000_000))),
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(100))),
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

/**
 * The requests an Outbox run renders, read together: the id→row hints RequestStore leaves in the script cache
 * (one Cache.getAll), each hinted row checked by its ID cell, then — only for ids without a good hint — one
 * TextFinder search of the ID column (Table.findRows: no cells read). Rows are read full width, one read per cluster of nearby rows (usually one or two), so the
 * Sheet calls depend on how many requests are rendered and how scattered they are, never on the row count.
 * The read is a snapshot taken before the run's sends (a run lasts seconds): approval emails still check that the
 * step waits for the approver, and the links themselves are checked when clicked.
 */
import type { Request } from '../../core';
import { scopedKey, type AppContext } from '../context';
import { REQUESTS } from '../sheet/tabs';
import { cellText } from '../sheet/values';
import { recordToRequest } from '../store/request-row';

const HINT_SECONDS = 6 * 60 * 60;

/**
 * Rows closer than this share one read: 200 rows of a tab cost about 10 ms more to read in the cost model, less
 * than one more call (150 ms). Far-apart rows get their own call.
 */
export const CLUSTER_GAP = 200;

/** Rows grouped into [first, count] clusters; rows closer than `gap` share a cluster (the rows between are included). */
export function clusters(rows: readonly number[], gap = 0): Array<[number, number]> {
  const sorted = [...new Set(rows)].sort((a, b) => a - b);
  const out: Array<[number, number]> = [];
  for (const r of sorted) {
    const c = out[out.length - 1];
    if (c && r - (c[0] + c[1] - 1) <= gap + 1) c[1] = r - c[0] + 1;
    else out.push([r, 1]);
  }
  return out;
}

/** The key RequestStore uses for a row hint (src/gas/store/requests.ts, hintKey). */
const hintKey = (ctx: AppContext, id: string): string => scopedKey(ctx, 'row', id);

/** Each id → its Request, or the Error that explains why it cannot be rendered (not found, damaged row). */
export function loadRequests(ctx: AppContext, ids: readonly string[], rows?: Map<string, number>): Map<string, Request | Error> {
  const out = new Map<string, Request | Error>();
  const wanted = [...new Set(ids.filter((id) => id !== ''))];
  if (wanted.length === 0) return out;
  const table = ctx.table(REQUESTS);
  const idCol = table.col('ID');
  let cache: GoogleAppsScript.Cache.Cache | null = null;
  try {
    cache = ctx.services.CacheService.getScriptCache();
  } catch {
    cache = null;
  }

  const readRows = (byRow: Map<number, string>): string[] => {
    const missed: string[] = [];
    const seen = new Set<string>();
    for (const [first, count] of clusters([...byRow.keys()], CLUSTER_GAP)) {
      table.readRows(first, count).forEach((cells, i) => {
        const row = first + i;
        const id = byRow.get(row);
        if (id === undefined) return;
        if (cellText(cells[idCol - 1]) !== id) return; // stale hint
        seen.add(id);
        rows?.set(id, row);
        try {
          out.set(id, recordToRequest(table.record(cells), row));
        } catch (e) {
          out.set(id, e instanceof Error ? e : new Error(String(e)));
        }
      });
    }
    for (const id of byRow.values()) if (!seen.has(id)) missed.push(id);
    return missed;
  };

  // 1. Hinted rows.
  const hinted = new Map<number, string>();
  let hints: Record<string, string> = {};
  try {
    hints = cache?.getAll(wanted.map((id) => hintKey(ctx, id))) ?? {};
  } catch {
    hints = {};
  }
  const unhinted: string[] = [];
  for (const id of wanted) {
    const row = Number(hints[hintKey(ctx, id)] ?? NaN);
    if (Number.isInteger(row) && row >= 2 && !hinted.has(row)) hinted.set(row, id);
    else unhinted.push(id);
  }
  const stale = hinted.size > 0 ? readRows(hinted) : [];

  // 2. The rest by one TextFinder search of the ID column (no cells read), then their rows.
  const rest = [...unhinted, ...stale];
  if (rest.length > 0) {
    const want = new Set(rest);
    const put: Record<string, string> = {};
    const found = new Set(table.findRows('ID', rest));
    for (const [first, count] of clusters([...found], CLUSTER_GAP)) {
      table.readRows(first, count).forEach((cells, i) => {
        const row = first + i;
        const id = cellText(cells[idCol - 1]);
        if (!found.has(row) || !want.has(id) || out.has(id)) return;
        put[hintKey(ctx, id)] = String(row);
        rows?.set(id, row);
        try {
          out.set(id, recordToRequest(table.record(cells), row));
        } catch (e) {
          out.set(id, e instanceof Error ? e : new Error(String(e)));
        }
      });
    }
    try {
      if (Object.keys(put).length > 0) cache?.putAll(put, HINT_SECONDS);
    } catch {
      /* hints are an optimisation */
    }
  }
  for (const id of wanted) if (!out.has(id)) out.set(id, new Error(`request ${id} was not found`));
  return out;
}

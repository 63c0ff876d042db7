/**
 * Where the timers' scan of Requests starts, and the scan's read. A closed request never changes again (the engine
 * refuses every action on a terminal state) and new requests are appended below, so every row above the first
 * request that is not closed stays closed: a run reads from there to the end, which grows with the open work, never
 * with every request ever made. Kept in one script property with the ID of the row just above it, checked on read
 * (the scan reads that row too): rows sorted, removed or moved (by hand, by an archive run) change it, and the run
 * scans from row 2 and sets the start again. A full scan also runs once a day, a backstop for a hand edit of an old
 * row.
 *
 * The read is part of a unit's one Values.batchGet (the timers' first unit, sla-unit.ts): the rows from the start
 * whole when they are few (FULL_ROWS_CELLS: the due rows are then in the same read), else only the scan's columns.
 */
import { scopedKey, type AppContext } from '../context';
import type { PlaneProps } from '../plane/props';
import { type ReadPlan, ReadPlan as Plan, type Snapshot } from '../plane/snapshot';
import { tableOf } from '../plane/tables';
import { tailHint } from '../plane/tails';
import { runUnit, type Unit } from '../plane/unit';
import { REQUESTS } from '../sheet/tabs';
import type { CellValue } from '../sheet/values';
import { buildScan, columnRuns, mergeRuns, SCAN_COLUMNS, type Scan, type ScanColumn } from './scan';
import { isOpen, type VersionCache } from './sla';

interface Start {
  /** The first row that may hold a request that is not closed. */
  row: number;
  /** The ID in row - 1 when the start was set. */
  anchor: string;
  /** When the last full scan ran. */
  full: number;
}

const DAY = 86_400_000;
/** Rows from the start are read whole (every column) while they are at most this many cells (≈ 0.1 s of API read). */
export const FULL_ROWS_CELLS = 20_000;
export const scanStartKey = (ctx: AppContext): string => scopedKey(ctx, 'scanStart');

function read(ctx: AppContext, props: PlaneProps): Start | null {
  const s = props.json<Start>(scanStartKey(ctx));
  return s && Number.isInteger(s.row) && s.row > 2 && typeof s.anchor === 'string' && Number.isFinite(s.full) ? s : null;
}

export interface StartedScan {
  scan: Scan;
  /** The start the scan used; null for a full scan (from row 2). */
  used: Start | null;
  /** The rows were read whole (full width): a due row's cells are in the unit's snapshot. */
  whole: boolean;
}

/** What planScan put in the plan, for scanFrom. */
export interface ScanPlan {
  /** The schema's stamp the columns were planned under (a header edited by hand rebuilds it: plan again). */
  stamp: string;
  from: number;
  start: Start | null;
  whole: boolean;
  runs: Array<[number, number]>;
}

function planFrom(u: Unit, plan: ReadPlan, from: number, start: Start | null): ScanPlan {
  const table = tableOf(u.schema, REQUESTS);
  const hint = tailHint(u, REQUESTS.name);
  const end = hint > 1 ? hint : (u.schema.tabs[REQUESTS.name]?.rowCount ?? from);
  const rows = Math.max(1, end - from + 1);
  if (rows * table.width <= FULL_ROWS_CELLS) {
    plan.tail(REQUESTS.name, from);
    return { stamp: u.schema.stamp, from, start, whole: true, runs: [] };
  }
  const runs = mergeRuns(columnRuns(SCAN_COLUMNS.map((c) => table.col(c))), rows);
  for (const [lo, hi] of runs) plan.cols(REQUESTS.name, from, lo, hi);
  return { stamp: u.schema.stamp, from, start, whole: false, runs };
}

/** Plans the scan's read: from the stored start (the row above it too, to check its ID), else from row 2. */
export function planScan(u: Unit, plan: ReadPlan): ScanPlan {
  const s = read(u.ctx, u.props);
  if (!s || u.ctx.now() - s.full >= DAY) return planFrom(u, plan, 2, null);
  return planFrom(u, plan, s.row - 1, s);
}

function scanOf(u: Unit, snap: Snapshot, p: ScanPlan): Scan {
  const table = tableOf(u.schema, REQUESTS);
  if (p.whole) {
    const tail = snap.tail(REQUESTS.name);
    const rows = tail && !(tail.stale && tail.rows.length === 0) ? tail.rows : [];
    return buildScan(p.from, rows.length, (c: ScanColumn) => rows.map((r) => r[table.col(c) - 1] as CellValue));
  }
  const got = p.runs.map(([lo, hi]) => ({ lo, hi, rows: snap.cols(REQUESTS.name, p.from, lo, hi) ?? [] }));
  const count = Math.max(0, ...got.map((g) => g.rows.length));
  return buildScan(p.from, count, (c: ScanColumn) => {
    const n = table.col(c);
    const g = got.find((x) => n >= x.lo && n <= x.hi);
    return Array.from({ length: count }, (_, i) => (g?.rows[i]?.[n - (g?.lo ?? 0)] ?? '') as CellValue);
  });
}

/**
 * The scan from the unit's snapshot. When the start's anchor row no longer holds its ID (rows moved), the scan is
 * read again from row 2 (one more batchGet, rare).
 */
export function scanFrom(u: Unit, snap: Snapshot, planned: ScanPlan): StartedScan {
  let p = planned;
  if (!p.whole && p.stamp !== u.schema.stamp) {
    // The read rebuilt the schema (a header edited by hand): the columns are read again at their new places.
    const plan = new Plan();
    p = planFrom(u, plan, p.from, p.start);
    u.read(plan, snap);
  }
  const withAnchor = scanOf(u, snap, p);
  const s = p.start;
  if (!s) return { scan: withAnchor, used: null, whole: p.whole };
  if (withAnchor.ids[0] !== s.anchor || s.anchor === '' || withAnchor.lastRow < s.row - 1) {
    const plan = new Plan();
    const again = planFrom(u, plan, 2, null);
    u.read(plan, snap);
    return { scan: scanOf(u, snap, again), used: null, whole: again.whole };
  }
  const scan: Scan = {
    rows: withAnchor.rows.filter((r) => r.row >= s.row),
    skipped: withAnchor.skipped.filter((r) => r.row >= s.row),
    lastRow: withAnchor.lastRow,
    firstRow: s.row,
    ids: withAnchor.ids.slice(1),
  };
  return { scan, used: s, whole: p.whole };
}

/** The timers' scan on its own (a run whose SLA phase did not scan): one batchGet, no lock. */
export function startedScan(ctx: AppContext): StartedScan {
  return runUnit(ctx, { lock: false }, (u) => {
    const plan = new Plan();
    const p = planScan(u, plan);
    return scanFrom(u, u.read(plan), p);
  });
}

/**
 * After a run: the next start (the first row whose request is not closed or could not be read, else the row after
 * the last), as the property value to write with the run's last setProperties, or null when it did not move.
 * 'null' clears it (the next run scans from row 2).
 */
export function nextScanStart(ctx: AppContext, started: StartedScan, versions: VersionCache): string | null {
  const { scan, used } = started;
  let row = scan.lastRow + 1;
  for (const r of scan.rows) if (r.row < row && isOpen(versions, r)) row = r.row;
  for (const r of scan.skipped) if (r.row < row) row = r.row;
  row = Math.max(row, scan.firstRow);
  const anchor = row - 1 >= scan.firstRow ? (scan.ids[row - 1 - scan.firstRow] ?? '') : (used?.anchor ?? '');
  const next: Start = { row, anchor, full: used ? used.full : ctx.now() };
  if (row <= 2 || anchor === '') return used ? 'null' : null; // nothing to skip: the next run scans from row 2
  if (used && used.row === next.row && used.anchor === next.anchor) return null;
  return JSON.stringify(next);
}

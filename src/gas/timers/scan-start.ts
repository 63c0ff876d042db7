/**
 * Where the timers' scan of Requests starts. A closed request never changes again (the engine refuses every action
 * on a terminal state) and new requests are appended below, so every row above the first request that is not
 * closed stays closed: a run reads from there to the end, which grows with the open work, never with every request
 * ever made. Kept in one script property with the ID of the row just above it, checked on read (the scan reads that
 * row too): rows sorted, removed or moved (by hand, by an archive run) change it, and the run scans from row 2 and
 * sets the start again. A full scan also runs once a day, a backstop for a hand edit of an old row.
 */
import { scopedKey, type AppContext } from '../context';
import { scanRequests, type Scan } from './scan';
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
export const scanStartKey = (ctx: AppContext): string => scopedKey(ctx, 'scanStart');

function read(ctx: AppContext): Start | null {
  const s = ctx.props().json<Start>(scanStartKey(ctx));
  return s && Number.isInteger(s.row) && s.row > 2 && typeof s.anchor === 'string' && Number.isFinite(s.full) ? s : null;
}

export interface StartedScan {
  scan: Scan;
  /** The start the scan used; null for a full scan (from row 2). */
  used: Start | null;
}

/** The timers' scan: from the stored start when the row above it still holds its ID, else from row 2. */
export function startedScan(ctx: AppContext): StartedScan {
  const s = read(ctx);
  if (!s || ctx.now() - s.full >= DAY) return { scan: scanRequests(ctx, 2), used: null };
  const withAnchor = scanRequests(ctx, s.row - 1);
  if (withAnchor.firstRow !== s.row - 1 || withAnchor.ids[0] !== s.anchor || s.anchor === '')
    return { scan: scanRequests(ctx, 2), used: null };
  const scan: Scan = {
    rows: withAnchor.rows.filter((r) => r.row >= s.row),
    skipped: withAnchor.skipped.filter((r) => r.row >= s.row),
    lastRow: withAnchor.lastRow,
    firstRow: s.row,
    ids: withAnchor.ids.slice(1),
  };
  return { scan, used: s };
}

/**
 * After a run: the next start is the first row whose request is not closed (or could not be read), else the row
 * after the last. One property write, only when it moved.
 */
export function storeScanStart(ctx: AppContext, started: StartedScan, versions: VersionCache): void {
  const { scan, used } = started;
  let row = scan.lastRow + 1;
  for (const r of scan.rows) if (r.row < row && isOpen(versions, r)) row = r.row;
  for (const r of scan.skipped) if (r.row < row) row = r.row;
  row = Math.max(row, scan.firstRow);
  const anchor = row - 1 >= scan.firstRow ? (scan.ids[row - 1 - scan.firstRow] ?? '') : (used?.anchor ?? '');
  const next: Start = { row, anchor, full: used ? used.full : ctx.now() };
  if (row <= 2 || anchor === '') {
    // Nothing to skip (or no ID to check the start by): the next run scans from row 2.
    if (used) ctx.props().deleteNow(scanStartKey(ctx));
    return;
  }
  if (used && used.row === next.row && used.anchor === next.anchor) return;
  ctx.props().writeNow(scanStartKey(ctx), JSON.stringify(next));
}

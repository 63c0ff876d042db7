/**
 * The workbook's capacity: Sheets counts every cell of every tab (empty ones too) against 10,000,000 per
 * spreadsheet. Pure arithmetic over what the adapter measured.
 */
import { DAY_MS } from './retention';

export const CELL_LIMIT = 10_000_000;
/** Admins get one email when the live workbook passes this share of the limit. */
export const WARN_SHARE = 0.7;
/** An archive takes new batches until it passes this share of its own limit; then a new one starts. */
export const ARCHIVE_FULL_SHARE = 0.9;

export interface TabSize {
  name: string;
  rows: number;
  columns: number;
}

export const cellsOf = (tabs: readonly TabSize[]): number => tabs.reduce((n, t) => n + t.rows * t.columns, 0);

/**
 * Days until the limit at the last 30 days' rate: the requests created in those 30 days times the cells each
 * live request holds now (the live cells over the live requests). Null when nothing was created (no growth).
 * Archive runs take cells back, so this is the time left if archiving stopped.
 */
export function daysLeft(p: { cells: number; cellLimit: number; liveRequests: number; createdLast30Days: number }): number | null {
  if (p.createdLast30Days <= 0 || p.liveRequests <= 0) return null;
  const perRequest = p.cells / p.liveRequests;
  const perDay = (p.createdLast30Days * perRequest) / 30;
  return Math.max(0, Math.floor((p.cellLimit - p.cells) / perDay));
}

/** Whether an archive with `cells` cells can take `adding` more and stay under its share of the limit. */
export function archiveHasRoom(cells: number, adding: number, limit = CELL_LIMIT): boolean {
  return cells + adding <= limit * ARCHIVE_FULL_SHARE;
}

export const since30Days = (now: number): number => now - 30 * DAY_MS;

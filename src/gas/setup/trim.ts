/**
 * Tabs hold only their own cells: Sheets counts every cell of every tab against 10,000,000 per spreadsheet, empty
 * ones too, and a new tab starts with 1,000 rows × 26 columns. Set-up / repair trims each governed tab to its last
 * column with content (at least its headers) and, when more than APPEND_SLACK rows stand empty below the last row,
 * to SPARE_ROWS empty rows. Appends then grow a tab by APPEND_SLACK rows at a time (src/gas/sheet/table.ts).
 * Nothing with content is ever removed. Cost: 4 metadata calls per tab, 1-2 more when it trims.
 */
import { APPEND_SLACK, headerKey, readHeaders, type TabSpec } from '../sheet/table';

type Sheet = GoogleAppsScript.Spreadsheet.Sheet;

export const SPARE_ROWS = 20;

/** Trims a tab's empty columns and spare rows; returns the cells removed (0 when it was already trim). */
export function trimTab(sheet: Sheet, headerCount: number): number {
  const maxR = sheet.getMaxRows();
  const maxC = sheet.getMaxColumns();
  const keepC = Math.max(1, headerCount, sheet.getLastColumn());
  const lastRow = sheet.getLastRow();
  let removed = 0;
  if (maxC > keepC) {
    sheet.deleteColumns(keepC + 1, maxC - keepC);
    removed += (maxC - keepC) * maxR;
  }
  const cols = Math.min(maxC, keepC);
  const keepR = Math.max(2, lastRow + SPARE_ROWS); // a frozen header needs a row under it
  if (maxR - lastRow > APPEND_SLACK && maxR > keepR) {
    sheet.deleteRows(keepR + 1, maxR - keepR);
    removed += (maxR - keepR) * cols;
  }
  return removed;
}

export function trimLine(tab: string, cells: number): string {
  return `${tab}: removed ${cells.toLocaleString('en-US')} empty cells (Sheets counts them against the 10,000,000-cell limit)`;
}

/**
 * Removes the tab's on-demand columns (Requests' "Fields (2)"...) that hold nothing below their header: a new
 * workbook has none, and an earlier version's workbook pays their cells on every row until then. A column with
 * content stays (it holds a long value), and so does a header that appears twice (set-up reports that). Returns
 * the report's line, or '' when nothing was removed. Cost: 2 calls, one read per such column, one call per removal.
 */
export function dropEmptyOnDemand(sheet: Sheet, spec: TabSpec): string {
  const names = spec.onDemand ?? [];
  if (names.length === 0) return '';
  const keys = readHeaders(sheet).map(headerKey);
  const last = sheet.getLastRow();
  const removed: Array<{ name: string; col: number }> = [];
  const kept: string[] = [];
  for (const name of names) {
    const at = keys.flatMap((k, i) => (k === headerKey(name) ? [i + 1] : []));
    if (at.length !== 1) continue;
    const col = at[0] as number;
    const empty = last < 2 || sheet.getSheetValues(2, col, last - 1, 1).every((r) => r[0] === '' || r[0] === null || r[0] === undefined);
    if (empty) removed.push({ name, col });
    else kept.push(name);
  }
  if (removed.length === 0) return '';
  // Right to left, so the columns still to remove keep their positions.
  for (const r of [...removed].sort((a, b) => b.col - a.col)) sheet.deleteColumn(r.col);
  const list = (l: string[]) => l.map((n) => `"${n}"`).join(', ');
  const keptText = kept.length ? `; kept ${list(kept)}, which hold${kept.length === 1 ? 's' : ''} long values` : '';
  return `${spec.name}: removed the empty column${removed.length > 1 ? 's' : ''} ${list(removed.map((r) => r.name))} (a request adds one when its JSON first needs it)${keptText}`;
}

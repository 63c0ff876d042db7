/**
 * Tabs hold only their own cells: Sheets counts every cell of every tab against 10,000,000 per spreadsheet, empty
 * ones too, and a new tab starts with 1,000 rows × 26 columns. Set-up / repair trims each governed tab to its last
 * column with content (at least its headers) and, when more than APPEND_SLACK rows stand empty below the last row,
 * to SPARE_ROWS empty rows. Appends then grow a tab by APPEND_SLACK rows at a time (src/gas/sheet/table.ts).
 * Nothing with content is ever removed. Cost: 4 metadata calls per tab, 1-2 more when it trims.
 */
import { APPEND_SLACK } from '../sheet/table';

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

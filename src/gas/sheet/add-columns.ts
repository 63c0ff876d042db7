/** Columns added to a tab after it was opened (Requests' on-demand continuation columns, SpreadsheetApp path). */
import { headerKey, readHeaders, type Table } from './table';
import { textCell } from './values';

/**
 * Adds columns to the right of the header row (fresh columns inserted there, so no cell of an operator's column
 * further right is written over), with their headers, and the table learns them in place: every holder of this
 * Table writes the wider rows from now on (rows built before are padded with the new, empty cells). The header row
 * is read again first: a column another writer added meanwhile is learned, not added twice. Returns the columns
 * added. Cost: 1 read, and 2 writes when it adds.
 */
export function addColumns(table: Table, names: readonly string[]): string[] {
  const sheet = table.sheet;
  const fresh = readHeaders(sheet);
  const have = new Set(fresh.map(headerKey));
  const add = names.filter((n) => !have.has(headerKey(n)));
  if (add.length > 0) {
    sheet.insertColumnsAfter(Math.max(1, fresh.length), add.length);
    sheet.getRange(1, fresh.length + 1, 1, add.length).setValues([add.map(textCell)]);
  }
  table.learnHeaders([...fresh, ...add]);
  return add;
}

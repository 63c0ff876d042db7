/**
 * JSON values in cells, spilling into continuation columns ("Fields (2)", ...) past the 50,000-char cell limit.
 * A tab whose continuation columns are on demand (Requests: TabSpec.onDemand) may lack them: the cells for a long
 * value then name a column the tab does not have yet, and the writer adds it (columnsToAdd) before it writes the
 * row. Readers join whatever continuation cells the row has: a missing column reads as no spill.
 */
import { TooLargeError } from '../errors';
import { continuationName, CONTINUATIONS } from '../sheet/tabs';
import { headerKey, type Table } from '../sheet/table';
import { MAX_CELL_CHARS, splitText, textCell, type CellValue } from '../sheet/values';

/** The column and its continuation columns, in order. */
const partsOf = (column: string): string[] => [
  column,
  ...Array.from({ length: CONTINUATIONS[column] ?? 0 }, (_, i) => continuationName(column, i + 2)),
];

const onDemand = (table: Table, column: string): boolean => (table.spec.onDemand ?? []).some((c) => headerKey(c) === headerKey(column));

/** How many cells a value of `column` may use on this table: the ones present, and on-demand ones it may add. */
export function jsonCellCount(table: Table, column: string): number {
  const names = partsOf(column);
  let n = 1;
  while (n < names.length && (table.has(names[n] as string) || onDemand(table, names[n] as string))) n++;
  return n;
}

/**
 * Cells for `column` (and its continuation columns), holding JSON.stringify(value): every continuation column
 * the table has (emptied when the value no longer reaches it), and an on-demand one it lacks only when the value
 * needs it.
 */
export function jsonCells(table: Table, column: string, value: unknown): Record<string, CellValue> {
  const text = JSON.stringify(value ?? null);
  const names = partsOf(column);
  const usable = jsonCellCount(table, column);
  // -1: the quote prefix a part may need counts toward the cell.
  const parts = splitText(text, MAX_CELL_CHARS - 1);
  if (parts.length > usable) throw new TooLargeError(`${table.name} column "${column}"`, text.length, usable * (MAX_CELL_CHARS - 1));
  const out: Record<string, CellValue> = {};
  names.forEach((c, i) => {
    const part = parts[i] ?? '';
    if (i === 0 || table.has(c) || part !== '') out[c] = textCell(part);
  });
  return out;
}

/** The on-demand columns a record fills that the table lacks: the writer adds them (with headers) first. */
export function columnsToAdd(table: Table, rec: Record<string, CellValue>): string[] {
  return Object.entries(rec)
    .filter(([c, v]) => v !== '' && !table.has(c) && onDemand(table, c))
    .map(([c]) => c);
}

/** The JSON text of `column` and its continuation cells, joined (a continuation column the row lacks: no spill). */
export function jsonText(rec: Record<string, CellValue>, column: string): string {
  let text = String(rec[column] ?? '');
  for (const c of partsOf(column).slice(1)) {
    const v = rec[c];
    if (v === undefined || v === '') break;
    text += String(v);
  }
  return text;
}

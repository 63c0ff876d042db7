/** JSON values in cells, spilling into continuation columns ("Fields (2)", ...) past the 50,000-char cell limit. */
import { TooLargeError } from '../errors';
import { continuationName, CONTINUATIONS } from '../sheet/tabs';
import type { Table } from '../sheet/table';
import { MAX_CELL_CHARS, splitText, textCell, type CellValue } from '../sheet/values';

/** Cells for `column` (and its continuation columns present on the table), holding JSON.stringify(value). */
export function jsonCells(table: Table, column: string, value: unknown): Record<string, CellValue> {
  const text = JSON.stringify(value ?? null);
  const extra = CONTINUATIONS[column] ?? 0;
  const present = [column];
  for (let p = 2; p <= extra + 1 && table.has(continuationName(column, p)); p++) present.push(continuationName(column, p));
  // -1: the quote prefix a part may need counts toward the cell.
  const parts = splitText(text, MAX_CELL_CHARS - 1);
  if (parts.length > present.length)
    throw new TooLargeError(`${table.name} column "${column}"`, text.length, present.length * (MAX_CELL_CHARS - 1));
  const out: Record<string, CellValue> = {};
  present.forEach((c, i) => (out[c] = textCell(parts[i] ?? '')));
  return out;
}

/** The JSON text of `column` and its continuation cells, joined. */
export function jsonText(rec: Record<string, CellValue>, column: string): string {
  let text = String(rec[column] ?? '');
  const extra = CONTINUATIONS[column] ?? 0;
  for (let p = 2; p <= extra + 1; p++) {
    const v = rec[continuationName(column, p)];
    if (v === undefined || v === '') break;
    text += String(v);
  }
  return text;
}

/**
 * The columns of a form's response sheet: Timestamp, Email Address (when collected), then one per question,
 * and one per row of a grid ("Title [Row]"). Columns are added, never removed (a deleted question keeps its
 * column and header, as in Sheets).
 */
import { sheetValue } from './answers';
import { gridCell, isGrid } from './grid-answers';
import { type DestinationColumn, type DestinationData, type FormData, type ItemData, QUESTION_TYPES, type ResponseData } from './model';

/** The item (and grid row) behind a response-sheet column of an item: `id` or `id:row`. */
export function columnItem(c: Exclude<DestinationColumn, 'timestamp' | 'email'>): { itemId: number; row: number | null } {
  if (typeof c === 'number') return { itemId: c, row: null };
  const [id, row] = c.split(':');
  return { itemId: Number(id), row: Number(row) };
}

/** Adds the columns of new questions and grid rows to `d.columns`; returns every column's header text. */
export function syncColumns(form: FormData, d: DestinationData): string[] {
  if (!d.columns.includes('timestamp')) d.columns.unshift('timestamp');
  if (form.collectEmail && !d.columns.includes('email')) d.columns.splice(1, 0, 'email');
  for (const it of form.items) {
    if (!QUESTION_TYPES.includes(it.type)) continue;
    // A grid gets one column per row; a row added later gets its column then.
    const keys: DestinationColumn[] = isGrid(it) ? (it.rows ?? []).map((_, r) => `${it.id}:${r}` as const) : [it.id];
    for (const k of keys) if (!d.columns.includes(k)) d.columns.push(k);
  }
  return d.columns.map((c, i) => {
    if (c === 'timestamp') return 'Timestamp';
    if (c === 'email') return 'Email Address';
    const { itemId, row } = columnItem(c);
    const it = form.items.find((x) => x.id === itemId);
    if (!it) return d.headers[i] ?? '';
    if (row === null) return it.title;
    const rowTitle = it.rows?.[row];
    return rowTitle === undefined ? (d.headers[i] ?? '') : `${it.title} [${rowTitle}]`;
  });
}

/** A response's cells, column by column, and the item behind each (null for Timestamp and Email Address). */
export function rowCells(form: FormData, r: ResponseData, tz: string): { values: unknown[]; items: Array<ItemData | null> } {
  const d = form.destination!;
  const items: Array<ItemData | null> = [];
  const values = d.columns.map((c) => {
    if (c === 'timestamp' || c === 'email') {
      items.push(null);
      return c === 'timestamp' ? new Date(r.timestamp) : r.respondentEmail;
    }
    const { itemId, row } = columnItem(c);
    const it = form.items.find((x) => x.id === itemId) ?? null;
    items.push(it);
    if (!it) return '';
    const answer = r.answers.find((a) => a.itemId === itemId)?.value;
    return row === null ? sheetValue(it, answer, tz) : gridCell(answer, row);
  });
  return { values, items };
}

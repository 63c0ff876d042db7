/**
 * Answers to grid (GRID) and checkbox-grid (CHECKBOX_GRID) items: what a respondent may submit, what Google
 * Forms refuses, and what the response sheet gets (one column per row, headed "Title [Row]").
 *
 * Stored values: a grid answer is a string[] with one entry per row ('' for a row not answered); a checkbox-grid
 * answer a string[][] with one array per row ([] for a row not answered; ItemResponse.getResponse() turns it into
 * '', as the reference says).
 */
import type { AnswerValue, ItemData } from './model';

/** What a test, the playground or the runner may pass for a grid: one entry per row, or { row: column(s) }. */
export type GridInput = ReadonlyArray<string | string[] | null | undefined> | Readonly<Record<string, string | string[] | null>>;

export const isGrid = (item: ItemData): boolean => item.type === 'GRID' || item.type === 'CHECKBOX_GRID';

const blankCell = (c: unknown): boolean => c === null || c === undefined || c === '' || (Array.isArray(c) && c.length === 0);

/** True when no row of a grid answer holds a choice (the question counts as not answered). */
export function gridIsEmpty(v: AnswerValue): boolean {
  return Array.isArray(v) && v.every(blankCell);
}

/** Per row, the raw input of that row (by position, or by row title in an object). */
function perRow(item: ItemData, raw: unknown): { cells: unknown[] } | { error: string } {
  const rows = item.rows ?? [];
  if (Array.isArray(raw)) {
    if (raw.length !== rows.length) return { error: `Expected ${rows.length} answers, one per row` };
    return { cells: raw };
  }
  if (raw && typeof raw === 'object' && !(raw instanceof Date)) {
    const byRow = raw as Record<string, unknown>;
    const unknown = Object.keys(byRow).find((k) => !rows.includes(k));
    if (unknown !== undefined) return { error: `"${unknown}" is not a row of this grid` };
    return { cells: rows.map((r) => byRow[r]) };
  }
  return { error: 'Expected one answer per row' };
}

/**
 * A respondent's grid answer as stored, or Google Forms' complaint. null: nothing answered in any row.
 * A checkbox-grid row takes a string or an array of columns; a grid row one column.
 */
export function normalizeGridAnswer(item: ItemData, raw: unknown): { value: AnswerValue | null; error?: string } {
  const split = perRow(item, raw);
  if ('error' in split) return { value: null, error: split.error };
  const columns = item.columns ?? [];
  const checkbox = item.type === 'CHECKBOX_GRID';
  const out: Array<string | string[]> = [];
  for (const cell of split.cells) {
    const picked = blankCell(cell) ? [] : (Array.isArray(cell) ? cell : [cell]).map(String);
    const wrong = picked.find((p) => !columns.includes(p));
    if (wrong !== undefined) return { value: null, error: `"${wrong}" is not one of the choices` };
    if (!checkbox && picked.length > 1) return { value: null, error: 'Expected one answer per row' };
    out.push(checkbox ? columns.filter((c) => picked.includes(c)) : (picked[0] ?? ''));
  }
  const value = out as string[] | string[][];
  return { value: gridIsEmpty(value) ? null : value };
}

/**
 * The value ItemResponse holds for GridItem/CheckboxGridItem.createResponse(responses), or null when the
 * reference says it throws: "as many values as the number of rows in the grid. A null element for a
 * non-required grid question indicates no response to that row. Throws an exception if any of the values does
 * not match a valid choice." A null row of a required grid is refused too (the stricter reading).
 */
export function gridResponse(item: ItemData, responses: unknown): AnswerValue | null {
  const rows = item.rows ?? [];
  const columns = item.columns ?? [];
  if (!Array.isArray(responses) || responses.length !== rows.length) return null;
  const out: Array<string | string[]> = [];
  for (const r of responses) {
    if (r === null || r === undefined) {
      if (item.required) return null;
      out.push(item.type === 'CHECKBOX_GRID' ? [] : '');
    } else if (item.type === 'CHECKBOX_GRID') {
      if (!Array.isArray(r) || r.some((c) => !columns.includes(String(c)))) return null;
      out.push(r.map(String));
    } else {
      if (!columns.includes(String(r))) return null;
      out.push(String(r));
    }
  }
  return out as string[] | string[][];
}

/**
 * Google Forms' message under a grid question, or null: a required grid needs every row answered; a grid
 * validation (requireLimitOneResponsePerColumn) allows each column in one row at most. Its help text, when
 * set, replaces the message, as Forms shows it.
 */
export function gridAnswerError(item: ItemData, value: AnswerValue | null): string | null {
  const rows = (value ?? []) as Array<string | string[]>;
  const empty = value === null || gridIsEmpty(value);
  if (item.required && (empty || rows.some(blankCell)))
    return item.type === 'CHECKBOX_GRID'
      ? 'This question requires at least one response per row'
      : 'This question requires one response per row';
  const v = item.gridValidation;
  if (!v?.onePerColumn || empty) return null;
  const used = rows.flatMap((r) => (Array.isArray(r) ? r : r ? [r] : []));
  if (new Set(used).size === used.length) return null;
  return v.helpText?.trim() ? v.helpText : "Please don't select more than one response per column";
}

/** The cell of one grid row in the response sheet: the column chosen, or the columns joined with ", ". */
export function gridCell(v: AnswerValue | undefined, row: number): string {
  if (!Array.isArray(v)) return '';
  const cell = v[row];
  if (Array.isArray(cell)) return cell.join(', ');
  return cell ?? '';
}

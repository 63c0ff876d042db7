/**
 * What Handoff writes into cells and how it reads them back.
 *
 * Sheets parses a string written with setValue(s)/appendRow like typed text: `=...` becomes a formula,
 * `+1`, `-1`, `12`, `2026-01-05`, `TRUE`, `$5` become numbers, dates or booleans, and a leading
 * apostrophe is a "quote prefix": `'=1+1` is stored as the text `=1+1`, and getValues()/getDisplayValues()
 * return `=1+1` without the apostrophe (the Sheets API does the same; only userEnteredValue shows it).
 * So user text that Sheets could interpret (formula-looking, number-, date- or boolean-looking, or that
 * itself starts with an apostrophe) is written with one leading apostrophe, and reads back exactly.
 */

/** Sheets' per-cell limit. */
export const MAX_CELL_CHARS = 50_000;

/** A value as getValues() returns it. */
export type CellValue = string | number | boolean | Date;

const FORMULA_LIKE = /^\s*[=+\-@]/;
const NUMBER_OR_DATE_LIKE = /^\s*[(\-+]?\s*[$€£¥]?\s*[.\d]/;
const BOOLEAN_LIKE = /^\s*(true|false)\s*$/i;
const MONTH_DATE_LIKE = /^\s*(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?[\s,/-]+\d/i;
const WEEKDAY_OR_TIME_LIKE = /^\s*\d{1,2}\s*(am|pm)\b/i;

/** True when Sheets would not keep `s` as the same text if written as is. */
export function needsQuotePrefix(s: string): boolean {
  if (s === '') return false;
  return (
    s.startsWith("'") ||
    FORMULA_LIKE.test(s) ||
    NUMBER_OR_DATE_LIKE.test(s) ||
    BOOLEAN_LIKE.test(s) ||
    MONTH_DATE_LIKE.test(s) ||
    WEEKDAY_OR_TIME_LIKE.test(s) ||
    s.startsWith('\t') ||
    s.startsWith('\n')
  );
}

/** User or engine text → what to write so that it is stored as exactly this text, never a formula. */
export function textCell(s: string): string {
  return needsQuotePrefix(s) ? "'" + s : s;
}

/** Anything Handoff stores → a cell value safe to hand to setValues. */
export function toCell(v: unknown): CellValue {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v;
  if (typeof v === 'number') return Number.isFinite(v) ? v : '';
  if (typeof v === 'boolean') return v;
  return textCell(typeof v === 'string' ? v : JSON.stringify(v));
}

/** Epoch ms → a Date cell (dates round-trip as dates); null → empty. */
export function dateCell(ms: number | null | undefined): CellValue {
  return typeof ms === 'number' && Number.isFinite(ms) ? new Date(ms) : '';
}

/** What getValues() returns for a value Handoff wrote (the quote prefix is not part of the value). */
export function readBack(v: CellValue): CellValue {
  return typeof v === 'string' && v.startsWith("'") ? v.slice(1) : v;
}

/** A cell read back as text: '' for empty, numbers and booleans as their text, dates as ISO. */
export function cellText(v: unknown): string {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'string') return v;
  return String(v);
}

/** A cell read back as an epoch-ms time, or null (empty or unparseable). */
export function cellTime(v: unknown): number | null {
  if (v instanceof Date) return v.getTime();
  if (typeof v === 'number' && Number.isFinite(v)) return v;
  if (typeof v === 'string' && v.trim() !== '') {
    const t = Date.parse(v);
    return Number.isNaN(t) ? null : t;
  }
  return null;
}

/** A cell read back as an integer, or null. */
export function cellInt(v: unknown): number | null {
  if (typeof v === 'number' && Number.isInteger(v)) return v;
  if (typeof v === 'string' && /^\s*-?\d+\s*$/.test(v)) return Number(v);
  return null;
}

/** Long text split into cell-sized pieces (continuation cells). Never splits a surrogate pair. */
export function splitText(s: string, size = MAX_CELL_CHARS - 1): string[] {
  if (s.length <= size) return [s];
  const out: string[] = [];
  let i = 0;
  while (i < s.length) {
    let end = Math.min(i + size, s.length);
    const c = s.charCodeAt(end - 1);
    if (end < s.length && c >= 0xd800 && c <= 0xdbff) end--;
    out.push(s.slice(i, end));
    i = end;
  }
  return out;
}

/**
 * Cells between the Sheets API and Handoff's CellValue (what getValues returns, so the stores' record parsers work
 * unchanged). Reads use UNFORMATTED_VALUE with SERIAL_NUMBER dates: a number in a date column becomes a Date, in the
 * spreadsheet's time zone. Writes send typed CellData: text as stringValue (stored exactly, never a formula; the
 * quote prefix textCell() adds for setValues is taken off first), numbers, booleans, and dates as serial numbers
 * with a date-time format.
 */
import type { ZoneOffset } from '../../core';
import type { CellValue } from '../sheet/values';

/** Headers of the governed tabs whose cells hold dates. */
export const DATE_HEADERS = new Set(
  ['SLA due', 'Created', 'Updated', 'At', 'Next attempt', 'Sent at', 'Published at', 'Away from', 'Away to', 'Received', 'Resolved'].map(
    (h) => h.toLowerCase(),
  ),
);

export const isDateHeader = (h: string): boolean => DATE_HEADERS.has(h.trim().replace(/\s+/g, ' ').toLowerCase());

const SERIAL_EPOCH = Date.UTC(1899, 11, 30);
const DAY = 86_400_000;
export const DATE_PATTERN = 'yyyy-mm-dd hh:mm:ss';

export function toSerial(ms: number, tz: string, zone: ZoneOffset): number {
  return (ms + zone(tz, ms) * 60_000 - SERIAL_EPOCH) / DAY;
}

export function fromSerial(serial: number, tz: string, zone: ZoneOffset): number {
  const wall = Math.round(serial * DAY) + SERIAL_EPOCH;
  const guess = wall - zone(tz, wall) * 60_000;
  return wall - zone(tz, guess) * 60_000;
}

export interface Codec {
  tz: string;
  zone: ZoneOffset;
}

/** One row as read (trailing empty cells dropped) → full width, dates as Dates. */
export function decodeRow(values: readonly unknown[] | undefined, dateCols: readonly boolean[], width: number, c: Codec): CellValue[] {
  const out: CellValue[] = new Array(Math.max(width, values?.length ?? 0));
  for (let i = 0; i < out.length; i++) {
    const v = values?.[i];
    if (v === undefined || v === null) out[i] = '';
    else if (typeof v === 'number' && dateCols[i]) out[i] = new Date(fromSerial(v, c.tz, c.zone));
    else out[i] = v as CellValue;
  }
  return out;
}

/** A value as a stores' record builder made it (textCell-quoted text) → the text to store. */
export function logical(v: CellValue): CellValue {
  return typeof v === 'string' && v.startsWith("'") ? v.slice(1) : v;
}

/**
 * A record built for setValues (text quoted by textCell so Sheets keeps it as text) → the values themselves. The
 * plane writes text as stringValue, which Sheets never parses, so the quote must go.
 */
export function unquoted(rec: Record<string, CellValue>): Record<string, CellValue> {
  const out: Record<string, CellValue> = {};
  for (const [k, v] of Object.entries(rec)) out[k] = logical(v);
  return out;
}

/** One cell for updateCells/appendCells. '' clears the value. */
export function cellData(v: CellValue, c: Codec): Record<string, unknown> {
  if (v instanceof Date) {
    return {
      userEnteredValue: { numberValue: toSerial(v.getTime(), c.tz, c.zone) },
      userEnteredFormat: { numberFormat: { type: 'DATE_TIME', pattern: DATE_PATTERN } },
    };
  }
  if (typeof v === 'number') return Number.isFinite(v) ? { userEnteredValue: { numberValue: v } } : {};
  if (typeof v === 'boolean') return { userEnteredValue: { boolValue: v } };
  if (v === '' || v === null || v === undefined) return {};
  return { userEnteredValue: { stringValue: String(v) } };
}

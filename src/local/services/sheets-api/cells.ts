/**
 * Cell values in and out of the Sheets API model, on the same cells SpreadsheetApp sees (src/local/services/spreadsheet).
 * Out: valueRenderOption FORMATTED_VALUE (strings as displayed), UNFORMATTED_VALUE (numbers, booleans, strings; dates
 * as serial numbers or, with dateTimeRenderOption FORMATTED_STRING, as displayed) and FORMULA.
 * In: valueInputOption RAW (stored as given: a string is never a formula or a number) and USER_ENTERED (parsed as
 * if typed, like setValues), and the CellData of updateCells/appendCells.
 */
import type { SheetData } from '../spreadsheet/model';
import {
  CELL_TOO_LONG,
  dateFromSerial,
  displayOf,
  isDate,
  isDateFormat,
  MAX_CELL_CHARS,
  serialFromDate,
  toCell,
  type Cell,
  type Scalar,
} from '../spreadsheet/values';
import { badRequest } from './errors';

export type ValueRenderOption = 'FORMATTED_VALUE' | 'UNFORMATTED_VALUE' | 'FORMULA';
export type DateTimeRenderOption = 'SERIAL_NUMBER' | 'FORMATTED_STRING';
export type ValueInputOption = 'RAW' | 'USER_ENTERED';
export type Dimension = 'ROWS' | 'COLUMNS';
export type ApiValue = string | number | boolean;

export interface RenderOptions {
  valueRenderOption: ValueRenderOption;
  dateTimeRenderOption: DateTimeRenderOption;
  tz: string;
}

function oneOf<T extends string>(what: string, v: unknown, allowed: readonly T[], dflt: T): T {
  if (v === undefined || v === null || v === '') return dflt;
  if ((allowed as readonly unknown[]).includes(v)) return v as T;
  throw badRequest(`Invalid value at '${what}' (${allowed.join(', ')}), "${String(v)}"`);
}

export function renderOptions(args: Record<string, unknown>, tz: string, prefix = ''): RenderOptions {
  const vKey = prefix ? `${prefix}ValueRenderOption` : 'valueRenderOption';
  const dKey = prefix ? `${prefix}DateTimeRenderOption` : 'dateTimeRenderOption';
  return {
    valueRenderOption: oneOf(
      'value_render_option',
      args[vKey],
      ['FORMATTED_VALUE', 'UNFORMATTED_VALUE', 'FORMULA'] as const,
      'FORMATTED_VALUE',
    ),
    dateTimeRenderOption: oneOf('date_time_render_option', args[dKey], ['SERIAL_NUMBER', 'FORMATTED_STRING'] as const, 'SERIAL_NUMBER'),
    tz,
  };
}

export function majorDimension(v: unknown): Dimension {
  return oneOf('major_dimension', v, ['ROWS', 'COLUMNS'] as const, 'ROWS');
}

export function valueInputOption(v: unknown): ValueInputOption {
  if (v === undefined || v === null || v === '') throw badRequest("'valueInputOption' is required but not specified");
  return oneOf('value_input_option', v, ['RAW', 'USER_ENTERED'] as const, 'RAW');
}

/** One cell as the API returns it ('' for empty). `value` is the cell's computed value (formulas evaluated). */
export function renderValue(value: Scalar, cell: Cell | undefined, o: RenderOptions): ApiValue {
  if (o.valueRenderOption === 'FORMULA' && cell?.f !== undefined) return cell.f;
  if (o.valueRenderOption === 'FORMATTED_VALUE') return displayOf(value, cell?.nf, o.tz);
  if (isDate(value)) return o.dateTimeRenderOption === 'SERIAL_NUMBER' ? serialFromDate(value, o.tz) : displayOf(value, cell?.nf, o.tz);
  if (typeof value === 'number' && o.dateTimeRenderOption === 'FORMATTED_STRING' && cell?.nf && isDateFormat(cell.nf)) {
    return displayOf(value, cell.nf, o.tz);
  }
  return value;
}

/**
 * A block of cells as the API returns it: trailing empty cells of each row (or column) and trailing empty rows
 * dropped, an empty row in the middle as []; undefined when nothing is left (the API then omits `values`).
 */
export function renderBlock(
  sheet: SheetData,
  valueAt: (r: number, c: number) => Scalar,
  r1: number,
  c1: number,
  r2: number,
  c2: number,
  o: RenderOptions,
  dim: Dimension,
): ApiValue[][] | undefined {
  // Rows past the last stored row are empty: never walk the grid's empty tail.
  const lastStored = Math.min(r2, sheet.rows.length);
  const grid: ApiValue[][] = [];
  for (let r = r1; r <= lastStored; r++) {
    const stored = sheet.rows[r - 1];
    const row: ApiValue[] = [];
    if (stored) {
      const lastCol = Math.min(c2, stored.length);
      for (let c = c1; c <= lastCol; c++) {
        const cell = stored[c - 1];
        row.push(cell ? renderValue(valueAt(r, c), cell, o) : '');
      }
    }
    grid.push(row);
  }
  let lines = grid;
  if (dim === 'COLUMNS') {
    const width = Math.max(0, ...grid.map((r) => r.length));
    lines = Array.from({ length: width }, (_, j) => grid.map((r) => r[j] ?? ''));
  }
  for (const line of lines) while (line.length > 0 && line[line.length - 1] === '') line.pop();
  while (lines.length > 0 && (lines[lines.length - 1] as ApiValue[]).length === 0) lines.pop();
  return lines.length ? lines : undefined;
}

/** A number written into a date-formatted cell is a date (Sheets keeps dates as numbers with a date format). */
function asDateIfFormatted(c: Cell, tz: string): Cell {
  if (typeof c.v === 'number' && c.nf && isDateFormat(c.nf)) return { ...c, v: dateFromSerial(c.v, tz) };
  return c;
}

export const SKIP = Symbol('skip');

function checkLength(s: string): void {
  if (s.length > MAX_CELL_CHARS) throw badRequest(CELL_TOO_LONG);
}

/** One input value of values.update/append/batchUpdate → the stored cell (SKIP: null leaves the cell as it is). */
export function inputCell(
  value: unknown,
  prev: Cell | undefined,
  option: ValueInputOption,
  tz: string,
  where: string,
): Cell | undefined | typeof SKIP {
  if (value === null || value === undefined) return SKIP;
  const nf = prev?.nf;
  const withNf = (c: Cell): Cell => (nf !== undefined && c.nf === undefined ? { ...c, nf } : c);
  let v = value;
  // A Date passed to the advanced service is sent as its JSON text.
  if (isDate(v)) v = v.toISOString();
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) throw badRequest(`Invalid ${where}: number_value: ${String(v)}`);
    return asDateIfFormatted(withNf({ v }), tz);
  }
  if (typeof v === 'boolean') return withNf({ v });
  if (typeof v !== 'string') throw badRequest(`Invalid ${where}: ${Array.isArray(v) ? 'list_value' : 'struct_value'}`);
  checkLength(v);
  if (v === '') return nf !== undefined ? { nf } : undefined;
  if (option === 'RAW') return withNf({ v });
  const c = toCell(v, prev, tz);
  return c ? asDateIfFormatted(c, tz) : c;
}

// ---- CellData (spreadsheets.batchUpdate updateCells / appendCells) ----------------------------------------------

export interface ExtendedValue {
  numberValue?: number;
  stringValue?: string;
  boolValue?: boolean;
  formulaValue?: string;
  errorValue?: { type?: string; message?: string };
}

export interface CellDataInput {
  userEnteredValue?: ExtendedValue;
  userEnteredFormat?: { numberFormat?: { type?: string; pattern?: string } } & Record<string, unknown>;
  [other: string]: unknown;
}

/** What a fields mask of updateCells/appendCells touches in this model: the value and the number format. */
export interface CellFields {
  value: boolean;
  numberFormat: boolean;
}

export function cellFields(mask: unknown): CellFields {
  const text = typeof mask === 'string' ? mask.trim() : '';
  if (!text) throw badRequest("At least one field must be listed in 'fields'. (Use '*' to indicate all fields.)");
  const paths = text.split(',').map((p) => p.trim());
  const has = (p: string) => paths.some((x) => x === '*' || x === p || p.startsWith(`${x}.`));
  return { value: has('userEnteredValue'), numberFormat: has('userEnteredFormat.numberFormat') };
}

const DEFAULT_PATTERN: Record<string, string> = {
  TEXT: '@',
  NUMBER: '#,##0.00',
  PERCENT: '0.00%',
  CURRENCY: '"$"#,##0.00',
  DATE: 'M/d/yyyy',
  TIME: 'h:mm:ss am/pm',
  DATE_TIME: 'M/d/yyyy H:mm:ss',
  SCIENTIFIC: '0.00E+00',
};

/** Applies one CellData to a cell under a fields mask; returns the new cell. */
export function applyCellData(
  prev: Cell | undefined,
  data: CellDataInput | undefined,
  fields: CellFields,
  tz: string,
  where: string,
): Cell | undefined {
  let c: Cell = { ...(prev ?? {}) };
  if (fields.numberFormat) {
    const f = data?.userEnteredFormat?.numberFormat;
    if (f && (f.pattern || f.type)) c.nf = f.pattern || DEFAULT_PATTERN[String(f.type)] || undefined;
    else delete c.nf;
    if (c.nf === undefined) delete c.nf;
  }
  if (fields.value) {
    delete c.v;
    delete c.f;
    delete c.q;
    const u = data?.userEnteredValue;
    if (u) {
      const kinds = ['numberValue', 'stringValue', 'boolValue', 'formulaValue', 'errorValue'].filter(
        (k) => (u as Record<string, unknown>)[k] !== undefined,
      );
      if (kinds.length > 1) throw badRequest(`Invalid ${where}: only one of ${kinds.join(', ')} may be set.`);
      if (u.numberValue !== undefined) {
        if (typeof u.numberValue !== 'number' || !Number.isFinite(u.numberValue)) throw badRequest(`Invalid ${where}: numberValue`);
        c.v = u.numberValue;
      } else if (u.stringValue !== undefined) {
        const s = String(u.stringValue);
        checkLength(s);
        c.v = s;
      } else if (u.boolValue !== undefined) c.v = Boolean(u.boolValue);
      else if (u.formulaValue !== undefined) {
        const f = String(u.formulaValue);
        checkLength(f);
        if (!f.startsWith('=')) throw badRequest(`Invalid ${where}: formulaValue must start with '='`);
        c.f = f;
      } else if (u.errorValue !== undefined) c.v = '#N/A';
    }
  }
  c = asDateIfFormatted(c, tz);
  return c.v === undefined && c.f === undefined && c.nf === undefined ? undefined : c;
}

/** A cell as CellData (spreadsheets.get with grid data). */
export function cellData(value: Scalar, cell: Cell | undefined, tz: string): Record<string, unknown> {
  if (!cell) return {};
  const out: Record<string, unknown> = {};
  const ext = (v: Scalar): ExtendedValue =>
    typeof v === 'number'
      ? { numberValue: v }
      : typeof v === 'boolean'
        ? { boolValue: v }
        : isDate(v)
          ? { numberValue: serialFromDate(v, tz) }
          : { stringValue: v };
  if (cell.f !== undefined) out.userEnteredValue = { formulaValue: cell.f };
  else if (cell.v !== undefined) out.userEnteredValue = ext(cell.v);
  if (value !== '' || cell.f !== undefined) {
    out.effectiveValue = ext(value);
    out.formattedValue = displayOf(value, cell.nf, tz);
  }
  if (cell.nf !== undefined)
    out.userEnteredFormat = { numberFormat: { type: isDateFormat(cell.nf) ? 'DATE_TIME' : 'NUMBER', pattern: cell.nf } };
  return out;
}

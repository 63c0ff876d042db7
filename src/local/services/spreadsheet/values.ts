/**
 * Cell values with Apps Script's semantics. What setValue(s)/appendRow store, what getValue(s) and
 * getDisplayValue(s) return. See src/local/README.md "SpreadsheetApp" for the known differences.
 */
import { gasError } from '../../kernel/errors';
import type { RuleData } from './data-validation';
import { fieldsIn, formatJavaDate, instantOf } from '../utilities/datetime';

export type Scalar = number | boolean | string | Date;

/** One stored cell. `v` absent = empty; `f` = formula text ('=...'); `nf` = number format; `q` = entered with a leading apostrophe. */
export interface Cell {
  v?: Scalar;
  f?: string;
  nf?: string;
  q?: boolean;
  /** Data validation rule (Range.setDataValidation); kept when the value changes. */
  dv?: RuleData;
}

export const MAX_CELL_CHARS = 50000;
export const CELL_TOO_LONG = `Your input contains more than the maximum of ${MAX_CELL_CHARS} characters in a single cell.`;

export function isDate(v: unknown): v is Date {
  return typeof v === 'object' && v !== null && Object.prototype.toString.call(v) === '[object Date]';
}

const NUMBER = /^[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)?(?:\.\d+)?(?:[eE][+-]?\d+)?$/;
const ISO_DATE = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T](\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const US_DATE = /^(\d{1,2})\/(\d{1,2})\/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?$/;
const TIME = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;
const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
/** 'Jan 5, 2026', 'January 5 2026' (month first, en-US), '5 Jan 2026', '5-Jan-2026'. */
const MONTH_FIRST = /^([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})$/;
const DAY_FIRST = /^(\d{1,2})[ -]([A-Za-z]{3,9})\.?[ -](\d{4})$/;

function monthNumber(name: string): number {
  const n = name.toLowerCase();
  const i = MONTHS.indexOf(n.slice(0, 3));
  if (i < 0) return 0;
  const full = ['january', 'february', 'march', 'april', 'may', 'june', 'july', 'august', 'september', 'october', 'november', 'december'][
    i
  ]!;
  return n.length === 3 || (n === 'sept' && i === 8) || n === full ? i + 1 : 0;
}

function validYmd(y: number, m: number, d: number): boolean {
  if (m < 1 || m > 12 || d < 1) return false;
  return d <= new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** How Sheets reads a string typed into a cell (USER_ENTERED), for the en-US locale. */
export function parseUserEntered(s: string, tz: string): { v: Scalar; nf?: string } {
  const t = s.trim();
  if (t && /\d/.test(t) && NUMBER.test(t)) {
    const v = Number(t.replace(/,/g, ''));
    // Scientific notation typed in ('1.5E3') gets Sheets' scientific format.
    return /e/i.test(t) ? { v, nf: '0.00E+00' } : { v };
  }
  // Accounting negatives: '(42)' is -42.
  const neg = /^\(([\d.,]+)\)$/.exec(t);
  if (neg && NUMBER.test(neg[1]!) && /\d/.test(neg[1]!)) return { v: -Number(neg[1]!.replace(/,/g, '')) };
  const pct = /^([+-]?[\d.,]+)%$/.exec(t);
  if (pct && NUMBER.test(pct[1]!) && /\d/.test(pct[1]!)) return { v: Number(pct[1]!.replace(/,/g, '')) / 100, nf: '0%' };
  const cur = /^([+-]?)\$([\d.,]+)$/.exec(t);
  if (cur && NUMBER.test(cur[2]!) && /\d/.test(cur[2]!)) return { v: Number(cur[1]! + cur[2]!.replace(/,/g, '')), nf: '"$"#,##0.00' };
  if (/^true$/i.test(t)) return { v: true };
  if (/^false$/i.test(t)) return { v: false };
  let m = ISO_DATE.exec(t);
  if (m) {
    const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (validYmd(y, mo, d) && Number(m[4] ?? 0) < 24 && Number(m[5] ?? 0) < 60 && Number(m[6] ?? 0) < 60) {
      return {
        v: new Date(instantOf(y, mo, d, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), tz)),
        nf: m[4] ? 'yyyy-mm-dd h:mm:ss' : 'yyyy-mm-dd',
      };
    }
  }
  m = US_DATE.exec(t);
  if (m) {
    const [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (validYmd(y, mo, d) && Number(m[4] ?? 0) < 24 && Number(m[5] ?? 0) < 60 && Number(m[6] ?? 0) < 60) {
      return {
        v: new Date(instantOf(y, mo, d, Number(m[4] ?? 0), Number(m[5] ?? 0), Number(m[6] ?? 0), tz)),
        nf: m[4] ? 'M/d/yyyy H:mm:ss' : 'M/d/yyyy',
      };
    }
  }
  m = MONTH_FIRST.exec(t) ?? DAY_FIRST.exec(t);
  if (m) {
    const monthFirst = /^[A-Za-z]/.test(t);
    const mo = monthNumber(monthFirst ? m[1]! : m[2]!);
    const [d, y] = [Number(monthFirst ? m[2] : m[1]), Number(m[3])];
    if (mo && validYmd(y, mo, d)) return { v: new Date(instantOf(y, mo, d, 0, 0, 0, tz)), nf: monthFirst ? 'mmm d, yyyy' : 'd mmm yyyy' };
  }
  m = TIME.exec(t);
  if (m && Number(m[1]) < 24 && Number(m[2]) < 60 && Number(m[3] ?? 0) < 60) {
    return {
      v: new Date(instantOf(1899, 12, 30, Number(m[1]), Number(m[2]), Number(m[3] ?? 0), tz)),
      nf: m[3] ? 'h:mm:ss am/pm' : 'h:mm am/pm',
    };
  }
  return { v: s };
}

/** Turns what a script writes into a stored cell (keeping the cell's number format and data validation). */
export function toCell(input: unknown, previous: Cell | undefined, tz: string): Cell | undefined {
  const c = valueCell(input, previous, tz);
  return previous?.dv === undefined ? c : { ...c, dv: previous.dv };
}

function valueCell(input: unknown, previous: Cell | undefined, tz: string): Cell | undefined {
  const nf = previous?.nf;
  const keep = (c: Cell): Cell => (nf !== undefined && c.nf === undefined ? { ...c, nf } : c);
  if (input === null || input === undefined) return nf !== undefined ? { nf } : undefined;
  if (typeof input === 'number' || typeof input === 'boolean') return keep({ v: input });
  if (isDate(input)) return keep({ v: new Date(input.getTime()) });
  let s: string;
  if (typeof input === 'string') s = input;
  else if (typeof input === 'object' && !Array.isArray(input) && Object.getPrototypeOf(input) === Object.prototype) {
    // Apps Script passes objects through Java: a plain object becomes '{key=value, ...}'.
    s =
      '{' +
      Object.entries(input as Record<string, unknown>)
        .map(([k, v]) => `${k}=${String(v)}`)
        .join(', ') +
      '}';
  } else s = String(input);
  if (s.length > MAX_CELL_CHARS) throw gasError(CELL_TOO_LONG);
  if (s === '') return nf !== undefined ? { nf } : undefined;
  if (s.length > 1 && s.startsWith('=')) return keep({ f: s });
  if (s.startsWith("'")) return keep({ v: s.slice(1), q: true });
  if (nf === '@') return { v: s, nf };
  const parsed = parseUserEntered(s, tz);
  const c: Cell = { v: parsed.v };
  if (nf !== undefined) c.nf = nf;
  else if (parsed.nf !== undefined) c.nf = parsed.nf;
  return c;
}

/** What getValue(s) returns for a stored (non-formula) cell. */
export function plainValue(c: Cell | undefined, tz: string): Scalar {
  if (!c || c.v === undefined) return '';
  return typedValue(c.v, c.nf, tz);
}

/**
 * getValues: "The values may be of type Number, Boolean, Date, or String, depending on the value of the cell":
 * a number in a cell whose format is a date, time or date-time is a Date (serial days since 1899-12-30 in the
 * spreadsheet's time zone).
 */
export function typedValue(v: Scalar, nf: string | undefined, tz: string): Scalar {
  if (isDate(v)) return new Date(v.getTime());
  if (typeof v === 'number' && Number.isFinite(v) && nf && nf !== '@' && isDateFormat(nf)) return dateFromSerial(v, tz);
  return v;
}

// ---- display values -------------------------------------------------------------------------

/** Sheets' date/time format ('yyyy-mm-dd h:mm', 'M/d/yyyy') to a SimpleDateFormat pattern. */
export function sheetsDateFormatToJava(nf: string): string {
  const tokens = nf.match(/"[^"]*"|\\.|yyyy|yy|mmmm|mmm|mm|m|dddd|ddd|dd|d|hh|h|ss|s|am\/pm|a\/p|\.0+|./gi) ?? [];
  const ampm = /am\/pm|a\/p/i.test(nf);
  const isMinute = (i: number): boolean => {
    for (let j = i - 1; j >= 0; j--) {
      const t = tokens[j]!.toLowerCase();
      if (/^h+$/.test(t)) return true;
      if (/^[ymd]+$/.test(t)) break;
    }
    for (let j = i + 1; j < tokens.length; j++) {
      const t = tokens[j]!.toLowerCase();
      if (/^s+$/.test(t)) return true;
      if (/^[ymdh]+$/.test(t)) break;
    }
    return false;
  };
  let out = '';
  tokens.forEach((tok, i) => {
    const t = tok.toLowerCase();
    if (tok.startsWith('"')) out += `'${tok.slice(1, -1).replace(/'/g, "''")}'`;
    else if (tok.startsWith('\\')) out += /[A-Za-z]/.test(tok[1]!) ? `'${tok[1]}'` : tok[1];
    else if (t === 'yyyy' || t === 'yy') out += t;
    else if (t === 'mmmm') out += 'MMMM';
    else if (t === 'mmm') out += 'MMM';
    else if (t === 'mm' || t === 'm') out += isMinute(i) ? t : t.toUpperCase();
    else if (t === 'dddd') out += 'EEEE';
    else if (t === 'ddd') out += 'EEE';
    else if (t === 'dd' || t === 'd') out += t;
    else if (t === 'hh' || t === 'h') out += ampm ? t : t.toUpperCase();
    else if (t === 'ss' || t === 's') out += t;
    else if (t === 'am/pm' || t === 'a/p') out += 'a';
    else if (/^\.0+$/.test(t)) out += '.' + 'S'.repeat(t.length - 1);
    else if (/[A-Za-z]/.test(tok)) out += `'${tok}'`;
    else if (tok === "'") out += "''";
    else out += tok;
  });
  return out;
}

export function isDateFormat(nf: string): boolean {
  const bare = nf.replace(/"[^"]*"|\\./g, '');
  return /[ydhs]|am\/pm/i.test(bare) || (/m/i.test(bare) && !/[0#]/.test(bare));
}

const SERIAL_EPOCH_UTC = Date.UTC(1899, 11, 30);

/** Date from a Sheets serial number (days since 1899-12-30) in the spreadsheet's zone. */
export function dateFromSerial(serial: number, tz: string): Date {
  const wholeDays = Math.floor(serial);
  const ms = Math.round((serial - wholeDays) * 86400000);
  const day = new Date(SERIAL_EPOCH_UTC + wholeDays * 86400000);
  const f = { y: day.getUTCFullYear(), m: day.getUTCMonth() + 1, d: day.getUTCDate() };
  return new Date(instantOf(f.y, f.m, f.d, 0, 0, 0, tz) + ms);
}

export function serialFromDate(d: Date, tz: string): number {
  const f = fieldsIn(d.getTime(), tz);
  const wall = Date.UTC(f.year, f.month - 1, f.day, f.hour, f.minute, f.second, f.millis);
  return (wall - SERIAL_EPOCH_UTC) / 86400000;
}

function automaticNumber(n: number): string {
  if (!Number.isFinite(n)) return n > 0 ? '#NUM!' : n < 0 ? '-#NUM!' : '#NUM!';
  if (Number.isInteger(n) && Math.abs(n) < 1e15) return String(n);
  if (Math.abs(n) >= 1e15 || (Math.abs(n) < 1e-9 && n !== 0))
    return n
      .toExponential(2)
      .toUpperCase()
      .replace('E+', 'E+')
      .replace(/E(-?)(\d)$/, 'E$10$2');
  return String(Number(n.toFixed(10)));
}

function formatNumber(n: number, nf: string, tz: string): string {
  const section = nf.split(';')[n < 0 && nf.includes(';') ? 1 : 0] ?? nf;
  if (isDateFormat(section)) return formatJavaDate(dateFromSerial(n, tz).getTime(), tz, sheetsDateFormatToJava(section));
  const sci = /^0(?:\.(0+))?E\+0+$/i.exec(section.trim());
  if (sci) {
    const [mant, exp] = n
      .toExponential(sci[1]?.length ?? 0)
      .toUpperCase()
      .split('E');
    const e = Number(exp);
    return `${mant}E${e < 0 ? '-' : '+'}${String(Math.abs(e)).padStart(2, '0')}`;
  }
  const percent = section.includes('%');
  const value = Math.abs(percent ? n * 100 : n);
  const bare = section.replace(/"([^"]*)"/g, '');
  const dot = bare.indexOf('.');
  const decimals = dot < 0 ? 0 : (bare.slice(dot + 1).match(/[0#]/g) ?? []).length;
  const optional = dot < 0 ? 0 : (bare.slice(dot + 1).match(/#/g) ?? []).length;
  let digits = value.toFixed(decimals);
  if (optional) digits = digits.replace(new RegExp(`0{1,${optional}}$`), '').replace(/\.$/, '');
  if (bare.includes(',')) {
    const [int, frac] = digits.split('.');
    digits = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',') + (frac !== undefined ? '.' + frac : '');
  }
  const prefix = /^"([^"]*)"/.exec(section)?.[1] ?? (section.startsWith('$') ? '$' : '');
  const sign = n < 0 && !nf.includes(';') ? '-' : '';
  return `${sign}${prefix}${digits}${percent ? '%' : ''}`;
}

export const DEFAULT_DATETIME_FORMAT = 'M/d/yyyy H:mm:ss';

/** What getDisplayValue(s) shows for a value in a cell with number format nf. */
export function displayOf(v: Scalar, nf: string | undefined, tz: string): string {
  if (v === '') return '';
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  if (typeof v === 'string') return v;
  if (isDate(v)) {
    const fmt = nf && nf !== '@' && isDateFormat(nf) ? nf : DEFAULT_DATETIME_FORMAT;
    return formatJavaDate(v.getTime(), tz, sheetsDateFormatToJava(fmt));
  }
  if (!nf || nf === '@' || /^general$/i.test(nf)) return automaticNumber(v);
  return formatNumber(v, nf, tz);
}

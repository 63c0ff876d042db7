import { zonedParts, zonedToUtc } from '../script/zoned';
import { type GridInput, gridAnswerError, gridIsEmpty, isGrid, normalizeGridAnswer } from './grid-answers';
import type { AnswerValue, ItemData } from './model';
import { checkValidation } from './validation';

/** What a test or the playground may pass as one answer (a grid: one entry per row, or { row: column(s) }). */
export type AnswerInput = string | number | Date | string[] | GridInput | null | undefined;

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

export function isEmpty(v: AnswerValue | null): boolean {
  return v === null || v === '' || (Array.isArray(v) && gridIsEmpty(v));
}

/**
 * Turns an input into the value Apps Script's ItemResponse.getResponse() returns for that item type,
 * or an error message as Google Forms shows it.
 */
export function normalizeAnswer(item: ItemData, raw: AnswerInput, tz: string): { value: AnswerValue | null; error?: string } {
  if (raw === null || raw === undefined || raw === '' || (Array.isArray(raw) && raw.length === 0)) return { value: null };
  if (isGrid(item)) return normalizeGridAnswer(item, raw);
  const choices = (item.choices ?? []).map((c) => c.value);
  switch (item.type) {
    case 'TEXT':
    case 'PARAGRAPH_TEXT': {
      if (Array.isArray(raw) || isPlainObject(raw)) return { value: null, error: 'Expected one answer' };
      const s = raw instanceof Date ? raw.toISOString() : String(raw);
      return item.type === 'TEXT' ? { value: s.replace(/[\r\n]+/g, ' ') } : { value: s };
    }
    case 'MULTIPLE_CHOICE':
    case 'LIST': {
      if (Array.isArray(raw) || isPlainObject(raw)) return { value: null, error: 'Expected one answer' };
      const s = String(raw);
      if (!choices.includes(s) && !(item.type === 'MULTIPLE_CHOICE' && item.otherOption))
        return { value: null, error: `"${s}" is not one of the choices` };
      return { value: s };
    }
    case 'CHECKBOX': {
      if (isPlainObject(raw)) return { value: null, error: 'Expected a list of choices' };
      const list = (Array.isArray(raw) ? raw : [raw]).map(String);
      const others = list.filter((v) => !choices.includes(v));
      if (others.length > (item.otherOption ? 1 : 0)) return { value: null, error: `"${others[0]}" is not one of the choices` };
      const known = choices.filter((c) => list.includes(c));
      return { value: [...known, ...others] };
    }
    case 'DATE':
    case 'DATETIME': {
      let d: string;
      if (raw instanceof Date) {
        const p = zonedParts(raw.getTime(), tz);
        d = `${p.year}-${pad(p.month)}-${pad(p.day)}` + (item.type === 'DATETIME' ? ` ${pad(p.hour)}:${pad(p.minute)}` : '');
      } else {
        d = String(raw).trim();
      }
      const re = item.type === 'DATE' ? /^(\d{4})-(\d{2})-(\d{2})$/ : /^(\d{4})-(\d{2})-(\d{2})[ T](\d{2}):(\d{2})$/;
      const m = re.exec(d);
      if (!m) return { value: null, error: 'Invalid date' };
      const [y, mo, da] = [Number(m[1]), Number(m[2]), Number(m[3])];
      const check = new Date(Date.UTC(y, mo - 1, da));
      if (check.getUTCMonth() !== mo - 1 || check.getUTCDate() !== da) return { value: null, error: 'Invalid date' };
      if (item.type === 'DATETIME') return { value: `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}` };
      return { value: item.includesYear === false ? `${m[2]}-${m[3]}` : d };
    }
    case 'TIME': {
      const m = /^(\d{1,2}):(\d{2})$/.exec(String(raw).trim());
      if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return { value: null, error: 'Invalid time' };
      return { value: `${pad(Number(m[1]))}:${m[2]}` };
    }
    case 'SCALE': {
      const n = Number(raw);
      const s = item.scale ?? { lower: 1, upper: 5 };
      if (!Number.isInteger(n) || n < s.lower || n > s.upper) return { value: null, error: `Must be between ${s.lower} and ${s.upper}` };
      return { value: String(n) };
    }
    default:
      return { value: null, error: 'This item takes no answer' };
  }
}

const isPlainObject = (v: unknown): boolean => !!v && typeof v === 'object' && !Array.isArray(v) && !(v instanceof Date);

/** Required check, then the item's validation: Google Forms' message, or null. */
export function answerError(item: ItemData, value: AnswerValue | null): string | null {
  if (isGrid(item)) return gridAnswerError(item, value);
  if (value === null || isEmpty(value)) return item.required ? 'This is a required question' : null;
  return checkValidation(item.validation, value);
}

/** The value written to the response sheet's cell. */
export function sheetValue(item: ItemData, v: AnswerValue | undefined, tz: string): unknown {
  if (v === undefined || isEmpty(v)) return '';
  if (Array.isArray(v)) return v.join(', ');
  switch (item.type) {
    case 'DATE': {
      const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(v);
      return m ? new Date(zonedToUtc(Number(m[1]), Number(m[2]), Number(m[3]), 0, 0, tz)) : v;
    }
    case 'DATETIME': {
      const m = /^(\d{4})-(\d{2})-(\d{2}) (\d{2}):(\d{2})$/.exec(v);
      return m ? new Date(zonedToUtc(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]), tz)) : v;
    }
    case 'SCALE':
      return Number(v);
    case 'TEXT':
    case 'PARAGRAPH_TEXT':
      return /^-?\d+(\.\d+)?$/.test(v.trim()) && v.trim().length < 16 ? Number(v) : v;
    default:
      return v;
  }
}

/** The string the spreadsheet form-submit event carries for a cell (e.values / e.namedValues). */
export function eventString(item: ItemData | null, v: unknown, tz: string): string {
  if (v instanceof Date) {
    const p = zonedParts(v.getTime(), tz);
    const date = `${p.month}/${p.day}/${p.year}`;
    if (item && item.type === 'DATE') return date;
    return `${date} ${p.hour}:${pad(p.minute)}:${pad(p.second)}`;
  }
  return v === undefined || v === null ? '' : String(v);
}

/**
 * Declarative conditions over field values: { field, op, value }, { all: [...] }, { any: [...] }, { not: c }.
 * Evaluated by a small interpreter; never eval or new Function.
 *
 * Semantics:
 *   eq / neq        strict equality (arrays: same items in the same order)
 *   gt gte lt lte   both numbers, or both strings (so 'YYYY-MM-DD' dates compare); otherwise false
 *   in / not_in     the field's value is (not) one of value[]; for a multi-choice field, any item is
 *   contains        text: contains value, case-insensitive; multi-choice: includes value
 *   empty           null, missing, '', [] or false; not_empty is its negation
 *   matches         text matches the regular expression in value
 *   all: []         true; any: [] false
 */
import type { FieldDef } from './schema';
import type { Condition, ConditionValue } from './schema';
import type { FieldValue, Fields } from '../model/json';

const regexCache = new Map<string, RegExp | null>();
export function compileRegex(source: string): RegExp | null {
  if (regexCache.has(source)) return regexCache.get(source) ?? null;
  let re: RegExp | null = null;
  try {
    re = new RegExp(source);
  } catch {
    re = null;
  }
  if (regexCache.size > 1000) regexCache.clear();
  regexCache.set(source, re);
  return re;
}

export function isEmptyValue(v: FieldValue | undefined): boolean {
  return v === undefined || v === null || v === '' || v === false || (Array.isArray(v) && v.length === 0);
}

function equal(a: FieldValue | undefined, b: ConditionValue | undefined): boolean {
  if (Array.isArray(a) || Array.isArray(b)) {
    if (!Array.isArray(a) || !Array.isArray(b) || a.length !== b.length) return false;
    return a.every((x, i) => x === b[i]);
  }
  return (a ?? null) === (b ?? null);
}

function compare(a: FieldValue | undefined, b: ConditionValue | undefined): number | null {
  if (typeof a === 'number' && typeof b === 'number' && !Number.isNaN(a) && !Number.isNaN(b)) return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return null;
}

function isIn(a: FieldValue | undefined, list: ConditionValue | undefined): boolean {
  if (!Array.isArray(list)) return false;
  const items: unknown[] = list;
  if (Array.isArray(a)) return a.some((x) => items.includes(x));
  return a !== undefined && a !== null && items.includes(a);
}

export function evaluateCondition(c: Condition, fields: Fields): boolean {
  if ('all' in c) return c.all.every((x) => evaluateCondition(x, fields));
  if ('any' in c) return c.any.some((x) => evaluateCondition(x, fields));
  if ('not' in c) return !evaluateCondition(c.not, fields);
  const v = fields[c.field];
  switch (c.op) {
    case 'eq':
      return equal(v, c.value);
    case 'neq':
      return !equal(v, c.value);
    case 'gt': {
      const r = compare(v, c.value);
      return r !== null && r > 0;
    }
    case 'gte': {
      const r = compare(v, c.value);
      return r !== null && r >= 0;
    }
    case 'lt': {
      const r = compare(v, c.value);
      return r !== null && r < 0;
    }
    case 'lte': {
      const r = compare(v, c.value);
      return r !== null && r <= 0;
    }
    case 'in':
      return isIn(v, c.value);
    case 'not_in':
      return !isIn(v, c.value);
    case 'contains':
      if (Array.isArray(v)) return v.includes(c.value as string);
      return typeof v === 'string' && typeof c.value === 'string' && v.toLowerCase().includes(c.value.toLowerCase());
    case 'empty':
      return isEmptyValue(v);
    case 'not_empty':
      return !isEmptyValue(v);
    case 'matches': {
      if (typeof v !== 'string' || typeof c.value !== 'string') return false;
      const re = compileRegex(c.value);
      return re ? re.test(v) : false;
    }
  }
}

/** The field ids a condition reads. */
export function conditionFields(c: Condition, out: string[] = []): string[] {
  if ('all' in c) c.all.forEach((x) => conditionFields(x, out));
  else if ('any' in c) c.any.forEach((x) => conditionFields(x, out));
  else if ('not' in c) conditionFields(c.not, out);
  else out.push(c.field);
  return out;
}

const OP_WORDS: Record<string, string> = {
  eq: 'is',
  neq: 'is not',
  gt: 'is more than',
  gte: 'is at least',
  lt: 'is less than',
  lte: 'is at most',
  in: 'is one of',
  not_in: 'is not one of',
  contains: 'contains',
  empty: 'is empty',
  not_empty: 'is filled in',
  matches: 'matches',
};

/** Plain English, for refusals: 'Amount is more than 5000 and Cost centre is filled in'. */
export function describeCondition(c: Condition, fields: readonly FieldDef[] = []): string {
  if ('all' in c) return c.all.length ? c.all.map((x) => describeCondition(x, fields)).join(' and ') : 'always';
  if ('any' in c) return c.any.length ? '(' + c.any.map((x) => describeCondition(x, fields)).join(' or ') + ')' : 'never';
  if ('not' in c) return 'not (' + describeCondition(c.not, fields) + ')';
  const label = fields.find((f) => f.id === c.field)?.label ?? c.field;
  const value = c.op === 'empty' || c.op === 'not_empty' ? '' : ' ' + (Array.isArray(c.value) ? c.value.join(', ') : String(c.value));
  return `${label} ${OP_WORDS[c.op]}${value}`;
}

/** Field value checks, shared by intake, resubmit, transitions that edit fields, and operator edits. */
import type { FieldValue, Fields, Problem } from '../model/json';
import { compileRegex, isEmptyValue } from './conditions';
import type { FieldDef } from './schema';

const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const LINK = /^https?:\/\/\S+$/i;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isValidDate(s: string): boolean {
  const m = DATE.exec(s);
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
}

/** The problem with one value, or null. `value` is never empty here (required is checked separately). */
export function checkFieldValue(def: FieldDef, value: FieldValue): string | null {
  const L = def.label;
  switch (def.type) {
    case 'text':
    case 'long_text': {
      if (typeof value !== 'string') return `${L} must be text.`;
      if (def.min !== undefined && value.length < def.min) return `${L} must be at least ${def.min} characters.`;
      if (def.max !== undefined && value.length > def.max) return `${L} must be at most ${def.max} characters.`;
      break;
    }
    case 'email':
      if (typeof value !== 'string' || !EMAIL.test(value)) return `${L} must be an email address.`;
      break;
    case 'link':
      if (typeof value !== 'string' || !LINK.test(value)) return `${L} must be a link starting with http:// or https://.`;
      break;
    case 'number':
    case 'currency':
      if (typeof value !== 'number' || !Number.isFinite(value)) return `${L} must be a number.`;
      if (def.min !== undefined && value < def.min) return `${L} must be at least ${def.min}.`;
      if (def.max !== undefined && value > def.max) return `${L} must be at most ${def.max}.`;
      break;
    case 'date':
      if (typeof value !== 'string' || !isValidDate(value)) return `${L} must be a date written YYYY-MM-DD.`;
      break;
    case 'choice':
      if (typeof value !== 'string' || !(def.options ?? []).includes(value))
        return `${L} must be one of: ${(def.options ?? []).join(', ')}.`;
      break;
    case 'multi_choice': {
      if (!Array.isArray(value)) return `${L} must be a list of choices.`;
      const bad = value.filter((v) => !(def.options ?? []).includes(v));
      if (bad.length) return `${L} has values that are not allowed: ${bad.join(', ')}. Allowed: ${(def.options ?? []).join(', ')}.`;
      break;
    }
    case 'checkbox':
      if (typeof value !== 'boolean') return `${L} must be ticked or not (true or false).`;
      break;
  }
  if (def.pattern !== undefined && typeof value === 'string') {
    const re = compileRegex('^(?:' + def.pattern + ')$');
    if (re && !re.test(value)) return `${L} is not in the expected format.`;
  }
  return null;
}

export interface FieldCheckOptions {
  /** Also report required fields that are empty in `values` (intake, resubmit). */
  requireAll?: boolean;
  /** Extra field ids that must be non-empty (fields required to enter a state). */
  alsoRequired?: readonly string[];
}

/** Every problem with `values`, path = field id. Unknown field ids are problems too. */
export function checkFields(defs: readonly FieldDef[], values: Fields, opts: FieldCheckOptions = {}): Problem[] {
  const problems: Problem[] = [];
  const byId = new Map(defs.map((d) => [d.id, d] as const));
  for (const key of Object.keys(values)) {
    if (!byId.has(key)) problems.push({ path: key, message: `"${key}" is not a field of this workflow.` });
  }
  const extra = new Set(opts.alsoRequired ?? []);
  for (const def of defs) {
    const v = values[def.id];
    const required = (opts.requireAll && def.required) || extra.has(def.id);
    if (isEmptyValue(v) && !(def.type === 'checkbox' && v === false && !required)) {
      if (required)
        problems.push({ path: def.id, message: def.type === 'checkbox' ? `${def.label} must be ticked.` : `${def.label} is required.` });
      continue;
    }
    if (v === undefined) continue;
    const p = checkFieldValue(def, v);
    if (p) problems.push({ path: def.id, message: p });
  }
  return problems;
}

/**
 * Turn a raw form answer (string, string[], number, boolean) into the field's stored shape.
 * Returns the value unchanged when it cannot be converted, so checkFields reports it.
 */
export function coerceFieldValue(def: FieldDef, raw: unknown): FieldValue {
  if (raw === undefined || raw === null) return null;
  if (typeof raw === 'string' && raw.trim() === '') return def.type === 'multi_choice' ? [] : def.type === 'checkbox' ? false : null;
  switch (def.type) {
    case 'number':
    case 'currency':
      if (typeof raw === 'string') {
        const cleaned = raw.replace(/[,\s]/g, '').replace(/^(-?)[$€£¥]/, '$1');
        return /^-?(\d+\.?\d*|\.\d+)$/.test(cleaned) ? Number(cleaned) : raw;
      }
      break;
    case 'checkbox':
      if (typeof raw === 'string')
        return /^(true|yes|y|1|on|checked)$/i.test(raw.trim()) ? true : /^(false|no|n|0|off)$/i.test(raw.trim()) ? false : raw;
      break;
    case 'multi_choice':
      if (typeof raw === 'string')
        return raw
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
      break;
    case 'email':
      if (typeof raw === 'string') return raw.trim().toLowerCase();
      break;
    default:
      if (typeof raw === 'string') return raw.trim();
  }
  if (typeof raw === 'string' || typeof raw === 'number' || typeof raw === 'boolean') return raw;
  if (Array.isArray(raw) && raw.every((x) => typeof x === 'string')) return raw as string[];
  return String(raw);
}

/** A routing or approval condition checked against the workflow's fields (the field exists, the value fits it). */
import type { Problem } from '../model/json';
import { compileRegex } from './conditions';
import type { Condition, FieldDef } from './schema';

const NUMERIC = new Set(['number', 'currency']);
const ORDERED_VALUE: Record<string, 'number' | 'string'> = {
  number: 'number',
  currency: 'number',
  date: 'string',
  text: 'string',
  long_text: 'string',
};

export function checkCondition(c: Condition, path: string, fields: Map<string, FieldDef>, out: Problem[]): void {
  if ('all' in c) {
    c.all.forEach((x, i) => checkCondition(x, `${path}.all[${i}]`, fields, out));
    return;
  }
  if ('any' in c) {
    c.any.forEach((x, i) => checkCondition(x, `${path}.any[${i}]`, fields, out));
    return;
  }
  if ('not' in c) {
    checkCondition(c.not, `${path}.not`, fields, out);
    return;
  }
  const f = fields.get(c.field);
  if (!f) {
    out.push({ path: `${path}.field`, message: `The condition names field "${c.field}", which this workflow does not have.` });
    return;
  }
  const v = c.value;
  if (c.op === 'empty' || c.op === 'not_empty') {
    if (v !== undefined) out.push({ path: `${path}.value`, message: `"${c.op}" takes no value.` });
    return;
  }
  if (v === undefined) {
    out.push({ path: `${path}.value`, message: `"${c.op}" needs a value to compare ${f.label} with.` });
    return;
  }
  if ((c.op === 'in' || c.op === 'not_in') && !Array.isArray(v))
    out.push({ path: `${path}.value`, message: `"${c.op}" needs a list of values.` });
  if (['gt', 'gte', 'lt', 'lte'].includes(c.op)) {
    const want = ORDERED_VALUE[f.type];
    if (!want) out.push({ path: `${path}.op`, message: `${f.label} is a ${f.type} field and cannot be compared with "${c.op}".` });
    else if (typeof v !== want) out.push({ path: `${path}.value`, message: `${f.label} is a ${f.type} field: compare it with a ${want}.` });
  }
  if ((c.op === 'eq' || c.op === 'neq') && NUMERIC.has(f.type) && typeof v !== 'number' && v !== null) {
    out.push({ path: `${path}.value`, message: `${f.label} is a number: compare it with a number.` });
  }
  if (c.op === 'matches' && (typeof v !== 'string' || !compileRegex(v)))
    out.push({ path: `${path}.value`, message: `"matches" needs a valid regular expression.` });
  if ((f.type === 'choice' || f.type === 'multi_choice') && f.options) {
    const vals = Array.isArray(v) ? v : c.op === 'eq' || c.op === 'neq' || c.op === 'contains' ? [v] : [];
    for (const x of vals)
      if (typeof x === 'string' && !f.options.includes(x))
        out.push({ path: `${path}.value`, message: `"${x}" is not one of ${f.label}'s options (${f.options.join(', ')}).` });
  }
}

/**
 * Form items ↔ workflow fields, as plain data (no Apps Script calls here).
 *   - proposeMapping: match items to fields by title (Connect), listing every unmatched item and field;
 *   - answersToFields: a response's answers (by item id) → the request's field values, or the reason the
 *     response cannot be mapped at all (an item of the mapping is gone, a field left the workflow).
 * Values are coerced with core's coerceFieldValue; whatever still does not fit is left for core's
 * validation to report (the request then waits in Needs info with each problem listed).
 */
import { coerceFieldValue, type Definition, type FieldDef, type FieldValue, type Fields } from '../../core';

/** The item types Handoff reads (FormApp.ItemType names). */
export type ItemKind =
  | 'TEXT'
  | 'PARAGRAPH_TEXT'
  | 'MULTIPLE_CHOICE'
  | 'LIST'
  | 'CHECKBOX'
  | 'DATE'
  | 'DATETIME'
  | 'TIME'
  | 'SCALE'
  | string;

/** One item of a form, as read once from FormApp. */
export interface FormItemInfo {
  id: number;
  title: string;
  type: ItemKind;
}

/** One stored mapping entry: item id → field id (titles kept only for messages). */
export interface MappingEntry {
  itemId: number;
  fieldId: string;
  itemTitle: string;
}

export interface MappingProposal {
  entries: MappingEntry[];
  /** Question items no field matched (their answers are ignored, and listed to the admin). */
  unmatchedItems: FormItemInfo[];
  /** Fields no item matched (left empty by every response: required ones send requests to Needs info). */
  unmatchedFields: FieldDef[];
}

/** Items that carry answers. */
export const QUESTION_KINDS: readonly string[] = [
  'TEXT',
  'PARAGRAPH_TEXT',
  'MULTIPLE_CHOICE',
  'LIST',
  'CHECKBOX',
  'DATE',
  'DATETIME',
  'TIME',
  'SCALE',
];

const titleKey = (s: string): string =>
  s
    .trim()
    .replace(/[\s*:?]+$/g, '')
    .replace(/\s+/g, ' ')
    .toLowerCase();

/** Matches items to fields by title (case- and space-insensitive; the label or the field id). First match wins. */
export function proposeMapping(items: readonly FormItemInfo[], def: Definition): MappingProposal {
  const questions = items.filter((i) => QUESTION_KINDS.includes(String(i.type)));
  const free = new Map<string, FieldDef>();
  for (const f of def.fields) free.set(f.id, f);
  const entries: MappingEntry[] = [];
  const unmatchedItems: FormItemInfo[] = [];
  for (const item of questions) {
    const key = titleKey(item.title);
    const field = [...free.values()].find((f) => titleKey(f.label) === key) ?? [...free.values()].find((f) => titleKey(f.id) === key);
    if (!field) {
      unmatchedItems.push(item);
      continue;
    }
    free.delete(field.id);
    entries.push({ itemId: item.id, fieldId: field.id, itemTitle: item.title });
  }
  return { entries, unmatchedItems, unmatchedFields: [...free.values()] };
}

/** Plain-English lines describing a proposal, for the admin's confirmation. */
export function describeProposal(p: MappingProposal, def: Definition): string[] {
  const label = (id: string) => def.fields.find((f) => f.id === id)?.label ?? id;
  const lines = p.entries.map((e) => `"${e.itemTitle}" → ${label(e.fieldId)}`);
  if (p.unmatchedItems.length)
    lines.push(`Form questions no field matches (their answers are ignored): ${p.unmatchedItems.map((i) => `"${i.title}"`).join(', ')}`);
  else lines.push('Every form question matches a field.');
  if (p.unmatchedFields.length) {
    lines.push(
      `Workflow fields no question matches (always empty${p.unmatchedFields.some((f) => f.required) ? '; required ones send every request to Needs info' : ''}): ${p.unmatchedFields.map((f) => `${f.label}${f.required ? ' (required)' : ''}`).join(', ')}`,
    );
  } else lines.push('Every workflow field has a question.');
  return lines;
}

/** One answer as read from the response. */
export interface RawAnswer {
  itemId: number;
  /** The mapping's title for a mapped item (no call); read from the item for one the mapping does not know. */
  title: string;
  /** Read only for an item the mapping does not know. */
  type?: ItemKind;
  /** ItemResponse.getResponse(): a string, or a string[] for checkboxes (string[][] for grids). */
  value: string | string[] | string[][];
}

/** Sheets' per-cell limit: an answer is kept whole in the request up to this many characters. */
export const MAX_ANSWER_CHARS = 50_000;

export interface Overflow {
  fieldId: string;
  /** The characters past MAX_ANSWER_CHARS (they go to the audit log). */
  rest: string;
  total: number;
}

export type MapResult = { ok: true; fields: Fields; overflow: Overflow[]; ignored: RawAnswer[] } | { ok: false; reason: string };

/** An answer → the value core's coercion expects for the field type. */
function rawFor(field: FieldDef, a: RawAnswer | undefined): unknown {
  // Forms sends no answer for an unticked checkbox: that is "no", not "unknown".
  if (!a) return field.type === 'checkbox' ? false : null;
  const v = a.value;
  if (field.type === 'checkbox') {
    // A one-choice checkbox item ("Yes"): ticked = an answer with a choice; a Yes/No question: coerced below.
    if (Array.isArray(v)) return v.length > 0 ? !(v.length === 1 && /^(no|false)$/i.test(String(v[0]))) : false;
    return v;
  }
  if (field.type === 'multi_choice') return Array.isArray(v) ? v.map(String) : v;
  if (field.type === 'date' && typeof v === 'string') {
    // DATETIME answers "YYYY-MM-DD HH:MM": the date part. Anything else is left for validation to report.
    const m = /^(\d{4}-\d{2}-\d{2})(?:[ T]\d{2}:\d{2})?$/.exec(v.trim());
    return m ? m[1] : v;
  }
  if (Array.isArray(v)) return v.map(String).join(', ');
  return v;
}

/**
 * Maps a response's answers through the stored mapping. Not mappable when an item of the mapping is no longer
 * on the form or a mapped field is no longer in the workflow: the whole response then goes to "Intake errors".
 */
export function answersToFields(
  def: Definition,
  mapping: readonly MappingEntry[],
  answers: readonly RawAnswer[],
  liveItemIds: ReadonlySet<number> | (() => ReadonlySet<number>),
): MapResult {
  // An answered item is on the form; only a mapped item without an answer may have been deleted (the form's items
  // are read only then: Form.getItems is a round trip).
  const answered = new Set(answers.map((a) => a.itemId));
  const unanswered = mapping.filter((m) => !answered.has(m.itemId));
  const live = unanswered.length ? (typeof liveItemIds === 'function' ? liveItemIds() : liveItemIds) : answered;
  const gone = unanswered.filter((m) => !live.has(m.itemId));
  if (gone.length)
    return {
      ok: false,
      reason: `The form changed: ${gone.map((m) => `the question "${m.itemTitle}"`).join(', ')} ${gone.length > 1 ? 'are' : 'is'} no longer on it. Fix the mapping (Link a form > Connect existing form) and re-process.`,
    };
  const missingFields = mapping.filter((m) => !def.fields.some((f) => f.id === m.fieldId));
  if (missingFields.length)
    return {
      ok: false,
      reason: `The workflow "${def.name}" no longer has the field${missingFields.length > 1 ? 's' : ''} ${missingFields.map((m) => `"${m.fieldId}"`).join(', ')}. Fix the mapping (Link a form > Connect existing form) and re-process.`,
    };
  const byItem = new Map(answers.map((a) => [a.itemId, a] as const));
  const mapped = new Set(mapping.map((m) => m.itemId));
  const fields: Fields = {};
  const overflow: Overflow[] = [];
  for (const m of mapping) {
    const field = def.fields.find((f) => f.id === m.fieldId) as FieldDef;
    let value: FieldValue = coerceFieldValue(field, rawFor(field, byItem.get(m.itemId)));
    if (typeof value === 'string' && value.length > MAX_ANSWER_CHARS) {
      overflow.push({ fieldId: field.id, rest: value.slice(MAX_ANSWER_CHARS), total: value.length });
      value = value.slice(0, MAX_ANSWER_CHARS);
    }
    fields[field.id] = value;
  }
  return { ok: true, fields, overflow, ignored: answers.filter((a) => !mapped.has(a.itemId)) };
}

/** The fields whose values differ (for edits). */
export function changedFields(before: Fields, after: Fields): Array<{ field: string; before: FieldValue; after: FieldValue }> {
  const out: Array<{ field: string; before: FieldValue; after: FieldValue }> = [];
  for (const k of Object.keys(after)) {
    const b = before[k] ?? null;
    const a = after[k] ?? null;
    if (JSON.stringify(b) !== JSON.stringify(a)) out.push({ field: k, before: b, after: a });
  }
  return out;
}

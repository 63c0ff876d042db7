import type { FieldChange } from '../../audit/event';
import type { Fields } from '../../model/json';
import { refuse } from '../refusal';

export const hasText = (s: string | undefined | null): s is string => typeof s === 'string' && s.trim().length > 0;

export function needReason(reason: string | undefined, what: string): ReturnType<typeof refuse> | null {
  return hasText(reason) ? null : refuse('reason_required', `A reason is required to ${what}.`);
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => x === b[i]);
  return (a ?? null) === (b ?? null);
}

/** Apply edits to fields in place; returns what changed. */
export function applyEdits(fields: Fields, edits: Fields | undefined): FieldChange[] {
  const changes: FieldChange[] = [];
  if (!edits) return changes;
  for (const [k, v] of Object.entries(edits)) {
    const before = fields[k] ?? null;
    if (sameValue(before, v)) continue;
    changes.push({ field: k, before, after: v });
    fields[k] = v;
  }
  return changes;
}

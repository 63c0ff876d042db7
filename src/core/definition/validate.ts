/**
 * validateDefinition(): parse with the schema, then check everything the schema cannot express.
 * Returns every problem at once (a schema error does not hide the checks of meaning), each with a path (e.g. `transitions[2].to`) and a plain-English message.
 */
import { sha256Hex } from '../crypto/sha256';
import type { Problem } from '../model/json';
import { intlKnownZone, type ZoneCheck } from '../sla/zone';
import { canonicalJson } from '../util/canonical-json';
import { checkReferences } from './check-references';
import { semanticProblemsOf } from './salvage';
import type { Definition } from './schema';
import { DefinitionSchema } from './schema';

export type ValidationResult = { ok: true; definition: Definition; hash: string } | { ok: false; problems: Problem[] };

export function formatPath(path: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const p of path) out += typeof p === 'number' ? `[${p}]` : out ? `.${String(p)}` : String(p);
  return out || '(definition)';
}

/** Content hash of a definition: SHA-256 of its canonical JSON. */
export function definitionHash(def: Definition): string {
  return sha256Hex(canonicalJson(def));
}

export interface ValidateOptions {
  /** Whether the runtime knows a time zone (calendar.timeZone). Default: Intl (intlKnownZone). */
  isKnownZone?: ZoneCheck;
}

export function validateDefinition(json: unknown, opts: ValidateOptions = {}): ValidationResult {
  const parsed = DefinitionSchema.safeParse(json);
  if (!parsed.success) {
    // Schema and meaning in one pass: what the schema refuses, then what the salvaged rest means (salvage.ts).
    const problems: Problem[] = parsed.error.issues.map((i) => ({ path: formatPath(i.path), message: plainZodMessage(i) }));
    const seen = new Set(problems.map((p) => `${p.path}\n${p.message}`));
    for (const p of semanticProblemsOf(json, opts.isKnownZone ?? intlKnownZone)) if (!seen.has(`${p.path}\n${p.message}`)) problems.push(p);
    return { ok: false, problems };
  }
  const def = parsed.data;
  const problems = checkReferences(def, opts.isKnownZone ?? intlKnownZone);
  if (problems.length) return { ok: false, problems };
  return { ok: true, definition: def, hash: definitionHash(def) };
}

function plainZodMessage(i: { code: string; message: string; path: ReadonlyArray<PropertyKey>; keys?: string[] }): string {
  if (i.code === 'unrecognized_keys' && i.keys) return `Unknown setting${i.keys.length > 1 ? 's' : ''}: ${i.keys.join(', ')}.`;
  if (i.code === 'invalid_union') return 'Not a valid value here (check the spelling of its keys and its type).';
  if (/received undefined/.test(i.message)) return 'This is required.';
  return i.message.endsWith('.') ? i.message : i.message + '.';
}

import type { Problem } from '../model/json';
import type { Definition } from './schema';

export type ValidationResult = { ok: true; definition: Definition; hash: string } | { ok: false; problems: Problem[] };

/** Parse and check a definition; returns every problem at once. */
export function validateDefinition(json: unknown): ValidationResult {
  void json;
  throw new Error('not implemented yet');
}

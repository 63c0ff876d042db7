/** The playground's forms: finding the one a page or a call means, and checking answers before Google Forms does. */
import type { FormData } from '../services/forms/model';
import { BadRequest } from './errors';

/** The form named (by id or published id), or the latest one (the one the add-on linked last). */
export function findForm(all: readonly FormData[], formId?: unknown): FormData {
  if (formId !== undefined && formId !== null && formId !== '') {
    const f = all.find((x) => x.id === formId || x.publishedId === formId);
    if (!f) throw new BadRequest(`Unknown form "${String(formId)}": the forms are ${all.map((x) => x.id).join(', ') || '(none)'}`, 404);
    return f;
  }
  const f = all[all.length - 1];
  if (!f) throw new BadRequest('No form exists yet: link one from the Handoff menu (Link a form) first.', 404);
  return f;
}

/** Answers keyed by question title or item id: each a string, a number or a list of strings. */
export function checkAnswers(answers: unknown): asserts answers is Record<string, string> {
  if (!answers || typeof answers !== 'object' || Array.isArray(answers))
    throw new BadRequest('"answers" must be an object of answers keyed by question title or item id');
  for (const [k, v] of Object.entries(answers as Record<string, unknown>)) {
    const ok = v === null || typeof v === 'string' || typeof v === 'number' || (Array.isArray(v) && v.every((x) => typeof x === 'string'));
    if (!ok) throw new BadRequest(`answers["${k}"] must be a string, a number or a list of strings`);
  }
}

/** The playground's forms: finding the one a page or a call means, and checking answers before Google Forms does. */
import { FormSubmissionError } from '../services/forms';
import type { FormData, ResponseData } from '../services/forms/model';
import type { SubmitResult } from '../services/forms/engine';
import type { TriggerStore } from '../services/script/triggers';
import type { Workspace } from '../workspace';
import { runView, type TriggerRunView } from './clock';
import { BadRequest, FormRefused } from './errors';
import type { Person } from './people';

/** What the playground needs to submit a form (the Playground class has it). */
export interface FormDesk {
  readonly ws: Workspace;
  person(as: unknown): Person;
  form(formId?: unknown): FormData;
  forms(): FormData[];
  changed(): void;
}

export interface FormSubmitted {
  responseId: string;
  row: number | null;
  runs: TriggerRunView[];
  confirmation: string;
}

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

/** Runs Google Forms' submission (or edit), waits for the triggers it fired, and says what happened. */
async function delivered(p: FormDesk, submit: () => SubmitResult, confirmation: string): Promise<FormSubmitted> {
  try {
    const r = submit();
    const store: TriggerStore = p.ws.triggers.store;
    await Promise.all(r.runs.map((run) => store.whenDone(run)));
    return { responseId: r.responseId, row: r.row, runs: r.runs.map(runView), confirmation };
  } catch (e) {
    if (e instanceof FormSubmissionError) throw new FormRefused(e.message, e.errors);
    if (e instanceof Error && /^(submitAs|editAs): /.test(e.message)) throw new BadRequest(e.message.replace(/^(submitAs|editAs): /, ''));
    throw e;
  } finally {
    p.changed();
  }
}

/** Submits the form as a person, through Google Forms' validation; resolves once the form-submit triggers ran. */
export function submitForm(p: FormDesk, formId: unknown, as: unknown, answers: unknown): Promise<FormSubmitted> {
  const person = p.person(as);
  const form = p.form(formId);
  checkAnswers(answers);
  return delivered(
    p,
    () => p.ws.forms.submitAs(form.id, person.email, answers),
    form.confirmationMessage || 'Your response has been recorded.',
  );
}

/** The form and response an edit link's token (…/viewform?edit2=token) names, or a 404. */
export function responseByToken(p: FormDesk, token: unknown): { form: FormData; response: ResponseData } {
  for (const form of p.forms()) {
    const response = form.responses.find((r) => typeof token === 'string' && token !== '' && r.editToken === token);
    if (response) return { form, response };
  }
  throw new BadRequest('No response has this edit link (it may belong to another playground, or the state was reset).', 404);
}

/** The respondent changes a response through its edit link; the form-submit triggers fire again, as for an edit. */
export function editResponse(p: FormDesk, token: unknown, answers: unknown): Promise<FormSubmitted> {
  const { response } = responseByToken(p, token);
  checkAnswers(answers);
  return delivered(p, () => p.ws.forms.editAs(response.id, answers), 'Your response has been updated.');
}

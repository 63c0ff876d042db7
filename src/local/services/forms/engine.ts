import { gasError } from '../../kernel/errors';
import type { TriggerRun, TriggerStore } from '../script/triggers';
import { answerError, eventString, normalizeAnswer, type AnswerInput } from './answers';
import type { FormsCtx } from './context';
import type { FormDestinationSheets } from './destination';
import { QUESTION_TYPES, type AnswerData, type FormData, type ItemData, type ResponseData } from './model';
import { columnItem, rowCells, syncColumns } from './response-columns';
import { editUrl, editResponseUrl, publishedUrl } from './store';

/** One problem with a submission, as Google Forms shows it under the question. */
export interface FieldError {
  itemId: number;
  title: string;
  message: string;
}

/** Thrown by submitAs/editAs when Google Forms would refuse the submission (the respondent sees the errors). */
export class FormSubmissionError extends Error {
  constructor(
    readonly errors: FieldError[],
    message?: string,
  ) {
    super(message ?? `Google Forms refused the submission: ${errors.map((e) => `${e.title}: ${e.message}`).join('; ')}`);
    this.name = 'FormSubmissionError';
  }
}

export interface SubmitOptions {
  /** Deliver the submission's triggers this many times (Apps Script is known to fire twice): default 1. */
  deliveries?: number;
  /** Fire no trigger (as FormResponse.submit() from a script). */
  noTriggers?: boolean;
}

export interface SubmitResult {
  responseId: string;
  editResponseUrl: string;
  timestamp: Date;
  /** The row written in the destination sheet, if the form is linked. */
  row: number | null;
  /** Trigger runs this submission caused (form and spreadsheet triggers). */
  runs: TriggerRun[];
}

/** The records behind FormApp: submissions (by a person or a script), the destination sheet, the trigger events. */
export class FormsEngine {
  /** Default number of deliveries per submission; 2 models Apps Script's duplicate trigger firing. */
  deliveries = 1;

  constructor(
    private readonly ctx: FormsCtx,
    private readonly triggers: TriggerStore,
    private readonly sheets: () => FormDestinationSheets | undefined,
  ) {}

  // ---- destination ---------------------------------------------------------------------------

  link(form: FormData, spreadsheetId: string): void {
    const sheets = this.sheets();
    if (!sheets?.exists(spreadsheetId))
      throw gasError('Unable to find the destination spreadsheet. It may have been deleted, or you may not have permission to access it.');
    if (form.destination) this.unlink(form);
    const sheetName = sheets.createResponseSheet(spreadsheetId, publishedUrl(form));
    form.destination = { type: 'SPREADSHEET', spreadsheetId, sheetName, columns: [], headers: [] };
    this.syncHeader(form);
    // Existing responses are copied into the new sheet, as Forms does.
    for (const r of form.responses) r.destinationRow = this.writeRow(form, r, null).row;
  }

  unlink(form: FormData): void {
    const d = form.destination;
    if (!d) return;
    this.sheets()?.unlinkForm(d.spreadsheetId, d.sheetName);
    form.destination = null;
    for (const r of form.responses) delete r.destinationRow;
  }

  /** Adds columns for new questions and updates titles; columns of deleted items stay (as in Sheets). */
  syncHeader(form: FormData): void {
    const d = form.destination;
    const sheets = this.sheets();
    if (!d || !sheets) return;
    const headers = syncColumns(form, d);
    if (headers.join('\u0000') !== d.headers.join('\u0000')) {
      d.headers = headers;
      sheets.setHeader(d.spreadsheetId, d.sheetName, headers);
    }
  }

  private writeRow(
    form: FormData,
    r: ResponseData,
    row: number | null,
  ): { row: number; range: unknown; values: unknown[]; items: Array<ItemData | null> } {
    const d = form.destination!;
    const { values, items } = rowCells(form, r, this.ctx.timeZone());
    const out = this.sheets()!.writeRow(d.spreadsheetId, d.sheetName, publishedUrl(form), row, values);
    return { ...out, values, items };
  }

  // ---- recording -----------------------------------------------------------------------------

  /**
   * Stores a response (new, or the edit of `existingId`) and writes its destination row.
   * Returns what the trigger events need.
   */
  record(formId: string, answers: AnswerData[], email: string, existingId: string | null) {
    const form = this.ctx.store.get(formId);
    const now = this.ctx.kernel.clock.now();
    let response: ResponseData;
    let changed: Set<number> | null = null;
    if (existingId) {
      const r = form.responses.find((x) => x.id === existingId);
      if (!r) throw gasError('No response with ID ' + existingId + ' exists for this form.');
      changed = new Set();
      for (const a of answers) {
        const before = r.answers.find((x) => x.itemId === a.itemId)?.value;
        if (JSON.stringify(before) !== JSON.stringify(a.value)) changed.add(a.itemId);
      }
      for (const b of r.answers) if (!answers.some((a) => a.itemId === b.itemId)) changed.add(b.itemId);
      r.answers = structuredClone(answers);
      r.timestamp = now;
      response = r;
    } else {
      response = {
        id: this.ctx.store.newResponseId(),
        timestamp: now,
        respondentEmail: form.collectEmail ? email : '',
        answers: structuredClone(answers),
        editToken: this.ctx.store.newEditToken(),
      };
      form.responses.push(response);
    }
    let sheet: { row: number; range: unknown; values: unknown[]; items: Array<ItemData | null> } | null = null;
    if (form.destination && this.sheets()) {
      this.syncHeader(form);
      sheet = this.writeRow(form, response, response.destinationRow ?? null);
      response.destinationRow = sheet.row;
    }
    return { form, response, sheet, changed };
  }

  // ---- submissions by a person (test/playground path) -----------------------------------------

  private resolveItem(form: FormData, key: string): ItemData {
    const byId = /^\d+$/.test(key) ? form.items.find((i) => i.id === Number(key)) : undefined;
    const item =
      byId ?? form.items.find((i) => i.title === key) ?? form.items.find((i) => i.title.trim().toLowerCase() === key.trim().toLowerCase());
    if (!item || !QUESTION_TYPES.includes(item.type))
      throw new Error(`submitAs: the form has no question "${key}" (titles: ${form.items.map((i) => JSON.stringify(i.title)).join(', ')})`);
    return item;
  }

  /** Validates like Google Forms: every problem is reported at once. */
  private validate(form: FormData, input: Record<string, AnswerInput>, base: AnswerData[] = []): AnswerData[] {
    const tz = this.ctx.timeZone();
    const given = new Map<number, AnswerInput>();
    for (const [k, v] of Object.entries(input)) given.set(this.resolveItem(form, k).id, v);
    const errors: FieldError[] = [];
    const answers: AnswerData[] = [];
    for (const it of form.items) {
      if (!QUESTION_TYPES.includes(it.type)) continue;
      let value: AnswerData['value'] | null;
      if (given.has(it.id)) {
        const n = normalizeAnswer(it, given.get(it.id), tz);
        if (n.error) {
          errors.push({ itemId: it.id, title: it.title, message: n.error });
          continue;
        }
        value = n.value;
      } else {
        value = base.find((a) => a.itemId === it.id)?.value ?? null;
      }
      const err = answerError(it, value);
      if (err) errors.push({ itemId: it.id, title: it.title, message: err });
      else if (value !== null) answers.push({ itemId: it.id, value });
    }
    if (errors.length) throw new FormSubmissionError(errors);
    return answers;
  }

  submitAs(formId: string, respondentEmail: string, input: Record<string, AnswerInput>, opts: SubmitOptions = {}): SubmitResult {
    const form = this.ctx.store.get(formId);
    if (!form.acceptingResponses) throw new FormSubmissionError([], `The form ${form.title} is no longer accepting responses`);
    if ((form.collectEmail || form.limitOneResponsePerUser || form.requireLogin) && !respondentEmail)
      throw new FormSubmissionError([], 'This form requires sign-in');
    if (form.limitOneResponsePerUser && form.responses.some((r) => r.submittedBy === respondentEmail)) {
      throw new FormSubmissionError([], "You've already responded");
    }
    const answers = this.validate(form, input);
    const rec = this.ctx.kernel.meter.unmetered(() => this.record(formId, answers, respondentEmail, null));
    rec.response.submittedBy = respondentEmail;
    return this.deliver(rec, opts);
  }

  /** The respondent edits their response through the edit link: same id, triggers fire again. */
  editAs(responseId: string, input: Record<string, AnswerInput>, opts: SubmitOptions = {}): SubmitResult {
    const form = this.ctx.store.all().find((f) => f.responses.some((r) => r.id === responseId));
    if (!form) throw new Error(`editAs: no response ${responseId}`);
    if (!form.allowResponseEdits) throw new FormSubmissionError([], 'This form does not allow editing responses');
    if (!form.acceptingResponses) throw new FormSubmissionError([], `The form ${form.title} is no longer accepting responses`);
    const existing = form.responses.find((r) => r.id === responseId)!;
    const answers = this.validate(form, input, existing.answers);
    const rec = this.ctx.kernel.meter.unmetered(() => this.record(form.id, answers, existing.respondentEmail, responseId));
    return this.deliver(rec, opts);
  }

  private deliver(rec: ReturnType<FormsEngine['record']>, opts: SubmitOptions): SubmitResult {
    const { form, response, sheet, changed } = rec;
    const runs: TriggerRun[] = [];
    const times = opts.noTriggers ? 0 : Math.max(1, opts.deliveries ?? this.deliveries);
    const tz = this.ctx.timeZone();
    for (let i = 0; i < times; i++) {
      runs.push(
        ...this.triggers.fireForForm(form.id, 'ON_FORM_SUBMIT', (t) => ({
          authMode: 'FULL',
          response: this.responseView(form.id, response.id),
          source: this.formView(form.id),
          triggerUid: t.uid,
        })),
      );
      if (sheet && form.destination) {
        const d = form.destination;
        // On an edit, Apps Script's event carries only the changed answers (others are empty strings).
        const values = sheet.values.map((v, c) => {
          const col = d.columns[c];
          if (changed && col !== undefined && col !== 'timestamp' && col !== 'email' && !changed.has(columnItem(col).itemId)) return '';
          return eventString(sheet.items[c] ?? null, v, tz);
        });
        const namedValues: Record<string, string[]> = {};
        d.headers.forEach((h, c) => (namedValues[h] = [values[c] ?? '']));
        runs.push(
          ...this.triggers.fireForSpreadsheet(d.spreadsheetId, 'ON_FORM_SUBMIT', (t) => ({
            authMode: 'FULL',
            namedValues,
            range: sheet.range,
            triggerUid: t.uid,
            values,
          })),
        );
      }
    }
    return {
      responseId: response.id,
      editResponseUrl: editResponseUrl(form, response.editToken),
      timestamp: new Date(response.timestamp),
      row: sheet?.row ?? null,
      runs,
    };
  }

  /** Set by the FormApp factory: builds the live objects put in trigger events. */
  responseView: (formId: string, responseId: string) => unknown = () => null;
  formView: (formId: string) => unknown = () => null;

  urls(form: FormData) {
    return { edit: editUrl(form), published: publishedUrl(form) };
  }
}

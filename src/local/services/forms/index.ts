import type { Kernel } from '../../kernel/kernel';
import type { TriggerStore } from '../script/triggers';
import type { AnswerInput } from './answers';
import type { FormsCtx } from './context';
import type { FormDestinationSheets } from './destination';
import { FormsEngine, type SubmitOptions, type SubmitResult } from './engine';
import { LocalFormApp } from './form-app';
import { LocalItem, typedView } from './items';
import { LocalFormResponse } from './responses';
import { FormStore, type FormStoreState } from './store';
import type { FormData } from './model';

export { FormSubmissionError, type FieldError, type SubmitOptions, type SubmitResult } from './engine';
export { MemoryDestinationSheets, type FormDestinationSheets } from './destination';
export type { AnswerInput } from './answers';

/** Test and playground controls for forms: `ws.forms`. */
export interface FormControls {
  /**
   * Submits the form as a person, through Google Forms' validation (required, choices, number/text rules):
   * records the response, writes the destination sheet's row, fires form-submit triggers (form and
   * spreadsheet) with Apps Script's event objects. Answers are keyed by item title or item id.
   * Throws FormSubmissionError listing every problem, as Forms shows them.
   */
  submitAs(formId: string, respondentEmail: string, answers: Record<string, AnswerInput>, opts?: SubmitOptions): SubmitResult;
  /** The respondent edits a response (same id; only the given answers change); triggers fire again. */
  editAs(responseId: string, answers: Record<string, AnswerInput>, opts?: SubmitOptions): SubmitResult;
  /** Deliveries per submission for every later submit (2 models Apps Script's duplicate trigger firing). */
  setDeliveries(n: number): void;
  /** Raw data of a form (for the playground's form page). */
  get(formId: string): FormData | undefined;
  list(): FormData[];
  /**
   * Makes the script bound to this form (a form-bound script: FormApp.getActiveForm(), FormApp.getUi(), document
   * properties, cache and lock of the form); null unbinds.
   */
  bind(formId: string | null): void;
  /** Wires the spreadsheet side (SpreadsheetApp's hooks) for setDestination. */
  setDestinationSheets(sheets: FormDestinationSheets | undefined): void;
  toJSON(): FormStoreState;
  restore(state: FormStoreState): void;
}

export interface FormsServices {
  FormApp: LocalFormApp;
  controls: FormControls;
  engine: FormsEngine;
}

export function createFormsServices(kernel: Kernel, triggers: TriggerStore, timeZone: () => string): FormsServices {
  const store = new FormStore();
  const ctx: FormsCtx = {
    kernel,
    store,
    timeZone,
    typedView: (formId, item) => typedView(ctx, formId, item),
    genericItem: (formId, itemId) => new LocalItem(ctx, formId, itemId),
  };
  let sheets: FormDestinationSheets | undefined;
  const engine = new FormsEngine(ctx, triggers, () => sheets);
  const FormApp = new LocalFormApp(ctx, engine);
  ctx.itemsChanged = (formId) => {
    const f = store.find(formId);
    if (f?.destination) kernel.meter.unmetered(() => engine.syncHeader(f));
  };
  engine.responseView = (formId, responseId) => new LocalFormResponse(ctx, engine, formId, responseId);
  engine.formView = (formId) => FormApp.view(formId);
  const controls: FormControls = {
    submitAs: (formId, email, answers, opts) => engine.submitAs(formId, email, answers, opts),
    editAs: (responseId, answers, opts) => engine.editAs(responseId, answers, opts),
    setDeliveries: (n) => {
      engine.deliveries = Math.max(1, Math.floor(n));
    },
    bind: (formId) => {
      if (formId !== null) store.get(formId);
      FormApp.activeFormId = formId;
    },
    get: (id) => store.find(id),
    list: () => store.all(),
    setDestinationSheets: (s) => {
      sheets = s;
    },
    toJSON: () => store.toJSON(),
    restore: (state) => store.restore(state),
  };
  return { FormApp, controls, engine };
}

import { gasError } from '../../kernel/errors';
import { makeEnum } from '../script/enums';
import type { FormsCtx } from './context';
import type { FormsEngine } from './engine';
import { LocalForm } from './form';
import { LocalGridValidationBuilder } from './grid-items';
import { LocalValidationBuilder } from './validation';

type FA = GoogleAppsScript.Forms.FormApp;

export const ItemType = makeEnum<typeof GoogleAppsScript.Forms.ItemType>([
  'CHECKBOX',
  'CHECKBOX_GRID',
  'DATE',
  'DATETIME',
  'DURATION',
  'GRID',
  'IMAGE',
  'LIST',
  'MULTIPLE_CHOICE',
  'PAGE_BREAK',
  'PARAGRAPH_TEXT',
  'SCALE',
  'SECTION_HEADER',
  'TEXT',
  'TIME',
  'VIDEO',
  'FILE_UPLOAD',
]);
export const DestinationType = makeEnum<typeof GoogleAppsScript.Forms.DestinationType>(['SPREADSHEET']);
export const Alignment = makeEnum<typeof GoogleAppsScript.Forms.Alignment>(['LEFT', 'CENTER', 'RIGHT']);
export const FeedbackType = makeEnum<typeof GoogleAppsScript.Forms.FeedbackType>(['CORRECT', 'INCORRECT', 'GENERAL']);
export const PageNavigationType = makeEnum<typeof GoogleAppsScript.Forms.PageNavigationType>([
  'CONTINUE',
  'GO_TO_PAGE',
  'RESTART',
  'SUBMIT',
]);

/** The FormApp global. */
export class LocalFormApp implements Pick<FA, 'ItemType' | 'DestinationType' | 'Alignment' | 'FeedbackType' | 'PageNavigationType'> {
  readonly ItemType = ItemType;
  readonly DestinationType = DestinationType;
  readonly Alignment = Alignment;
  readonly FeedbackType = FeedbackType;
  readonly PageNavigationType = PageNavigationType;
  /** The form the script is bound to (FormApp.getActiveForm()); null for a script bound to a spreadsheet. */
  activeFormId: string | null = null;
  /** The editor's Ui (set by the workspace: SpreadsheetApp's recorder, ws.ui). */
  makeUi: (() => unknown) | null = null;

  constructor(
    private readonly ctx: FormsCtx,
    private readonly engine: FormsEngine,
  ) {}

  private m(method: string): void {
    this.ctx.kernel.call('FormApp', method);
  }

  view(formId: string): GoogleAppsScript.Forms.Form {
    return new LocalForm(this.ctx, this.engine, formId) as unknown as GoogleAppsScript.Forms.Form;
  }

  create(title: string): GoogleAppsScript.Forms.Form {
    this.m('create');
    const { id, publishedId } = this.ctx.store.newFormIds();
    this.ctx.store.add({
      id,
      publishedId,
      owner: this.ctx.kernel.executions.current().effectiveUser,
      title: String(title ?? ''),
      description: '',
      confirmationMessage: '',
      collectEmail: false,
      allowResponseEdits: false,
      limitOneResponsePerUser: false,
      requireLogin: false,
      acceptingResponses: true,
      items: [],
      responses: [],
      destination: null,
      editors: [],
    });
    return this.view(id);
  }

  openById(id: string): GoogleAppsScript.Forms.Form {
    this.m('openById');
    return this.view(this.ctx.store.get(String(id)).id);
  }

  openByUrl(url: string): GoogleAppsScript.Forms.Form {
    this.m('openByUrl');
    const f = this.ctx.store.byUrl(String(url));
    if (!f) throw gasError('No item with the given ID could be found, or you do not have permission to access it.');
    return this.view(f.id);
  }

  getActiveForm(): GoogleAppsScript.Forms.Form {
    this.m('getActiveForm');
    return (this.activeFormId ? this.view(this.activeFormId) : null) as GoogleAppsScript.Forms.Form;
  }

  /**
   * The form editor's Ui: "A script can only interact with the UI for the current instance of an open form editor
   * (not the view that a respondent sees), and only if the script is bound to the form."
   */
  getUi(): GoogleAppsScript.Base.Ui {
    this.m('getUi');
    const kind = this.ctx.kernel.executions.current().kind;
    if (!this.activeFormId || !this.makeUi || kind === 'time-trigger' || kind === 'web-app')
      throw gasError('Cannot call FormApp.getUi() from this context.');
    return this.makeUi() as GoogleAppsScript.Base.Ui;
  }

  createTextValidation(): GoogleAppsScript.Forms.TextValidationBuilder {
    this.m('createTextValidation');
    return new LocalValidationBuilder(this.ctx.kernel, 'TextValidationBuilder') as unknown as GoogleAppsScript.Forms.TextValidationBuilder;
  }

  createParagraphTextValidation(): GoogleAppsScript.Forms.ParagraphTextValidationBuilder {
    this.m('createParagraphTextValidation');
    return new LocalValidationBuilder(
      this.ctx.kernel,
      'ParagraphTextValidationBuilder',
    ) as unknown as GoogleAppsScript.Forms.ParagraphTextValidationBuilder;
  }

  createCheckboxValidation(): GoogleAppsScript.Forms.CheckboxValidationBuilder {
    this.m('createCheckboxValidation');
    return new LocalValidationBuilder(
      this.ctx.kernel,
      'CheckboxValidationBuilder',
    ) as unknown as GoogleAppsScript.Forms.CheckboxValidationBuilder;
  }

  createGridValidation(): GoogleAppsScript.Forms.GridValidationBuilder {
    this.m('createGridValidation');
    return new LocalGridValidationBuilder(this.ctx.kernel, 'GRID') as unknown as GoogleAppsScript.Forms.GridValidationBuilder;
  }

  createCheckboxGridValidation(): GoogleAppsScript.Forms.CheckboxGridValidationBuilder {
    this.m('createCheckboxGridValidation');
    return new LocalGridValidationBuilder(
      this.ctx.kernel,
      'CHECKBOX_GRID',
    ) as unknown as GoogleAppsScript.Forms.CheckboxGridValidationBuilder;
  }
}

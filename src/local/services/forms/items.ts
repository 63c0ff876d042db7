import { gasError } from '../../kernel/errors';
import { asEnum } from '../script/enums';
import { zonedParts } from '../script/zoned';
import type { FormsCtx } from './context';
import { GridView } from './grid-items';
import { ItemView, QuestionView } from './item-base';
import type { ChoiceData, ItemData, ItemTypeName } from './model';
import { LocalValidation } from './validation';

type F = typeof GoogleAppsScript.Forms;
type N = GoogleAppsScript.Forms.Item;

const CLASS: Record<ItemTypeName, string> = {
  TEXT: 'TextItem',
  PARAGRAPH_TEXT: 'ParagraphTextItem',
  MULTIPLE_CHOICE: 'MultipleChoiceItem',
  LIST: 'ListItem',
  CHECKBOX: 'CheckboxItem',
  DATE: 'DateItem',
  DATETIME: 'DateTimeItem',
  TIME: 'TimeItem',
  SCALE: 'ScaleItem',
  GRID: 'GridItem',
  CHECKBOX_GRID: 'CheckboxGridItem',
  SECTION_HEADER: 'SectionHeaderItem',
  PAGE_BREAK: 'PageBreakItem',
};

export { ItemView, LocalItemResponse, QuestionView } from './item-base';

/** The generic Item that Form.getItems() returns; asXxxItem() casts to the typed view. */
export class LocalItem extends ItemView implements Pick<N, 'getId' | 'getIndex' | 'getTitle' | 'getHelpText' | 'getType'> {
  constructor(ctx: FormsCtx, formId: string, itemId: number) {
    super(ctx, formId, itemId, 'Item');
  }

  private as(type: ItemTypeName, method: string): any {
    this.m(method);
    const d = this.data();
    if (d.type !== type) throw gasError(`Invalid conversion for item type: ${d.type}`);
    return typedView(this.ctx, this.formId, d);
  }

  asTextItem(): GoogleAppsScript.Forms.TextItem {
    return this.as('TEXT', 'asTextItem');
  }
  asParagraphTextItem(): GoogleAppsScript.Forms.ParagraphTextItem {
    return this.as('PARAGRAPH_TEXT', 'asParagraphTextItem');
  }
  asMultipleChoiceItem(): GoogleAppsScript.Forms.MultipleChoiceItem {
    return this.as('MULTIPLE_CHOICE', 'asMultipleChoiceItem');
  }
  asListItem(): GoogleAppsScript.Forms.ListItem {
    return this.as('LIST', 'asListItem');
  }
  asCheckboxItem(): GoogleAppsScript.Forms.CheckboxItem {
    return this.as('CHECKBOX', 'asCheckboxItem');
  }
  asDateItem(): GoogleAppsScript.Forms.DateItem {
    return this.as('DATE', 'asDateItem');
  }
  asDateTimeItem(): GoogleAppsScript.Forms.DateTimeItem {
    return this.as('DATETIME', 'asDateTimeItem');
  }
  asTimeItem(): GoogleAppsScript.Forms.TimeItem {
    return this.as('TIME', 'asTimeItem');
  }
  asScaleItem(): GoogleAppsScript.Forms.ScaleItem {
    return this.as('SCALE', 'asScaleItem');
  }
  asGridItem(): GoogleAppsScript.Forms.GridItem {
    return this.as('GRID', 'asGridItem');
  }
  asCheckboxGridItem(): GoogleAppsScript.Forms.CheckboxGridItem {
    return this.as('CHECKBOX_GRID', 'asCheckboxGridItem');
  }
  asSectionHeaderItem(): GoogleAppsScript.Forms.SectionHeaderItem {
    return this.as('SECTION_HEADER', 'asSectionHeaderItem');
  }
  asPageBreakItem(): GoogleAppsScript.Forms.PageBreakItem {
    return this.as('PAGE_BREAK', 'asPageBreakItem');
  }
}

class TextLikeView extends QuestionView {
  setValidation(validation: GoogleAppsScript.Forms.TextValidation): any {
    this.m('setValidation');
    if (!(validation instanceof LocalValidation)) throw gasError('Invalid argument: validation');
    this.data().validation = structuredClone(validation.data);
    return this;
  }

  clearValidation(): any {
    this.m('clearValidation');
    delete this.data().validation;
    return this;
  }

  createResponse(response: string): GoogleAppsScript.Forms.ItemResponse {
    this.m('createResponse');
    return this.respond(String(response));
  }
}

export class LocalChoice implements Pick<GoogleAppsScript.Forms.Choice, 'getValue' | 'isCorrectAnswer'> {
  constructor(readonly data: ChoiceData) {}
  getValue(): string {
    return this.data.value;
  }
  isCorrectAnswer(): boolean {
    return !!this.data.isCorrect;
  }
  getGotoPage(): GoogleAppsScript.Forms.PageBreakItem {
    return null as unknown as GoogleAppsScript.Forms.PageBreakItem;
  }
  getPageNavigationType(): GoogleAppsScript.Forms.PageNavigationType {
    return asEnum('CONTINUE');
  }
}

class ChoiceView extends QuestionView {
  createChoice(value: string, isCorrect?: boolean): GoogleAppsScript.Forms.Choice {
    this.m('createChoice');
    return new LocalChoice({
      value: String(value),
      ...(typeof isCorrect === 'boolean' ? { isCorrect } : {}),
    }) as unknown as GoogleAppsScript.Forms.Choice;
  }

  getChoices(): GoogleAppsScript.Forms.Choice[] {
    this.m('getChoices');
    return (this.data().choices ?? []).map((c) => new LocalChoice({ ...c }) as unknown as GoogleAppsScript.Forms.Choice);
  }

  setChoices(choices: GoogleAppsScript.Forms.Choice[]): any {
    this.m('setChoices');
    if (!Array.isArray(choices) || choices.length === 0) throw gasError('Invalid argument: choices');
    this.data().choices = choices.map((c) => {
      if (!(c instanceof LocalChoice)) throw gasError('Invalid argument: choices');
      return { ...c.data };
    });
    return this;
  }

  setChoiceValues(values: string[]): any {
    this.m('setChoiceValues');
    if (!Array.isArray(values) || values.length === 0) throw gasError('Invalid argument: values');
    this.data().choices = values.map((v) => ({ value: String(v) }));
    return this;
  }

  hasOtherOption(): boolean {
    this.m('hasOtherOption');
    return !!this.data().otherOption;
  }

  showOtherOption(enabled: boolean): any {
    this.m('showOtherOption');
    this.data().otherOption = !!enabled;
    return this;
  }

  createResponse(response: string | string[]): GoogleAppsScript.Forms.ItemResponse {
    this.m('createResponse');
    const d = this.data();
    const allowed = new Set((d.choices ?? []).map((c) => c.value));
    const values = Array.isArray(response) ? response.map(String) : [String(response)];
    if (!d.otherOption && values.some((v) => !allowed.has(v))) throw gasError('Invalid response submitted to item.');
    return this.respond(d.type === 'CHECKBOX' ? values : (values[0] ?? ''));
  }

  setValidation(validation: GoogleAppsScript.Forms.CheckboxValidation): any {
    this.m('setValidation');
    if (!(validation instanceof LocalValidation)) throw gasError('Invalid argument: validation');
    this.data().validation = structuredClone(validation.data);
    return this;
  }

  clearValidation(): any {
    this.m('clearValidation');
    delete this.data().validation;
    return this;
  }
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

class DateView extends QuestionView {
  includesYear(): boolean {
    this.m('includesYear');
    return this.data().includesYear !== false;
  }

  setIncludesYear(enableYear: boolean): any {
    this.m('setIncludesYear');
    this.data().includesYear = !!enableYear;
    return this;
  }

  createResponse(response: GoogleAppsScript.Base.Date): GoogleAppsScript.Forms.ItemResponse {
    this.m('createResponse');
    const t = response instanceof Date ? response.getTime() : NaN;
    if (!Number.isFinite(t)) throw gasError('Invalid argument: response');
    const p = zonedParts(t, this.ctx.timeZone());
    const date = this.data().includesYear === false ? `${pad(p.month)}-${pad(p.day)}` : `${p.year}-${pad(p.month)}-${pad(p.day)}`;
    return this.respond(this.data().type === 'DATETIME' ? `${date} ${pad(p.hour)}:${pad(p.minute)}` : date);
  }
}

class TimeView extends QuestionView {
  createResponse(hour: number, minute: number): GoogleAppsScript.Forms.ItemResponse {
    this.m('createResponse');
    if (!Number.isInteger(hour) || hour < 0 || hour > 23 || !Number.isInteger(minute) || minute < 0 || minute > 59)
      throw gasError('Invalid argument: hour/minute');
    return this.respond(`${pad(hour)}:${pad(minute)}`);
  }
}

class ScaleView extends QuestionView {
  private scale() {
    const d = this.data();
    d.scale ??= { lower: 1, upper: 5, leftLabel: '', rightLabel: '' };
    return d.scale;
  }

  setBounds(lower: number, upper: number): any {
    this.m('setBounds');
    if (!(lower === 0 || lower === 1) || !Number.isInteger(upper) || upper < 3 || upper > 10) throw gasError('Invalid argument: bounds');
    Object.assign(this.scale(), { lower, upper });
    return this;
  }

  getLowerBound(): number {
    this.m('getLowerBound');
    return this.scale().lower;
  }

  getUpperBound(): number {
    this.m('getUpperBound');
    return this.scale().upper;
  }

  setLabels(lower: string, upper: string): any {
    this.m('setLabels');
    Object.assign(this.scale(), { leftLabel: String(lower), rightLabel: String(upper) });
    return this;
  }

  getLeftLabel(): string {
    this.m('getLeftLabel');
    return this.scale().leftLabel;
  }

  getRightLabel(): string {
    this.m('getRightLabel');
    return this.scale().rightLabel;
  }

  createResponse(response: number): GoogleAppsScript.Forms.ItemResponse {
    this.m('createResponse');
    const s = this.scale();
    if (!Number.isInteger(response) || response < s.lower || response > s.upper) throw gasError('Invalid response submitted to item.');
    return this.respond(String(response));
  }
}

/** The typed view for an item (what Form.addTextItem() etc. and asXxxItem() return). */
export function typedView(ctx: FormsCtx, formId: string, d: ItemData): any {
  const svc = CLASS[d.type];
  switch (d.type) {
    case 'TEXT':
    case 'PARAGRAPH_TEXT':
      return new TextLikeView(ctx, formId, d.id, svc);
    case 'MULTIPLE_CHOICE':
    case 'LIST':
    case 'CHECKBOX':
      return new ChoiceView(ctx, formId, d.id, svc);
    case 'DATE':
    case 'DATETIME':
      return new DateView(ctx, formId, d.id, svc);
    case 'TIME':
      return new TimeView(ctx, formId, d.id, svc);
    case 'SCALE':
      return new ScaleView(ctx, formId, d.id, svc);
    case 'GRID':
    case 'CHECKBOX_GRID':
      return new GridView(ctx, formId, d.id, svc);
    default:
      return new ItemView(ctx, formId, d.id, svc);
  }
}

export type { F };

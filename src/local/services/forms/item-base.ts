import { asEnum } from '../script/enums';
import type { FormsCtx } from './context';
import type { AnswerValue, ItemData } from './model';

type N = GoogleAppsScript.Forms.Item;

/** Base of every item view: reads the item's data from the store on each call, so views never go stale. */
export class ItemView {
  constructor(
    protected readonly ctx: FormsCtx,
    readonly formId: string,
    readonly itemId: number,
    private readonly svc: string,
  ) {}

  protected m(method: string): void {
    this.ctx.kernel.call(this.svc, method);
  }

  /** The item's data (throws if the item was deleted). */
  data(): ItemData {
    return this.ctx.store.item(this.ctx.store.get(this.formId), this.itemId);
  }

  getId(): number {
    this.m('getId');
    return this.data().id;
  }

  getIndex(): number {
    this.m('getIndex');
    const f = this.ctx.store.get(this.formId);
    return f.items.findIndex((i) => i.id === this.itemId);
  }

  getTitle(): string {
    this.m('getTitle');
    return this.data().title;
  }

  setTitle(title: string): any {
    this.m('setTitle');
    this.data().title = String(title ?? '');
    this.ctx.itemsChanged?.(this.formId);
    return this;
  }

  getHelpText(): string {
    this.m('getHelpText');
    return this.data().helpText;
  }

  setHelpText(text: string): any {
    this.m('setHelpText');
    this.data().helpText = String(text ?? '');
    return this;
  }

  getType(): GoogleAppsScript.Forms.ItemType {
    this.m('getType');
    return asEnum(this.data().type);
  }

  duplicate(): any {
    this.m('duplicate');
    const f = this.ctx.store.get(this.formId);
    const i = f.items.findIndex((x) => x.id === this.itemId);
    const copy: ItemData = { ...structuredClone(this.data()), id: this.ctx.store.newItemId() };
    f.items.splice(i + 1, 0, copy);
    this.ctx.itemsChanged?.(this.formId);
    return this.ctx.typedView(this.formId, copy);
  }
}

/** A response to one item, not yet (or already) part of a FormResponse. */
export class LocalItemResponse implements Pick<GoogleAppsScript.Forms.ItemResponse, 'getResponse'> {
  constructor(
    private readonly ctx: FormsCtx,
    readonly formId: string,
    readonly itemId: number,
    readonly value: AnswerValue,
  ) {}

  getItem(): GoogleAppsScript.Forms.Item {
    this.ctx.kernel.call('ItemResponse', 'getItem');
    return this.ctx.genericItem(this.formId, this.itemId) as N;
  }

  /**
   * string; string[] for a checkbox item (choice order, "other" last) and for a grid (one per row, '' for a row
   * not answered); string[][] for a checkbox grid (one array per row, '' for a row not answered, as the
   * reference says: "If a respondent did not answer a question in the grid, that answer is returned as ''").
   */
  getResponse(): string[][] | string[] | string {
    this.ctx.kernel.call('ItemResponse', 'getResponse');
    const v = this.value;
    if (!Array.isArray(v)) return v;
    return v.map((row) => (Array.isArray(row) ? (row.length ? row.slice() : '') : row)) as string[] | string[][];
  }

  getScore(): number {
    this.ctx.kernel.call('ItemResponse', 'getScore');
    return 0;
  }
}

export class QuestionView extends ItemView {
  isRequired(): boolean {
    this.m('isRequired');
    return this.data().required;
  }

  setRequired(enabled: boolean): any {
    this.m('setRequired');
    this.data().required = !!enabled;
    return this;
  }

  protected respond(value: AnswerValue): any {
    return new LocalItemResponse(this.ctx, this.formId, this.itemId, value);
  }
}

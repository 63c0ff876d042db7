import { gasError } from '../../kernel/errors';
import { asEnum } from '../script/enums';
import type { FormsCtx } from './context';
import type { FormsEngine } from './engine';
import { LocalItem, typedView } from './items';
import type { FormData, ItemData, ItemTypeName } from './model';
import { LocalFormResponse } from './responses';
import { editUrl, publishedUrl } from './store';

type Fm = GoogleAppsScript.Forms.Form;

/** A Form: a view over the stored form data. */
export class LocalForm
  implements
    Pick<
      Fm,
      | 'getId'
      | 'getTitle'
      | 'getDescription'
      | 'getEditUrl'
      | 'getPublishedUrl'
      | 'collectsEmail'
      | 'canEditResponse'
      | 'hasLimitOneResponsePerUser'
      | 'requiresLogin'
      | 'isAcceptingResponses'
      | 'getConfirmationMessage'
      | 'getDestinationId'
      | 'getSummaryUrl'
    >
{
  constructor(
    private readonly ctx: FormsCtx,
    private readonly engine: FormsEngine,
    readonly formId: string,
  ) {}

  private m(method: string): void {
    this.ctx.kernel.call('Form', method);
  }

  private d(): FormData {
    return this.ctx.store.get(this.formId);
  }

  private setFlag<K extends keyof FormData>(method: string, key: K, value: FormData[K]): Fm {
    this.m(method);
    this.d()[key] = value;
    return this as unknown as Fm;
  }

  getId(): string {
    this.m('getId');
    return this.d().id;
  }
  getTitle(): string {
    this.m('getTitle');
    return this.d().title;
  }
  setTitle(title: string): Fm {
    return this.setFlag('setTitle', 'title', String(title ?? ''));
  }
  getDescription(): string {
    this.m('getDescription');
    return this.d().description;
  }
  setDescription(description: string): Fm {
    return this.setFlag('setDescription', 'description', String(description ?? ''));
  }
  getConfirmationMessage(): string {
    this.m('getConfirmationMessage');
    return this.d().confirmationMessage;
  }
  setConfirmationMessage(message: string): Fm {
    return this.setFlag('setConfirmationMessage', 'confirmationMessage', String(message ?? ''));
  }
  collectsEmail(): boolean {
    this.m('collectsEmail');
    return this.d().collectEmail;
  }
  setCollectEmail(collect: boolean): Fm {
    return this.setFlag('setCollectEmail', 'collectEmail', !!collect);
  }
  canEditResponse(): boolean {
    this.m('canEditResponse');
    return this.d().allowResponseEdits;
  }
  setAllowResponseEdits(enabled: boolean): Fm {
    return this.setFlag('setAllowResponseEdits', 'allowResponseEdits', !!enabled);
  }
  hasLimitOneResponsePerUser(): boolean {
    this.m('hasLimitOneResponsePerUser');
    return this.d().limitOneResponsePerUser;
  }
  setLimitOneResponsePerUser(enabled: boolean): Fm {
    return this.setFlag('setLimitOneResponsePerUser', 'limitOneResponsePerUser', !!enabled);
  }
  requiresLogin(): boolean {
    this.m('requiresLogin');
    return this.d().requireLogin;
  }
  setRequireLogin(requireLogin: boolean): Fm {
    return this.setFlag('setRequireLogin', 'requireLogin', !!requireLogin);
  }
  isAcceptingResponses(): boolean {
    this.m('isAcceptingResponses');
    return this.d().acceptingResponses;
  }
  setAcceptingResponses(enabled: boolean): Fm {
    return this.setFlag('setAcceptingResponses', 'acceptingResponses', !!enabled);
  }
  getEditUrl(): string {
    this.m('getEditUrl');
    return editUrl(this.d());
  }
  getPublishedUrl(): string {
    this.m('getPublishedUrl');
    return publishedUrl(this.d());
  }
  getSummaryUrl(): string {
    this.m('getSummaryUrl');
    return `https://docs.google.com/forms/d/${this.d().id}/viewanalytics`;
  }

  getEditors(): GoogleAppsScript.Base.User[] {
    this.m('getEditors');
    return [this.d().owner, ...this.d().editors].map((email) => ({ getEmail: () => email }) as unknown as GoogleAppsScript.Base.User);
  }

  addEditor(emailAddress: string): Fm {
    this.m('addEditor');
    const e = String(emailAddress);
    if (!this.d().editors.includes(e)) this.d().editors.push(e);
    return this as unknown as Fm;
  }

  // ---- items ---------------------------------------------------------------------------------

  private add(type: ItemTypeName, method: string): any {
    this.m(method);
    const item: ItemData = { id: this.ctx.store.newItemId(), type, title: '', helpText: '', required: false };
    if (type === 'MULTIPLE_CHOICE' || type === 'LIST' || type === 'CHECKBOX') item.choices = [];
    if (type === 'SCALE') item.scale = { lower: 1, upper: 5, leftLabel: '', rightLabel: '' };
    if (type === 'DATE' || type === 'DATETIME') item.includesYear = true;
    if (type === 'GRID' || type === 'CHECKBOX_GRID') Object.assign(item, { rows: [], columns: [] });
    this.d().items.push(item);
    this.ctx.itemsChanged?.(this.formId);
    return typedView(this.ctx, this.formId, item);
  }

  addTextItem(): GoogleAppsScript.Forms.TextItem {
    return this.add('TEXT', 'addTextItem');
  }
  addParagraphTextItem(): GoogleAppsScript.Forms.ParagraphTextItem {
    return this.add('PARAGRAPH_TEXT', 'addParagraphTextItem');
  }
  addMultipleChoiceItem(): GoogleAppsScript.Forms.MultipleChoiceItem {
    return this.add('MULTIPLE_CHOICE', 'addMultipleChoiceItem');
  }
  addListItem(): GoogleAppsScript.Forms.ListItem {
    return this.add('LIST', 'addListItem');
  }
  addCheckboxItem(): GoogleAppsScript.Forms.CheckboxItem {
    return this.add('CHECKBOX', 'addCheckboxItem');
  }
  addDateItem(): GoogleAppsScript.Forms.DateItem {
    return this.add('DATE', 'addDateItem');
  }
  addDateTimeItem(): GoogleAppsScript.Forms.DateTimeItem {
    return this.add('DATETIME', 'addDateTimeItem');
  }
  addTimeItem(): GoogleAppsScript.Forms.TimeItem {
    return this.add('TIME', 'addTimeItem');
  }
  addScaleItem(): GoogleAppsScript.Forms.ScaleItem {
    return this.add('SCALE', 'addScaleItem');
  }
  addGridItem(): GoogleAppsScript.Forms.GridItem {
    return this.add('GRID', 'addGridItem');
  }
  addCheckboxGridItem(): GoogleAppsScript.Forms.CheckboxGridItem {
    return this.add('CHECKBOX_GRID', 'addCheckboxGridItem');
  }
  addSectionHeaderItem(): GoogleAppsScript.Forms.SectionHeaderItem {
    return this.add('SECTION_HEADER', 'addSectionHeaderItem');
  }
  addPageBreakItem(): GoogleAppsScript.Forms.PageBreakItem {
    return this.add('PAGE_BREAK', 'addPageBreakItem');
  }

  getItems(itemType?: GoogleAppsScript.Forms.ItemType): GoogleAppsScript.Forms.Item[] {
    this.m('getItems');
    const t = itemType === undefined ? undefined : String(itemType);
    return this.d()
      .items.filter((i) => t === undefined || i.type === t)
      .map((i) => new LocalItem(this.ctx, this.formId, i.id) as unknown as GoogleAppsScript.Forms.Item);
  }

  /** The item, or null when no item has that id (as Apps Script returns). */
  getItemById(id: number): GoogleAppsScript.Forms.Item {
    this.m('getItemById');
    const it = this.d().items.find((i) => i.id === Number(id));
    return (it ? new LocalItem(this.ctx, this.formId, it.id) : null) as unknown as GoogleAppsScript.Forms.Item;
  }

  private indexOf(itemOrIndex: unknown, what: string): number {
    const items = this.d().items;
    if (typeof itemOrIndex === 'number') {
      if (!Number.isInteger(itemOrIndex) || itemOrIndex < 0 || itemOrIndex >= items.length) throw gasError(`Invalid argument: ${what}`);
      return itemOrIndex;
    }
    const id = (itemOrIndex as { itemId?: number } | null)?.itemId;
    const i = items.findIndex((x) => x.id === id);
    if (i < 0) throw gasError(`Invalid argument: ${what}`);
    return i;
  }

  deleteItem(item: GoogleAppsScript.Forms.Item | number): void {
    this.m('deleteItem');
    this.d().items.splice(this.indexOf(item, 'item'), 1);
  }

  moveItem(from: GoogleAppsScript.Forms.Item | number, toIndex: number): GoogleAppsScript.Forms.Item {
    this.m('moveItem');
    const items = this.d().items;
    const i = this.indexOf(from, 'from');
    if (!Number.isInteger(toIndex) || toIndex < 0 || toIndex >= items.length) throw gasError('Invalid argument: to');
    const [it] = items.splice(i, 1);
    items.splice(toIndex, 0, it as ItemData);
    return new LocalItem(this.ctx, this.formId, (it as ItemData).id) as unknown as GoogleAppsScript.Forms.Item;
  }

  // ---- destination ---------------------------------------------------------------------------

  setDestination(type: GoogleAppsScript.Forms.DestinationType, id: string): Fm {
    this.m('setDestination');
    if (String(type) !== 'SPREADSHEET') throw gasError('Invalid argument: type');
    this.engine.link(this.d(), String(id));
    return this as unknown as Fm;
  }

  getDestinationId(): string {
    this.m('getDestinationId');
    const d = this.d().destination;
    if (!d) throw gasError('The form currently has no response destination.');
    return d.spreadsheetId;
  }

  getDestinationType(): GoogleAppsScript.Forms.DestinationType {
    this.m('getDestinationType');
    if (!this.d().destination) throw gasError('The form currently has no response destination.');
    return asEnum('SPREADSHEET');
  }

  removeDestination(): Fm {
    this.m('removeDestination');
    this.engine.unlink(this.d());
    return this as unknown as Fm;
  }

  // ---- responses -----------------------------------------------------------------------------

  getResponses(timestamp?: GoogleAppsScript.Base.Date): GoogleAppsScript.Forms.FormResponse[] {
    this.m('getResponses');
    const since = timestamp instanceof Date ? timestamp.getTime() : -Infinity;
    return this.d()
      .responses.filter((r) => r.timestamp >= since)
      .slice()
      .sort((a, b) => a.timestamp - b.timestamp)
      .map((r) => new LocalFormResponse(this.ctx, this.engine, this.formId, r.id) as unknown as GoogleAppsScript.Forms.FormResponse);
  }

  getResponse(responseId: string): GoogleAppsScript.Forms.FormResponse {
    this.m('getResponse');
    const r = this.d().responses.find((x) => x.id === responseId);
    if (!r) throw gasError(`No response with ID ${responseId} exists for this form.`);
    return new LocalFormResponse(this.ctx, this.engine, this.formId, r.id) as unknown as GoogleAppsScript.Forms.FormResponse;
  }

  createResponse(): GoogleAppsScript.Forms.FormResponse {
    this.m('createResponse');
    return new LocalFormResponse(this.ctx, this.engine, this.formId, null) as unknown as GoogleAppsScript.Forms.FormResponse;
  }

  deleteResponse(responseId: string): Fm {
    this.m('deleteResponse');
    const f = this.d();
    const i = f.responses.findIndex((r) => r.id === responseId);
    if (i < 0) throw gasError(`No response with ID ${responseId} exists for this form.`);
    f.responses.splice(i, 1);
    return this as unknown as Fm;
  }

  /** Removes every response from the form; rows already in the destination sheet stay (as in Forms). */
  deleteAllResponses(): Fm {
    this.m('deleteAllResponses');
    this.d().responses = [];
    return this as unknown as Fm;
  }
}

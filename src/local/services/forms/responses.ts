import { gasError } from '../../kernel/errors';
import type { FormsCtx } from './context';
import type { FormsEngine } from './engine';
import { LocalItem, LocalItemResponse } from './items';
import { isEmpty } from './answers';
import type { AnswerData, ItemTypeName } from './model';

/** Items whose unanswered question still appears in getItemResponses(), with '' as the response. */
const EMPTY_STRING_TYPES = new Set<ItemTypeName>(['TEXT', 'PARAGRAPH_TEXT', 'DATE', 'TIME']);
import { editResponseUrl, publishedUrl } from './store';

type R = GoogleAppsScript.Forms.FormResponse;

/**
 * A FormResponse: either a submitted response (read from the store by id) or a draft built with
 * Form.createResponse().withItemResponse(...), recorded by submit() (which fires no trigger, as in Apps Script).
 */
export class LocalFormResponse implements Pick<R, 'getId' | 'getRespondentEmail' | 'getEditResponseUrl' | 'toPrefilledUrl'> {
  private draft: AnswerData[] | null;

  constructor(
    private readonly ctx: FormsCtx,
    private readonly engine: FormsEngine,
    readonly formId: string,
    private responseId: string | null,
  ) {
    this.draft = responseId ? null : [];
  }

  private m(method: string): void {
    this.ctx.kernel.call('FormResponse', method);
  }

  private stored() {
    if (!this.responseId) return null;
    const f = this.ctx.store.get(this.formId);
    const r = f.responses.find((x) => x.id === this.responseId);
    if (!r) throw gasError('No response with ID ' + this.responseId + ' exists for this form.');
    return r;
  }

  private answers(): AnswerData[] {
    return this.draft ?? this.stored()?.answers ?? [];
  }

  getId(): string {
    this.m('getId');
    return this.responseId as string;
  }

  getRespondentEmail(): string {
    this.m('getRespondentEmail');
    return this.stored()?.respondentEmail ?? '';
  }

  getTimestamp(): GoogleAppsScript.Base.Date {
    this.m('getTimestamp');
    const r = this.stored();
    return (r ? new Date(r.timestamp) : null) as GoogleAppsScript.Base.Date;
  }

  getEditResponseUrl(): string {
    this.m('getEditResponseUrl');
    const r = this.stored();
    return r ? editResponseUrl(this.ctx.store.get(this.formId), r.editToken) : (null as unknown as string);
  }

  /**
   * Item responses in the form's item order. The reference: "If the form response does not contain a response for a
   * given TextItem, DateItem, TimeItem, or ParagraphTextItem, the ItemResponse returned for that item will have an
   * empty string as the response. If the form response omits a response for any other item type, this method
   * excludes that item from its returned array."
   */
  getItemResponses(): GoogleAppsScript.Forms.ItemResponse[] {
    this.m('getItemResponses');
    const f = this.ctx.store.get(this.formId);
    const order = new Map(f.items.map((it, i) => [it.id, i]));
    const answered = this.answers().filter((a) => !isEmpty(a.value));
    const blanks = f.items
      .filter((it) => EMPTY_STRING_TYPES.has(it.type) && !answered.some((a) => a.itemId === it.id))
      .map((it) => ({ itemId: it.id, value: '' }));
    return [...answered, ...blanks]
      .filter((a) => order.has(a.itemId))
      .sort((a, b) => (order.get(a.itemId) ?? 0) - (order.get(b.itemId) ?? 0))
      .map((a) => new LocalItemResponse(this.ctx, this.formId, a.itemId, a.value) as unknown as GoogleAppsScript.Forms.ItemResponse);
  }

  getGradableItemResponses(): GoogleAppsScript.Forms.ItemResponse[] {
    return this.getItemResponses();
  }

  /** The response for one item, or null when it was not answered. */
  getResponseForItem(item: GoogleAppsScript.Forms.Item): GoogleAppsScript.Forms.ItemResponse {
    this.m('getResponseForItem');
    const id =
      item instanceof LocalItem || (item && typeof (item as { itemId?: unknown }).itemId === 'number')
        ? (item as unknown as { itemId: number }).itemId
        : NaN;
    const a = this.answers().find((x) => x.itemId === id);
    return (a ? new LocalItemResponse(this.ctx, this.formId, a.itemId, a.value) : null) as unknown as GoogleAppsScript.Forms.ItemResponse;
  }

  withItemResponse(response: GoogleAppsScript.Forms.ItemResponse): GoogleAppsScript.Forms.FormResponse {
    this.m('withItemResponse');
    if (!(response instanceof LocalItemResponse) || response.formId !== this.formId) throw gasError('Invalid argument: response');
    if (!this.draft) this.draft = structuredClone(this.answers());
    const i = this.draft.findIndex((a) => a.itemId === response.itemId);
    const a = { itemId: response.itemId, value: Array.isArray(response.value) ? response.value.slice() : response.value };
    if (i >= 0) this.draft[i] = a;
    else this.draft.push(a);
    return this as unknown as GoogleAppsScript.Forms.FormResponse;
  }

  /** Records the response (or the edit of a stored one) and writes the destination sheet; fires no trigger. */
  submit(): GoogleAppsScript.Forms.FormResponse {
    this.m('submit');
    const answers = this.draft ?? [];
    const email = this.ctx.kernel.executions.current().effectiveUser;
    const r = this.engine.record(this.formId, answers, email, this.responseId);
    this.responseId = r.response.id;
    this.draft = null;
    return this as unknown as GoogleAppsScript.Forms.FormResponse;
  }

  toPrefilledUrl(): string {
    this.m('toPrefilledUrl');
    const f = this.ctx.store.get(this.formId);
    const q = this.answers()
      .flatMap((a) =>
        [a.value]
          .flat(2)
          .filter((v) => v !== '')
          .map((v) => `entry.${a.itemId}=${encodeURIComponent(v)}`),
      )
      .join('&');
    return `${publishedUrl(f)}?usp=pp_url${q ? '&' + q : ''}`;
  }
}

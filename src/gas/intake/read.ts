/**
 * Reading a response from FormApp into the raw shape intake keeps (and parks whole when it must), with as few calls
 * as the answers allow: the response's five getters, then per answer its value, and the item's id only for an
 * answer that is not blank. An answer's title comes from the link's mapping (the title the admin confirmed); only an
 * item the mapping does not know has its title and type read (for the note listing ignored answers, and the parked
 * copy).
 *
 * Blank answers. Forms lists every text, paragraph, date and time question in getItemResponses(), answered or not
 * (with '' as the response); a blank one says nothing but which question it is. The link keeps the ids of those
 * questions (`FormLink.listed`, see listed.ts): when the blanks are exactly as many as the listed questions the
 * answers did not name, they are those questions, and their items are not read (two calls each). Otherwise — the
 * form changed since the listing, or the link has none — each blank's item id is read as before. A value is never
 * matched to a question by position or guess: only blanks are, and a blank is blank whichever question it came from.
 */
import type { FormLink } from './links';
import type { RawAnswer } from './mapping';
import type { RawResponse } from './stores';

type Form = GoogleAppsScript.Forms.Form;
type FormResponse = GoogleAppsScript.Forms.FormResponse;
type Item = GoogleAppsScript.Forms.Item;
type ItemResponse = GoogleAppsScript.Forms.ItemResponse;

/** The ids of the form's items now (one getItems, then one getId per item). */
export function liveItemIds(form: Form): Set<number> {
  return new Set(form.getItems().map((i) => i.getId()));
}

/** What naming a response uses of its link: the mapping (titles) and the listed questions (blanks). */
export type LinkView = Pick<FormLink, 'mapping' | 'listed'>;

/** A response read before its link is known: `name` fills in the form id, the blanks' items and the titles. */
export interface ReadAnswers {
  raw: RawResponse;
  name(formId: string, link: LinkView | null): RawResponse;
}

/** One listed answer: its value, and its item once read (a blank's only when the listing cannot place it). */
interface Slot {
  ir: ItemResponse;
  item: Item | null;
  answer: RawAnswer | null;
  value: string | string[] | string[][];
}

/** Forms' response for an unanswered text, paragraph, date or time question. */
const isBlank = (v: unknown): boolean => v === '';

/** The response's getters and each answer's value and (unless blank) item id; blanks and titles wait for `name`. */
export function readAnswers(response: FormResponse): ReadAnswers {
  let editLink = '';
  try {
    editLink = response.getEditResponseUrl() ?? '';
  } catch {
    editLink = '';
  }
  const ts = response.getTimestamp();
  const slots: Slot[] = response.getItemResponses().map((ir) => {
    const value = ir.getResponse() as string | string[] | string[][];
    if (isBlank(value)) return { ir, item: null, answer: null, value };
    const item = ir.getItem();
    return { ir, item, answer: { itemId: item.getId(), title: '', value }, value };
  });
  const raw: RawResponse = {
    formId: '',
    responseId: response.getId(),
    respondentEmail: response.getRespondentEmail() ?? '',
    timestamp: ts instanceof Date ? ts.getTime() : Number(ts ?? 0),
    editLink,
    answers: [],
  };
  const name = (formId: string, link: LinkView | null): RawResponse => {
    raw.formId = formId;
    placeBlanks(slots, link?.listed);
    const titles = new Map((link?.mapping ?? []).map((m) => [m.itemId, m.itemTitle] as const));
    raw.answers = slots.map((s) => {
      const a = s.answer as RawAnswer;
      const known = titles.get(a.itemId);
      if (known !== undefined) a.title = known;
      else if (!a.title) {
        s.item ??= s.ir.getItem();
        a.title = s.item.getTitle();
        a.type = String(s.item.getType());
      }
      return a;
    });
    return raw;
  };
  return { raw, name };
}

/**
 * Gives every blank its question: from the listing when the blanks are exactly the listed questions the answers did
 * not name (in the listing's order), else from its item (getItem, getId).
 */
function placeBlanks(slots: Slot[], listed: readonly number[] | undefined): void {
  const blanks = slots.filter((s) => !s.answer);
  if (!blanks.length) return;
  const named = new Set(slots.filter((s) => s.answer).map((s) => (s.answer as RawAnswer).itemId));
  const rest = listed?.filter((id) => !named.has(id)) ?? null;
  blanks.forEach((s, i) => {
    let itemId: number;
    if (rest && rest.length === blanks.length) itemId = rest[i] as number;
    else {
      s.item = s.ir.getItem();
      itemId = s.item.getId();
    }
    s.answer = { itemId, title: '', value: s.value };
  });
}

/** Reads a response of a form whose link (and so mapping and listing) is known. */
export function readResponse(formId: string, response: FormResponse, link: LinkView | null = null): RawResponse {
  return readAnswers(response).name(formId, link);
}

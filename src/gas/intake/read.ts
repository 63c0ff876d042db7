/**
 * Reading a response from FormApp into the raw shape intake keeps (and parks whole when it must), with as few calls
 * as the answers allow: the response's five getters, then per answer its item's id and the value. An answer's title
 * comes from the link's mapping (the title the admin confirmed); only an item the mapping does not know has its
 * title and type read (for the note listing ignored answers, and the parked copy).
 */
import type { MappingEntry } from './mapping';
import type { RawResponse } from './stores';

type Form = GoogleAppsScript.Forms.Form;
type FormResponse = GoogleAppsScript.Forms.FormResponse;
type Item = GoogleAppsScript.Forms.Item;

/** The ids of the form's items now (one getItems, then one getId per item). */
export function liveItemIds(form: Form): Set<number> {
  return new Set(form.getItems().map((i) => i.getId()));
}

/** A response read before its link is known: `name` fills in the form id and the titles the mapping has not. */
export interface ReadAnswers {
  raw: RawResponse;
  name(formId: string, mapping: readonly MappingEntry[] | null): RawResponse;
}

/** The response's getters and each answer's item id and value; titles wait for the mapping (`name`). */
export function readAnswers(response: FormResponse): ReadAnswers {
  let editLink = '';
  try {
    editLink = response.getEditResponseUrl() ?? '';
  } catch {
    editLink = '';
  }
  const ts = response.getTimestamp();
  const items: Item[] = [];
  const raw: RawResponse = {
    formId: '',
    responseId: response.getId(),
    respondentEmail: response.getRespondentEmail() ?? '',
    timestamp: ts instanceof Date ? ts.getTime() : Number(ts ?? 0),
    editLink,
    answers: response.getItemResponses().map((ir) => {
      const item = ir.getItem();
      items.push(item);
      const value = ir.getResponse() as string | string[] | string[][];
      return { itemId: item.getId(), title: '', value };
    }),
  };
  const name = (formId: string, mapping: readonly MappingEntry[] | null): RawResponse => {
    raw.formId = formId;
    const titles = new Map((mapping ?? []).map((m) => [m.itemId, m.itemTitle] as const));
    raw.answers.forEach((a, i) => {
      const known = titles.get(a.itemId);
      if (known !== undefined) a.title = known;
      else if (!a.title) {
        const item = items[i] as Item;
        a.title = item.getTitle();
        a.type = String(item.getType());
      }
    });
    return raw;
  };
  return { raw, name };
}

/** Reads a response of a form whose link (and so mapping) is known. */
export function readResponse(formId: string, response: FormResponse, mapping: readonly MappingEntry[] | null = null): RawResponse {
  return readAnswers(response).name(formId, mapping);
}

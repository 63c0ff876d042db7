/** Reading a response from FormApp into the raw shape intake keeps (and parks whole when it must). */
import type { RawResponse } from './stores';

type Form = GoogleAppsScript.Forms.Form;
type FormResponse = GoogleAppsScript.Forms.FormResponse;

/** The ids of the form's items now (one getItems, then one getId per item). */
export function liveItemIds(form: Form): Set<number> {
  return new Set(form.getItems().map((i) => i.getId()));
}

export function readResponse(formId: string, response: FormResponse): RawResponse {
  let editLink = '';
  try {
    editLink = response.getEditResponseUrl() ?? '';
  } catch {
    editLink = '';
  }
  const ts = response.getTimestamp();
  return {
    formId,
    responseId: response.getId(),
    respondentEmail: response.getRespondentEmail() ?? '',
    timestamp: ts instanceof Date ? ts.getTime() : Number(ts ?? 0),
    editLink,
    answers: response.getItemResponses().map((ir) => {
      const item = ir.getItem();
      const value = ir.getResponse() as string | string[] | string[][];
      return { itemId: item.getId(), title: item.getTitle(), type: String(item.getType()), value };
    }),
  };
}

/**
 * The questions Forms lists in every response, answered or not. The reference for FormResponse.getItemResponses():
 * "If the form response does not contain a response for a given TextItem, DateItem, TimeItem, or ParagraphTextItem,
 * the ItemResponse returned for that item will have an empty string as the response. If the form response omits a
 * response for any other item type, this method excludes that item from its returned array."
 *
 * A link keeps their ids in form order (`FormLink.listed`), so a blank answer is placed without reading its item
 * (src/gas/intake/read.ts). The listing is taken when the form is linked or given questions, and again by the
 * timer's sweep once a day (a form edited by hand is listed afresh within a day; until then its blanks are read).
 */
import type { FormItemInfo } from './mapping';
import type { FormLink } from './links';

const LISTED_WHEN_BLANK: ReadonlySet<string> = new Set(['TEXT', 'PARAGRAPH_TEXT', 'DATE', 'TIME']);

/** How long a listing is trusted before the sweep takes it again. */
export const LISTING_MAX_AGE_MS = 24 * 3_600_000;

/** The ids of the items Forms lists even when unanswered, in form order. */
export function listedIds(items: readonly FormItemInfo[]): number[] {
  return items.filter((i) => LISTED_WHEN_BLANK.has(String(i.type))).map((i) => i.id);
}

/** The link with the form's listing as of `now`. */
export function withListing(link: FormLink, items: readonly FormItemInfo[], now: number): FormLink {
  return { ...link, listed: listedIds(items), listedAt: now };
}

/** Whether the sweep should take the form's listing again (none yet, or older than a day). */
export function listingDue(link: FormLink, now: number): boolean {
  return !link.listed || (link.listedAt ?? 0) + LISTING_MAX_AGE_MS <= now;
}

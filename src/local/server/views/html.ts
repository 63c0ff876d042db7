/** Escaping for the playground's pages: every value written into HTML or a <script> block goes through these. */
import { officeHours } from '../../../templates/calendar';

export function esc(v: unknown): string {
  return String(v ?? '').replace(
    /[&<>"'`]/g,
    (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;', '`': '&#96;' })[c]!,
  );
}

/** A JSON value for a <script> block: cannot close the element. */
export function scriptJson(v: unknown): string {
  return JSON.stringify(v)
    .replace(/</g, '\\u003c')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

/** Plain text as HTML with its http(s) links clickable; `link` maps each URL (the playground serves Google's links itself). */
export function linkify(text: string, link: (url: string) => string): string {
  return esc(text).replace(/https?:\/\/[^\s<>"'`]+/g, (u) => {
    const url = u.replace(/&amp;/g, '&');
    return `<a href="${esc(link(url))}">${u}</a>`;
  });
}

/**
 * The playground shows times in the zone of its demo workflows' business calendar (the templates' officeHours), as
 * their emails and the sidebar do, labelled: "2026-01-05 09:00 America/New_York".
 */
export function zonedTime(ms: number, timeZone: string = officeHours.timeZone): string {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone,
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).formatToParts(new Date(ms));
  const v = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  return `${v('year')}-${v('month')}-${v('day')} ${v('hour')}:${v('minute')} ${timeZone}`;
}

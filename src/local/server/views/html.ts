/** Escaping for the playground's pages: every value written into HTML or a <script> block goes through these. */
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

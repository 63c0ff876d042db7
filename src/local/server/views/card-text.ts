/**
 * Card text as Gmail renders it: the add-on's text may use a small subset of HTML (bold, italics, underline,
 * strikethrough, font colour, links, line breaks — the formatting Google documents for card text). Those tags are
 * kept, rewritten in a safe form; anything else is shown as text. Entities the add-on wrote (&amp; …) stay.
 */

const SIMPLE = new Set(['b', 'i', 'u', 's', 'strike']);
const COLOR = /^(#[0-9a-f]{3,8}|[a-z]{3,20})$/i;

function text(t: string): string {
  return t
    .replace(/&(?!(?:#\d{1,7}|#x[0-9a-f]{1,6}|[a-z][a-z0-9]{1,31});)/gi, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

function attr(attrs: string, name: string): string | null {
  const m = new RegExp(`\\b${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s"'>]+))`, 'i').exec(attrs);
  if (!m) return null;
  return (m[1] ?? m[2] ?? m[3] ?? '').replace(/&amp;/g, '&');
}

/** Card text to HTML; `link` rewrites each href (the playground maps Google's URLs onto its own pages). */
export function cardText(s: string, link: (href: string) => string = (h) => h): string {
  let out = '';
  const open: string[] = [];
  let last = 0;
  for (const m of s.matchAll(/<\s*(\/?)\s*([a-zA-Z]+)([^<>]*)>/g)) {
    out += text(s.slice(last, m.index));
    last = (m.index ?? 0) + m[0].length;
    const closing = m[1] === '/';
    const tag = m[2]!.toLowerCase();
    const attrs = m[3] ?? '';
    if (tag === 'br') {
      out += '<br>';
      continue;
    }
    const known = SIMPLE.has(tag) || tag === 'font' || tag === 'a';
    if (!known) {
      out += text(m[0]);
      continue;
    }
    const html = tag === 'strike' ? 's' : tag === 'font' ? 'span' : tag;
    if (closing) {
      const at = open.lastIndexOf(html);
      if (at < 0) continue;
      while (open.length > at) out += `</${open.pop()}>`;
      continue;
    }
    if (tag === 'font') {
      const color = attr(attrs, 'color');
      out += color && COLOR.test(color) ? `<span style="color:${color}">` : '<span>';
    } else if (tag === 'a') {
      const href = attr(attrs, 'href') ?? '';
      out += /^https?:\/\//i.test(href) ? `<a href="${text(link(href))}" target="_blank" rel="noopener noreferrer">` : '<a>';
    } else {
      out += `<${html}>`;
    }
    open.push(html);
  }
  out += text(s.slice(last));
  while (open.length) out += `</${open.pop()}>`;
  return out;
}

/**
 * Contextual escaping for printing scriptlets (<?= ?>). Apps Script tracks where output lands (HTML text,
 * an attribute, a <script> element) and escapes accordingly; this is an approximation of it, driven by the
 * template's literal text (see README).
 */
export type PrintContext = 'text' | 'attr' | 'url-attr' | 'script' | 'style';

export function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
}

/** A JavaScript literal safe inside <script>: strings come out quoted, objects as JSON. */
export function jsLiteral(v: unknown): string {
  if (v === undefined) return 'undefined';
  if (typeof v === 'function') return 'null';
  if (typeof v === 'number' && !Number.isFinite(v)) return 'null';
  const json = JSON.stringify(v) ?? 'null';
  return json
    .replace(/</g, '\\u003c')
    .replace(/>/g, '\\u003e')
    .replace(/&/g, '\\u0026')
    .replace(/\u2028/g, '\\u2028')
    .replace(/\u2029/g, '\\u2029');
}

function asText(v: unknown): string {
  return v === undefined || v === null ? '' : String(v);
}

export function escapeFor(ctx: PrintContext, v: unknown): string {
  switch (ctx) {
    case 'script':
      return jsLiteral(v);
    case 'url-attr': {
      const s = asText(v);
      // A javascript: (or data:/vbscript:) URL printed into href/src is neutralised.
      if (/^\s*(javascript|vbscript|data):/i.test(s)) return '#';
      return escapeHtml(s);
    }
    case 'style':
      return asText(v).replace(/[<>"'&\\{};]/g, (c) => '\\' + c.charCodeAt(0).toString(16) + ' ');
    default:
      return escapeHtml(asText(v));
  }
}

/**
 * Tracks the HTML context across the template's literal text: inside <script>/<style>, inside a tag,
 * inside a quoted attribute value (and whether that attribute takes a URL).
 */
export class ContextTracker {
  private mode: 'text' | 'tag' | 'attr' | 'script' | 'style' = 'text';
  private quote = '';
  private attrName = '';
  private tagName = '';
  private pendingName = '';

  feed(s: string): void {
    let i = 0;
    while (i < s.length) {
      const c = s[i] as string;
      switch (this.mode) {
        case 'text': {
          const m = /^<([a-zA-Z][\w-]*)/.exec(s.slice(i));
          if (m) {
            this.tagName = (m[1] as string).toLowerCase();
            this.mode = 'tag';
            i += m[0].length;
            continue;
          }
          break;
        }
        case 'script':
        case 'style': {
          const close = `</${this.mode}`;
          if (s.slice(i, i + close.length).toLowerCase() === close) {
            this.mode = 'text';
            i += close.length;
            continue;
          }
          break;
        }
        case 'tag': {
          if (c === '>') {
            this.mode = this.tagName === 'script' ? 'script' : this.tagName === 'style' ? 'style' : 'text';
          } else if (c === '"' || c === "'") {
            this.mode = 'attr';
            this.quote = c;
            this.attrName = this.pendingName;
          } else if (/[\w-]/.test(c)) {
            const m = /^[\w-]+/.exec(s.slice(i)) as RegExpExecArray;
            this.pendingName = m[0].toLowerCase();
            i += m[0].length;
            continue;
          }
          break;
        }
        case 'attr':
          if (c === this.quote) this.mode = 'tag';
          break;
      }
      i++;
    }
  }

  context(): PrintContext {
    if (this.mode === 'script') return 'script';
    if (this.mode === 'style') return 'style';
    if (this.mode === 'attr') return /^(href|src|action|formaction|background|poster)$/.test(this.attrName) ? 'url-attr' : 'attr';
    return 'text';
  }
}

/**
 * Building the page without innerHTML: text always goes in as text nodes, so nothing the server sends
 * (request fields, names, comments) can become markup.
 */
type Child = Node | string | number | null | undefined | false;
type Attrs = Record<string, string | number | boolean | null | undefined | EventListener>;

export function h<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: Attrs = {},
  ...children: Array<Child | Child[]>
): HTMLElementTagNameMap[K] {
  const el = document.createElement(tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

const SVG_NS = 'http://www.w3.org/2000/svg';
export function s(tag: string, attrs: Attrs = {}, ...children: Array<Child | Child[]>): SVGElement {
  const el = document.createElementNS(SVG_NS, tag);
  setAttrs(el, attrs);
  append(el, children);
  return el;
}

function setAttrs(el: Element, attrs: Attrs): void {
  for (const [k, v] of Object.entries(attrs)) {
    if (v === null || v === undefined || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') el.addEventListener(k.slice(2), v as EventListener);
    else if (k === 'value' && 'value' in el) (el as HTMLInputElement).value = String(v);
    else if (k === 'checked' && 'checked' in el) (el as HTMLInputElement).checked = Boolean(v);
    else el.setAttribute(k, v === true ? '' : String(v));
  }
}

function append(el: Element, children: Array<Child | Child[]>): void {
  for (const c of children.flat()) {
    if (c === null || c === undefined || c === false) continue;
    el.appendChild(typeof c === 'string' || typeof c === 'number' ? document.createTextNode(String(c)) : c);
  }
}

export function clear(el: Element): void {
  while (el.firstChild) el.removeChild(el.firstChild);
}

let uid = 0;
export const nextId = (prefix: string): string => `${prefix}-${++uid}`;

/** A labelled control: <label for> + control (+ hint). */
export function field(label: string, control: HTMLElement, hint?: string): HTMLElement {
  const id = control.id || nextId('f');
  control.id = id;
  const wrap = h('div', { class: 'field' }, h('label', { for: id }, label), control);
  if (hint) {
    const hid = `${id}-hint`;
    control.setAttribute('aria-describedby', hid);
    wrap.appendChild(h('p', { class: 'hint', id: hid }, hint));
  }
  return wrap;
}

/**
 * A time in the given IANA zone, labelled with the zone's short US-English name ("2026-03-02 09:00 EST", "2026-03-02 14:00 GMT+1"): the sidebar shows
 * the workflow's zone, as its emails do, never the browser's unlabelled. An unknown zone falls back to UTC, labelled.
 */
export function formatTime(ms: number | null | undefined, timeZone = 'UTC'): string {
  if (ms === null || ms === undefined) return '—';
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = fmt(timeZone).formatToParts(new Date(ms));
  } catch {
    parts = fmt('UTC').formatToParts(new Date(ms));
  }
  const v = (t: string) => parts.find((p) => p.type === t)?.value ?? '';
  const hour = v('hour') === '24' ? '00' : v('hour');
  return `${v('year')}-${v('month')}-${v('day')} ${hour}:${v('minute')} ${v('timeZoneName')}`.trim();
}

const formats = new Map<string, Intl.DateTimeFormat>();
function fmt(timeZone: string): Intl.DateTimeFormat {
  let f = formats.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
      timeZoneName: 'short',
    });
    formats.set(timeZone, f);
  }
  return f;
}

export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined) return '—';
  const h = ms / 3_600_000;
  if (h < 1) return `${Math.round(ms / 60_000)} min`;
  if (h < 48) return `${h.toFixed(1)} h`;
  return `${(h / 24).toFixed(1)} d`;
}

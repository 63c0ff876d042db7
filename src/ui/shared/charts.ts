/** Inline SVG charts (no library, nothing loaded). Each chart has a <title> and a text table fallback for screen readers. */
import { h, s } from './dom';

export interface Bar {
  label: string;
  value: number | null;
  /** Second value drawn as a thinner bar (p90 next to the median). */
  value2?: number | null;
  text: string;
}

export function barChart(title: string, bars: Bar[], opts: { width?: number; unit?: string } = {}): HTMLElement {
  const width = opts.width ?? 280;
  const rowH = 22;
  const labelW = 96;
  const max = Math.max(1e-9, ...bars.flatMap((b) => [b.value ?? 0, b.value2 ?? 0]));
  const height = Math.max(rowH, bars.length * rowH) + 4;
  const svg = s(
    'svg',
    { viewBox: `0 0 ${width} ${height}`, width: '100%', role: 'img', 'aria-label': title, class: 'chart' },
    s('title', {}, title),
  );
  bars.forEach((b, i) => {
    const y = i * rowH + 2;
    const w = ((b.value ?? 0) / max) * (width - labelW - 92);
    svg.appendChild(s('text', { x: 0, y: y + 14, class: 'chart-label' }, b.label.length > 14 ? b.label.slice(0, 13) + '…' : b.label));
    svg.appendChild(s('rect', { x: labelW, y: y + 3, width: Math.max(1, w), height: 12, class: 'bar' }));
    if (b.value2 !== undefined && b.value2 !== null) {
      const w2 = (b.value2 / max) * (width - labelW - 92);
      svg.appendChild(s('rect', { x: labelW, y: y + 15, width: Math.max(1, w2), height: 3, class: 'bar2' }));
    }
    svg.appendChild(s('text', { x: labelW + Math.max(1, w) + 4, y: y + 14, class: 'chart-value' }, b.text));
  });
  const table = h(
    'table',
    { class: 'sr-only' },
    h('caption', {}, title),
    ...bars.map((b) => h('tr', {}, h('th', { scope: 'row' }, b.label), h('td', {}, b.text))),
  );
  return h('figure', { class: 'chart-wrap' }, h('figcaption', {}, title), svg, table);
}

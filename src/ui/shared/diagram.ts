/** The workflow as an SVG diagram: states as boxes (one row each), transitions and approval outcomes as arrows. */
import { h, s } from './dom';

export interface DiagramInput {
  states: Array<{ id: string; label: string; kind: string; approval?: { onApproved?: string; onRejected?: string } }>;
  transitions: Array<{ action: string; label?: string; from: string[]; to: string }>;
}

export function diagram(def: DiagramInput): HTMLElement {
  const W = 280;
  const boxW = 150;
  const boxH = 26;
  const gap = 18;
  const rows = def.states.length;
  const height = rows * (boxH + gap) + 10;
  const ys = new Map(def.states.map((st, i) => [st.id, 6 + i * (boxH + gap)]));
  const svg = s(
    'svg',
    { viewBox: `0 0 ${W} ${height}`, width: '100%', role: 'img', 'aria-label': 'Workflow diagram', class: 'diagram' },
    s('title', {}, 'States and transitions'),
    s(
      'defs',
      {},
      s(
        'marker',
        { id: 'arrow', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' },
        s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead' }),
      ),
    ),
  );
  const edges: Array<{ from: string; to: string; label: string }> = [];
  for (const t of def.transitions) for (const f of t.from) edges.push({ from: f, to: t.to, label: t.label ?? t.action });
  for (const st of def.states) {
    if (st.approval?.onApproved) edges.push({ from: st.id, to: st.approval.onApproved, label: 'approved' });
    if (st.approval?.onRejected) edges.push({ from: st.id, to: st.approval.onRejected, label: 'rejected' });
  }
  edges.forEach((e, i) => {
    const y1 = ys.get(e.from);
    const y2 = ys.get(e.to);
    if (y1 === undefined || y2 === undefined) return; // unknown states are reported by validation
    const x = boxW + 8;
    const bend = x + 14 + (i % 6) * 16;
    const a = y1 + boxH / 2;
    const b = y2 + boxH / 2;
    svg.appendChild(
      s(
        'path',
        { d: `M${x},${a} C${bend},${a} ${bend},${b} ${x},${b}`, class: 'edge', 'marker-end': 'url(#arrow)' },
        s('title', {}, `${e.from} → ${e.to}: ${e.label}`),
      ),
    );
  });
  def.states.forEach((st) => {
    const y = ys.get(st.id)!;
    svg.appendChild(
      s(
        'g',
        { class: `state kind-${st.kind}` },
        s('rect', { x: 4, y, width: boxW, height: boxH, rx: st.kind === 'terminal' ? 13 : 4 }),
        s('text', { x: 12, y: y + 17 }, st.label.length > 20 ? st.label.slice(0, 19) + '…' : st.label),
        s('title', {}, `${st.label} (${st.id}, ${st.kind})`),
      ),
    );
  });
  const list = h('ul', { class: 'sr-only' }, ...edges.map((e) => h('li', {}, `${e.from} → ${e.to} (${e.label})`)));
  return h('figure', { class: 'diagram-wrap' }, svg, list);
}

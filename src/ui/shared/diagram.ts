/**
 * The workflow as an SVG diagram: states as boxes (one row each), transitions and approval outcomes as labelled
 * arrows. An arrow to or from a state that does not exist is drawn too, dashed red, to a "missing" box: a broken
 * edge shows where it is, not only in the problems list.
 */
import { h, s } from './dom';

export interface DiagramInput {
  states: Array<{ id: string; label: string; kind: string; approval?: { onApproved?: string; onRejected?: string } }>;
  transitions: Array<{ action: string; label?: string; from: string[]; to: string }>;
}

const cut = (t: string, n: number): string => (t.length > n ? `${t.slice(0, n - 1)}…` : t);

export function diagram(def: DiagramInput): HTMLElement {
  const W = 280;
  const boxW = 118;
  const boxH = 26;
  const gap = 22;
  const edges: Array<{ from: string; to: string; label: string; kind: string }> = [];
  for (const t of def.transitions)
    for (const f of t.from) edges.push({ from: f, to: t.to, label: t.label || t.action, kind: 'transition' });
  for (const st of def.states) {
    if (st.approval?.onApproved !== undefined) edges.push({ from: st.id, to: st.approval.onApproved, label: 'approved', kind: 'approved' });
    if (st.approval?.onRejected !== undefined) edges.push({ from: st.id, to: st.approval.onRejected, label: 'rejected', kind: 'rejected' });
  }
  const known = new Set(def.states.map((x) => x.id));
  const missing = [...new Set(edges.flatMap((e) => [e.from, e.to]).filter((id) => !known.has(id)))];
  const boxes = [
    ...def.states.map((st) => ({ id: st.id, label: st.label || st.id, kind: st.kind, missing: false })),
    ...missing.map((id) => ({ id, label: `missing: ${id || '(empty)'}`, kind: 'missing', missing: true })),
  ];
  const ys = new Map(boxes.map((b, i) => [b.id, 6 + i * (boxH + gap)]));
  const height = boxes.length * (boxH + gap) + 10;
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
      s(
        'marker',
        { id: 'arrow-broken', viewBox: '0 0 10 10', refX: 9, refY: 5, markerWidth: 6, markerHeight: 6, orient: 'auto-start-reverse' },
        s('path', { d: 'M0,0 L10,5 L0,10 z', class: 'arrowhead broken' }),
      ),
    ),
  );
  edges.forEach((e, i) => {
    const y1 = ys.get(e.from) as number;
    const y2 = ys.get(e.to) as number;
    const broken = !known.has(e.from) || !known.has(e.to);
    const x = boxW + 8;
    const bend = x + 16 + (i % 5) * 26;
    const a = y1 + boxH / 2;
    const b = y1 === y2 ? y2 + boxH / 2 + 6 : y2 + boxH / 2;
    const mid = (a + b) / 2;
    svg.appendChild(
      s(
        'g',
        { class: `edge-group ${e.kind}${broken ? ' broken' : ''}` },
        s(
          'path',
          {
            d: `M${x},${a} C${bend},${a} ${bend},${b} ${x},${b}`,
            class: `edge${broken ? ' broken' : ''}`,
            'marker-end': broken ? 'url(#arrow-broken)' : 'url(#arrow)',
          },
          s('title', {}, `${e.from} → ${e.to}: ${e.label}`),
        ),
        s('text', { x: Math.min(bend * 0.75 + x * 0.25 + 2, W - 60), y: mid + 3, class: 'edge-label' }, cut(e.label, 12)),
      ),
    );
  });
  for (const b of boxes) {
    const y = ys.get(b.id) as number;
    svg.appendChild(
      s(
        'g',
        { class: `state kind-${b.kind}` },
        s('rect', { x: 4, y, width: boxW, height: boxH, rx: b.kind === 'terminal' ? 13 : 4 }),
        s('text', { x: 10, y: y + 17 }, cut(b.label, 17)),
        s('title', {}, b.missing ? `No state "${b.id}": an arrow points at it` : `${b.label} (${b.id}, ${b.kind})`),
      ),
    );
  }
  const list = h(
    'ul',
    { class: 'sr-only' },
    ...edges.map((e) =>
      h('li', {}, `${e.from} → ${e.to} (${e.label})${known.has(e.to) && known.has(e.from) ? '' : ': broken, no such state'}`),
    ),
  );
  return h('figure', { class: 'diagram-wrap' }, svg, list);
}

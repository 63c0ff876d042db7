/** Admin > Capacity: how full the workbook is, and the yearly archives (handoffPanelCapacity; docs/archives.md). */
import { h } from '../../shared/dom';
import { load } from './status';

const n = (x: number) => x.toLocaleString('en-US');

export function capacitySection(box: HTMLElement): void {
  void load(box, 'handoffPanelCapacity', {}, (r) => {
    const pct = (r.cells / r.cellLimit) * 100;
    const meter = h('meter', { min: 0, max: r.cellLimit, low: r.cellLimit * 0.5, high: r.cellLimit * 0.7, value: r.cells });
    box.append(
      h('p', {}, `${n(r.cells)} of ${n(r.cellLimit)} cells (${pct.toFixed(1)}%)`, meter),
      h('p', { class: 'meta' }, `${n(r.live)} requests in this workbook, ${n(r.archived)} in ${n(r.archives.length)} archive(s).`),
      h(
        'p',
        { class: 'meta' },
        r.daysLeft === null
          ? 'No requests in the last 30 days.'
          : `About ${n(r.daysLeft)} days left at the last 30 days' rate, if nothing were archived.`,
      ),
      h(
        'ul',
        {},
        ...r.archives.map((a) =>
          h('li', {}, a.url ? h('a', { href: a.url, target: '_blank', rel: 'noopener' }, a.name) : a.name, ` (${n(a.requests)} requests)`),
        ),
      ),
    );
  });
}

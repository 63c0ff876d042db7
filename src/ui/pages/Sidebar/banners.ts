/**
 * The health banners at the top of the panel (operators): what stopped running, and a Repair button for whoever
 * may repair it (the server checks again), or who must act. A repair redraws them from the server's answer.
 */
import { clear, h } from '../../shared/dom';
import { change } from './status';
import type * as T from './types';

const box = document.getElementById('banners') as HTMLElement | null;

export function showBanners(banners: T.Banner[]): void {
  if (!box) return;
  clear(box);
  for (const b of banners) box.appendChild(banner(b));
}

function banner(b: T.Banner): HTMLElement {
  const out = h('div');
  const el = h('div', { class: 'banner', role: 'alert', 'data-key': b.key }, h('p', {}, b.text));
  if (b.repair) {
    const button = h('button', { type: 'button' }, b.repair.label);
    button.onclick = () =>
      void change(
        out,
        button,
        'handoffPanelRepair',
        { key: b.key },
        (r) => r.message,
        (r) => {
          showBanners(r.banners);
          box?.appendChild(out); // keep the repair's answer visible
        },
      );
    el.appendChild(button);
  }
  el.appendChild(out);
  return el;
}

/**
 * The sidebar's navigation: who is signed in, the tabs, and which view shows. Views register themselves
 * (main.ts), so a view can go back to the others without importing them.
 */
import { clear, h } from '../../shared/dom';
import type * as T from './types';

export const view = document.getElementById('view') as HTMLElement;
const tabs = document.getElementById('tabs') as HTMLElement;

/** Who is signed in (handoffPanelWhoAmI) and the view shown. */
export const session: { me: T.WhoAmI | null; current: T.ViewName } = { me: null, current: 'mywork' };

export const LABELS: Record<T.ViewName, string> = { mywork: 'My work', requests: 'All requests', admin: 'Admin', metrics: 'Metrics' };

const views: Partial<Record<T.ViewName, () => void>> = {};

export function registerViews(all: Record<T.ViewName, () => void>): void {
  Object.assign(views, all);
}

function renderTabs(): void {
  clear(tabs);
  const names = session.me?.views ?? ['mywork'];
  names.forEach((v) => {
    const b = h(
      'button',
      {
        role: 'tab',
        id: `tab-${v}`,
        'aria-selected': String(v === session.current),
        'aria-controls': 'view',
        tabindex: v === session.current ? 0 : -1,
        onclick: () => show(v),
      },
      LABELS[v],
    );
    tabs.appendChild(b);
  });
  tabs.onkeydown = (e: KeyboardEvent) => {
    if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
    const i = names.indexOf(session.current);
    const next = names[(i + (e.key === 'ArrowRight' ? 1 : names.length - 1)) % names.length]!;
    show(next);
    document.getElementById(`tab-${next}`)?.focus();
  };
}

export function show(v: T.ViewName): void {
  session.current = v;
  renderTabs();
  clear(view);
  views[v]?.();
}

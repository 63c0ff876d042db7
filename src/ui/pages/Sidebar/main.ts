/**
 * The Handoff sidebar. Plain DOM, no framework, nothing loaded from the internet. Every call goes to a server
 * function that re-checks the caller's role; the page only hides what the server would refuse anyway.
 */
import { run } from '../../shared/rpc';
import { clear } from '../../shared/dom';
import { admin } from './admin';
import { metrics } from './metrics';
import { myWork } from './my-work';
import { registerViews, session, show, view } from './nav';
import { showBanners } from './banners';
import { showNotices } from './notices';
import { allRequests } from './requests';
import { status } from './status';
import type * as T from './types';

registerViews({ mywork: myWork, requests: allRequests, admin, metrics });

async function start(): Promise<void> {
  try {
    const me = await run('handoffPanelWhoAmI');
    session.me = me;
    showBanners(me.health?.banners ?? []);
    if (me.admin) showNotices(me.undelivered);
    (document.getElementById('who') as HTMLElement).textContent = `${me.email}${me.admin ? ' · admin' : me.operator ? ' · operator' : ''}`;
    if (!me.setUp) {
      clear(view);
      view.appendChild(status('empty', 'Handoff is not set up in this spreadsheet yet. An admin runs Handoff > Set up / repair.'));
      return;
    }
    const wanted = (window as unknown as { __HANDOFF_VIEW?: string }).__HANDOFF_VIEW as T.ViewName | undefined;
    show(wanted && me.views.includes(wanted) ? wanted : 'mywork');
  } catch (e) {
    clear(view);
    view.appendChild(status('error', (e as Error).message));
  }
}

if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', () => void start());
else void start();

/** The playground's pages (GET and HEAD): one handler per path. */
import { BadRequest } from '../errors';
import { clockBody, CLOCK_SCRIPT } from '../views/clock';
import { formBody } from '../views/form';
import { homeBody } from '../views/home';
import { inboxBody, messageBody } from '../views/inbox';
import { liveTabScript, sheetBody, sidebarBody } from '../views/sheet';
import { injectShim, scriptRunShim } from '../shim';
import { HttpError, sendHtml } from '../io';
import type { RouteContext, RouteGroup } from './context';

const PAGES: Record<string, (c: RouteContext) => void | Promise<void>> = {
  '/': ({ p, page }) =>
    page('home', 'Home', () =>
      homeBody({
        seedLog: p.seedLog,
        restored: p.restored,
        tabs: p.tabs(),
        forms: p.forms(),
        functions: p.callableFunctions(),
        webAppUrl: p.webAppUrl(),
      }),
    ),
  '/form': ({ p, page, url }) => {
    let form = null;
    try {
      form = p.form(url.searchParams.get('id') ?? undefined);
    } catch (e) {
      if (!(e instanceof BadRequest)) throw e;
    }
    return page('form', form?.title ?? 'Form', (as) => formBody({ form, as }));
  },
  '/sheet': ({ p, page, url }) => {
    const tabs = p.tabs();
    const want = url.searchParams.get('tab');
    const active = want && tabs.includes(want) ? want : tabs.includes('Requests') ? 'Requests' : (tabs[0] ?? '');
    return page('sheet', `Sheet: ${active}`, () => sheetBody(tabs, active), liveTabScript(active));
  },
  '/sidebar': ({ page }) => page('sidebar', 'Sidebar', (as) => sidebarBody(as), liveTabScript('Requests')),
  '/sidebar/frame': async ({ p, res, url, pageAs }) => {
    const as = p.person(url.searchParams.get('as') ?? pageAs()).email;
    const { html } = await p.sidebarHtml(as);
    return sendHtml(res, 200, injectShim(html, scriptRunShim(as, p.callableFunctions())));
  },
  '/inbox': ({ p, page }) => page('inbox', 'Inbox', (as) => inboxBody(as, p.inbox(as))),
  '/inbox/message': ({ p, page, url }) =>
    page('inbox', 'Message', (as) => {
      const m = p.message(as, url.searchParams.get('id') ?? '');
      return messageBody(as, m, m.htmlBody === null ? null : p.localize(m.htmlBody));
    }),
  '/clock': ({ p, page, url }) =>
    page(
      'clock',
      'Clock',
      () =>
        clockBody({
          now: p.now(),
          ran: /^\d+$/.test(url.searchParams.get('ran') ?? '') ? Number(url.searchParams.get('ran')) : null,
          triggers: p.triggers(),
          runs: p.recentRuns(30),
        }),
      CLOCK_SCRIPT,
    ),
  '/favicon.ico': ({ res }) => {
    res.writeHead(204);
    res.end();
  },
};

export const pageRoutes: RouteGroup = {
  name: 'pages',
  claims: () => true,
  async handle(c) {
    const path = c.url.pathname;
    if (c.method !== 'GET' && c.method !== 'HEAD') throw new HttpError(`Method ${c.method} is not allowed on ${path}`, 405);
    const handler = PAGES[path];
    if (!handler) throw new HttpError(`No page at ${path}`, 404);
    await handler(c);
  },
};

/** The playground's pages (GET and HEAD): one handler per path. */
import { BadRequest } from '../errors';
import { clockBody, CLOCK_SCRIPT } from '../views/clock';
import { responseByToken } from '../forms';
import { formBody } from '../views/form';
import { homeBody } from '../views/home';
import { inboxBody, messageBody } from '../views/inbox';
import { liveTabScript, SHEET_STYLE, sheetBody, sidebarBody } from '../views/sheet';
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
    const token = url.searchParams.get('edit');
    if (token) {
      // A response's edit link: the form, prefilled with that response.
      const { form, response } = responseByToken(p, token);
      const values: Record<string, string | string[]> = {};
      // Grid answers (rows of choices) are not drawn by the form page: they are left as they are.
      for (const a of response.answers)
        if (!(Array.isArray(a.value) && a.value.some(Array.isArray))) values[String(a.itemId)] = a.value as string | string[];
      return page('form', form.title, (as) => formBody({ form, as, values, edit: { token, respondent: response.respondentEmail } }));
    }
    let form = null;
    try {
      form = p.form(url.searchParams.get('id') ?? undefined);
    } catch (e) {
      if (!(e instanceof BadRequest)) throw e;
    }
    return page('form', form?.title ?? 'Form', (as) => formBody({ form, as }));
  },
  '/sheet': ({ p, page, url, pageAs }) => {
    const tabs = p.tabs();
    const want = url.searchParams.get('tab');
    const active = want && tabs.includes(want) ? want : tabs.includes('Requests') ? 'Requests' : (tabs[0] ?? '');
    const row = /^\d{1,7}$/.test(url.searchParams.get('row') ?? '') ? Number(url.searchParams.get('row')) : null;
    const as = pageAs();
    const gids = p.ws.sheets.get(p.spreadsheetId).sheetIds();
    return page(
      'sheet',
      `Sheet: ${active}`,
      (who) => `<style>${SHEET_STYLE}</style>${sheetBody(tabs, active, who)}`,
      liveTabScript(active, { as, gids, target: row }),
    );
  },
  '/sidebar': ({ page }) => page('sidebar', 'Sidebar', (as) => sidebarBody(as), liveTabScript('Requests')),
  '/sidebar/frame': async ({ p, res, url, pageAs }) => {
    const as = p.person(url.searchParams.get('as') ?? pageAs()).email;
    const { html } = await p.sidebarHtml(as);
    return sendHtml(res, 200, injectShim(html, scriptRunShim(as, p.callableFunctions(), '/api/run', p.webAppUrl())));
  },
  '/inbox': ({ p, page }) => page('inbox', 'Inbox', (as) => inboxBody(as, p.inbox(as))),
  '/inbox/message': ({ p, page, url }) =>
    page('inbox', 'Message', (as) => {
      const m = p.message(as, url.searchParams.get('id') ?? '');
      return messageBody(as, m, m.htmlBody === null ? null : p.localize(m.htmlBody), (u) => p.localize(u));
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

/**
 * The Handoff menu (/menu): onOpen runs as the person and the menu it built is shown; an item runs as them through
 * POST /api/menu/run, and its alerts and prompts come back to the page to be answered (POST /api/menu/answer).
 * Sidebars and dialogs it showed are served at /dialog/frame with the google.script.run bridge.
 */
import { BadRequest } from '../errors';
import { HttpError, sendHtml } from '../io';
import { injectShim, scriptRunShim } from '../shim';
import { MENU_STYLE, menuBody, menuScript } from '../views/menu';
import type { ApiHandlers, RouteGroup } from './context';

export const menuApi: ApiHandlers = {
  'GET /api/menu': async ({ p }, _b, q) => ({ menus: await p.menus.menus(p.person(q('as')).email) }),
  'POST /api/menu/run': ({ p }, body) => p.menus.start(p.person(body.as).email, body.fn),
  'POST /api/menu/answer': ({ p }, body) => {
    if (typeof body.button !== 'string') throw new BadRequest('"button" is required: OK, CANCEL, YES, NO or CLOSE');
    return p.menus.answer(body.run, p.person(body.as).email, body.button, body.text);
  },
};

export const menuRoutes: RouteGroup = {
  name: 'menu',
  claims: (path) => path === '/menu' || path === '/dialog/frame',
  async handle(c) {
    const { p, url, method } = c;
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(`Method ${method} is not allowed on ${url.pathname}`, 405);
    if (url.pathname === '/dialog/frame') {
      const as = p.person(url.searchParams.get('as') ?? c.pageAs()).email;
      const d = p.menus.dialog(url.searchParams.get('id'), as);
      return sendHtml(c.res, 200, injectShim(p.localize(d.html), scriptRunShim(as, p.callableFunctions(), '/api/run', p.webAppUrl())));
    }
    const as = c.pageAs();
    const menus = await p.menus.menus(as);
    c.page('menu', 'Handoff menu', () => `<style>${MENU_STYLE}</style>${menuBody(as, menus)}`, menuScript(as));
  },
};

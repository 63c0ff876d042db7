/**
 * The Gmail page (/gmail?id=<message>): the message, and the add-on's card beside it. Opening runs the contextual
 * trigger as the person; the card's buttons post here (POST /gmail/action) and run their action as that person, then
 * the page shows the card again (303 See Other). The same through JSON: POST /api/gmail/open, /api/gmail/press.
 */
import { BadRequest } from '../errors';
import type { GmailSession } from '../gmail';
import { HttpError, parseForm, readBody } from '../io';
import { CARD_STYLE } from '../views/card';
import { addonPanel, gmailBody } from '../views/gmail';
import type { ApiHandlers, RouteGroup } from './context';

function inputsOf(fields: Map<string, string[]>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const [k, v] of fields) if (k.startsWith('in:')) out[k.slice(3)] = v;
  return out;
}

function view(s: GmailSession) {
  return { session: s.id, as: s.as, messageId: s.messageId, cards: s.stack, notice: s.notice, openLink: s.openLink, error: s.error };
}

export const gmailApi: ApiHandlers = {
  'POST /api/gmail/open': async ({ p }, body) => {
    const as = p.person(body.as).email;
    if (typeof body.messageId !== 'string') throw new BadRequest('"messageId" is required: the id of a message in their inbox');
    return view(await p.gmail.open(as, body.messageId));
  },
  'POST /api/gmail/press': async ({ p }, body) => {
    const as = p.person(body.as).email;
    const s = p.gmail.get(body.session, as);
    const inputs = (body.inputs ?? {}) as Record<string, unknown>;
    if (typeof inputs !== 'object' || Array.isArray(inputs)) throw new BadRequest('"inputs" must be an object of field name to text');
    const clean: Record<string, string[]> = {};
    for (const [k, v] of Object.entries(inputs)) clean[k] = Array.isArray(v) ? v.map(String) : [String(v)];
    return view(await p.gmail.press(s, body.button, clean));
  },
};

export const gmailRoutes: RouteGroup = {
  name: 'gmail',
  claims: (path) => path === '/gmail' || path === '/gmail/action',
  async handle(c) {
    const { p, url, method } = c;
    if (url.pathname === '/gmail/action') {
      if (method !== 'POST') throw new HttpError('Use POST: the card’s buttons post here', 405);
      c.checkOrigin();
      const fields = parseForm(await readBody(c.req, c.limit));
      const as = p.person(fields.get('as')?.[0]).email;
      const s = p.gmail.get(fields.get('s')?.[0], as);
      if (fields.get('back')) p.gmail.back(s);
      else await p.gmail.press(s, fields.get('button')?.[0] ?? '', inputsOf(fields));
      c.res.writeHead(303, {
        Location: `/gmail?id=${encodeURIComponent(s.messageId)}&s=${encodeURIComponent(s.id)}&as=${encodeURIComponent(as)}`,
      });
      c.res.end();
      return;
    }
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(`Method ${method} is not allowed on /gmail`, 405);
    const as = c.pageAs();
    const id = url.searchParams.get('id');
    if (!id) {
      c.res.writeHead(303, { Location: `/inbox?as=${encodeURIComponent(as)}` });
      c.res.end();
      return;
    }
    const m = p.message(as, id);
    const sid = url.searchParams.get('s');
    const s = sid ? p.gmail.get(sid, as) : await p.gmail.open(as, id);
    const link = (href: string) => p.localize(href);
    c.page(
      'inbox',
      `Gmail: ${m.subject}`,
      () =>
        `<style>${CARD_STYLE}</style>${gmailBody(as, m, m.htmlBody === null ? null : p.localize(m.htmlBody), addonPanel(s, link), link)}`,
    );
  },
};

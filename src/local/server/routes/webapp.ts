/** The add-on's web app at /exec (and /exec/<deployment>): GET and HEAD show, POST acts, as the visitor. */
import { MAIL_BANNER_STYLE, mailBanner, mailQueue } from '../mail-queue';
import type { Playground } from '../playground';
import { noticePage } from '../views/shell';
import { HttpError, readBody, sendHtml } from '../io';
import type { RouteGroup } from './context';

/** The playground's mail banner above the add-on's own page (only when mail waits in the Outbox). */
function withBanner(html: string, p: Playground): string {
  const q = mailQueue(p);
  if (!q.queued) return html;
  const banner = `<style>${MAIL_BANNER_STYLE}</style>${mailBanner(q)}`;
  const body = /<body\b[^>]*>/i.exec(html);
  return body ? html.slice(0, body.index + body[0].length) + banner + html.slice(body.index + body[0].length) : banner + html;
}

export const webAppRoutes: RouteGroup = {
  name: 'web app',
  claims: (path) => path === '/exec' || path.startsWith('/exec/'),
  async handle(c) {
    const { p, method, req, res, url } = c;
    const as = c.pageAs(new URL('http://x/'));
    const target = url.pathname + url.search;
    let r;
    if (method === 'GET' || method === 'HEAD') {
      r = await p.visit('GET', target, as);
    } else if (method === 'POST') {
      c.checkOrigin();
      const text = await readBody(req, c.limit);
      r = await p.visit('POST', target, as, text, String(req.headers['content-type'] ?? 'application/x-www-form-urlencoded'));
    } else {
      throw new HttpError(`Method ${method} is not allowed on the web app`, 405);
    }
    const status = r.status === 302 ? 401 : r.status;
    if (r.kind === 'html' || r.kind === 'error' || r.kind === 'denied' || r.kind === 'login') {
      const html =
        r.kind === 'html'
          ? withBanner(p.localize(r.body), p)
          : noticePage(r.kind === 'error' ? 'Apps Script error' : 'Google sign-in', r.body);
      return sendHtml(res, status, html, { 'X-Handoff-Visitor': as });
    }
    res.writeHead(status, {
      'Content-Type': r.contentType || 'text/plain',
      'X-Content-Type-Options': 'nosniff',
      'Cache-Control': 'no-store',
    });
    res.end(method === 'HEAD' ? '' : r.body);
  },
};

/**
 * The playground's HTTP server (Node's http module only): the pages, the add-on's web app at /exec, and the
 * JSON API under /api/. Bad input gets a 4xx with a JSON message (or a page saying what is wrong); an error
 * inside a handler is a 500 with its message; nothing a client sends can stop the server.
 *
 * Routing is a table of route groups (routes/): the first group that claims a path answers it.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { Busy } from './clock-runner';
import { MAIL_BANNER_STYLE, mailBanner, mailQueue } from './mail-queue';
import { BadRequest, FormRefused } from './errors';
import type { Playground } from './playground';
import { noticePage, shell } from './views/shell';
import { cookieAs, COOKIE, HttpError, MAX_BODY_BYTES, sendHtml, sendJson, type Req, type Res } from './io';
import { apiRoutes } from './routes/api';
import { chatRoutes } from './routes/chat';
import { faultRoutes } from './routes/faults';
import type { RouteContext, RouteGroup } from './routes/context';
import { docsRoutes } from './routes/docs';
import { formPostRoute } from './routes/form-post';
import { gmailRoutes } from './routes/gmail';
import { menuRoutes } from './routes/menu';
import { pageRoutes } from './routes/pages';
import { webAppRoutes } from './routes/webapp';
import { createRestSurface } from './rest';

export { COOKIE, MAX_BODY_BYTES };

export interface ServerConfig {
  /** The address the server listens on: loopback unless told otherwise. */
  host: string;
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

/** The route table, in order: the first group that claims a request's path answers it. */
const ROUTE_GROUPS: readonly RouteGroup[] = [
  faultRoutes,
  chatRoutes,
  apiRoutes,
  webAppRoutes,
  docsRoutes,
  formPostRoute,
  gmailRoutes,
  menuRoutes,
  pageRoutes,
];

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function createPlaygroundServer(p: Playground, config: ServerConfig): http.Server {
  const limit = config.maxBodyBytes ?? MAX_BODY_BYTES;
  const log = config.log ?? (() => undefined);
  const loopbackOnly = LOOPBACK.has(config.host);
  // Google's REST APIs (Sheets v4, Apps Script API v1) for the googleapis client, and how people get a token: rest/.
  const groups = [createRestSurface(p, { maxBodyBytes: limit, log }).group, ...ROUTE_GROUPS];

  function pageAs(req: Req, url: URL, res: Res): string {
    const q = url.searchParams.get('as');
    if (q !== null) {
      const person = p.person(q);
      res.setHeader('Set-Cookie', `${COOKIE}=${encodeURIComponent(person.email)}; Path=/; SameSite=Lax; HttpOnly`);
      return person.email;
    }
    const c = cookieAs(req);
    const known = c ? p.people().find((x) => x.email.toLowerCase() === c.toLowerCase()) : undefined;
    return known?.email ?? p.people().find((x) => x.roles.includes('admin'))?.email ?? p.people()[0]!.email;
  }

  function checkOrigin(req: Req): void {
    const origin = req.headers.origin;
    if (!origin || origin === 'null') return;
    let host: string;
    try {
      host = new URL(origin).host;
    } catch {
      throw new HttpError(`Refused: the Origin header is not a URL (${origin})`, 403);
    }
    if (host !== req.headers.host) throw new HttpError(`Refused: a page from ${origin} may not post to the playground`, 403);
  }

  async function handle(req: Req, res: Res): Promise<void> {
    const method = req.method ?? 'GET';
    const url = new URL(req.url ?? '/', 'http://playground.local');
    if (loopbackOnly) {
      const hostname = (req.headers.host ?? '').replace(/:\d+$/, '');
      if (!LOOPBACK.has(hostname))
        throw new HttpError(`Refused: the playground answers only to localhost (Host: ${req.headers.host ?? 'none'})`, 403);
    }
    const c: RouteContext = {
      p,
      req,
      res,
      method,
      url,
      limit,
      pageAs: (u = url) => pageAs(req, u, res),
      page: (active, title, body, script, status = 200) => {
        const as = pageAs(req, url, res);
        sendHtml(
          res,
          status,
          shell({
            title,
            active,
            as,
            people: p.people(),
            now: p.now(),
            body: body(as),
            banner: `<style>${MAIL_BANNER_STYLE}</style>${mailBanner(mailQueue(p))}`,
            ...(script ? { script } : {}),
          }),
        );
      },
      checkOrigin: () => checkOrigin(req),
    };
    const group = groups.find((g) => g.claims(url.pathname, method));
    if (!group) throw new HttpError(`No page at ${url.pathname}`, 404);
    await group.handle(c);
  }

  const server = http.createServer((req, res) => {
    const wantsJson = (req.url ?? '').startsWith('/api/');
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof BadRequest ? e.status : 500;
      if (e instanceof Busy && !res.headersSent) res.setHeader('Retry-After', String(e.retryAfterS));
      const message = e instanceof Error ? e.message : String(e);
      if (status >= 500) log(`error: ${req.method} ${req.url}: ${e instanceof Error ? (e.stack ?? message) : message}`);
      if (res.headersSent) return void res.end();
      if (wantsJson) {
        const body: Record<string, unknown> = { error: message };
        if (e instanceof FormRefused) body.problems = e.errors;
        return sendJson(res, status, body);
      }
      sendHtml(res, status, noticePage(status >= 500 ? 'Something went wrong' : 'Not possible', message));
    });
  });
  server.on('clientError', (_err, socket) => {
    if (socket.writable)
      socket.end(
        'HTTP/1.1 400 Bad Request\r\nContent-Type: application/json\r\nConnection: close\r\n\r\n{"error":"Malformed HTTP request"}',
      );
    else socket.destroy();
  });
  server.requestTimeout = 30_000;
  server.headersTimeout = 15_000;
  // Idle keep-alive sockets are closed by the client first (Node's fetch after 4 s, browsers later still): a
  // server that closed them first could reset a request the client had just sent on one. The server never
  // blocks for long (executions run on worker threads; the clock yields between steps), so this timer is honest.
  server.keepAliveTimeout = 65_000;
  return server;
}

/** Listens; resolves with the URL to open (port 0 picks a free port). */
export function listen(server: http.Server, port: number, host: string): Promise<{ url: string; port: number }> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      const a = server.address() as AddressInfo;
      const shown = host === '127.0.0.1' || host === '::1' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
      resolve({ url: `http://${shown}:${a.port}`, port: a.port });
    });
  });
}

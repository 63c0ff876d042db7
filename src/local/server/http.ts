/**
 * The playground's HTTP server (Node's http module only): the pages, the add-on's web app at /exec, and the
 * JSON API under /api/. Bad input gets a 4xx with a JSON message (or a page saying what is wrong); an error
 * inside a handler is a 500 with its message; nothing a client sends can stop the server.
 */
import * as http from 'node:http';
import type { AddressInfo } from 'node:net';
import { BadRequest, FormRefused, ScriptError, type Playground } from './playground';
import {
  clockBody,
  CLOCK_SCRIPT,
  esc,
  formBody,
  homeBody,
  inboxBody,
  liveTabScript,
  messageBody,
  noticePage,
  sheetBody,
  shell,
  sidebarBody,
} from './pages';
import { injectShim, scriptRunShim } from './shim';

/** Request bodies larger than this are refused with 413 (forms and API calls are a few KB). */
export const MAX_BODY_BYTES = 1024 * 1024;
export const COOKIE = 'handoff_as';

export interface ServerConfig {
  /** The address the server listens on: loopback unless told otherwise. */
  host: string;
  maxBodyBytes?: number;
  log?: (line: string) => void;
}

type Req = http.IncomingMessage;
type Res = http.ServerResponse;

class HttpError extends BadRequest {}

function sendJson(res: Res, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    'Content-Type': 'application/json; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
  });
  res.end(text);
}

function sendHtml(res: Res, status: number, html: string, headers: Record<string, string> = {}): void {
  res.writeHead(status, {
    'Content-Type': 'text/html; charset=utf-8',
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    ...headers,
  });
  res.end(html);
}

function readBody(req: Req, limit: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length'] ?? 0);
    if (declared > limit) {
      reject(new HttpError(`Request body too large: ${declared} bytes (the limit is ${limit})`, 413));
      req.resume();
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    req.on('data', (c: Buffer) => {
      if (failed) return;
      size += c.length;
      if (size > limit) {
        failed = true;
        reject(new HttpError(`Request body too large: more than ${limit} bytes`, 413));
        return;
      }
      chunks.push(c);
    });
    req.on('end', () => {
      if (!failed) resolve(Buffer.concat(chunks).toString('utf8'));
    });
    req.on('error', (e) => {
      if (!failed) reject(e);
    });
  });
}

function parseJsonBody(text: string): Record<string, unknown> {
  if (text.trim() === '') throw new HttpError('The request body is empty: send a JSON object');
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    throw new HttpError(`Malformed JSON in the request body: ${e instanceof Error ? e.message : String(e)}`);
  }
  if (!v || typeof v !== 'object' || Array.isArray(v)) throw new HttpError('The request body must be a JSON object');
  return v as Record<string, unknown>;
}

function parseForm(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const [k, v] of new URLSearchParams(text)) {
    const list = out.get(k) ?? [];
    list.push(v);
    out.set(k, list);
  }
  return out;
}

function cookieAs(req: Req): string | null {
  const raw = req.headers.cookie ?? '';
  for (const part of raw.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) {
      try {
        return decodeURIComponent(v.join('='));
      } catch {
        return null;
      }
    }
  }
  return null;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '::1', '[::1]']);

export function createPlaygroundServer(p: Playground, config: ServerConfig): http.Server {
  const limit = config.maxBodyBytes ?? MAX_BODY_BYTES;
  const log = config.log ?? (() => undefined);
  const loopbackOnly = LOOPBACK.has(config.host);

  /** The person a page is for: ?as= (remembered in a cookie), else the cookie, else the owner. */
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

  function page(
    res: Res,
    req: Req,
    url: URL,
    active: Parameters<typeof shell>[0]['active'],
    title: string,
    body: (as: string) => string,
    script?: string,
    status = 200,
  ): void {
    const as = pageAs(req, url, res);
    sendHtml(res, status, shell({ title, active, as, people: p.people(), now: p.now(), body: body(as), ...(script ? { script } : {}) }));
  }

  /** Requests that change something must come from the playground's own pages (or a tool that sends no Origin). */
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
    const path = url.pathname;

    if (loopbackOnly) {
      const hostname = (req.headers.host ?? '').replace(/:\d+$/, '');
      if (!LOOPBACK.has(hostname))
        throw new HttpError(`Refused: the playground answers only to localhost (Host: ${req.headers.host ?? 'none'})`, 403);
    }

    // ---- JSON API -----------------------------------------------------------------------------------
    if (path.startsWith('/api/')) {
      let body: Record<string, unknown> = {};
      if (method === 'POST') {
        checkOrigin(req);
        const type = String(req.headers['content-type'] ?? '')
          .split(';')[0]!
          .trim()
          .toLowerCase();
        const text = await readBody(req, limit);
        if (type !== 'application/json')
          throw new HttpError(`Send the request body as JSON with Content-Type: application/json (got ${type || 'none'})`, 415);
        body = parseJsonBody(text);
      } else if (method !== 'GET') {
        throw new HttpError(`Method ${method} is not allowed on ${path}: use GET or POST`, 405);
      }
      const q = (k: string) => url.searchParams.get(k) ?? undefined;
      const route = `${method} ${path}`;
      switch (route) {
        case 'GET /api/state':
          return sendJson(res, 200, {
            version: p.version,
            now: new Date(p.now()).toISOString(),
            people: p.people(),
            tabs: p.tabs(),
            forms: p.forms().map((f) => ({ id: f.id, title: f.title, linked: f.destination !== null })),
            webAppUrl: p.webAppUrl(),
            triggers: p.triggers(),
            seed: p.seedLog,
          });
        case 'GET /api/people':
          return sendJson(res, 200, { people: p.people() });
        case 'GET /api/functions':
          return sendJson(res, 200, { functions: p.callableFunctions() });
        case 'GET /api/tabs':
          return sendJson(res, 200, { tabs: p.tabs() });
        case 'GET /api/tab':
          return sendJson(res, 200, p.tab(q('name')));
        case 'GET /api/form': {
          const f = p.form(q('id'));
          return sendJson(res, 200, {
            id: f.id,
            title: f.title,
            description: f.description,
            linked: f.destination !== null,
            items: f.items.map((i) => ({
              id: i.id,
              type: i.type,
              title: i.title,
              required: i.required,
              choices: (i.choices ?? []).map((c) => c.value),
            })),
          });
        }
        case 'POST /api/form/submit':
          return sendJson(res, 200, p.submitForm(body.formId, body.as, body.answers));
        case 'GET /api/inbox': {
          const as = q('as');
          return sendJson(res, 200, {
            as,
            messages: p.inbox(as).map((m) => ({
              id: m.id,
              from: m.from,
              to: m.to,
              cc: m.cc,
              subject: m.subject,
              date: new Date(m.date).toISOString(),
              unread: m.unread,
              body: m.body,
              htmlBody: m.htmlBody,
              links: p.actionLinks(m),
            })),
          });
        }
        case 'POST /api/follow': {
          const r = p.visit(
            body.method ?? 'GET',
            body.url,
            body.as,
            body.body,
            typeof body.contentType === 'string' ? body.contentType : undefined,
          );
          return sendJson(res, 200, {
            status: r.status,
            kind: r.kind,
            title: r.title ?? null,
            contentType: r.contentType,
            body: r.kind === 'html' ? p.localize(r.body) : r.body,
            activeUser: r.activeUser ?? null,
          });
        }
        case 'POST /api/run': {
          try {
            return sendJson(res, 200, { ok: true, result: p.run(body.fn, body.args ?? [], body.as) });
          } catch (e) {
            if (e instanceof ScriptError) return sendJson(res, 200, { ok: false, error: { name: e.errorName, message: e.message } });
            throw e;
          }
        }
        case 'GET /api/clock':
          return sendJson(res, 200, { now: new Date(p.now()).toISOString(), triggers: p.triggers(), runs: p.recentRuns(20) });
        case 'POST /api/clock':
          return sendJson(res, 200, p.advance({ ms: body.ms, to: body.to }));
        default:
          throw new HttpError(
            `No API route ${method} ${path}. Routes: GET /api/state, /api/people, /api/functions, /api/tabs, /api/tab?name=, /api/form, /api/inbox?as=, /api/clock; POST /api/form/submit, /api/follow, /api/run, /api/clock`,
            404,
          );
      }
    }

    // ---- the add-on's web app --------------------------------------------------------------------------
    if (path === '/exec' || path.startsWith('/exec/')) {
      const as = pageAs(req, new URL('http://x/'), res);
      const target = path + url.search;
      let r;
      if (method === 'GET' || method === 'HEAD') {
        r = p.visit('GET', target, as);
      } else if (method === 'POST') {
        checkOrigin(req);
        const text = await readBody(req, limit);
        r = p.visit('POST', target, as, text, String(req.headers['content-type'] ?? 'application/x-www-form-urlencoded'));
      } else {
        throw new HttpError(`Method ${method} is not allowed on the web app`, 405);
      }
      const status = r.status === 302 ? 401 : r.status;
      if (r.kind === 'html' || r.kind === 'error' || r.kind === 'denied' || r.kind === 'login') {
        const html =
          r.kind === 'html' ? p.localize(r.body) : noticePage(r.kind === 'error' ? 'Apps Script error' : 'Google sign-in', r.body);
        return sendHtml(res, status, html, { 'X-Handoff-Visitor': as });
      }
      res.writeHead(status, {
        'Content-Type': r.contentType || 'text/plain',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'no-store',
      });
      return void res.end(method === 'HEAD' ? '' : r.body);
    }

    // ---- pages ------------------------------------------------------------------------------------------
    if (method === 'POST' && path === '/form') {
      checkOrigin(req);
      const fields = parseForm(await readBody(req, limit));
      const as = p.person(fields.get('as')?.[0]).email;
      const formId = fields.get('formId')?.[0];
      const form = p.form(formId);
      const answers: Record<string, string | string[]> = {};
      const values: Record<string, string | string[]> = {};
      for (const it of form.items) {
        const v = fields.get(`item-${it.id}`);
        if (!v) continue;
        const val = it.type === 'CHECKBOX' ? v : (v[0] ?? '');
        values[String(it.id)] = val;
        if (val !== '' && !(Array.isArray(val) && val.length === 0)) answers[String(it.id)] = val;
      }
      try {
        const done = p.submitForm(form.id, as, answers);
        return page(res, req, url, 'form', form.title, (who) => formBody({ form, as: who, done }));
      } catch (e) {
        if (e instanceof FormRefused)
          return page(
            res,
            req,
            url,
            'form',
            form.title,
            (who) =>
              formBody({
                form,
                as: who,
                values,
                errors: e.errors,
                message: e.errors.length ? 'Please fix the answers marked below.' : e.message,
              }),
            undefined,
            422,
          );
        throw e;
      }
    }
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(`Method ${method} is not allowed on ${path}`, 405);
    switch (path) {
      case '/':
        return page(res, req, url, 'home', 'Home', () =>
          homeBody({
            seedLog: p.seedLog,
            restored: p.restored,
            tabs: p.tabs(),
            forms: p.forms(),
            functions: p.callableFunctions(),
            webAppUrl: p.webAppUrl(),
          }),
        );
      case '/form': {
        let form = null;
        try {
          form = p.form(url.searchParams.get('id') ?? undefined);
        } catch (e) {
          if (!(e instanceof BadRequest)) throw e;
        }
        return page(res, req, url, 'form', form?.title ?? 'Form', (as) => formBody({ form, as }));
      }
      case '/sheet': {
        const tabs = p.tabs();
        const want = url.searchParams.get('tab');
        const active = want && tabs.includes(want) ? want : tabs.includes('Requests') ? 'Requests' : (tabs[0] ?? '');
        return page(res, req, url, 'sheet', `Sheet: ${active}`, () => sheetBody(tabs, active), liveTabScript(active));
      }
      case '/sidebar':
        return page(res, req, url, 'sidebar', 'Sidebar', (as) => sidebarBody(as), liveTabScript('Requests'));
      case '/sidebar/frame': {
        const as = p.person(url.searchParams.get('as') ?? pageAs(req, url, res)).email;
        const { html } = p.sidebarHtml(as);
        return sendHtml(res, 200, injectShim(html, scriptRunShim(as, p.callableFunctions())));
      }
      case '/inbox':
        return page(res, req, url, 'inbox', 'Inbox', (as) => inboxBody(as, p.inbox(as)));
      case '/inbox/message':
        return page(res, req, url, 'inbox', 'Message', (as) => {
          const m = p.message(as, url.searchParams.get('id') ?? '');
          return messageBody(as, m, m.htmlBody === null ? null : p.localize(m.htmlBody));
        });
      case '/clock':
        return page(
          res,
          req,
          url,
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
        );
      case '/favicon.ico':
        res.writeHead(204);
        return void res.end();
      default:
        throw new HttpError(`No page at ${path}`, 404);
    }
  }

  const server = http.createServer((req, res) => {
    const wantsJson = (req.url ?? '').startsWith('/api/');
    handle(req, res).catch((e: unknown) => {
      const status = e instanceof BadRequest ? e.status : 500;
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

export { esc };

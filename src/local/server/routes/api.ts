/** The JSON API under /api/: one handler per route, each returning the JSON it answers with. */
import { ScriptError } from '../errors';
import { HttpError, parseJsonBody, readBody, sendJson } from '../io';
import { mailQueue } from '../mail-queue';
import type { ApiHandlers, RouteGroup } from './context';
import { gmailApi } from './gmail';
import { menuApi } from './menu';
import { sheetApi } from './sheet';
import { zonedTime } from '../views/html';

const CORE: ApiHandlers = {
  'GET /api/state': ({ p }) => ({
    version: p.version,
    now: new Date(p.now()).toISOString(),
    nowText: zonedTime(p.now()),
    people: p.people(),
    tabs: p.tabs(),
    forms: p.forms().map((f) => ({ id: f.id, title: f.title, linked: f.destination !== null })),
    webAppUrl: p.webAppUrl(),
    spreadsheet: { url: p.ws.sheets.get(p.spreadsheetId).url, gids: p.ws.sheets.get(p.spreadsheetId).sheetIds() },
    triggers: p.triggers(),
    mail: mailQueue(p),
    seed: p.seedLog,
  }),
  'GET /api/people': ({ p }) => ({ people: p.people() }),
  'GET /api/functions': ({ p }) => ({ functions: p.callableFunctions() }),
  'GET /api/tabs': ({ p }) => ({ tabs: p.tabs() }),
  'GET /api/tab': ({ p }, _b, q) => p.tab(q('name')),
  'GET /api/form': ({ p }, _b, q) => {
    const f = p.form(q('id'));
    return {
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
    };
  },
  'POST /api/form/submit': ({ p }, body) => p.submitForm(body.formId, body.as, body.answers),
  'GET /api/inbox': ({ p }, _b, q) => {
    const as = q('as');
    return {
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
    };
  },
  'POST /api/follow': async ({ p }, body) => {
    const r = await p.visit(
      body.method ?? 'GET',
      body.url,
      body.as,
      body.body,
      typeof body.contentType === 'string' ? body.contentType : undefined,
    );
    return {
      status: r.status,
      kind: r.kind,
      title: r.title ?? null,
      contentType: r.contentType,
      body: r.kind === 'html' ? p.localize(r.body) : r.body,
      activeUser: r.activeUser ?? null,
    };
  },
  'POST /api/run': async ({ p }, body) => {
    try {
      return { ok: true, result: await p.run(body.fn, body.args ?? [], body.as) };
    } catch (e) {
      if (e instanceof ScriptError) return { ok: false, error: { name: e.errorName, message: e.message } };
      throw e;
    }
  },
  'GET /api/clock': ({ p }) => ({
    now: new Date(p.now()).toISOString(),
    advancing: p.clock.advancing(),
    triggers: p.triggers(),
    runs: p.recentRuns(20),
  }),
  'POST /api/clock': ({ p }, body) => p.advance({ ms: body.ms, to: body.to }),
  'GET /api/executions': ({ p }) => ({
    executions: p.executions.pool.history().map((x) => ({
      ...x,
      startedAt: Math.round(x.startedAt * 1000) / 1000,
      endedAt: x.endedAt === null ? null : Math.round(x.endedAt * 1000) / 1000,
    })),
  }),
  'POST /api/timer/run': async ({ p }) => ({ now: new Date(p.now()).toISOString(), runs: await p.clock.runTimerNow() }),
};

/** Every API route: the core ones above, and each feature's own table. */
const ROUTES: ApiHandlers = { ...CORE, ...gmailApi, ...menuApi, ...sheetApi };

function routeList(): string {
  const keys = Object.keys(ROUTES);
  const of = (m: string) =>
    keys
      .filter((k) => k.startsWith(`${m} `))
      .map((k) => k.slice(m.length + 1))
      .join(', ');
  return `GET ${of('GET')}; POST ${of('POST')}`;
}

export const apiRoutes: RouteGroup = {
  name: 'api',
  claims: (path) => path.startsWith('/api/'),
  async handle(c) {
    const { method, req, url } = c;
    const path = url.pathname;
    let body: Record<string, unknown> = {};
    if (method === 'POST') {
      c.checkOrigin();
      const type = String(req.headers['content-type'] ?? '')
        .split(';')[0]!
        .trim()
        .toLowerCase();
      const text = await readBody(req, c.limit);
      if (type !== 'application/json')
        throw new HttpError(`Send the request body as JSON with Content-Type: application/json (got ${type || 'none'})`, 415);
      body = parseJsonBody(text);
    } else if (method !== 'GET') {
      throw new HttpError(`Method ${method} is not allowed on ${path}: use GET or POST`, 405);
    }
    const handler = ROUTES[`${method} ${path}`];
    if (!handler) throw new HttpError(`No API route ${method} ${path}. Routes: ${routeList()}`, 404);
    sendJson(c.res, 200, await handler(c, body, (k) => url.searchParams.get(k) ?? undefined));
  },
};

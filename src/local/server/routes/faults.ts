/** POST /api/faults (drop or restore one of Handoff's triggers as Google would) and GET /api/faults (what is dropped). */
import { applyFault, faultsView } from '../faults';
import { HttpError, parseJsonBody, readBody, sendJson } from '../io';
import type { RouteGroup } from './context';

export const faultRoutes: RouteGroup = {
  name: 'faults',
  claims: (path) => path === '/api/faults',
  async handle(c) {
    if (c.method === 'GET') return sendJson(c.res, 200, faultsView(c.p));
    if (c.method !== 'POST') throw new HttpError(`Method ${c.method} is not allowed on /api/faults: use GET or POST`, 405);
    c.checkOrigin();
    const type = String(c.req.headers['content-type'] ?? '')
      .split(';')[0]!
      .trim()
      .toLowerCase();
    const text = await readBody(c.req, c.limit);
    if (type !== 'application/json')
      throw new HttpError(`Send the request body as JSON with Content-Type: application/json (got ${type || 'none'})`, 415);
    try {
      sendJson(c.res, 200, await applyFault(c.p, parseJsonBody(text)));
    } finally {
      c.p.changed();
    }
  },
};

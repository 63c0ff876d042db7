/**
 * Google Docs links, followed: /docs/<path> is https://docs.google.com/<path> (web-links.ts rewrites them in emails,
 * pages and cards). The spreadsheet opens the Sheet page at the tab (#gid) and row (#range) the link names; a form's
 * edit-response link opens the form prefilled with that response; a form's own links open the form.
 */
import { BadRequest } from '../errors';
import { HttpError } from '../io';
import type { RouteGroup } from './context';

export const docsRoutes: RouteGroup = {
  name: 'google docs links',
  claims: (path) => path.startsWith('/docs/'),
  handle(c) {
    const { p, url, method } = c;
    if (method !== 'GET' && method !== 'HEAD') throw new HttpError(`Method ${method} is not allowed on ${url.pathname}`, 405);
    const q = url.searchParams;
    const go = (to: string) => {
      c.res.writeHead(303, { Location: to });
      c.res.end();
    };
    const sheet = /^\/docs\/spreadsheets\/d\/([A-Za-z0-9_-]+)(?:\/|$)/.exec(url.pathname);
    if (sheet) {
      if (sheet[1] !== p.spreadsheetId)
        throw new BadRequest(`This playground holds one spreadsheet (${p.spreadsheetId}); ${sheet[1]} is not it.`, 404);
      const ids = p.ws.sheets.get(p.spreadsheetId).sheetIds();
      const gid = q.get('gid');
      const tab = gid === null ? undefined : Object.keys(ids).find((name) => String(ids[name]) === gid);
      if (gid !== null && tab === undefined) throw new BadRequest(`The spreadsheet has no tab with gid ${gid}.`, 404);
      const row = /^[A-Za-z]*(\d+)/.exec(q.get('range') ?? '')?.[1];
      return go(`/sheet?${new URLSearchParams({ ...(tab ? { tab } : {}), ...(row ? { row } : {}) })}`);
    }
    const published = /^\/docs\/forms\/d\/e\/([A-Za-z0-9_-]+)\/viewform$/.exec(url.pathname);
    const byId = /^\/docs\/forms\/d\/([A-Za-z0-9_-]+)\/(?:edit|viewform|viewanalytics)$/.exec(url.pathname);
    const form = published
      ? p.forms().find((f) => f.publishedId === published[1])
      : byId
        ? p.forms().find((f) => f.id === byId[1])
        : undefined;
    if (published || byId) {
      if (!form) throw new BadRequest('This playground has no form with that link.', 404);
      const edit = q.get('edit2');
      return go(`/form?${new URLSearchParams({ id: form.id, ...(published && edit ? { edit } : {}) })}`);
    }
    throw new BadRequest(
      `The playground serves its spreadsheet and forms only; ${url.pathname.replace(/^\/docs/, 'docs.google.com')} is not one of them.`,
      404,
    );
  },
};

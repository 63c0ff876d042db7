/**
 * The Sheets API v4 over HTTP, served from the local Workspace's Sheets model (ws.advanced.sheetsApi: the same model
 * the in-script `Sheets` advanced service uses) through its route table. The call runs as the token's person, with
 * the model's sharing checks; the model's SheetsApiError goes out with its HTTP status and Google's body.
 */
import type * as http from 'node:http';
import { REPEATED_PARAMS, route, SheetsApiError, isWrite } from '../../services/sheets-api';
import type { Playground } from '../playground';
import { readJsonObject } from './body';
import { GoogleApiError, sendGoogleJson } from './google-error';

export const SHEETS_PREFIX = '/v4/spreadsheets';

export interface SheetsCall {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  url: URL;
  method: string;
  caller: string;
  maxBodyBytes: number;
}

/** Query parameters as the model takes them: repeated ones (`ranges`) as lists, booleans as booleans. */
export function queryParams(url: URL): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const key of new Set(url.searchParams.keys())) {
    const all = url.searchParams.getAll(key);
    if (REPEATED_PARAMS.has(key)) out[key] = all;
    else {
      const v = all[all.length - 1]!;
      out[key] = v === 'true' ? true : v === 'false' ? false : v;
    }
  }
  return out;
}

export async function handleSheets(p: Playground, call: SheetsCall): Promise<void> {
  // The client percent-encodes the {range} segment as a whole; route() decodes it.
  const r = route(call.method, call.url.pathname);
  if (!r) throw new GoogleApiError(404, `Method not found: ${call.method} ${call.url.pathname}`);
  const body = call.method === 'GET' ? undefined : await readJsonObject(call.req, call.maxBodyBytes);
  try {
    const response = p.ws.advanced.sheetsApi.call(
      r.method,
      { spreadsheetId: r.spreadsheetId, ...(r.range !== undefined ? { range: r.range } : {}), params: queryParams(call.url), body },
      { user: call.caller },
    );
    sendGoogleJson(call.res, 200, response);
  } catch (e) {
    if (e instanceof SheetsApiError) return sendGoogleJson(call.res, e.code, e.body());
    throw e;
  } finally {
    if (isWrite(r.method)) p.changed();
  }
}

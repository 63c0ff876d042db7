/**
 * The REST routes of the methods the model implements (Sheets API v4 discovery document): an HTTP surface matches
 * a request with `route(verb, path)` and hands `{ spreadsheetId, range, params: query, body }` to SheetsApiModel.
 * The {range} segment arrives percent-encoded as a whole ('%27My%20Sheet%27%21A1%3AB2'); route() decodes it.
 */
import type { SheetsMethod } from './model';

const TABLE: Array<{ verb: string; pattern: RegExp; method: SheetsMethod }> = [
  { verb: 'GET', pattern: /^\/v4\/spreadsheets\/([^/:]+)\/values:batchGet$/, method: 'sheets.spreadsheets.values.batchGet' },
  { verb: 'POST', pattern: /^\/v4\/spreadsheets\/([^/:]+)\/values:batchUpdate$/, method: 'sheets.spreadsheets.values.batchUpdate' },
  { verb: 'POST', pattern: /^\/v4\/spreadsheets\/([^/:]+)\/values:batchClear$/, method: 'sheets.spreadsheets.values.batchClear' },
  { verb: 'POST', pattern: /^\/v4\/spreadsheets\/([^/:]+)\/values\/(.+):append$/, method: 'sheets.spreadsheets.values.append' },
  { verb: 'POST', pattern: /^\/v4\/spreadsheets\/([^/:]+)\/values\/(.+):clear$/, method: 'sheets.spreadsheets.values.clear' },
  { verb: 'GET', pattern: /^\/v4\/spreadsheets\/([^/:]+)\/values\/([^/]+)$/, method: 'sheets.spreadsheets.values.get' },
  { verb: 'PUT', pattern: /^\/v4\/spreadsheets\/([^/:]+)\/values\/([^/]+)$/, method: 'sheets.spreadsheets.values.update' },
  { verb: 'POST', pattern: /^\/v4\/spreadsheets\/([^/:]+):batchUpdate$/, method: 'sheets.spreadsheets.batchUpdate' },
  { verb: 'GET', pattern: /^\/v4\/spreadsheets\/([^/:]+)$/, method: 'sheets.spreadsheets.get' },
];

/** Query parameters that repeat (`?ranges=A&ranges=B`) and so are always arrays. */
export const REPEATED_PARAMS = new Set(['ranges']);

export function route(verb: string, path: string): { method: SheetsMethod; spreadsheetId: string; range?: string } | null {
  for (const r of TABLE) {
    if (r.verb !== verb.toUpperCase()) continue;
    const m = r.pattern.exec(path);
    if (!m) continue;
    const out: { method: SheetsMethod; spreadsheetId: string; range?: string } = {
      method: r.method,
      spreadsheetId: decodeURIComponent(m[1]!),
    };
    if (m[2] !== undefined) out.range = decodeURIComponent(m[2]);
    return out;
  }
  return null;
}

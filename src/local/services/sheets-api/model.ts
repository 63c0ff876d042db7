/**
 * The Sheets API v4 as a model: plain request → response functions over the local Workspace's spreadsheets (the
 * same cells SpreadsheetApp sees). No HTTP and no Apps Script here: the advanced service (service.ts) calls it for
 * `Sheets.Spreadsheets.*`, and an HTTP surface can serve the same calls (routes.ts maps verbs and paths to methods).
 *
 *   const model = new SheetsApiModel(env);
 *   model.call('sheets.spreadsheets.values.batchGet', { spreadsheetId, params: { ranges: ['Audit!A2:V'] } }, { user });
 *
 * Errors are SheetsApiError (HTTP code, status, Google's message); `body()` is the JSON error body.
 */
import type { SpreadsheetEnv } from '../spreadsheet/env';
import { spreadsheetsBatchUpdate, type BatchUpdateSpreadsheetRequest } from './batch-update';
import { ApiCtx, type Usage } from './context';
import { NO_PERMISSION_MESSAGE, NOT_FOUND_MESSAGE, SheetsApiError } from './errors';
import { spreadsheetsGet } from './spreadsheet-get';
import {
  valuesAppend,
  valuesBatchClear,
  valuesBatchGet,
  valuesBatchUpdate,
  valuesClear,
  valuesGet,
  valuesUpdate,
  type ValueRange,
} from './values';

export const SHEETS_METHODS = [
  'sheets.spreadsheets.get',
  'sheets.spreadsheets.batchUpdate',
  'sheets.spreadsheets.values.get',
  'sheets.spreadsheets.values.batchGet',
  'sheets.spreadsheets.values.update',
  'sheets.spreadsheets.values.batchUpdate',
  'sheets.spreadsheets.values.append',
  'sheets.spreadsheets.values.clear',
  'sheets.spreadsheets.values.batchClear',
] as const;

export type SheetsMethod = (typeof SHEETS_METHODS)[number];

/** One call: the path parameters, the query parameters (`params`) and the JSON body, as REST carries them. */
export interface SheetsCall {
  spreadsheetId: string;
  /** The {range} path parameter (values.get/update/append/clear). */
  range?: string;
  /** Query parameters: ranges, valueRenderOption, dateTimeRenderOption, majorDimension, valueInputOption, fields … */
  params?: Record<string, unknown>;
  body?: unknown;
}

export interface Caller {
  /** The email the call runs as (Apps Script: the effective user). */
  user: string;
}

/** Whether a method changes the spreadsheet (metered as a write; atomic). */
export function isWrite(method: SheetsMethod): boolean {
  return !/\.(get|batchGet)$/.test(method);
}

export class SheetsApiModel {
  constructor(private readonly env: SpreadsheetEnv) {}

  /** Runs one call; returns the response (plain JSON-shaped data) and the cells it read and wrote. */
  invoke(method: SheetsMethod, call: SheetsCall, caller: Caller): { response: unknown; usage: Usage } {
    const ss = this.env.spreadsheets.get(String(call?.spreadsheetId ?? ''));
    if (!ss) throw new SheetsApiError('NOT_FOUND', NOT_FOUND_MESSAGE);
    if (!ss.canAccess(caller.user)) throw new SheetsApiError('PERMISSION_DENIED', NO_PERMISSION_MESSAGE);
    const x = new ApiCtx(this.env, ss, caller.user);
    const p = call.params ?? {};
    try {
      const response = this.dispatch(x, method, call, p);
      return { response, usage: x.usage };
    } catch (e) {
      x.rollback();
      throw e;
    }
  }

  call(method: SheetsMethod, call: SheetsCall, caller: Caller): unknown {
    return this.invoke(method, call, caller).response;
  }

  private dispatch(x: ApiCtx, method: SheetsMethod, call: SheetsCall, p: Record<string, unknown>): unknown {
    switch (method) {
      case 'sheets.spreadsheets.get':
        return spreadsheetsGet(x, p);
      case 'sheets.spreadsheets.batchUpdate':
        return spreadsheetsBatchUpdate(x, call.body as BatchUpdateSpreadsheetRequest);
      case 'sheets.spreadsheets.values.get':
        return valuesGet(x, call.range, p);
      case 'sheets.spreadsheets.values.batchGet':
        return valuesBatchGet(x, p);
      case 'sheets.spreadsheets.values.update':
        return valuesUpdate(x, call.body as ValueRange, call.range, p);
      case 'sheets.spreadsheets.values.batchUpdate':
        return valuesBatchUpdate(x, call.body as Parameters<typeof valuesBatchUpdate>[1]);
      case 'sheets.spreadsheets.values.append':
        return valuesAppend(x, call.body as ValueRange, call.range, p);
      case 'sheets.spreadsheets.values.clear':
        return valuesClear(x, call.range);
      case 'sheets.spreadsheets.values.batchClear':
        return valuesBatchClear(x, call.body as { ranges?: unknown });
    }
    throw new SheetsApiError('NOT_FOUND', `Method not found: ${String(method)}`);
  }
}

/** What every batchUpdate request handler shares. */
import type { SheetData } from '../spreadsheet/model';
import type { ApiCtx } from './context';
import { badRequest } from './errors';
import { sheetById } from './ranges';

export type Req = Record<string, unknown>;
export type Handler = (x: ApiCtx, r: Req) => Record<string, unknown> | undefined;

export function needSheet(x: ApiCtx, id: unknown): SheetData {
  const s = sheetById(x.ss, id);
  if (!s) throw badRequest(`No grid with id: ${Number(id ?? 0)}`);
  return s;
}

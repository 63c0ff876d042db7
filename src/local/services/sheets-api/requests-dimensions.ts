/** batchUpdate requests on rows and columns: appendDimension, insertDimension, deleteDimension. */
import type { SheetData } from '../spreadsheet/model';
import type { ApiCtx } from './context';
import { badRequest } from './errors';
import { needSheet, type Req } from './request-kit';

function dimension(v: unknown): 'ROWS' | 'COLUMNS' {
  if (v === 'ROWS' || v === 'COLUMNS') return v;
  throw badRequest(`Invalid dimension: ${String(v)}`);
}

export function appendDimension(x: ApiCtx, r: Req): undefined {
  const d = needSheet(x, r.sheetId);
  const n = Number(r.length ?? 0);
  if (!(n > 0)) throw badRequest('length must be greater than 0');
  if (dimension(r.dimension) === 'ROWS') x.growRows(d, n);
  else {
    x.assertCellLimit(n * d.maxRows);
    d.maxColumns += n;
    x.onRollback(() => (d.maxColumns -= n));
  }
  return undefined;
}

function dimensionRange(x: ApiCtx, r: Req): { d: SheetData; dim: 'ROWS' | 'COLUMNS'; start: number; end: number } {
  const range = (r.range ?? {}) as { sheetId?: number; dimension?: string; startIndex?: number; endIndex?: number };
  const d = needSheet(x, range.sheetId);
  const dim = dimension(range.dimension);
  const max = dim === 'ROWS' ? d.maxRows : d.maxColumns;
  const start = range.startIndex ?? 0;
  const end = range.endIndex ?? max;
  if (start < 0 || end <= start) throw badRequest('Invalid dimension range: startIndex must be less than endIndex');
  return { d, dim, start, end };
}

export function insertDimension(x: ApiCtx, r: Req): undefined {
  const { d, dim, start, end } = dimensionRange(x, r);
  if (r.inheritFromBefore === true && start === 0) throw badRequest('Cannot inherit from before when inserting at index 0');
  if (dim === 'ROWS') {
    if (start > d.maxRows) throw badRequest(`Invalid dimension range: startIndex ${start} is past the last row`);
    x.insertRows(d, start + 1, end - start);
  } else {
    if (start > d.maxColumns) throw badRequest(`Invalid dimension range: startIndex ${start} is past the last column`);
    x.insertColumns(d, start + 1, end - start);
  }
  return undefined;
}

export function deleteDimension(x: ApiCtx, r: Req): undefined {
  const { d, dim, start, end } = dimensionRange(x, r);
  const max = dim === 'ROWS' ? d.maxRows : d.maxColumns;
  const n = Math.min(end, max) - start;
  if (n <= 0) return undefined;
  if (dim === 'ROWS') {
    if (d.maxRows - n <= 0) throw badRequest("You can't delete all the rows on the sheet.");
    x.assertCanEdit(d, start + 1, 1, start + n, d.maxColumns);
    x.deleteRows(d, start + 1, n);
  } else {
    if (d.maxColumns - n <= 0) throw badRequest("You can't delete all the columns on the sheet.");
    x.assertCanEdit(d, 1, start + 1, d.maxRows, start + n);
    x.deleteColumns(d, start + 1, n);
  }
  return undefined;
}

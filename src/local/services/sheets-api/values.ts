/** spreadsheets.values.*: get, batchGet, update, batchUpdate, append, clear, batchClear. */
import type { SheetData } from '../spreadsheet/model';
import { SheetData as SheetDataClass } from '../spreadsheet/model';
import {
  inputCell,
  majorDimension,
  renderBlock,
  renderOptions,
  SKIP,
  valueInputOption,
  type ApiValue,
  type Dimension,
  type RenderOptions,
  type ValueInputOption,
} from './cells';
import type { ApiCtx } from './context';
import { badRequest, SheetsApiError } from './errors';
import { formatRange, formatRef, resolveRange, type GridRef } from './ranges';
import { columnToLetters } from '../spreadsheet/a1';

export interface ValueRange {
  range?: string;
  majorDimension?: Dimension;
  values?: ApiValue[][];
}

export interface UpdateValuesResponse {
  spreadsheetId: string;
  updatedRange: string;
  updatedRows: number;
  updatedColumns: number;
  updatedCells: number;
  updatedData?: ValueRange;
}

type Args = Record<string, unknown>;

function read(x: ApiCtx, g: GridRef, o: RenderOptions, dim: Dimension): ValueRange {
  const values = renderBlock(g.sheet, (r, c) => x.env.valueAt(x.ss, g.sheet, r, c), g.r1, g.c1, g.r2, g.c2, o, dim);
  if (values) x.usage.cellsRead += values.reduce((n, r) => n + r.length, 0);
  const out: ValueRange = { range: formatRef(g), majorDimension: dim };
  if (values) out.values = values;
  return out;
}

export function valuesGet(x: ApiCtx, range: unknown, args: Args): ValueRange {
  return read(x, resolveRange(x.ss, range), renderOptions(args, x.tz), majorDimension(args.majorDimension));
}

export function valuesBatchGet(x: ApiCtx, args: Args): { spreadsheetId: string; valueRanges?: ValueRange[] } {
  const ranges = args.ranges === undefined ? [] : Array.isArray(args.ranges) ? args.ranges : [args.ranges];
  const o = renderOptions(args, x.tz);
  const dim = majorDimension(args.majorDimension);
  // Resolve every range first: one bad range fails the whole call.
  const refs = ranges.map((r) => resolveRange(x.ss, r));
  const out: { spreadsheetId: string; valueRanges?: ValueRange[] } = { spreadsheetId: x.ss.id };
  if (refs.length) out.valueRanges = refs.map((g) => read(x, g, o, dim));
  return out;
}

/** The input rows as ROWS (transposing COLUMNS input), checked to be a list of lists. */
function inputRows(body: ValueRange | undefined): unknown[][] {
  const values = body?.values ?? [];
  if (!Array.isArray(values) || values.some((r) => !Array.isArray(r)))
    throw badRequest("Invalid value at 'data.values' (type.googleapis.com/google.protobuf.ListValue)");
  if (majorDimension(body?.majorDimension) === 'ROWS') return values as unknown[][];
  const rows: unknown[][] = [];
  (values as unknown[][]).forEach((col, j) =>
    col.forEach((v, i) => {
      rows[i] ??= [];
      rows[i]![j] = v;
    }),
  );
  for (let i = 0; i < rows.length; i++) rows[i] ??= [];
  return rows;
}

/**
 * Writes `rows` at the range's top-left cell. A one-cell range extends to fit the data; a larger range must hold
 * it ("Requested writing within range […], but tried writing to row/column […]"); nothing past the grid.
 */
function writeAt(
  x: ApiCtx,
  g: GridRef,
  rows: unknown[][],
  option: ValueInputOption,
  where: string,
  opts: { response?: RenderOptions | null } = {},
): UpdateValuesResponse {
  const height = rows.length;
  const width = Math.max(0, ...rows.map((r) => r.length));
  const sheet = g.sheet;
  if (!g.single) {
    if (height > g.r2 - g.r1 + 1)
      throw badRequest(`Requested writing within range [${formatRef(g)}], but tried writing to row [${g.r1 + height - 1}]`);
    if (width > g.c2 - g.c1 + 1)
      throw badRequest(
        `Requested writing within range [${formatRef(g)}], but tried writing to column [${columnToLetters(g.c1 + width - 1)}]`,
      );
  }
  const lastRow = g.r1 + Math.max(height, 1) - 1;
  const lastCol = g.c1 + Math.max(width, 1) - 1;
  if (lastRow > sheet.maxRows || lastCol > sheet.maxColumns) {
    throw badRequest(
      `Range (${formatRange(sheet.name, g.r1, g.c1, lastRow, lastCol)}) exceeds grid limits. Max rows: ${sheet.maxRows}, max columns: ${sheet.maxColumns}`,
    );
  }
  if (height && width) x.assertCanEdit(sheet, g.r1, g.c1, lastRow, lastCol);
  // Convert everything first, so a bad cell writes nothing.
  const cells = rows.map((r, i) =>
    r.map((v, j) => inputCell(v, sheet.get(g.r1 + i, g.c1 + j), option, x.tz, `${where}values[${i}][${j}]`)),
  );
  const touchedRows = new Set<number>();
  const touchedCols = new Set<number>();
  let n = 0;
  cells.forEach((r, i) =>
    r.forEach((c, j) => {
      if (c === SKIP) return;
      x.set(sheet, g.r1 + i, g.c1 + j, c);
      touchedRows.add(i);
      touchedCols.add(j);
      n++;
    }),
  );
  x.usage.cellsWritten += n;
  const out: UpdateValuesResponse = {
    spreadsheetId: x.ss.id,
    updatedRange: n
      ? formatRange(
          sheet.name,
          g.r1 + Math.min(...touchedRows),
          g.c1 + Math.min(...touchedCols),
          g.r1 + Math.max(...touchedRows),
          g.c1 + Math.max(...touchedCols),
        )
      : formatRef(g),
    updatedRows: touchedRows.size,
    updatedColumns: touchedCols.size,
    updatedCells: n,
  };
  if (opts.response) {
    const resp: GridRef = g.single ? { ...g, r2: lastRow, c2: lastCol } : g;
    out.updatedData = read(x, resp, opts.response, 'ROWS');
  }
  return out;
}

function responseOptions(x: ApiCtx, args: Args): RenderOptions | null {
  return args.includeValuesInResponse ? renderOptions(args, x.tz, 'response') : null;
}

export function valuesUpdate(x: ApiCtx, body: ValueRange | undefined, range: unknown, args: Args): UpdateValuesResponse {
  const option = valueInputOption(args.valueInputOption);
  const g = resolveRange(x.ss, range);
  x.assertCanEditFile();
  return writeAt(x, g, inputRows(body), option, '', { response: responseOptions(x, args) });
}

export function valuesBatchUpdate(
  x: ApiCtx,
  body: { valueInputOption?: unknown; data?: ValueRange[]; includeValuesInResponse?: boolean } & Args,
): {
  spreadsheetId: string;
  totalUpdatedRows: number;
  totalUpdatedColumns: number;
  totalUpdatedCells: number;
  totalUpdatedSheets: number;
  responses: UpdateValuesResponse[];
} {
  const option = valueInputOption(body?.valueInputOption);
  x.assertCanEditFile();
  const data = Array.isArray(body?.data) ? body.data : [];
  const responses: UpdateValuesResponse[] = [];
  const sheets = new Set<SheetData>();
  data.forEach((vr, i) => {
    try {
      const g = resolveRange(x.ss, vr?.range);
      const r = writeAt(x, g, inputRows(vr), option, `data[${i}].`, { response: responseOptions(x, body) });
      if (r.updatedCells) sheets.add(g.sheet);
      responses.push(r);
    } catch (e) {
      if (e instanceof SheetsApiError && !e.message.startsWith('Invalid data[')) throw badRequest(`Invalid data[${i}]: ${e.message}`);
      throw e;
    }
  });
  return {
    spreadsheetId: x.ss.id,
    totalUpdatedRows: responses.reduce((n, r) => n + r.updatedRows, 0),
    totalUpdatedColumns: responses.reduce((n, r) => Math.max(n, r.updatedColumns), 0),
    totalUpdatedCells: responses.reduce((n, r) => n + r.updatedCells, 0),
    totalUpdatedSheets: sheets.size,
    responses,
  };
}

/** The last row holding content in columns c1..c2, from r1 down (0 when none). */
function lastRowIn(sheet: SheetData, r1: number, c1: number, c2: number): number {
  for (let r = Math.min(sheet.rows.length, sheet.maxRows); r >= r1; r--) {
    const row = sheet.rows[r - 1];
    if (!row) continue;
    for (let c = c1; c <= Math.min(c2, row.length); c++) if (SheetDataClass.hasContent(row[c - 1])) return r;
  }
  return 0;
}

export function valuesAppend(
  x: ApiCtx,
  body: ValueRange | undefined,
  range: unknown,
  args: Args,
): { spreadsheetId: string; tableRange?: string; updates: UpdateValuesResponse } {
  const option = valueInputOption(args.valueInputOption);
  const insert = args.insertDataOption === undefined ? 'OVERWRITE' : String(args.insertDataOption);
  if (insert !== 'OVERWRITE' && insert !== 'INSERT_ROWS')
    throw badRequest(`Invalid value at 'insert_data_option' (OVERWRITE, INSERT_ROWS), "${insert}"`);
  const g = resolveRange(x.ss, range);
  x.assertCanEditFile();
  const rows = inputRows(body);
  const sheet = g.sheet;
  const width = Math.max(1, ...rows.map((r) => r.length));
  if (g.c1 + width - 1 > sheet.maxColumns) {
    throw badRequest(
      `Range (${formatRange(sheet.name, g.r1, g.c1, g.r1, g.c1 + width - 1)}) exceeds grid limits. Max rows: ${sheet.maxRows}, max columns: ${sheet.maxColumns}`,
    );
  }
  // The "table": the rows with content in the range's columns, from the range's first row; data goes after it.
  const last = lastRowIn(sheet, g.r1, g.c1, Math.max(g.c2, g.c1 + width - 1));
  let tableRange: string | undefined;
  if (last >= g.r1) {
    let right = g.c1;
    for (let r = g.r1; r <= last; r++) {
      const row = sheet.rows[r - 1] ?? [];
      for (let c = row.length; c > right; c--) if (SheetDataClass.hasContent(row[c - 1])) right = Math.max(right, c);
    }
    tableRange = formatRange(sheet.name, g.r1, g.c1, last, right);
  }
  const at = last >= g.r1 ? last + 1 : g.r1;
  const height = rows.length;
  if (height > 0) {
    if (insert === 'INSERT_ROWS') x.insertRows(sheet, at, height);
    else if (at + height - 1 > sheet.maxRows) x.growRows(sheet, at + height - 1 - sheet.maxRows);
  }
  const target: GridRef = { sheet, r1: at, c1: g.c1, r2: at, c2: g.c1, single: true };
  const updates = writeAt(x, target, rows, option, '', { response: responseOptions(x, args) });
  const out: { spreadsheetId: string; tableRange?: string; updates: UpdateValuesResponse } = { spreadsheetId: x.ss.id, updates };
  if (tableRange) out.tableRange = tableRange;
  return out;
}

function clearRef(x: ApiCtx, g: GridRef): string {
  x.assertCanEdit(g.sheet, g.r1, g.c1, g.r2, g.c2);
  const lastStored = Math.min(g.r2, g.sheet.rows.length);
  for (let r = g.r1; r <= lastStored; r++) {
    const row = g.sheet.rows[r - 1];
    if (!row) continue;
    for (let c = g.c1; c <= Math.min(g.c2, row.length); c++) {
      const cell = row[c - 1];
      if (!cell || (cell.v === undefined && cell.f === undefined)) continue;
      x.set(g.sheet, r, c, cell.nf !== undefined ? { nf: cell.nf } : undefined);
    }
  }
  return formatRef(g);
}

export function valuesClear(x: ApiCtx, range: unknown): { spreadsheetId: string; clearedRange: string } {
  const g = resolveRange(x.ss, range);
  x.assertCanEditFile();
  return { spreadsheetId: x.ss.id, clearedRange: clearRef(x, g) };
}

export function valuesBatchClear(x: ApiCtx, body: { ranges?: unknown } | undefined): { spreadsheetId: string; clearedRanges: string[] } {
  const ranges = Array.isArray(body?.ranges) ? body.ranges : [];
  const refs = ranges.map((r) => resolveRange(x.ss, r));
  x.assertCanEditFile();
  return { spreadsheetId: x.ss.id, clearedRanges: refs.map((g) => clearRef(x, g)) };
}

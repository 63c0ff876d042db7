/**
 * spreadsheets.batchUpdate: the requests Handoff uses (sheets, dimensions, cells, protected ranges, properties).
 * Applied in order and atomically: a request that fails undoes the ones before it ("Invalid requests[N].kind: …").
 */
import { SheetData } from '../spreadsheet/model';
import { applyCellData, cellFields, type CellDataInput } from './cells';
import type { ApiCtx } from './context';
import { badRequest, SheetsApiError } from './errors';
import { gridRangeRef, type GridRangeInput } from './ranges';
import { sheetProperties, spreadsheetResource } from './spreadsheet-get';
import { applyFieldMask } from './fields';
import { needSheet, type Handler, type Req } from './request-kit';
import { KNOWN } from './request-kinds';
import { appendDimension, deleteDimension, insertDimension } from './requests-dimensions';
import { addProtectedRange, deleteProtectedRange } from './requests-protection';

function addSheet(x: ApiCtx, r: Req): Record<string, unknown> {
  const p = (r.properties ?? {}) as {
    sheetId?: number;
    title?: string;
    index?: number;
    hidden?: boolean;
    gridProperties?: Record<string, number>;
  };
  const ss = x.ss;
  let title = p.title;
  if (title === undefined || title === '') {
    let i = ss.sheets.length + 1;
    while (ss.sheets.some((s) => s.name.toLowerCase() === `sheet${i}`)) i++;
    title = `Sheet${i}`;
  }
  if (ss.sheets.some((s) => s.name.toLowerCase() === String(title).toLowerCase()))
    throw badRequest(`A sheet with the name "${title}" already exists. Please enter another name.`);
  if (p.sheetId !== undefined && ss.sheets.some((s) => s.sheetId === p.sheetId))
    throw badRequest(`Invalid sheetId: a sheet with id ${p.sheetId} already exists`);
  const rows = p.gridProperties?.rowCount ?? 1000;
  const cols = p.gridProperties?.columnCount ?? 26;
  x.assertCellLimit(rows * cols);
  const id = p.sheetId ?? x.env.sheetIdFor(ss);
  const d = new SheetData(id, String(title), rows, cols);
  d.frozenRows = p.gridProperties?.frozenRowCount ?? 0;
  d.frozenColumns = p.gridProperties?.frozenColumnCount ?? 0;
  d.hidden = p.hidden === true;
  const at = p.index === undefined ? ss.sheets.length : Math.max(0, Math.min(ss.sheets.length, p.index));
  ss.sheets.splice(at, 0, d);
  x.onRollback(() => ss.sheets.splice(ss.sheets.indexOf(d), 1));
  return { addSheet: { properties: sheetProperties(d, at) } };
}

function deleteSheet(x: ApiCtx, r: Req): undefined {
  const ss = x.ss;
  const d = needSheet(x, r.sheetId);
  if (ss.sheets.length <= 1) throw badRequest("You can't remove all the sheets in a document.");
  const at = ss.sheets.indexOf(d);
  const prot = ss.protections.filter((p) => p.sheetId === d.sheetId);
  ss.sheets.splice(at, 1);
  ss.protections = ss.protections.filter((p) => p.sheetId !== d.sheetId);
  x.onRollback(() => {
    ss.sheets.splice(at, 0, d);
    ss.protections.push(...prot);
  });
  return undefined;
}

function masked(fields: unknown, path: string): boolean {
  const list = String(fields ?? '')
    .split(',')
    .map((f) => f.trim());
  return list.some((f) => f === '*' || f === path || path.startsWith(`${f}.`));
}

function updateSheetProperties(x: ApiCtx, r: Req): undefined {
  const p = (r.properties ?? {}) as {
    sheetId?: number;
    title?: string;
    hidden?: boolean;
    index?: number;
    gridProperties?: Record<string, number>;
  };
  if (!r.fields) throw badRequest("At least one field must be specified in 'fields'.");
  const d = needSheet(x, p.sheetId);
  const before = {
    name: d.name,
    hidden: d.hidden,
    frozenRows: d.frozenRows,
    frozenColumns: d.frozenColumns,
    maxRows: d.maxRows,
    maxColumns: d.maxColumns,
  };
  x.onRollback(() => Object.assign(d, before));
  const f = r.fields;
  if (masked(f, 'title')) {
    const t = String(p.title ?? '');
    if (x.ss.sheets.some((s) => s !== d && s.name.toLowerCase() === t.toLowerCase()))
      throw badRequest(`A sheet with the name "${t}" already exists. Please enter another name.`);
    d.name = t;
  }
  if (masked(f, 'hidden')) {
    if (p.hidden && x.ss.sheets.filter((s) => !s.hidden && s !== d).length === 0)
      throw badRequest("You can't hide all the sheets in a document.");
    d.hidden = p.hidden === true;
  }
  const g = p.gridProperties ?? {};
  if (masked(f, 'gridProperties.frozenRowCount')) d.frozenRows = g.frozenRowCount ?? 0;
  if (masked(f, 'gridProperties.frozenColumnCount')) d.frozenColumns = g.frozenColumnCount ?? 0;
  if (masked(f, 'gridProperties.rowCount') && g.rowCount !== undefined) {
    if (g.rowCount > d.maxRows) x.assertCellLimit((g.rowCount - d.maxRows) * d.maxColumns);
    d.maxRows = g.rowCount;
  }
  if (masked(f, 'gridProperties.columnCount') && g.columnCount !== undefined) {
    if (g.columnCount > d.maxColumns) x.assertCellLimit((g.columnCount - d.maxColumns) * d.maxRows);
    d.maxColumns = g.columnCount;
  }
  return undefined;
}

function updateSpreadsheetProperties(x: ApiCtx, r: Req): undefined {
  const p = (r.properties ?? {}) as { title?: string; timeZone?: string };
  if (!r.fields) throw badRequest("At least one field must be specified in 'fields'.");
  const before = { name: x.ss.name, timeZone: x.ss.timeZone };
  x.onRollback(() => Object.assign(x.ss, before));
  if (masked(r.fields, 'title')) x.ss.name = String(p.title ?? '');
  if (masked(r.fields, 'timeZone')) x.ss.timeZone = String(p.timeZone ?? before.timeZone);
  return undefined;
}

/** Writes RowData at a top-left cell; `clearTo` (a GridRange's far corner) clears the fields of cells not given. */
function writeRows(
  x: ApiCtx,
  d: SheetData,
  top: number,
  left: number,
  rows: unknown,
  fields: unknown,
  clearTo?: { r2: number; c2: number },
): void {
  const f = cellFields(fields);
  const list = Array.isArray(rows) ? (rows as Array<{ values?: CellDataInput[] }>) : [];
  const height = Math.max(list.length, clearTo ? clearTo.r2 - top + 1 : 0);
  const width = Math.max(0, ...list.map((r) => r?.values?.length ?? 0), clearTo ? clearTo.c2 - left + 1 : 0);
  if (height === 0 || width === 0) return;
  const lastCol = left + width - 1;
  if (lastCol > d.maxColumns)
    throw badRequest(`Attempting to write column: ${lastCol - 1}, beyond the last requested column of: ${d.maxColumns - 1}`);
  if (top + height - 1 > d.maxRows)
    throw badRequest(`Attempting to write row: ${top + height - 2}, beyond the last requested row of: ${d.maxRows - 1}`);
  x.assertCanEdit(d, top, left, top + height - 1, lastCol);
  for (let i = 0; i < height; i++) {
    const values = list[i]?.values ?? [];
    const w = clearTo ? width : values.length;
    for (let j = 0; j < w; j++) {
      const data = values[j];
      const prev = d.get(top + i, left + j);
      x.set(d, top + i, left + j, applyCellData(prev, data ?? {}, f, x.tz, `rows[${i}].values[${j}]`));
      x.usage.cellsWritten++;
    }
  }
}

function updateCells(x: ApiCtx, r: Req): undefined {
  if (r.start && r.range) throw badRequest('Only one of start and range may be set.');
  if (r.start) {
    const s = r.start as { sheetId?: number; rowIndex?: number; columnIndex?: number };
    const d = needSheet(x, s.sheetId);
    writeRows(x, d, (s.rowIndex ?? 0) + 1, (s.columnIndex ?? 0) + 1, r.rows, r.fields);
  } else if (r.range) {
    const g = r.range as GridRangeInput;
    const d = needSheet(x, g.sheetId);
    const ref = gridRangeRef(d, g);
    writeRows(x, d, ref.r1, ref.c1, r.rows, r.fields, { r2: ref.r2, c2: ref.c2 });
  } else throw badRequest('One of start or range must be set.');
  return undefined;
}

function appendCells(x: ApiCtx, r: Req): undefined {
  const d = needSheet(x, r.sheetId);
  const rows = Array.isArray(r.rows) ? r.rows : [];
  cellFields(r.fields);
  const at = d.lastRow() + 1;
  const grow = at + rows.length - 1 - d.maxRows;
  if (grow > 0) x.growRows(d, grow);
  writeRows(x, d, at, 1, rows, r.fields);
  return undefined;
}

const HANDLERS: Record<string, Handler> = {
  addSheet,
  deleteSheet,
  updateSheetProperties,
  updateSpreadsheetProperties,
  appendDimension,
  insertDimension,
  deleteDimension,
  updateCells,
  appendCells,
  addProtectedRange,
  deleteProtectedRange,
};

export interface BatchUpdateSpreadsheetRequest {
  requests?: Req[];
  includeSpreadsheetInResponse?: boolean;
  responseRanges?: string[];
  responseIncludeGridData?: boolean;
}

export function spreadsheetsBatchUpdate(x: ApiCtx, body: BatchUpdateSpreadsheetRequest | undefined): Record<string, unknown> {
  const requests = Array.isArray(body?.requests) ? body.requests : [];
  const writes = requests.some((r) => r && Object.keys(r).length);
  if (writes) x.assertCanEditFile();
  const replies = requests.map((req, i) => {
    const keys = Object.keys(req ?? {});
    if (keys.length !== 1) throw badRequest(`Invalid requests[${i}]: exactly one kind of request must be set (found ${keys.length}).`);
    const kind = keys[0]!;
    if (!KNOWN.has(kind)) throw badRequest(`Invalid JSON payload received. Unknown name "${kind}" at 'requests[${i}]': Cannot find field.`);
    const handler = HANDLERS[kind];
    if (!handler) throw badRequest(`Invalid requests[${i}].${kind}: the local Workspace's Sheets API model does not implement ${kind}.`);
    try {
      return handler(x, (req as Record<string, Req>)[kind] ?? {}) ?? {};
    } catch (e) {
      if (e instanceof SheetsApiError && e.status === 'INVALID_ARGUMENT') throw badRequest(`Invalid requests[${i}].${kind}: ${e.message}`);
      throw e;
    }
  });
  const out: Record<string, unknown> = { spreadsheetId: x.ss.id, replies };
  if (body?.includeSpreadsheetInResponse) {
    out.updatedSpreadsheet = spreadsheetResource(x, {
      ranges: body.responseRanges,
      includeGridData: body.responseIncludeGridData === true,
    });
  }
  return applyFieldMask(out, undefined);
}

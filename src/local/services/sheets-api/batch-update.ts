/**
 * spreadsheets.batchUpdate: the requests Handoff uses (sheets, dimensions, cells, protected ranges, properties).
 * Applied in order and atomically: a request that fails undoes the ones before it ("Invalid requests[N].kind: …").
 */
import { SheetData } from '../spreadsheet/model';
import { applyCellData, cellFields, type CellDataInput } from './cells';
import type { ApiCtx } from './context';
import { badRequest, SheetsApiError } from './errors';
import { gridRangeRef, sheetById, type GridRangeInput } from './ranges';
import { protectedRange, sheetProperties, spreadsheetResource } from './spreadsheet-get';
import { applyFieldMask } from './fields';

/** Every Request kind of Sheets API v4 (the local model implements some; see HANDLERS). */
const KNOWN = new Set([
  'updateSpreadsheetProperties',
  'updateSheetProperties',
  'updateDimensionProperties',
  'updateNamedRange',
  'repeatCell',
  'addNamedRange',
  'deleteNamedRange',
  'addSheet',
  'deleteSheet',
  'autoFill',
  'cutPaste',
  'copyPaste',
  'mergeCells',
  'unmergeCells',
  'updateBorders',
  'updateCells',
  'addFilterView',
  'appendCells',
  'clearBasicFilter',
  'deleteDimension',
  'deleteEmbeddedObject',
  'deleteFilterView',
  'duplicateFilterView',
  'duplicateSheet',
  'findReplace',
  'insertDimension',
  'insertRange',
  'moveDimension',
  'updateEmbeddedObjectPosition',
  'pasteData',
  'textToColumns',
  'updateFilterView',
  'deleteRange',
  'appendDimension',
  'addConditionalFormatRule',
  'updateConditionalFormatRule',
  'deleteConditionalFormatRule',
  'sortRange',
  'setDataValidation',
  'setBasicFilter',
  'addProtectedRange',
  'updateProtectedRange',
  'deleteProtectedRange',
  'autoResizeDimensions',
  'addChart',
  'updateChartSpec',
  'updateBanding',
  'addBanding',
  'deleteBanding',
  'createDeveloperMetadata',
  'updateDeveloperMetadata',
  'deleteDeveloperMetadata',
  'randomizeRange',
  'addDimensionGroup',
  'deleteDimensionGroup',
  'updateDimensionGroup',
  'trimWhitespace',
  'deleteDuplicates',
  'updateEmbeddedObjectBorder',
  'addSlicer',
  'updateSlicerSpec',
  'addDataSource',
  'updateDataSource',
  'deleteDataSource',
  'refreshDataSource',
  'cancelDataSourceRefresh',
  'addTable',
  'updateTable',
  'deleteTable',
]);

type Req = Record<string, unknown>;
type Handler = (x: ApiCtx, r: Req) => Record<string, unknown> | undefined;

function needSheet(x: ApiCtx, id: unknown): SheetData {
  const s = sheetById(x.ss, id);
  if (!s) throw badRequest(`No grid with id: ${Number(id ?? 0)}`);
  return s;
}

function dimension(v: unknown): 'ROWS' | 'COLUMNS' {
  if (v === 'ROWS' || v === 'COLUMNS') return v;
  throw badRequest(`Invalid dimension: ${String(v)}`);
}

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

function appendDimension(x: ApiCtx, r: Req): undefined {
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

function insertDimension(x: ApiCtx, r: Req): undefined {
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

function deleteDimension(x: ApiCtx, r: Req): undefined {
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

function addProtectedRange(x: ApiCtx, r: Req): Record<string, unknown> {
  const pr = (r.protectedRange ?? {}) as {
    range?: GridRangeInput;
    description?: string;
    warningOnly?: boolean;
    editors?: { users?: string[] };
  };
  const d = needSheet(x, pr.range?.sheetId);
  const g = pr.range ?? {};
  const whole =
    g.startRowIndex === undefined && g.endRowIndex === undefined && g.startColumnIndex === undefined && g.endColumnIndex === undefined;
  if (pr.warningOnly && pr.editors) throw badRequest('ProtectedRange is warningOnly. Editors cannot be set on it.');
  if (whole && x.ss.protections.some((p) => p.type === 'SHEET' && p.sheetId === d.sheetId))
    throw badRequest(`Sheet "${d.name}" already has sheet protection.`);
  const ref = gridRangeRef(d, g);
  const editors = [x.ss.owner, x.user, ...(pr.editors?.users ?? [])].filter(
    (e, i, a) => e && a.findIndex((y) => y.toLowerCase() === e.toLowerCase()) === i,
  );
  const data = {
    id: x.ss.nextObjectId++,
    type: whole ? ('SHEET' as const) : ('RANGE' as const),
    sheetId: d.sheetId,
    row: ref.r1,
    col: ref.c1,
    numRows: ref.r2 - ref.r1 + 1,
    numCols: ref.c2 - ref.c1 + 1,
    description: pr.description ?? '',
    editors,
    warningOnly: pr.warningOnly === true,
    domainEdit: false,
  };
  x.ss.protections.push(data);
  x.onRollback(() => x.ss.protections.splice(x.ss.protections.indexOf(data), 1));
  return { addProtectedRange: { protectedRange: protectedRange(x.ss, data, x.user) } };
}

function deleteProtectedRange(x: ApiCtx, r: Req): undefined {
  const i = x.ss.protections.findIndex((p) => p.id === Number(r.protectedRangeId));
  if (i < 0) throw badRequest(`No protected range with id: ${String(r.protectedRangeId)}`);
  const [p] = x.ss.protections.splice(i, 1);
  x.onRollback(() => x.ss.protections.splice(i, 0, p!));
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

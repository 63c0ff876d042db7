/** spreadsheets.get: properties, sheets (properties, protected ranges) and, on request, grid data. */
import type { ProtectionData, SheetData, SpreadsheetData } from '../spreadsheet/model';
import { cellData } from './cells';
import type { ApiCtx } from './context';
import { applyFieldMask, maskMentions } from './fields';
import { resolveRange, type GridRef } from './ranges';

export function sheetProperties(s: SheetData, index: number): Record<string, unknown> {
  const grid: Record<string, unknown> = { rowCount: s.maxRows, columnCount: s.maxColumns };
  // Zero and false are left out of the JSON (proto3).
  if (s.frozenRows) grid.frozenRowCount = s.frozenRows;
  if (s.frozenColumns) grid.frozenColumnCount = s.frozenColumns;
  const p: Record<string, unknown> = { sheetId: s.sheetId, title: s.name, index, sheetType: 'GRID', gridProperties: grid };
  if (s.hidden) p.hidden = true;
  return p;
}

export function protectedRange(ss: SpreadsheetData, p: ProtectionData, user: string): Record<string, unknown> {
  const range: Record<string, unknown> = { sheetId: p.sheetId };
  if (p.type === 'RANGE') {
    range.startRowIndex = p.row - 1;
    range.endRowIndex = p.row - 1 + p.numRows;
    range.startColumnIndex = p.col - 1;
    range.endColumnIndex = p.col - 1 + p.numCols;
  }
  const u = user.toLowerCase();
  const out: Record<string, unknown> = {
    protectedRangeId: p.id,
    range,
    requestingUserCanEdit: u === ss.owner.toLowerCase() || p.warningOnly || p.editors.some((e) => e.toLowerCase() === u),
  };
  if (p.description) out.description = p.description;
  if (p.warningOnly) out.warningOnly = true;
  else out.editors = { users: [...p.editors] };
  return out;
}

function gridData(x: ApiCtx, g: GridRef): Record<string, unknown> {
  const rowData: Array<{ values?: Array<Record<string, unknown>> }> = [];
  const lastStored = Math.min(g.r2, g.sheet.rows.length);
  for (let r = g.r1; r <= lastStored; r++) {
    const stored = g.sheet.rows[r - 1];
    const values: Array<Record<string, unknown>> = [];
    if (stored) {
      for (let c = g.c1; c <= Math.min(g.c2, stored.length); c++) {
        const cell = stored[c - 1];
        values.push(cellData(cell ? x.env.valueAt(x.ss, g.sheet, r, c) : '', cell, x.tz));
      }
    }
    while (values.length && Object.keys(values[values.length - 1]!).length === 0) values.pop();
    x.usage.cellsRead += values.length;
    rowData.push(values.length ? { values } : {});
  }
  while (rowData.length && !rowData[rowData.length - 1]!.values) rowData.pop();
  const out: Record<string, unknown> = {};
  if (g.r1 > 1) out.startRow = g.r1 - 1;
  if (g.c1 > 1) out.startColumn = g.c1 - 1;
  if (rowData.length) out.rowData = rowData;
  return out;
}

export function spreadsheetResource(x: ApiCtx, opts: { ranges?: unknown; includeGridData?: boolean }): Record<string, unknown> {
  const ss = x.ss;
  const list = opts.ranges === undefined ? [] : Array.isArray(opts.ranges) ? opts.ranges : [opts.ranges];
  const refs = list.map((r) => resolveRange(ss, r));
  const sheets = ss.sheets
    .map((s, index) => ({ s, index }))
    .filter(({ s }) => refs.length === 0 || refs.some((g) => g.sheet === s))
    .map(({ s, index }) => {
      const out: Record<string, unknown> = { properties: sheetProperties(s, index) };
      const prs = ss.protections.filter((p) => p.sheetId === s.sheetId).map((p) => protectedRange(ss, p, x.user));
      if (prs.length) out.protectedRanges = prs;
      if (opts.includeGridData) {
        const mine = refs.filter((g) => g.sheet === s);
        const whole: GridRef = { sheet: s, r1: 1, c1: 1, r2: s.maxRows, c2: s.maxColumns, single: false };
        out.data = (mine.length ? mine : [whole]).map((g) => gridData(x, g));
      }
      return out;
    });
  return {
    spreadsheetId: ss.id,
    properties: { title: ss.name, locale: 'en_US', autoRecalc: 'ON_CHANGE', timeZone: ss.timeZone },
    sheets,
    spreadsheetUrl: ss.url(),
  };
}

export function spreadsheetsGet(x: ApiCtx, args: Record<string, unknown>): Record<string, unknown> {
  const fields = typeof args.fields === 'string' ? args.fields : '';
  // includeGridData is ignored when a field mask is given; the mask then decides (sheets.data).
  const includeGridData = fields ? maskMentions(fields, 'data') || fields.trim() === '*' : args.includeGridData === true;
  return applyFieldMask(spreadsheetResource(x, { ranges: args.ranges, includeGridData }), fields);
}

/**
 * A1 ranges as the Sheets API reads them: 'Sheet1!A1:B2', "'My sheet'!A:A", 'Sheet1!A5:C' (to the end of the grid),
 * 'Sheet1!2:4', 'Sheet1' (the whole sheet), 'A1:B2' (the first visible sheet). Open ends are closed to the grid, and
 * ranges are echoed back the way the API writes them ("'My sheet'!A1:Z1000", 'Sheet1!B3').
 */
import { columnToLetters, lettersToColumn } from '../spreadsheet/a1';
import type { SheetData, SpreadsheetData } from '../spreadsheet/model';
import { badRequest } from './errors';

/** A resolved range: 1-based, inclusive, inside the grid. */
export interface GridRef {
  sheet: SheetData;
  r1: number;
  c1: number;
  r2: number;
  c2: number;
  /** The input named a single cell ('Sheet1!B3'): a write may extend from it. */
  single: boolean;
}

/** Quoted unless a plain identifier that is not itself a cell (A1) or R1C1 reference. */
export function quoteTitle(title: string): string {
  const plain = /^[A-Za-z_][A-Za-z0-9_]*$/.test(title) && !/^[A-Za-z]{1,3}\d+$/.test(title) && !/^[Rr]\d*[Cc]\d*$/.test(title);
  return plain ? title : `'${title.replace(/'/g, "''")}'`;
}

/** How the API writes a range: 'Sheet1!A1' for one cell, else 'Sheet1!A1:C3'. */
export function formatRange(title: string, r1: number, c1: number, r2: number, c2: number): string {
  const a = `${columnToLetters(c1)}${r1}`;
  const ref = r1 === r2 && c1 === c2 ? a : `${a}:${columnToLetters(c2)}${r2}`;
  return `${quoteTitle(title)}!${ref}`;
}

export function formatRef(g: GridRef): string {
  return formatRange(g.sheet.name, g.r1, g.c1, g.r2, g.c2);
}

function findSheet(ss: SpreadsheetData, name: string): SheetData | undefined {
  return ss.sheets.find((s) => s.name === name) ?? ss.sheets.find((s) => s.name.toLowerCase() === name.toLowerCase());
}

function firstVisible(ss: SpreadsheetData): SheetData | undefined {
  return ss.sheets.find((s) => !s.hidden) ?? ss.sheets[0];
}

const PART = /^\$?([A-Za-z]{1,3})?\$?(\d+)?$/;

function parsePart(p: string): { col: number | null; row: number | null } | null {
  const m = PART.exec(p.trim());
  if (!m || (!m[1] && !m[2])) return null;
  const row = m[2] ? Number(m[2]) : null;
  if (row === 0) return null;
  return { col: m[1] ? lettersToColumn(m[1]) : null, row };
}

/** Splits "'It''s'!A1" / 'Sheet1!A1' / 'A1' into the sheet name (null when none) and the reference. */
function splitSheet(input: string): { name: string | null; ref: string | null } | null {
  const s = input.trim();
  if (s.startsWith("'")) {
    let i = 1;
    let name = '';
    while (i < s.length) {
      if (s[i] === "'" && s[i + 1] === "'") {
        name += "'";
        i += 2;
        continue;
      }
      if (s[i] === "'") break;
      name += s[i];
      i++;
    }
    if (i >= s.length) return null;
    const rest = s.slice(i + 1);
    if (rest === '') return { name, ref: null };
    if (!rest.startsWith('!')) return null;
    return { name, ref: rest.slice(1) };
  }
  const bang = s.lastIndexOf('!');
  if (bang >= 0) return { name: s.slice(0, bang), ref: s.slice(bang + 1) };
  return { name: null, ref: s };
}

export const unparseable = (input: string) => badRequest(`Unable to parse range: ${input}`);

/**
 * Resolves an A1 range on a spreadsheet. Unknown sheets and bad notation give the API's "Unable to parse range";
 * explicit bounds past the grid give "exceeds grid limits" (open bounds are closed to the grid instead).
 */
export function resolveRange(ss: SpreadsheetData, input: unknown): GridRef {
  if (typeof input !== 'string' || input.trim() === '') throw unparseable(String(input ?? ''));
  const split = splitSheet(input);
  if (!split) throw unparseable(input);
  let sheet: SheetData | undefined;
  let ref = split.ref;
  if (split.name !== null) {
    sheet = findSheet(ss, split.name);
  } else {
    // No '!': a sheet's name wins over a cell reference of the same spelling.
    sheet = findSheet(ss, input.trim());
    if (sheet) ref = null;
    else sheet = firstVisible(ss);
  }
  if (!sheet) throw unparseable(input);
  if (ref === null || ref === '') {
    if (split.name === null && ref === '') throw unparseable(input);
    return { sheet, r1: 1, c1: 1, r2: sheet.maxRows, c2: sheet.maxColumns, single: false };
  }
  const parts = ref.split(':');
  if (parts.length > 2) throw unparseable(input);
  const a = parsePart(parts[0] ?? '');
  if (!a) throw unparseable(input);
  let r1: number;
  let c1: number;
  let r2: number | null;
  let c2: number | null;
  let single = false;
  if (parts.length === 1) {
    if (a.col === null || a.row === null) throw unparseable(input);
    [r1, c1, r2, c2] = [a.row, a.col, a.row, a.col];
    single = true;
  } else {
    const b = parsePart(parts[1] ?? '');
    if (!b) throw unparseable(input);
    // Allowed: A1:B2, A:B, 1:2, A5:C (open rows), A2:2 (open columns), A:C5 (from row 1).
    const [ac, ar, bc, br] = [a.col !== null, a.row !== null, b.col !== null, b.row !== null];
    const ok =
      (ac && ar && bc) || (ac && !ar && bc && !br) || (!ac && ar && !bc && br) || (ac && ar && !bc && br) || (ac && !ar && bc && br);
    if (!ok) throw unparseable(input);
    r1 = a.row ?? 1;
    c1 = a.col ?? 1;
    r2 = b.row;
    c2 = b.col;
  }
  const explicitR2 = r2;
  const explicitC2 = c2;
  const R2 = r2 ?? sheet.maxRows;
  const C2 = c2 ?? sheet.maxColumns;
  const [top, bottom] = r1 <= R2 ? [r1, R2] : [R2, r1];
  const [left, right] = c1 <= C2 ? [c1, C2] : [C2, c1];
  const explicitMaxRow = Math.max(r1, explicitR2 ?? 0);
  const explicitMaxCol = Math.max(c1, explicitC2 ?? 0);
  if (explicitMaxRow > sheet.maxRows || explicitMaxCol > sheet.maxColumns) {
    throw badRequest(
      `Range (${formatRange(sheet.name, top, left, Math.max(bottom, explicitMaxRow), Math.max(right, explicitMaxCol))}) exceeds grid limits. Max rows: ${sheet.maxRows}, max columns: ${sheet.maxColumns}`,
    );
  }
  return { sheet, r1: top, c1: left, r2: Math.min(bottom, sheet.maxRows), c2: Math.min(right, sheet.maxColumns), single };
}

/** A GridRange (0-based, half-open, missing = unbounded) on a sheet, as 1-based inclusive bounds inside the grid. */
export interface GridRangeInput {
  sheetId?: number;
  startRowIndex?: number;
  endRowIndex?: number;
  startColumnIndex?: number;
  endColumnIndex?: number;
}

export function sheetById(ss: SpreadsheetData, id: unknown): SheetData | undefined {
  return ss.sheets.find((s) => s.sheetId === Number(id ?? 0));
}

export function gridRangeRef(sheet: SheetData, g: GridRangeInput): GridRef {
  return {
    sheet,
    r1: (g.startRowIndex ?? 0) + 1,
    c1: (g.startColumnIndex ?? 0) + 1,
    r2: Math.min(g.endRowIndex ?? sheet.maxRows, sheet.maxRows),
    c2: Math.min(g.endColumnIndex ?? sheet.maxColumns, sheet.maxColumns),
    single: false,
  };
}

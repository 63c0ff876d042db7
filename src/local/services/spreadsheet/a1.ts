/** A1 notation: 'A1', 'A1:C3', 'Sheet1!A1', "'My sheet'!B2:D", whole columns 'A:C', whole rows '2:5', open 'A2:C' and 'B1:1'. */
import { gasError } from '../../kernel/errors';

export const RANGE_NOT_FOUND = 'Range not found';

export function columnToLetters(col: number): string {
  let s = '';
  let n = col;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

export function lettersToColumn(letters: string): number {
  let n = 0;
  for (const ch of letters.toUpperCase()) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n;
}

/** One parsed reference; a null bound is open (whole column / whole row / to the end). 1-based. */
export interface A1Ref {
  sheetName: string | null;
  startRow: number | null;
  startCol: number | null;
  endRow: number | null;
  endCol: number | null;
}

const CELL = /^\$?([A-Za-z]{0,3})\$?(\d*)$/;

function parsePart(p: string): { col: number | null; row: number | null } {
  const m = CELL.exec(p.trim());
  if (!m || (!m[1] && !m[2])) throw gasError(RANGE_NOT_FOUND);
  const col = m[1] ? lettersToColumn(m[1]) : null;
  const row = m[2] ? Number(m[2]) : null;
  if (row === 0) throw gasError(RANGE_NOT_FOUND);
  return { col, row };
}

/** Splits off a sheet name ('Sheet1!A1', "'It''s'!A1"). */
export function splitSheet(a1: string): { sheetName: string | null; ref: string } {
  const s = a1.trim();
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
    if (s[i + 1] !== '!') throw gasError(RANGE_NOT_FOUND);
    return { sheetName: name, ref: s.slice(i + 2) };
  }
  const bang = s.lastIndexOf('!');
  if (bang >= 0) return { sheetName: s.slice(0, bang), ref: s.slice(bang + 1) };
  return { sheetName: null, ref: s };
}

export function parseA1(a1: string): A1Ref {
  if (typeof a1 !== 'string' || !a1.trim()) throw gasError(RANGE_NOT_FOUND);
  const { sheetName, ref } = splitSheet(a1);
  const parts = ref.split(':');
  if (parts.length > 2 || !parts[0]) throw gasError(RANGE_NOT_FOUND);
  const a = parsePart(parts[0]);
  if (parts.length === 1) {
    if (a.col === null || a.row === null) throw gasError(RANGE_NOT_FOUND);
    return { sheetName, startRow: a.row, startCol: a.col, endRow: a.row, endCol: a.col };
  }
  const b = parsePart(parts[1]!);
  // 'A:C' (both without rows), '2:5' (both without columns), 'A2:C' (open end row), 'A1:C3'.
  if (a.row === null && b.row !== null && a.col !== null && b.col !== null) {
    // 'A:C5' is how Sheets writes nothing sensible; treat like A1:C5.
    return normalise({ sheetName, startRow: 1, startCol: a.col, endRow: b.row, endCol: b.col });
  }
  // 'B1:1', 'A2:2': from a cell to the last column of a row range (the column-wise twin of 'A2:C').
  if (a.col !== null && a.row !== null && b.col === null && b.row !== null) {
    return { sheetName, startRow: Math.min(a.row, b.row), startCol: a.col, endRow: Math.max(a.row, b.row), endCol: null };
  }
  if (a.col === null && b.col === null) {
    if (a.row === null || b.row === null) throw gasError(RANGE_NOT_FOUND);
    return normalise({ sheetName, startRow: a.row, startCol: null, endRow: b.row, endCol: null });
  }
  if (a.col === null || b.col === null) throw gasError(RANGE_NOT_FOUND);
  return normalise({ sheetName, startRow: a.row, startCol: a.col, endRow: b.row, endCol: b.col });
}

function normalise(r: A1Ref): A1Ref {
  const out = { ...r };
  if (out.startRow !== null && out.endRow !== null && out.startRow > out.endRow) [out.startRow, out.endRow] = [out.endRow, out.startRow];
  if (out.startCol !== null && out.endCol !== null && out.startCol > out.endCol) [out.startCol, out.endCol] = [out.endCol, out.startCol];
  return out;
}

/** How Sheets writes a range back: 'A1', 'A1:C3', 'A:C', '2:5', 'A2:C', 'B1:1'. */
export function toA1(
  row: number,
  col: number,
  numRows: number,
  numCols: number,
  form: 'cells' | 'columns' | 'rows' | 'openRows' | 'openColumns' = 'cells',
): string {
  const c1 = columnToLetters(col);
  const c2 = columnToLetters(col + numCols - 1);
  const r2 = row + numRows - 1;
  switch (form) {
    case 'columns':
      return `${c1}:${c2}`;
    case 'rows':
      return `${row}:${r2}`;
    case 'openRows':
      return `${c1}${row}:${c2}`;
    case 'openColumns':
      return `${c1}${row}:${r2}`;
    default:
      return numRows === 1 && numCols === 1 ? `${c1}${row}` : `${c1}${row}:${c2}${r2}`;
  }
}

/** Sheet names that need quoting in A1 notation. */
export function quoteSheetName(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_]*$/.test(name) ? name : `'${name.replace(/'/g, "''")}'`;
}

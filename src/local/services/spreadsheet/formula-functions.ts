/**
 * The functions the local formula evaluator knows. Each takes evaluated arguments (an argument that failed is a
 * FormulaError value, seen only by IFERROR; other functions rethrow it). Functions on scalars apply element by
 * element to grids, as inside ARRAYFORMULA.
 */
import { displayOf, isDate, type Scalar } from './values';
import { instantOf } from '../utilities/datetime';
import {
  asGrid,
  broadcast,
  compare,
  criterion,
  flat,
  FormulaError,
  Grid,
  isErrorValue,
  num,
  scalar,
  str,
  truthy,
  type Val,
} from './formula-values';

export interface FunctionContext {
  row: number;
  col: number;
  now: number;
  tz: string;
}

export type Arg = Val | FormulaError;
type Fn = (args: Val[], ctx: FunctionContext) => Val;

const numbers = (a: Val[]) => flat(a).filter((x): x is number => typeof x === 'number');
const lift =
  (f: (...xs: Scalar[]) => Scalar): Fn =>
  (a) =>
    broadcast(a, f);

function checkArity(name: string, a: Val[], min: number, max = min): void {
  if (a.length < min || a.length > max) throw new FormulaError('#N/A');
  void name;
}

/** VLOOKUP / MATCH search: exact (case-insensitive), or the last value <= key in a sorted list. */
function find(key: Scalar, list: Scalar[], sorted: boolean, descending = false): number {
  if (!sorted) return list.findIndex((v) => v !== '' && compare(v, key) === 0);
  let found = -1;
  for (let i = 0; i < list.length; i++) {
    const v = list[i]!;
    if (v === '') continue;
    const d = compare(v, key);
    if (descending ? d >= 0 : d <= 0) found = i;
    else break;
  }
  return found;
}

function ifsPairs(a: Val[], start: number): Array<[Grid, (v: Scalar) => boolean]> {
  const pairs: Array<[Grid, (v: Scalar) => boolean]> = [];
  for (let i = start; i + 1 < a.length + 1 && i < a.length; i += 2) pairs.push([asGrid(a[i]!), criterion(scalar(a[i + 1] ?? ''))]);
  return pairs;
}

function matches(pairs: Array<[Grid, (v: Scalar) => boolean]>, r: number, c: number): boolean {
  return pairs.every(([g, test]) => test(g.cells[r]?.[c] ?? ''));
}

export const FUNCTIONS: Record<string, Fn> = {
  SUM: (a) => numbers(a).reduce((s, x) => s + x, 0),
  MIN: (a) => (numbers(a).length ? Math.min(...numbers(a)) : 0),
  MAX: (a) => (numbers(a).length ? Math.max(...numbers(a)) : 0),
  COUNT: (a) => numbers(a).length,
  COUNTA: (a) => flat(a).filter((x) => x !== '').length,
  AVERAGE: (a) => {
    const n = numbers(a);
    if (!n.length) throw new FormulaError('#DIV/0!');
    return n.reduce((s, x) => s + x, 0) / n.length;
  },
  IF: (a) => broadcast([a[0] ?? false, a[1] ?? true, a[2] ?? false], (c, t, f) => (truthy(c) ? t! : f!)),
  AND: (a) => flat(a).every((x) => truthy(x)),
  OR: (a) => flat(a).some((x) => truthy(x)),
  NOT: lift((x) => !truthy(x ?? false)),
  CONCATENATE: (a) => flat(a).map(str).join(''),
  CONCAT: lift((x, y) => str(x ?? '') + str(y ?? '')),
  LEN: lift((x) => str(x ?? '').length),
  UPPER: lift((x) => str(x ?? '').toUpperCase()),
  LOWER: lift((x) => str(x ?? '').toLowerCase()),
  TRIM: lift((x) =>
    str(x ?? '')
      .trim()
      .replace(/\s+/g, ' '),
  ),
  ROUND: lift((x, p) => {
    const f = 10 ** num(p ?? 0);
    return Math.round(num(x ?? 0) * f) / f;
  }),
  ABS: lift((x) => Math.abs(num(x ?? 0))),
  NOW: (_a, ctx) => new Date(ctx.now),
  TODAY: (_a, ctx) => {
    const d = new Date(ctx.now);
    d.setUTCHours(0, 0, 0, 0);
    return d;
  },
  ROW: (_a, ctx) => ctx.row,
  COLUMN: (_a, ctx) => ctx.col,
  ARRAYFORMULA: (a) => a[0] ?? '',
  IFERROR: (a) => a[0] ?? '', // errors handled in the evaluator: see ERROR_AWARE
  VLOOKUP: (a) => {
    checkArity('VLOOKUP', a, 3, 4);
    const table = asGrid(a[1]!);
    const index = Math.trunc(num(a[2]!));
    // "If index is not between 1 and the number of columns in range, #VALUE! is returned."
    if (index < 1 || index > table.cols) throw new FormulaError('#VALUE!');
    const sorted = a[3] === undefined ? true : truthy(a[3]);
    return broadcast([a[0]!], (key) => {
      const i = find(key, table.column(0), sorted);
      if (i < 0) throw new FormulaError('#N/A');
      return table.cells[i]![index - 1] ?? '';
    });
  },
  MATCH: (a) => {
    checkArity('MATCH', a, 2, 3);
    const g = asGrid(a[1]!);
    const list = g.cols === 1 ? g.column(0) : g.rows === 1 ? g.cells[0]! : null;
    if (!list) throw new FormulaError('#N/A');
    const type = a[2] === undefined ? 1 : num(a[2]);
    const i = find(scalar(a[0]!), list, type !== 0, type < 0);
    if (i < 0) throw new FormulaError('#N/A');
    return i + 1;
  },
  INDEX: (a) => {
    checkArity('INDEX', a, 1, 3);
    const g = asGrid(a[0]!);
    let r = a[1] === undefined ? 0 : Math.trunc(num(a[1]));
    let c = a[2] === undefined ? 0 : Math.trunc(num(a[2]));
    if (g.rows === 1 && a[2] === undefined && r > 0) [r, c] = [1, r];
    if (r < 0 || c < 0 || r > g.rows || c > g.cols) throw new FormulaError('#REF!');
    if (r === 0 && c === 0) return g;
    if (r === 0) return new Grid(g.cells.map((row) => [row[c - 1] ?? '']));
    if (c === 0) return g.cols === 1 ? (g.cells[r - 1]![0] ?? '') : new Grid([g.cells[r - 1]!.slice()]);
    return g.cells[r - 1]![c - 1] ?? '';
  },
  SUMIF: (a) => {
    checkArity('SUMIF', a, 2, 3);
    const range = asGrid(a[0]!);
    const test = criterion(scalar(a[1]!));
    const sums = asGrid(a[2] ?? a[0]!);
    let total = 0;
    range.cells.forEach((row, r) =>
      row.forEach((v, c) => {
        const s = sums.cells[r]?.[c];
        if (test(v) && typeof s === 'number') total += s;
      }),
    );
    return total;
  },
  COUNTIF: (a) => {
    checkArity('COUNTIF', a, 2);
    const test = criterion(scalar(a[1]!));
    return asGrid(a[0]!)
      .flat()
      .filter((v) => test(v)).length;
  },
  SUMIFS: (a) => {
    if (a.length < 3 || a.length % 2 === 0) throw new FormulaError('#N/A');
    const sums = asGrid(a[0]!);
    const pairs = ifsPairs(a, 1);
    let total = 0;
    sums.cells.forEach((row, r) =>
      row.forEach((s, c) => {
        if (typeof s === 'number' && matches(pairs, r, c)) total += s;
      }),
    );
    return total;
  },
  COUNTIFS: (a) => {
    if (a.length < 2 || a.length % 2 === 1) throw new FormulaError('#N/A');
    const pairs = ifsPairs(a, 0);
    const first = pairs[0]![0];
    let n = 0;
    for (let r = 0; r < first.rows; r++) for (let c = 0; c < first.cols; c++) if (matches(pairs, r, c)) n++;
    return n;
  },
  TEXT: (a, ctx) => {
    checkArity('TEXT', a, 2);
    return broadcast([a[0]!, a[1]!], (v, f) => {
      if (typeof v === 'string') return v;
      return displayOf(typeof v === 'boolean' ? (v ? 'TRUE' : 'FALSE') : v, str(f), ctx.tz);
    });
  },
  DATE: (a, ctx) => {
    checkArity('DATE', a, 3);
    return broadcast([a[0]!, a[1]!, a[2]!], (y, m, d) => {
      let year = Math.trunc(num(y));
      if (year < 1900) year += 1900;
      const day = new Date(Date.UTC(year, Math.trunc(num(m)) - 1, Math.trunc(num(d))));
      if (day.getUTCFullYear() < 0) throw new FormulaError('#NUM!');
      return new Date(instantOf(day.getUTCFullYear(), day.getUTCMonth() + 1, day.getUTCDate(), 0, 0, 0, ctx.tz));
    });
  },
  SPLIT: (a) => {
    checkArity('SPLIT', a, 2, 4);
    const text = str(a[0]!);
    const delim = str(a[1]!);
    const each = a[2] === undefined ? true : truthy(a[2]);
    const dropEmpty = a[3] === undefined ? true : truthy(a[3]);
    if (delim === '') throw new FormulaError('#VALUE!');
    const parts = each ? text.split(new RegExp(`[${delim.replace(/[\]\\^-]/g, '\\$&')}]`)) : text.split(delim);
    const kept = dropEmpty ? parts.filter((p) => p !== '') : parts;
    if (!kept.length) throw new FormulaError('#VALUE!');
    return new Grid([kept.map((p) => (p.trim() !== '' && !Number.isNaN(Number(p)) ? Number(p) : p))]);
  },
  JOIN: (a) => {
    if (a.length < 2) throw new FormulaError('#N/A');
    const delim = str(a[0]!);
    return flat(a.slice(1)).map(str).join(delim);
  },
  UNIQUE: (a) => {
    checkArity('UNIQUE', a, 1, 3);
    const g = asGrid(a[0]!);
    const seen = new Set<string>();
    const rows = g.cells.filter((row) => {
      const key = JSON.stringify(row.map((v) => (isDate(v) ? `d${v.getTime()}` : v)));
      if (seen.has(key)) return false;
      seen.add(key);
      return true;
    });
    return new Grid(rows);
  },
  FILTER: (a) => {
    if (a.length < 2) throw new FormulaError('#N/A');
    const g = asGrid(a[0]!);
    const conds = a.slice(1).map(asGrid);
    const byRow = conds.every((c) => c.rows === g.rows && c.cols === 1);
    const byCol = !byRow && conds.every((c) => c.cols === g.cols && c.rows === 1);
    if (!byRow && !byCol) throw new FormulaError('#VALUE!');
    const keep = (i: number) =>
      conds.every((c) => {
        const v = byRow ? c.cells[i]![0]! : c.cells[0]![i]!;
        return !isErrorValue(v) && v !== '' && truthy(v);
      });
    const cells = byRow
      ? g.cells.filter((_r, i) => keep(i))
      : g.cells.map((row) => row.filter((_v, i) => keep(i))).filter((row) => row.length);
    // Sheets: "No matches are found in FILTER evaluation."
    if (!cells.length || !cells[0]!.length) throw new FormulaError('#N/A');
    return new Grid(cells);
  },
};

/** Functions that see their failed arguments instead of failing with them. */
export const ERROR_AWARE = new Set(['IFERROR']);

export function iferror(args: Arg[]): Val {
  const [value, alt] = args;
  const fallback: Val = alt === undefined ? '' : alt instanceof FormulaError ? alt.code : alt;
  if (value === undefined || value instanceof FormulaError) {
    if (fallback instanceof Grid || !isErrorValue(fallback)) return fallback;
    throw new FormulaError(fallback as string);
  }
  if (value instanceof Grid) return value.map((v) => (isErrorValue(v) ? scalar(fallback) : v));
  return isErrorValue(value) ? fallback : value;
}

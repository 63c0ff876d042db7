/**
 * The values a formula computes with: scalars, 2-D grids (ranges, array literals, array results), and error codes.
 * Errors travel as FormulaError while computing and as their code ('#N/A') once stored in a cell.
 */
import type { Scalar } from './values';
import { isDate, serialFromDate } from './values';

export class FormulaError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

/** A rectangular block of values: a range read, an array literal {1,2;3,4}, or an array result (UNIQUE, FILTER ...). */
export class Grid {
  constructor(readonly cells: Scalar[][]) {}
  get rows(): number {
    return this.cells.length;
  }
  get cols(): number {
    return this.cells[0]?.length ?? 0;
  }
  flat(): Scalar[] {
    return this.cells.flat();
  }
  column(c: number): Scalar[] {
    return this.cells.map((r) => r[c] ?? '');
  }
  map(fn: (v: Scalar, r: number, c: number) => Scalar): Grid {
    return new Grid(this.cells.map((row, r) => row.map((v, c) => safely(() => fn(v, r, c)))));
  }
}

export type Val = Scalar | Grid;

const ERROR_CODES = new Set(['#N/A', '#REF!', '#VALUE!', '#DIV/0!', '#NAME?', '#NUM!', '#ERROR!', '#NULL!']);

export function isErrorValue(v: unknown): boolean {
  return typeof v === 'string' && ERROR_CODES.has(v);
}

/** Runs fn; an error becomes its code, as a cell shows it. */
export function safely(fn: () => Scalar): Scalar {
  try {
    return fn();
  } catch (e) {
    if (e instanceof FormulaError) return e.code;
    throw e;
  }
}

/** The spreadsheet time zone of the formula being computed (dates become serial numbers in it). */
let zone = 'UTC';
export function withZone<T>(tz: string, fn: () => T): T {
  const before = zone;
  zone = tz;
  try {
    return fn();
  } finally {
    zone = before;
  }
}

export function scalar(v: Val): Scalar {
  return v instanceof Grid ? (v.cells[0]?.[0] ?? '') : v;
}

export function num(v: Val): number {
  const s = scalar(v);
  if (typeof s === 'number') return s;
  if (typeof s === 'boolean') return s ? 1 : 0;
  if (s === '') return 0;
  if (isDate(s)) return serialFromDate(s, zone);
  if (isErrorValue(s)) throw new FormulaError(s as string);
  const n = Number(s);
  if (Number.isNaN(n)) throw new FormulaError('#VALUE!');
  return n;
}

export function str(v: Val): string {
  const s = scalar(v);
  if (typeof s === 'boolean') return s ? 'TRUE' : 'FALSE';
  if (isErrorValue(s)) throw new FormulaError(s as string);
  return isDate(s) ? s.toISOString() : String(s);
}

export function truthy(v: Val): boolean {
  const s = scalar(v);
  if (typeof s === 'string' && !isErrorValue(s) && s !== '') {
    if (/^true$/i.test(s)) return true;
    if (/^false$/i.test(s)) return false;
    throw new FormulaError('#VALUE!');
  }
  return num(s) !== 0;
}

export function flat(args: Val[]): Scalar[] {
  return args.flatMap((a) => (a instanceof Grid ? a.flat() : [a]));
}

export function asGrid(v: Val): Grid {
  return v instanceof Grid ? v : new Grid([[v]]);
}

/** Applies fn element by element when any argument is a grid (array formulas); grids must have the same size. */
export function broadcast(args: Val[], fn: (...xs: Scalar[]) => Scalar): Val {
  const grids = args.filter((a): a is Grid => a instanceof Grid);
  if (!grids.length) return fn(...(args as Scalar[]));
  const rows = Math.max(...grids.map((g) => g.rows));
  const cols = Math.max(...grids.map((g) => g.cols));
  const at = (a: Val, r: number, c: number): Scalar => {
    if (!(a instanceof Grid)) return a;
    const rr = a.rows === 1 ? 0 : r;
    const cc = a.cols === 1 ? 0 : c;
    return a.cells[rr]?.[cc] ?? '#N/A';
  };
  const out: Scalar[][] = [];
  for (let r = 0; r < rows; r++) {
    const row: Scalar[] = [];
    for (let c = 0; c < cols; c++) row.push(safely(() => fn(...args.map((a) => at(a, r, c)))));
    out.push(row);
  }
  return new Grid(out);
}

/** Case-insensitive comparison as Sheets sorts: numbers < text < booleans; returns <0, 0, >0. */
export function compare(x: Scalar, y: Scalar): number {
  const rank = (v: Scalar) => (typeof v === 'boolean' ? 2 : typeof v === 'string' && v !== '' ? 1 : 0);
  const rx = rank(x);
  const ry = rank(y);
  if (rx !== ry) return rx - ry;
  if (rx === 1) return (x as string).toLowerCase().localeCompare((y as string).toLowerCase());
  return num(x) - num(y);
}

/** A criterion of SUMIF/COUNTIF(S): a value, or text like ">5", "<>done", "=x", "app*" (wildcards * and ?). */
export function criterion(c: Scalar): (v: Scalar) => boolean {
  if (typeof c !== 'string')
    return (v) => v !== '' && safely(() => (compare(isDate(v) ? num(v) : v, isDate(c) ? num(c) : c) === 0 ? 1 : 0)) === 1;
  const m = /^(<=|>=|<>|<|>|=)?(.*)$/s.exec(c)!;
  const op = m[1] ?? '=';
  const text = m[2]!;
  const n = text.trim() !== '' && !Number.isNaN(Number(text)) ? Number(text) : null;
  if (op === '=' || op === '<>') {
    let eq: (v: Scalar) => boolean;
    if (n !== null) eq = (v) => (typeof v === 'number' || isDate(v)) && num(v) === n;
    else if (text === '') eq = (v) => v === '';
    else {
      const re = new RegExp(
        `^${text
          .replace(/[.+^${}()|[\]\\]/g, '\\$&')
          .replace(/\*/g, '.*')
          .replace(/\?/g, '.')}$`,
        'is',
      );
      eq = (v) => typeof v === 'string' && re.test(v);
    }
    return op === '=' ? eq : (v) => !eq(v);
  }
  const target: Scalar = n ?? text;
  return (raw) => {
    const v: Scalar = isDate(raw) ? num(raw) : raw;
    if (v === '' || typeof v === 'boolean' || typeof v !== typeof target) return false;
    const d = compare(v, target);
    return op === '<' ? d < 0 : op === '<=' ? d <= 0 : op === '>' ? d > 0 : d >= 0;
  };
}

/**
 * A deliberately tiny formula evaluator, so getValues on a formula cell returns something sensible:
 * number/string/boolean literals, cell references (A1, $A$1, Sheet!A1), ranges inside functions (A1:B3),
 * + - * / ^ & = <> < > <= >=, unary minus, and SUM MIN MAX COUNT COUNTA AVERAGE IF AND OR NOT CONCATENATE
 * CONCAT LEN UPPER LOWER TRIM ROUND ABS NOW TODAY ROW COLUMN. Anything else evaluates to '#NAME?' or
 * '#ERROR!' (what Sheets shows for unknown functions / parse errors); documented in src/local/README.md.
 */
import { lettersToColumn } from './a1';
import type { Scalar } from './values';
import { isDate, serialFromDate } from './values';

export interface FormulaContext {
  /** Value of a cell (computing formulas); '' for empty. Throws FormulaError('#REF!') on a cycle. */
  cell(sheet: string | null, row: number, col: number): Scalar;
  row: number;
  col: number;
  now: number;
  tz: string;
}

export class FormulaError extends Error {
  constructor(readonly code: string) {
    super(code);
  }
}

type Val = Scalar | Scalar[];

const TOKEN =
  /\s*(?:("(?:[^"]|"")*")|((?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)|(\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?)(?![\w(])|(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)|([A-Za-z_][\w.]*)|(<>|<=|>=|[-+*/^&=<>(),:]))/y;

interface Tok {
  kind: 'str' | 'ref' | 'num' | 'name' | 'op';
  text: string;
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
  TOKEN.lastIndex = 0;
  let pos = 0;
  while (pos < src.length) {
    if (/^\s*$/.test(src.slice(pos))) break;
    TOKEN.lastIndex = pos;
    const m = TOKEN.exec(src);
    if (!m) throw new FormulaError('#ERROR!');
    pos = TOKEN.lastIndex;
    if (m[1] !== undefined) out.push({ kind: 'str', text: m[1].slice(1, -1).replace(/""/g, '"') });
    else if (m[2] !== undefined || m[3] !== undefined) out.push({ kind: 'ref', text: (m[2] ?? m[3])! });
    else if (m[4] !== undefined) out.push({ kind: 'num', text: m[4] });
    else if (m[5] !== undefined) out.push({ kind: 'name', text: m[5] });
    else out.push({ kind: 'op', text: m[6]! });
  }
  return out;
}

function num(v: Val): number {
  if (Array.isArray(v)) return num(v[0] ?? '');
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (v === '') return 0;
  if (isDate(v)) return serialFromDate(v, 'UTC');
  const n = Number(v);
  if (Number.isNaN(n)) throw new FormulaError('#VALUE!');
  return n;
}

function str(v: Val): string {
  if (Array.isArray(v)) return str(v[0] ?? '');
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return isDate(v) ? v.toISOString() : String(v);
}

function flat(args: Val[]): Scalar[] {
  return args.flatMap((a) => (Array.isArray(a) ? a : [a]));
}

const FUNCTIONS: Record<string, (args: Val[], ctx: FormulaContext) => Scalar> = {
  SUM: (a) =>
    flat(a)
      .filter((x) => typeof x === 'number')
      .reduce<number>((s, x) => s + (x as number), 0),
  MIN: (a) => {
    const n = flat(a).filter((x): x is number => typeof x === 'number');
    return n.length ? Math.min(...n) : 0;
  },
  MAX: (a) => {
    const n = flat(a).filter((x): x is number => typeof x === 'number');
    return n.length ? Math.max(...n) : 0;
  },
  COUNT: (a) => flat(a).filter((x) => typeof x === 'number').length,
  COUNTA: (a) => flat(a).filter((x) => x !== '').length,
  AVERAGE: (a) => {
    const n = flat(a).filter((x): x is number => typeof x === 'number');
    if (!n.length) throw new FormulaError('#DIV/0!');
    return n.reduce((s, x) => s + x, 0) / n.length;
  },
  IF: (a) => (num(a[0] ?? false) ? (a[1] ?? true) : (a[2] ?? false)) as Scalar,
  AND: (a) => flat(a).every((x) => num(x) !== 0),
  OR: (a) => flat(a).some((x) => num(x) !== 0),
  NOT: (a) => num(a[0] ?? false) === 0,
  CONCATENATE: (a) => flat(a).map(str).join(''),
  CONCAT: (a) => str(a[0] ?? '') + str(a[1] ?? ''),
  LEN: (a) => str(a[0] ?? '').length,
  UPPER: (a) => str(a[0] ?? '').toUpperCase(),
  LOWER: (a) => str(a[0] ?? '').toLowerCase(),
  TRIM: (a) =>
    str(a[0] ?? '')
      .trim()
      .replace(/\s+/g, ' '),
  ROUND: (a) => {
    const p = 10 ** num(a[1] ?? 0);
    return Math.round(num(a[0] ?? 0) * p) / p;
  },
  ABS: (a) => Math.abs(num(a[0] ?? 0)),
  NOW: (_a, ctx) => new Date(ctx.now),
  TODAY: (_a, ctx) => {
    const d = new Date(ctx.now);
    d.setUTCHours(0, 0, 0, 0);
    return d;
  },
  ROW: (_a, ctx) => ctx.row,
  COLUMN: (_a, ctx) => ctx.col,
};

function refCoords(ref: string): { sheet: string | null; r1: number; c1: number; r2: number; c2: number } {
  let sheet: string | null = null;
  let body = ref;
  const bang = ref.lastIndexOf('!');
  if (bang >= 0) {
    sheet = ref.slice(0, bang);
    if (sheet.startsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
    body = ref.slice(bang + 1);
  }
  const parts = body.replace(/\$/g, '').split(':');
  const cell = (p: string) => {
    const m = /^([A-Za-z]+)(\d+)$/.exec(p)!;
    return { c: lettersToColumn(m[1]!), r: Number(m[2]) };
  };
  const a = cell(parts[0]!);
  const b = parts[1] ? cell(parts[1]) : a;
  return { sheet, r1: Math.min(a.r, b.r), c1: Math.min(a.c, b.c), r2: Math.max(a.r, b.r), c2: Math.max(a.c, b.c) };
}

export function evaluateFormula(formula: string, ctx: FormulaContext): Scalar {
  let toks: Tok[];
  try {
    toks = tokenize(formula.replace(/^=/, ''));
  } catch (e) {
    return e instanceof FormulaError ? e.code : '#ERROR!';
  }
  let i = 0;
  const peek = () => toks[i];
  const eat = (text?: string): Tok => {
    const t = toks[i];
    if (!t || (text !== undefined && t.text !== text)) throw new FormulaError('#ERROR!');
    i++;
    return t;
  };
  const BIN: Record<string, number> = { '=': 1, '<>': 1, '<': 1, '>': 1, '<=': 1, '>=': 1, '&': 2, '+': 3, '-': 3, '*': 4, '/': 4, '^': 5 };
  const primary = (): Val => {
    const t = eat();
    if (t.kind === 'num') return Number(t.text);
    if (t.kind === 'str') return t.text;
    if (t.kind === 'op' && t.text === '-') return -num(expr(5));
    if (t.kind === 'op' && t.text === '+') return num(expr(5));
    if (t.kind === 'op' && t.text === '(') {
      const v = expr(0);
      eat(')');
      return v;
    }
    if (t.kind === 'ref') {
      const r = refCoords(t.text);
      if (r.r1 === r.r2 && r.c1 === r.c2) return ctx.cell(r.sheet, r.r1, r.c1);
      const out: Scalar[] = [];
      for (let rr = r.r1; rr <= r.r2; rr++) for (let cc = r.c1; cc <= r.c2; cc++) out.push(ctx.cell(r.sheet, rr, cc));
      return out;
    }
    if (t.kind === 'name') {
      const name = t.text.toUpperCase();
      if (peek()?.text !== '(') {
        if (name === 'TRUE') return true;
        if (name === 'FALSE') return false;
        throw new FormulaError('#NAME?');
      }
      eat('(');
      const args: Val[] = [];
      if (peek()?.text !== ')') {
        do {
          args.push(expr(0));
        } while (peek()?.text === ',' && eat(','));
      }
      eat(')');
      const fn = FUNCTIONS[name];
      if (!fn) throw new FormulaError('#NAME?');
      return fn(args, ctx);
    }
    throw new FormulaError('#ERROR!');
  };
  const expr = (minPrec: number): Val => {
    let left = primary();
    for (;;) {
      const t = peek();
      if (t?.kind !== 'op') break;
      const prec = BIN[t.text];
      if (prec === undefined || prec < minPrec) break;
      i++;
      const right = expr(t.text === '^' ? prec : prec + 1);
      left = binary(t.text, left, right);
    }
    return left;
  };
  try {
    const v = expr(0);
    if (i !== toks.length) throw new FormulaError('#ERROR!');
    const out = Array.isArray(v) ? (v[0] ?? '') : v;
    if (typeof out === 'number' && !Number.isFinite(out)) return '#DIV/0!';
    return out;
  } catch (e) {
    if (e instanceof FormulaError) return e.code;
    throw e;
  }
}

function binary(op: string, a: Val, b: Val): Scalar {
  switch (op) {
    case '+':
      return num(a) + num(b);
    case '-':
      return num(a) - num(b);
    case '*':
      return num(a) * num(b);
    case '/': {
      const d = num(b);
      if (d === 0) throw new FormulaError('#DIV/0!');
      return num(a) / d;
    }
    case '^':
      return num(a) ** num(b);
    case '&':
      return str(a) + str(b);
  }
  const x = Array.isArray(a) ? (a[0] ?? '') : a;
  const y = Array.isArray(b) ? (b[0] ?? '') : b;
  const cmp = typeof x === 'string' && typeof y === 'string' ? x.toLowerCase().localeCompare(y.toLowerCase()) : num(x) - num(y);
  switch (op) {
    case '=':
      return typeof x === 'string' && typeof y === 'string' ? x.toLowerCase() === y.toLowerCase() : cmp === 0;
    case '<>':
      return cmp !== 0;
    case '<':
      return cmp < 0;
    case '>':
      return cmp > 0;
    case '<=':
      return cmp <= 0;
    case '>=':
      return cmp >= 0;
  }
  throw new FormulaError('#ERROR!');
}

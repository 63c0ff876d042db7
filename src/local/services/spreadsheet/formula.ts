/**
 * A small formula evaluator, so getValues on a formula cell returns something sensible: number/string/boolean
 * literals, array literals {1,2;3,4}, cell references (A1, $A$1, Sheet!A1), ranges (A1:B3, open A2:A, A:A, 2:2),
 * + - * / ^ & = <> < > <= >= (element by element on ranges, as in ARRAYFORMULA), and the functions in
 * formula-functions.ts. Anything else evaluates to '#NAME?' or '#ERROR!' (what Sheets shows for unknown functions /
 * parse errors); documented in src/local/README.md. A result that is a grid spills into the cells below and to the
 * right (env.ts).
 */
import { lettersToColumn } from './a1';
import { type Arg, ERROR_AWARE, FUNCTIONS, iferror } from './formula-functions';
import { broadcast, compare, FormulaError, Grid, num, str, type Val, withZone } from './formula-values';
import type { Scalar } from './values';

export { FormulaError, Grid } from './formula-values';

export interface FormulaContext {
  /** Value of a cell (computing formulas); '' for empty. Throws FormulaError('#REF!') on a cycle. */
  cell(sheet: string | null, row: number, col: number): Scalar;
  /** The grid size of a sheet (open ranges such as A2:A run to its last row). */
  size(sheet: string | null): { rows: number; cols: number };
  row: number;
  col: number;
  now: number;
  tz: string;
}

const CELLREF = String.raw`\$?[A-Za-z]{1,3}\$?\d*`;
const RANGE = String.raw`(?:${CELLREF}(?::${CELLREF})?|\$?\d+:\$?\d+)`;
const SHEET = String.raw`(?:'(?:[^']|'')+'|[A-Za-z_][\w.]*)!`;
const TOKEN = new RegExp(
  String.raw`\s*(?:("(?:[^"]|"")*")|(${SHEET}${RANGE})|((?:${CELLREF}:${CELLREF}|\$?\d+:\$?\d+|\$?[A-Za-z]{1,3}\$?\d+))(?![\w(])|(\d+(?:\.\d*)?(?:[eE][+-]?\d+)?|\.\d+)|([A-Za-z_][\w.]*)|(<>|<=|>=|[-+*/^&=<>(),:;{}]))`,
  'y',
);

interface Tok {
  kind: 'str' | 'ref' | 'num' | 'name' | 'op';
  text: string;
}

function tokenize(src: string): Tok[] {
  const out: Tok[] = [];
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

interface Ref {
  sheet: string | null;
  r1: number;
  c1: number;
  r2: number;
  c2: number;
}

function refCoords(ref: string, ctx: FormulaContext): Ref {
  let sheet: string | null = null;
  let body = ref;
  const bang = ref.lastIndexOf('!');
  if (bang >= 0) {
    sheet = ref.slice(0, bang);
    if (sheet.startsWith("'")) sheet = sheet.slice(1, -1).replace(/''/g, "'");
    body = ref.slice(bang + 1);
  }
  const parts = body.replace(/\$/g, '').split(':');
  const part = (p: string) => {
    const m = /^([A-Za-z]*)(\d*)$/.exec(p);
    if (!m || (!m[1] && !m[2])) throw new FormulaError('#ERROR!');
    return { c: m[1] ? lettersToColumn(m[1]) : null, r: m[2] ? Number(m[2]) : null };
  };
  const a = part(parts[0]!);
  const b = parts[1] ? part(parts[1]) : a;
  if (parts.length === 1 && (a.c === null || a.r === null)) throw new FormulaError('#NAME?');
  const size = ctx.size(sheet);
  const r1 = a.r ?? 1;
  const c1 = a.c ?? 1;
  const r2 = b.r ?? (a.r !== null && b.c === null ? a.r : size.rows);
  const c2 = b.c ?? size.cols;
  return { sheet, r1: Math.min(r1, r2), c1: Math.min(c1, c2), r2: Math.max(r1, r2), c2: Math.max(c1, c2) };
}

const BIN: Record<string, number> = { '=': 1, '<>': 1, '<': 1, '>': 1, '<=': 1, '>=': 1, '&': 2, '+': 3, '-': 3, '*': 4, '/': 4, '^': 5 };

/** Computes a formula ('=...'): a value, or a grid when the result is an array (it spills). Errors come back as their code. */
export function evaluateFormula(formula: string, ctx: FormulaContext): Scalar | Grid {
  return withZone(ctx.tz, () => {
    try {
      const toks = tokenize(formula.replace(/^=/, ''));
      const v = new Parser(toks, ctx).parse();
      if (v instanceof Grid) return v.rows === 1 && v.cols === 1 ? finite(v.cells[0]![0]!) : v;
      return finite(v);
    } catch (e) {
      if (e instanceof FormulaError) return e.code;
      throw e;
    }
  });
}

function finite(v: Scalar): Scalar {
  return typeof v === 'number' && !Number.isFinite(v) ? '#DIV/0!' : v;
}

class Parser {
  private i = 0;
  constructor(
    private readonly toks: Tok[],
    private readonly ctx: FormulaContext,
  ) {}

  parse(): Val {
    const v = this.expr(0);
    if (this.i !== this.toks.length) throw new FormulaError('#ERROR!');
    return v;
  }

  private peek(): Tok | undefined {
    return this.toks[this.i];
  }

  private eat(text?: string): Tok {
    const t = this.toks[this.i];
    if (!t || (text !== undefined && t.text !== text)) throw new FormulaError('#ERROR!');
    this.i++;
    return t;
  }

  private expr(minPrec: number): Val {
    let left = this.primary();
    for (;;) {
      const t = this.peek();
      if (t?.kind !== 'op') break;
      const prec = BIN[t.text];
      if (prec === undefined || prec < minPrec) break;
      this.i++;
      const right = this.expr(t.text === '^' ? prec : prec + 1);
      left = broadcast([left, right], (a, b) => binary(t.text, a!, b!));
    }
    return left;
  }

  private primary(): Val {
    const t = this.eat();
    if (t.kind === 'num') return Number(t.text);
    if (t.kind === 'str') return t.text;
    if (t.kind === 'op' && t.text === '-') return broadcast([this.expr(5)], (x) => -num(x!));
    if (t.kind === 'op' && t.text === '+') return broadcast([this.expr(5)], (x) => num(x!));
    if (t.kind === 'op' && t.text === '(') {
      const v = this.expr(0);
      this.eat(')');
      return v;
    }
    if (t.kind === 'op' && t.text === '{') return this.arrayLiteral();
    if (t.kind === 'ref') {
      const r = refCoords(t.text, this.ctx);
      if (r.r1 === r.r2 && r.c1 === r.c2) return this.ctx.cell(r.sheet, r.r1, r.c1);
      const cells: Scalar[][] = [];
      for (let rr = r.r1; rr <= r.r2; rr++) {
        const row: Scalar[] = [];
        for (let cc = r.c1; cc <= r.c2; cc++) row.push(this.ctx.cell(r.sheet, rr, cc));
        cells.push(row);
      }
      return new Grid(cells);
    }
    if (t.kind === 'name') return this.call(t.text.toUpperCase());
    throw new FormulaError('#ERROR!');
  }

  /** {a, b; c, d}: commas separate columns, semicolons rows; each element may itself be a grid (stacked). */
  private arrayLiteral(): Grid {
    const rows: Scalar[][] = [];
    let band: Scalar[][] = [];
    const append = (v: Val) => {
      const g = v instanceof Grid ? v.cells : [[v]];
      if (!band.length) band = g.map((r) => r.slice());
      else if (band.length !== g.length) throw new FormulaError('#VALUE!');
      else g.forEach((r, i) => band[i]!.push(...r));
    };
    const endBand = () => {
      if (rows.length && band.length && rows[0]!.length !== band[0]!.length) throw new FormulaError('#VALUE!');
      rows.push(...band);
      band = [];
    };
    for (;;) {
      append(this.expr(0));
      const sep = this.eat();
      if (sep.text === ',') continue;
      endBand();
      if (sep.text === ';') continue;
      if (sep.text === '}') break;
      throw new FormulaError('#ERROR!');
    }
    return new Grid(rows);
  }

  private call(name: string): Val {
    if (this.peek()?.text !== '(') {
      if (name === 'TRUE') return true;
      if (name === 'FALSE') return false;
      throw new FormulaError('#NAME?');
    }
    this.eat('(');
    const args: Arg[] = [];
    if (this.peek()?.text !== ')') {
      do {
        try {
          args.push(this.expr(0));
        } catch (e) {
          if (!(e instanceof FormulaError)) throw e;
          args.push(e);
          this.skipArgument();
        }
      } while (this.peek()?.text === ',' && this.eat(','));
    }
    this.eat(')');
    if (name === 'IFERROR') return iferror(args);
    const fn = FUNCTIONS[name];
    if (!fn) throw new FormulaError('#NAME?');
    if (!ERROR_AWARE.has(name)) for (const a of args) if (a instanceof FormulaError) throw a;
    return fn(args as Val[], this.ctx);
  }

  /** After an argument failed part-way, moves to the ',' or ')' that ends it. */
  private skipArgument(): void {
    let depth = 0;
    for (;;) {
      const t = this.peek();
      if (!t) return;
      if (depth === 0 && (t.text === ',' || t.text === ')')) return;
      if (t.text === '(' || t.text === '{') depth++;
      if (t.text === ')' || t.text === '}') depth--;
      this.i++;
    }
  }
}

function binary(op: string, a: Scalar, b: Scalar): Scalar {
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
  const cmp = compare(a, b);
  switch (op) {
    case '=':
      return cmp === 0;
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

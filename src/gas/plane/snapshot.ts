/**
 * A read plan (the ranges an operation needs) and the Snapshot one batchGet of it gives: rows by tab and row
 * number, tails (from a checked hint to the last row with content) and whole small tabs. Pure: the core and the
 * stores see rows, never a Range.
 */
import { MissingTabError } from '../errors';
import { headerKey } from '../sheet/table';
import type { CellValue } from '../sheet/values';
import { decodeRow, type Codec } from './codec';
import { colsRange, quoteTab, rowsRange, tailRange } from './ranges';
import type { PlaneSchema, TabSchema } from './schema';

export type RangeSpec =
  /** Rows first..last of a tab. */
  | { kind: 'rows'; tab: string; first: number; last: number }
  /** From row `from` (a hint of the last row, ≥ 1) to the last row with content. */
  | { kind: 'tail'; tab: string; from: number }
  /** Every data row of a small tab (Config, Directory): rows 2 to the last with content. */
  | { kind: 'whole'; tab: string }
  /** The header row (row 1), read along with the rest so a header edited by hand is noticed. */
  | { kind: 'header'; tab: string }
  /** Columns lo..hi (1-based) from row `from` to the last row with content (a narrow scan of a long tab). */
  | { kind: 'cols'; tab: string; from: number; lo: number; hi: number };

export class ReadPlan {
  readonly specs: RangeSpec[] = [];

  rows(tab: string, first: number, last = first): this {
    if (!this.specs.some((s) => s.kind === 'rows' && s.tab === tab && s.first === first && s.last === last))
      this.specs.push({ kind: 'rows', tab, first, last });
    return this;
  }

  tail(tab: string, from: number): this {
    if (!this.specs.some((s) => s.kind === 'tail' && s.tab === tab)) this.specs.push({ kind: 'tail', tab, from: Math.max(1, from) });
    return this;
  }

  whole(tab: string): this {
    if (!this.specs.some((s) => s.kind === 'whole' && s.tab === tab)) this.specs.push({ kind: 'whole', tab });
    return this;
  }

  /** Columns lo..hi of `tab` from row `from` on (Snapshot.cols answers them). */
  cols(tab: string, from: number, lo: number, hi: number): this {
    if (!this.specs.some((s) => s.kind === 'cols' && s.tab === tab && s.from === from && s.lo === lo && s.hi === hi))
      this.specs.push({ kind: 'cols', tab, from: Math.max(2, from), lo, hi });
    return this;
  }

  get empty(): boolean {
    return this.specs.length === 0;
  }

  /** The specs to read: the plan's, plus the header row of every tab it touches (checked against the schema). */
  withHeaders(): RangeSpec[] {
    const tabs = [...new Set(this.specs.map((s) => s.tab))];
    const heads: RangeSpec[] = tabs
      .filter((t) => !this.specs.some((s) => s.tab === t && ((s.kind === 'rows' && s.first === 1) || (s.kind === 'tail' && s.from === 1))))
      .map((t) => ({ kind: 'header', tab: t }));
    return [...this.specs, ...heads];
  }
}

export interface Tail {
  /** The first row read (the hint). */
  from: number;
  /** Rows from `from` on, up to the last row with content. */
  rows: CellValue[][];
  /** The last row with content (from - 1 or less when the hint was past it: `stale`). */
  last: number;
  /** The hint row was empty: rows were removed since the hint was taken; the tail is unknown. */
  stale: boolean;
}

export class Snapshot {
  private readonly rowMap = new Map<string, Map<number, CellValue[]>>();
  private readonly tails = new Map<string, Tail>();
  private readonly wholes = new Map<string, CellValue[][]>();
  private readonly columns = new Map<string, CellValue[][]>();

  constructor(public schema: PlaneSchema) {}

  tab(name: string): TabSchema {
    const t = this.schema.tabs[name];
    if (!t) throw new MissingTabError(name);
    return t;
  }

  /** A row as read (full width), or undefined when it was not in the plan. */
  row(tab: string, n: number): CellValue[] | undefined {
    return this.rowMap.get(tab)?.get(n) ?? this.fromTail(tab, n);
  }

  private fromTail(tab: string, n: number): CellValue[] | undefined {
    const t = this.tails.get(tab);
    if (!t || n < t.from || n > t.last) return undefined;
    return t.rows[n - t.from];
  }

  tail(tab: string): Tail | undefined {
    return this.tails.get(tab);
  }

  whole(tab: string): CellValue[][] | undefined {
    return this.wholes.get(tab);
  }

  /** The rows of a planned column run (row i is sheet row from + i; cell j is column lo + j; dates decoded). */
  cols(tab: string, from: number, lo: number, hi: number): CellValue[][] | undefined {
    return this.columns.get(`${tab}\n${from}\n${lo}\n${hi}`);
  }

  /** A row's cells as { header: value } (the header as the tab spells it, and as the spec spells it). */
  record(tab: string, cells: readonly CellValue[], names: readonly string[]): Record<string, CellValue> {
    const t = this.tab(tab);
    const keys = t.headers.map(headerKey);
    const rec: Record<string, CellValue> = {};
    for (const name of names) {
      const i = keys.indexOf(headerKey(name));
      if (i >= 0) rec[name] = cells[i] ?? '';
    }
    return rec;
  }

  /**
   * The tabs whose header row, as just read, differs from the schema's (edited by hand since the stamp): the
   * unit rebuilds the schema and reads again.
   */
  changedHeaders(specs: readonly RangeSpec[], valueRanges: ReadonlyArray<{ values?: unknown[][] }>): string[] {
    const out: string[] = [];
    specs.forEach((spec, i) => {
      const first = spec.kind === 'header' || (spec.kind === 'rows' && spec.first === 1) || (spec.kind === 'tail' && spec.from === 1);
      if (!first) return;
      const row = (valueRanges[i]?.values?.[0] ?? []).map((v) => String(v ?? '').trim());
      while (row.length && row[row.length - 1] === '') row.pop();
      const known = this.schema.tabs[spec.tab]?.headers ?? [];
      if (row.length !== known.length || row.some((h, j) => h !== known[j])) out.push(spec.tab);
    });
    return out;
  }

  /** Records what one batchGet returned for the plan (same order). */
  fill(specs: readonly RangeSpec[], valueRanges: ReadonlyArray<{ values?: unknown[][] }>, codec: Codec): void {
    specs.forEach((spec, i) => {
      if (spec.kind === 'header') return;
      const t = this.tab(spec.tab);
      if (spec.kind === 'cols') {
        const dates = t.dates.slice(spec.lo - 1, spec.hi);
        const n = spec.hi - spec.lo + 1;
        const rows = (valueRanges[i]?.values ?? []).map((r) => decodeRow(r, dates, n, codec));
        this.columns.set(`${spec.tab}\n${spec.from}\n${spec.lo}\n${spec.hi}`, rows);
        return;
      }
      const width = t.headers.length;
      const values = valueRanges[i]?.values ?? [];
      const decode = (r: unknown[] | undefined) => decodeRow(r, t.dates, width, codec);
      if (spec.kind === 'rows') {
        let m = this.rowMap.get(spec.tab);
        if (!m) this.rowMap.set(spec.tab, (m = new Map()));
        for (let n = spec.first; n <= spec.last; n++) m.set(n, decode(values[n - spec.first]));
      } else if (spec.kind === 'tail') {
        const rows = values.map(decode);
        const stale = rows.length === 0 || (values[0] ?? []).length === 0;
        this.tails.set(spec.tab, { from: spec.from, rows, last: spec.from + rows.length - 1, stale });
      } else {
        this.wholes.set(spec.tab, values.map(decode));
      }
    });
  }

  /** Adds rows learned after the read (a fallback lookup): they read like planned rows. */
  put(tab: string, n: number, cells: CellValue[]): void {
    let m = this.rowMap.get(tab);
    if (!m) this.rowMap.set(tab, (m = new Map()));
    m.set(n, cells);
  }
}

/** The A1 range of each spec, in order. */
export function a1Of(spec: RangeSpec, schema: PlaneSchema): string {
  if (spec.kind === 'header') return `${quoteTab(spec.tab)}!1:1`;
  const width = Math.max(1, schema.tabs[spec.tab]?.headers.length ?? 1);
  if (spec.kind === 'rows') return rowsRange(spec.tab, spec.first, spec.last, width);
  if (spec.kind === 'tail') return tailRange(spec.tab, spec.from, width);
  if (spec.kind === 'cols') return colsRange(spec.tab, spec.from, spec.lo, spec.hi);
  return tailRange(spec.tab, 2, width);
}

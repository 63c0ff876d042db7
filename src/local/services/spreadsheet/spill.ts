/**
 * Array results (ARRAYFORMULA, UNIQUE, FILTER, SPLIT, {…}, a bare range) fill the cells below and to the right of
 * their formula, as in Sheets. When one of those cells holds something, the formula shows #REF! (Sheets: "Array
 * result was not expanded because it would overwrite data") and nothing spills. Only sheets where a formula that may
 * spill was written are searched; results are kept until any cell changes or the clock moves.
 */
import { Grid } from './formula-values';
import { MAY_SPILL, SheetData, type SpreadsheetData } from './model';
import type { Scalar } from './values';

interface Anchor {
  row: number;
  col: number;
  /** Computed on demand: the array, '#REF!' when blocked, or null when the result is a single value. */
  result?: Grid | '#REF!' | null;
}

export class Spills {
  private readonly cache = new WeakMap<SheetData, { version: number; now: number; anchors: Anchor[] }>();
  private readonly computing = new Set<Anchor>();

  constructor(
    private readonly compute: (ss: SpreadsheetData, sheet: SheetData, row: number, col: number) => Scalar | Grid,
    private readonly now: () => number,
  ) {}

  private anchors(sheet: SheetData): Anchor[] {
    const hit = this.cache.get(sheet);
    if (hit && hit.version === SheetData.version && hit.now === this.now()) return hit.anchors;
    const anchors: Anchor[] = [];
    sheet.rows.forEach((r, i) =>
      r?.forEach((c, j) => {
        if (c?.f !== undefined && MAY_SPILL.test(c.f)) anchors.push({ row: i + 1, col: j + 1 });
      }),
    );
    this.cache.set(sheet, { version: SheetData.version, now: this.now(), anchors });
    return anchors;
  }

  /** An anchor's array, or '#REF!' when cells it would fill are not empty; null when it computes a single value. */
  private result(ss: SpreadsheetData, sheet: SheetData, a: Anchor): Grid | '#REF!' | null {
    if (a.result !== undefined) return a.result;
    if (this.computing.has(a)) return null;
    this.computing.add(a);
    try {
      const v = this.compute(ss, sheet, a.row, a.col);
      if (!(v instanceof Grid)) return (a.result = null);
      for (let r = 0; r < v.rows; r++)
        for (let c = 0; c < v.cols; c++) {
          if (r === 0 && c === 0) continue;
          if (a.row + r > sheet.maxRows || a.col + c > sheet.maxColumns || SheetData.hasContent(sheet.get(a.row + r, a.col + c)))
            return (a.result = '#REF!');
        }
      return (a.result = v);
    } finally {
      this.computing.delete(a);
    }
  }

  /** What a formula cell shows: its array's first value, '#REF!' when blocked, or undefined when it is not an array. */
  anchorValue(ss: SpreadsheetData, sheet: SheetData, row: number, col: number): Scalar | undefined {
    if (!sheet.maySpill) return undefined;
    const a = this.anchors(sheet).find((x) => x.row === row && x.col === col);
    if (!a) return undefined;
    const r = this.result(ss, sheet, a);
    if (r === null) return undefined;
    return r === '#REF!' ? r : r.cells[0]![0]!;
  }

  /** The spilled value an empty cell shows, or undefined. */
  spilledInto(ss: SpreadsheetData, sheet: SheetData, row: number, col: number): Scalar | undefined {
    if (!sheet.maySpill) return undefined;
    for (const a of this.anchors(sheet)) {
      if (a.row > row || a.col > col) continue;
      const r = this.result(ss, sheet, a);
      if (!(r instanceof Grid)) continue;
      const v = r.cells[row - a.row]?.[col - a.col];
      if (v !== undefined) return v;
    }
    return undefined;
  }
}

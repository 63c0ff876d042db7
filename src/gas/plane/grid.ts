/**
 * Reads that name rows past the end of a tab's grid. Rows can leave a tab (an archive run deletes moved requests'
 * rows; set-up trims spare rows), and a hint kept from before (a tail hint, an Index entry, a cached row) may then
 * name a row the grid no longer has: the Sheets API refuses the whole batchGet ("exceeds grid limits"). Rows past
 * the grid are empty, so the read is made again with each range cut to the grid (from a fresh schema) and the ranges
 * wholly past it answered as empty without asking; every hint is checked on read as before.
 */
import { a1Of, type RangeSpec } from './snapshot';
import type { PlaneSchema } from './schema';

export const GRID_LIMITS = /exceeds grid limits/i;

/** The ranges to request, and for each spec the index of its answer (null: past the grid, empty). */
export function gridRanges(specs: readonly RangeSpec[], schema: PlaneSchema): { ranges: string[]; answer: Array<number | null> } {
  const ranges: string[] = [];
  const answer = specs.map((s) => {
    const rows = schema.tabs[s.tab]?.rowCount ?? Number.MAX_SAFE_INTEGER;
    let spec: RangeSpec = s;
    if (s.kind === 'rows') {
      if (s.first > rows) return null;
      spec = { ...s, last: Math.min(s.last, rows) };
    } else if ((s.kind === 'tail' || s.kind === 'cols') && s.from > rows) return null;
    ranges.push(a1Of(spec, schema));
    return ranges.length - 1;
  });
  return { ranges, answer };
}

export function answers<T extends { values?: unknown[][] }>(
  got: readonly T[],
  answer: ReadonlyArray<number | null>,
): Array<{ values?: unknown[][] }> {
  return answer.map((i) => (i === null ? { values: [] } : (got[i] ?? { values: [] })));
}

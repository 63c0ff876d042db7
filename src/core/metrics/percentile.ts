/** Nearest-rank percentile (p in 0..100) of a list; null when empty. */
export function percentile(values: readonly number[], p: number): number | null {
  if (values.length === 0) return null;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p / 100) * sorted.length));
  return sorted[Math.min(rank, sorted.length) - 1]!;
}

export interface Stat {
  count: number;
  median: number | null;
  p90: number | null;
}

export const stat = (values: readonly number[]): Stat => ({
  count: values.length,
  median: percentile(values, 50),
  p90: percentile(values, 90),
});

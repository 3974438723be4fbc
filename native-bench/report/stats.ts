/**
 * Order statistics for benchmark samples. Percentiles use the nearest-rank
 * method (the smallest sample with at least p of the samples at or below it),
 * the same rule as the C floor, so that JS and C figures are comparable and
 * every reported percentile is a value that was actually observed.
 */

/** Nearest-rank percentile of samples already sorted ascending; p in [0, 1]. */
export function percentileOfSorted(sorted: ArrayLike<number>, p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`percentile: p must be in [0, 1], got ${p}`);
  if (sorted.length === 0) throw new RangeError('percentile: no samples');
  const rank = Math.max(1, Math.ceil(p * sorted.length));
  return sorted[rank - 1] as number;
}

/** Nearest-rank percentile; does not reorder `samples`. */
export function percentile(samples: ArrayLike<number>, p: number): number {
  return percentileOfSorted(sortedCopy(samples), p);
}

export interface LatencySummary {
  readonly p50: number;
  readonly p99: number;
  readonly p999: number;
  readonly count: number;
}

export function summarizeLatency(samples: ArrayLike<number>): LatencySummary {
  const sorted = sortedCopy(samples);
  return {
    p50: percentileOfSorted(sorted, 0.5),
    p99: percentileOfSorted(sorted, 0.99),
    p999: percentileOfSorted(sorted, 0.999),
    count: sorted.length,
  };
}

/** Median of the values (mean of the middle two for an even count). */
export function median(values: ArrayLike<number>): number {
  if (values.length === 0) throw new RangeError('median: no values');
  const sorted = sortedCopy(values);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1
    ? (sorted[mid] as number)
    : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  // Float64Array sorts numerically (Array#sort would compare strings).
  return Float64Array.from(values).sort();
}

/**
 * Statistics of one rolling window, written by RollingWindowStore.read into
 * an object the caller owns and reuses (no allocation per read).
 *
 * Values are the Float32-rounded points the window stores; stddev is the
 * population standard deviation (divide by count). An empty window reads
 * count 0 and NaN for the values; lastUpdateTs survives (µs of the last push).
 */
export interface WindowStats {
  last: number;
  min: number;
  max: number;
  mean: number;
  stddev: number;
  count: number;
  lastUpdateTs: number;
}

export function createWindowStats(): WindowStats {
  return { last: NaN, min: NaN, max: NaN, mean: NaN, stddev: NaN, count: 0, lastUpdateTs: NaN };
}

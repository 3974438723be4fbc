/**
 * Order-book imbalance of a best bid/offer:
 *
 *   (bidSize - askSize) / (bidSize + askSize)   in [-1, 1]
 *
 * +1: all size on the bid; -1: all on the ask. Always finite:
 *   - both sizes 0 (an empty book) gives 0;
 *   - a size that is negative, NaN or infinite is not a size: it counts as 0
 *     (so a valid bid against a garbage ask reads +1, two garbage sizes 0);
 *   - huge sizes whose sum overflows are halved first, tiny ones need no care
 *     (the ratio of two positive doubles is representable);
 *   - the result is clamped to [-1, 1] against rounding.
 */
export function imbalance(bidSize: number, askSize: number): number {
  const b = bidSize >= 0 && bidSize < Infinity ? bidSize : 0;
  const a = askSize >= 0 && askSize < Infinity ? askSize : 0;
  let sum = b + a;
  let diff = b - a;
  if (sum === 0) return 0;
  if (sum === Infinity) {
    sum = b * 0.5 + a * 0.5;
    diff = b * 0.5 - a * 0.5;
  }
  const r = diff / sum;
  return r > 1 ? 1 : r < -1 ? -1 : r;
}

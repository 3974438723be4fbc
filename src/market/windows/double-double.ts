/**
 * Running sums kept as double-doubles (hi + lo, ~106 bits), for window means
 * and variances that do not drift.
 *
 * Why not Welford: its update is stable for adding a point, but a sliding
 * window must also remove points, and the reverse update loses precision
 * (its M2 can even go negative). Plain sums Σx and Σx² handle add and remove
 * symmetrically, and for Float32 inputs they lose nothing before accumulation:
 * x and x² are exact doubles (a 24-bit significand squared fits in 53 bits).
 * Accumulating them in double-double (Knuth's TwoSum, the exact form of
 * Kahan-Babuška compensation) leaves an error of about 2^-105 of the sum's
 * magnitude per operation, and the variance is formed at read-out in
 * double-double too, so the cancellation in n·Σx² - (Σx)² costs no precision.
 * The store recomputes the sums exactly from the live points every
 * recomputeEvery pushes and whenever Σx² has shrunk by 2^20 since the last
 * recompute (a large outlier left the window), so the rounding left by
 * points that have left cannot build up.
 *
 * Values live at [i] (hi) and [i] of a second array (lo); callers pass the
 * two arrays and the slot so that nothing is allocated.
 */

/** (hi, lo)[i] += x. */
export function ddAdd(hi: Float64Array, lo: Float64Array, i: number, x: number): void {
  const a = hi[i]!;
  const s = a + x;
  const bb = s - a;
  const err = (a - (s - bb)) + (x - bb);
  const t = err + lo[i]!;
  const h = s + t;
  lo[i] = t - (h - s);
  hi[i] = h;
}

const kSplitter = 134_217_729; // 2^27 + 1, Dekker's split of a double into two 26-bit halves

/**
 * n² · variance (population) of points whose Σx is (s1Hi, s1Lo) and Σx² is
 * (s2Hi, s2Lo), computed as n·Σx² - (Σx)² in double-double; never negative.
 */
export function ddScaledVariance(s1Hi: number, s1Lo: number, s2Hi: number, s2Lo: number, n: number): number {
  // a = n · Σx², renormalised
  const p1 = s2Hi * n;
  const e1 = twoProductError(s2Hi, n, p1) + s2Lo * n;
  const ah = p1 + e1;
  const al = e1 - (ah - p1);
  // b = (Σx)², renormalised
  const p2 = s1Hi * s1Hi;
  const e2 = twoProductError(s1Hi, s1Hi, p2) + 2 * s1Hi * s1Lo;
  const bh = p2 + e2;
  const bl = e2 - (bh - p2);
  // a - b: TwoSum of the high parts, then the low parts
  const s = ah - bh;
  const v = s - ah;
  const err = (ah - (s - v)) + (-bh - v);
  const d = s + (err + al - bl);
  return d > 0 ? d : 0;
}

/** The rounding error of p = a·b, exactly: a·b = p + error (Dekker/Veltkamp, no FMA in JS). */
function twoProductError(a: number, b: number, p: number): number {
  let t = kSplitter * a;
  const aHi = t - (t - a);
  const aLo = a - aHi;
  t = kSplitter * b;
  const bHi = t - (t - b);
  const bLo = b - bHi;
  return ((aHi * bHi - p) + aHi * bLo + aLo * bHi) + aLo * bLo;
}

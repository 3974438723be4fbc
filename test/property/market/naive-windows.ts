/**
 * The reference for the window maths: keeps every point in a plain array and
 * computes each statistic from scratch, exactly (BigInt rationals), with the
 * same rules as RollingWindowStore: Float32-rounded values (Math.fround, -0 as 0), times
 * floored to timeUnitUs, per-window time clamped to the newest point, window
 * (now - windowMs, now], capacity evicts the oldest, and past maxWindows the
 * least recently pushed window is dropped.
 */
export interface NaiveConfig {
  readonly windowMs: number;
  readonly capacity: number;
  readonly maxWindows: number;
  readonly timeUnitUs: number;
}

export interface NaiveStats {
  last: number;
  min: number;
  max: number;
  mean: number;
  stddev: number;
  count: number;
  lastUpdateTs: number;
  /** Σ|x| / n: the natural scale of a mean that may cancel to 0. */
  meanAbs: number;
}

interface Point { readonly t: number; readonly v: number }
interface Win { points: Point[]; lastTs: number }

export class NaiveWindows {
  readonly windows = new Map<number, Win>();
  /** Keys, least recently pushed first. */
  private order: number[] = [];
  timeEvictions = 0;
  capacityEvictions = 0;
  windowEvictions = 0;
  clampedTimes = 0;
  private readonly windowUnits: number;

  constructor(private readonly c: NaiveConfig) {
    this.windowUnits = (c.windowMs * 1000) / c.timeUnitUs;
  }

  push(key: number, tsUs: number, value: number): void {
    const v = Math.fround(value) + 0;
    let w = this.windows.get(key);
    if (w === undefined) {
      if (this.windows.size === this.c.maxWindows) {
        const victim = this.order.shift()!;
        this.windows.delete(victim);
        this.windowEvictions++;
      }
      w = { points: [], lastTs: NaN };
      this.windows.set(key, w);
    } else {
      this.order = this.order.filter((k) => k !== key);
    }
    this.order.push(key);
    let t = Math.floor(tsUs / this.c.timeUnitUs);
    const newest = w.points.at(-1);
    if (newest !== undefined && t < newest.t) {
      t = newest.t;
      this.clampedTimes++;
    }
    this.evict(w, t);
    if (w.points.length === this.c.capacity) {
      w.points.shift();
      this.capacityEvictions++;
    }
    w.points.push({ t, v });
    if (!(tsUs <= w.lastTs)) w.lastTs = tsUs;
  }

  read(key: number, nowUs: number): NaiveStats | undefined {
    const w = this.windows.get(key);
    if (w === undefined) return undefined;
    this.evict(w, Math.floor(nowUs / this.c.timeUnitUs));
    return exactStats(w.points.map((p) => p.v), w.lastTs);
  }

  private evict(w: Win, nowUnits: number): void {
    const keep = w.points.filter((p) => p.t > nowUnits - this.windowUnits);
    this.timeEvictions += w.points.length - keep.length;
    w.points = keep;
  }
}

export function exactStats(values: readonly number[], lastUpdateTs: number): NaiveStats {
  const n = values.length;
  if (n === 0) {
    return { last: NaN, min: NaN, max: NaN, mean: NaN, stddev: NaN, count: 0, lastUpdateTs, meanAbs: NaN };
  }
  let s1 = 0n;
  let s2 = 0n;
  let sAbs = 0n;
  let min = Infinity;
  let max = -Infinity;
  for (const v of values) {
    const x = BigInt(v * 2 ** 149); // exact: every Float32 is an integer multiple of 2^-149
    s1 += x;
    s2 += x * x;
    sAbs += x < 0n ? -x : x;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const N = BigInt(n);
  const scaledVar = N * s2 - s1 * s1; // n² · var · 2^298
  const variance = Number(scaledVar) / 2 ** 298 / n / n;
  return {
    last: values[n - 1]!,
    min,
    max,
    mean: Number(s1) / 2 ** 149 / n,
    stddev: Math.sqrt(variance),
    count: n,
    lastUpdateTs,
    meanAbs: Number(sAbs) / 2 ** 149 / n,
  };
}

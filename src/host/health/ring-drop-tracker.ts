import type { RingStats } from '../../runtime/index.js';

interface Sample {
  readonly atMs: number;
  readonly dropped: number;
}

/**
 * Turns each ring's cumulative drop counter into "drops within the last
 * windowMs", the figure health judges ("drops rising", not "ever dropped").
 * Samples are kept at most every windowMs / 8, so memory per ring is bounded
 * (about ten samples) however often it is asked. A ring seen for the first
 * time has 0 recent drops: the baseline is its first reading.
 */
export class RingDropTracker {
  private readonly samples = new Map<string, Sample[]>();

  constructor(private readonly windowMs: number) {
    if (!(windowMs > 0)) throw new RangeError(`RingDropTracker: windowMs must be > 0, got ${windowMs}`);
  }

  recentDrops(rings: Readonly<Record<string, RingStats>>, atMs: number): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, r] of Object.entries(rings)) {
      let s = this.samples.get(name);
      if (s === undefined) this.samples.set(name, (s = []));
      const newest = s.at(-1);
      if (newest === undefined || atMs - newest.atMs >= this.windowMs / 8 || r.dropped < newest.dropped) s.push({ atMs, dropped: r.dropped });
      // Keep exactly one sample at or before the window's start: the baseline.
      while (s.length > 1 && s[1]!.atMs <= atMs - this.windowMs) s.shift();
      out[name] = Math.max(0, r.dropped - s[0]!.dropped);
    }
    for (const name of this.samples.keys()) if (!(name in rings)) this.samples.delete(name);
    return out;
  }
}

import { describe, expect, it } from 'vitest';
import { RollingWindowStore } from '../../../src/market/windows/rolling-window-store.js';
import { windowMemoryBytes } from '../../../src/market/windows/window-config.js';
import { createWindowStats } from '../../../src/market/windows/window-stats.js';

const T0 = 1_700_000_000_000_000; // µs

describe('RollingWindowStore', () => {
  it('evicts a point exactly windowMs old: the window is (now - windowMs, now]', () => {
    const s = new RollingWindowStore({ keySpace: 1, windowMs: 1000, timeUnitUs: 10 });
    const out = createWindowStats();
    s.push(0, T0, 1);
    s.push(0, T0 + 10, 2);
    s.read(0, T0 + 1_000_000 - 10, out);
    expect(out.count).toBe(2);
    s.read(0, T0 + 1_000_000, out); // the first point is now exactly 1000 ms old: out
    expect([out.count, out.min, out.last]).toEqual([1, 2, 2]);
    s.read(0, T0 + 1_000_009, out); // same 10 µs unit as the edge: the second point stays
    expect(out.count).toBe(1);
    s.read(0, T0 + 1_000_010, out);
    expect([out.count, out.last, out.mean, out.lastUpdateTs]).toEqual([0, NaN, NaN, T0 + 10]);
    expect(s.timeEvictions).toBe(2);
  });

  it('reports last/min/max/mean/stddev (population) into the caller\'s object', () => {
    const s = new RollingWindowStore({ keySpace: 3 });
    const out = createWindowStats();
    for (const [i, v] of [2, 4, 4, 4, 5, 5, 7, 9].entries()) s.push(2, T0 + i, v);
    expect(s.read(2, T0 + 8, out)).toBe(true);
    expect(out).toEqual({ last: 9, min: 2, max: 9, mean: 5, stddev: 2, count: 8, lastUpdateTs: T0 + 7 });
    expect(s.read(1, T0, out)).toBe(false);
  });

  it('evicts the oldest point of a full window and counts it', () => {
    const s = new RollingWindowStore({ keySpace: 1, capacity: 128 });
    const out = createWindowStats();
    for (let i = 0; i < 300; i++) s.push(0, T0 + i, i);
    s.read(0, T0 + 300, out);
    expect([out.count, out.min, out.max, out.last]).toEqual([128, 172, 299, 299]);
    expect(s.capacityEvictions).toBe(300 - 128);
  });

  it('rounds capacity up to whole 64-point blocks', () => {
    expect(new RollingWindowStore({ keySpace: 1, capacity: 30_000 }).config.capacity).toBe(30_016);
  });

  it('past maxWindows, evicts the least recently updated window (reads do not count) and counts it', () => {
    const s = new RollingWindowStore({ keySpace: 10, maxWindows: 2 });
    const out = createWindowStats();
    s.push(1, T0, 1);
    s.push(2, T0 + 1, 2);
    s.read(1, T0 + 2, out); // a read is not an update
    s.push(3, T0 + 3, 3);
    expect([s.has(1), s.has(2), s.has(3)]).toEqual([false, true, true]);
    s.push(2, T0 + 4, 2);
    s.push(4, T0 + 5, 4);
    expect([s.has(2), s.has(3), s.has(4)]).toEqual([true, false, true]);
    expect(s.windowEvictions).toBe(2);
    expect(s.windowCount).toBe(2);
  });

  it('stamps a point earlier than its window\'s newest at the newest time (counted)', () => {
    const s = new RollingWindowStore({ keySpace: 1, windowMs: 1 });
    const out = createWindowStats();
    s.push(0, T0 + 500, 1);
    s.push(0, T0 + 100, 2); // late: kept, at T0 + 500
    expect(s.clampedTimes).toBe(1);
    s.read(0, T0 + 1499, out);
    expect(out.count).toBe(2);
    s.read(0, T0 + 1500, out);
    expect(out.count).toBe(0);
  });

  it('keeps exact times across gaps too long for a u16 delta', () => {
    const s = new RollingWindowStore({ keySpace: 1, windowMs: 60_000, timeUnitUs: 1 });
    const out = createWindowStats();
    const times = [0, 65_534, 65_535 + 65_534, 3 * 65_535, 3 * 65_535 + 1, 59_999_999];
    times.forEach((t, i) => s.push(0, T0 + t, i));
    for (let k = 0; k < times.length; k++) {
      s.read(0, T0 + times[k]! + 60_000_000, out); // exactly windowMs after point k: points 0..k are out
      expect(out.count).toBe(times.length - k - 1);
    }
  });

  it('rejects, and counts, values that are not finite and keys out of range; never throws', () => {
    const s = new RollingWindowStore({ keySpace: 2 });
    expect(s.push(0, T0, NaN)).toBe(false);
    expect(s.push(0, T0, 1e39)).toBe(false); // infinite as a Float32
    expect(s.push(2, T0, 1)).toBe(false);
    expect(s.push(-1, T0, 1)).toBe(false);
    expect(s.push(0, NaN, 1)).toBe(false);
    expect(s.rejected).toBe(5);
    expect(s.windowCount).toBe(0);
  });

  it('recomputes sums every recomputeEvery pushes', () => {
    const s = new RollingWindowStore({ keySpace: 1, recomputeEvery: 10 });
    for (let i = 0; i < 100; i++) s.push(0, T0 + i, i % 7);
    expect(s.recomputes).toBe(10);
  });

  it('allocates exactly windowMemoryBytes, up front', () => {
    const options = { keySpace: 300, windowMs: 900_000, capacity: 30_000, maxWindows: 300 };
    const s = new RollingWindowStore(options);
    expect(s.arenaBytes).toBe(windowMemoryBytes(options));
    // 6 bytes per point plus a little per block and per window.
    expect(s.arenaBytes / (300 * 30_016)).toBeGreaterThan(6);
    expect(s.arenaBytes / (300 * 30_016)).toBeLessThan(6.5);
  });

  it('fails fast on bad options, naming the option', () => {
    expect(() => new RollingWindowStore({ keySpace: 1, capacity: 100 })).toThrow(/window\.capacity: expected an integer in \[128, /);
    expect(() => new RollingWindowStore({ keySpace: 1, windowMs: 1, timeUnitUs: 3 })).toThrow(/window\.windowMs: 1 ms is not a whole number of window\.timeUnitUs/);
    expect(() => new RollingWindowStore({ keySpace: 1, windowMs: 100_000_000, timeUnitUs: 1 })).toThrow(/over 2\^32 - 1 units/);
    expect(() => new RollingWindowStore({ keySpace: 1, maxWindows: 0 })).toThrow(/window\.maxWindows/);
    expect(() => new RollingWindowStore({ keySpace: 1, maxWindows: 100_000, capacity: 65_536 })).toThrow(/over 2 GiB/);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { RollingWindowStore } from '../../../src/market/windows/rolling-window-store.js';
import { createWindowStats, type WindowStats } from '../../../src/market/windows/window-stats.js';
import { fcOptions } from './fc-options.js';
import { NaiveWindows, type NaiveConfig, type NaiveStats } from './naive-windows.js';

// The store against a naive reference that keeps every point and recomputes
// from scratch (exactly, in BigInt). The store keeps Float32 values, so the
// reference is fed the same Math.fround-ed values: last/min/max/count must be
// identical, mean within 1e-9 of the mean absolute value (the scale of a sum
// that may cancel to 0) and stddev within 1e-9 relative (exactly 0 when the
// reference's is 0).

type Op =
  | { readonly kind: 'push'; readonly key: number; readonly gapUnits: number; readonly fracUs: number; readonly jitterUnits: number; readonly value: number }
  | { readonly kind: 'read'; readonly key: number; readonly gapUnits: number };

const configArb = fc.record({
  timeUnitUs: fc.constantFrom(1, 10, 1000),
  windowMs: fc.constantFrom(1, 7, 300, 2000),
  capacity: fc.constantFrom(128, 192, 256),
  maxWindows: fc.constantFrom(1, 2, 3, 6),
  recomputeEvery: fc.constantFrom(1, 7, 100, 100_000),
}).filter((c) => (c.windowMs * 1000) % c.timeUnitUs === 0 && (c.windowMs * 1000) / c.timeUnitUs >= 4);

/** Spread-like values: noise, exact repeats, far outliers, tiny magnitudes. */
const valueArb = fc.oneof(
  { weight: 6, arbitrary: fc.double({ min: -50, max: 50, noNaN: true }) },
  { weight: 3, arbitrary: fc.constantFrom(0, 1.25, -3.5, 7) },
  { weight: 1, arbitrary: fc.constantFrom(19_999, -19_999, 12_345.678) },
  { weight: 1, arbitrary: fc.double({ min: -1e-3, max: 1e-3, noNaN: true }) },
  { weight: 1, arbitrary: fc.integer({ min: -3, max: 3 }).map((k) => 1000 + k * 0.015625) },
);

function opsArb(windowUnits: number, keys: number, dense: boolean): fc.Arbitrary<Op[]> {
  // Gaps in whole units, so that points land exactly on the window edge often.
  // Dense streams put hundreds of points in a window (blocks close, capacity
  // bites); mixed streams add long gaps, exact-edge gaps and escaped deltas.
  const rare = dense ? 0 : 1;
  const gap = fc.oneof(
    { weight: 300, arbitrary: fc.integer({ min: 0, max: Math.floor(windowUnits / 400) }) },
    { weight: 50, arbitrary: fc.integer({ min: 0, max: 3 }) },
    { weight: 10 * rare, arbitrary: fc.integer({ min: 0, max: Math.max(1, Math.floor(windowUnits / 20)) }) },
    { weight: 2 * rare, arbitrary: fc.constantFrom(windowUnits, windowUnits - 1, windowUnits + 1) },
    { weight: 1 * rare, arbitrary: fc.integer({ min: 0, max: 3 * windowUnits }) },
    { weight: 4, arbitrary: fc.constantFrom(0xfffe, 0xffff, 0x10000, 70_000).map((g) => Math.min(g, windowUnits - 1)) },
  );
  // Mostly one key, so that its window grows; the others churn the LRU cap.
  const key = fc.oneof({ weight: 8, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: keys - 1 }) });
  const push = fc.record({
    kind: fc.constant('push' as const),
    key,
    gapUnits: gap,
    fracUs: fc.constantFrom(0, 0.25, 0.999),
    jitterUnits: fc.oneof({ weight: 9, arbitrary: fc.constant(0) }, { weight: 1, arbitrary: fc.integer({ min: -5, max: -1 }) }),
    value: valueArb,
  });
  const read = fc.record({ kind: fc.constant('read' as const), key, gapUnits: gap });
  return fc.array(fc.oneof({ weight: 5, arbitrary: push }, { weight: 1, arbitrary: read }), { minLength: 50, maxLength: 1500, size: 'max' });
}

function expectSame(got: WindowStats, want: NaiveStats, where: string): void {
  expect(got.count, `${where} count`).toBe(want.count);
  expect(got.last, `${where} last`).toBe(want.last);
  expect(got.min, `${where} min`).toBe(want.min);
  expect(got.max, `${where} max`).toBe(want.max);
  expect(got.lastUpdateTs, `${where} lastUpdateTs`).toBe(want.lastUpdateTs);
  if (want.count === 0) {
    expect(got.mean, `${where} mean`).toBeNaN();
    expect(got.stddev, `${where} stddev`).toBeNaN();
    return;
  }
  expect(Math.abs(got.mean - want.mean), `${where} mean ${got.mean} vs ${want.mean}`).toBeLessThanOrEqual(1e-9 * want.meanAbs);
  if (want.stddev === 0) expect(got.stddev, `${where} stddev`).toBe(0);
  else expect(Math.abs(got.stddev - want.stddev) / want.stddev, `${where} stddev ${got.stddev} vs ${want.stddev}`).toBeLessThanOrEqual(1e-9);
}

describe('RollingWindowStore against a naive reference', () => {
  it('agrees on last/min/max/count/mean/stddev and on every eviction over random streams with random gaps', () => {
    const keys = 5;
    const scenario = configArb.chain((c) => {
      const windowUnits = (c.windowMs * 1000) / c.timeUnitUs;
      return fc.tuple(fc.constant(c), fc.boolean().chain((dense) => opsArb(windowUnits, keys, dense)));
    });
    fc.assert(
      fc.property(scenario, ([c, ops]) => {
        const store = new RollingWindowStore({ ...c, keySpace: keys });
        const naive = new NaiveWindows(c as NaiveConfig & typeof c);
        const stats = createWindowStats();
        let nowUnits = 1_700_000_000_000_000 / c.timeUnitUs; // a realistic epoch, µs / unit
        ops.forEach((op, i) => {
          nowUnits += op.gapUnits;
          if (op.kind === 'push') {
            const ts = (nowUnits + op.jitterUnits) * c.timeUnitUs + op.fracUs;
            expect(store.push(op.key, ts, op.value)).toBe(true);
            naive.push(op.key, ts, op.value);
          } else {
            const now = nowUnits * c.timeUnitUs;
            const want = naive.read(op.key, now);
            const found = store.read(op.key, now, stats);
            expect(found, `op ${i}: window exists`).toBe(want !== undefined);
            if (want !== undefined) expectSame(stats, want, `op ${i} key ${op.key}`);
          }
        });
        // Finally every window, read at the last time.
        for (let k = 0; k < keys; k++) {
          const want = naive.read(k, nowUnits * c.timeUnitUs);
          expect(store.read(k, nowUnits * c.timeUnitUs, stats)).toBe(want !== undefined);
          if (want !== undefined) expectSame(stats, want, `final key ${k}`);
        }
        expect(store.timeEvictions).toBe(naive.timeEvictions);
        expect(store.capacityEvictions).toBe(naive.capacityEvictions);
        expect(store.windowEvictions).toBe(naive.windowEvictions);
        expect(store.clampedTimes).toBe(naive.clampedTimes);
        expect(store.windowCount).toBe(naive.windows.size);
      }),
      fcOptions(150),
    );
  });
});

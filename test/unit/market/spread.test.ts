import { describe, expect, it } from 'vitest';
import { OrderedPairCursor, pairIndex, spreadBps, spreadMid } from '../../../src/market/spread.js';

function pairs(cursor: OrderedPairCursor): string[] {
  const out: string[] = [];
  while (cursor.next()) out.push(`${cursor.buy}>${cursor.sell}`);
  return out;
}

describe('spreadBps', () => {
  it('is (sellBid - buyAsk) over the mid of the two legs, in basis points', () => {
    // Buy at 100 on A, sell at 101 on B: +1 over a mid of 100.5.
    expect(spreadBps(100, 101)).toBeCloseTo((1 / 100.5) * 1e4, 12);
    expect(spreadMid(100, 101)).toBe(100.5);
    expect(spreadBps(101, 100)).toBeCloseTo(-(1 / 100.5) * 1e4, 12);
    expect(spreadBps(42_000.5, 42_000.5)).toBe(0);
  });

  it('is antisymmetric in the legs and bounded by 20000 bps for any positive prices', () => {
    for (const [a, b] of [[1e-9, 1e9], [1e9, 1e-9], [Number.MAX_VALUE, Number.MAX_VALUE / 3], [5e-324, 1]] as const) {
      const s = spreadBps(a, b);
      expect(Number.isFinite(s)).toBe(true);
      expect(Math.abs(s)).toBeLessThanOrEqual(2e4);
      expect(spreadBps(b, a)).toBe(-s);
    }
    expect(Number.isFinite(spreadMid(Number.MAX_VALUE, Number.MAX_VALUE))).toBe(true);
  });

  it('returns NaN, never throws, for prices that are not finite and positive', () => {
    for (const [a, b] of [[0, 1], [1, 0], [-1, 1], [NaN, 1], [1, Infinity]] as const) expect(spreadBps(a, b)).toBeNaN();
  });
});

describe('OrderedPairCursor', () => {
  it('enumerates the pairs touching one exchange: (x, y) then (y, x), by ascending y', () => {
    const c = new OrderedPairCursor();
    c.resetTouching(0b1110, 2);
    expect(pairs(c)).toEqual(['2>1', '1>2', '2>3', '3>2']);
    c.resetTouching(0b0100, 2); // alone: no pair
    expect(pairs(c)).toEqual([]);
    c.resetTouching(0b1010, 2); // x need not be in the mask
    expect(pairs(c)).toEqual(['2>1', '1>2', '2>3', '3>2']);
  });

  it('enumerates every ordered pair of a mask, 6 for 3 exchanges, and handles bit 31', () => {
    const c = new OrderedPairCursor();
    c.resetAll(0b1110);
    expect(pairs(c)).toEqual(['1>2', '1>3', '2>1', '2>3', '3>1', '3>2']);
    c.resetAll((1 << 31) | 1);
    expect(pairs(c)).toEqual(['0>31', '31>0']);
    c.resetTouching((1 << 31) | 1, 31);
    expect(pairs(c)).toEqual(['31>0', '0>31']);
  });

  it('indexes pairs densely', () => {
    expect(pairIndex(3, 1, 4)).toBe(13);
  });
});

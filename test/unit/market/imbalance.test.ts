import { describe, expect, it } from 'vitest';
import { imbalance } from '../../../src/market/imbalance.js';

describe('imbalance', () => {
  it('is (bidSize - askSize) / (bidSize + askSize)', () => {
    expect(imbalance(3, 1)).toBe(0.5);
    expect(imbalance(1, 3)).toBe(-0.5);
    expect(imbalance(2, 0)).toBe(1);
    expect(imbalance(0, 2)).toBe(-1);
  });

  it('is 0 for an empty book and treats sizes that are not sizes as 0', () => {
    expect(imbalance(0, 0)).toBe(0);
    expect(imbalance(NaN, NaN)).toBe(0);
    expect(imbalance(5, NaN)).toBe(1);
    expect(imbalance(-1, 4)).toBe(-1);
    expect(imbalance(Infinity, 4)).toBe(-1);
    expect(imbalance(Infinity, Infinity)).toBe(0);
  });

  it('does not overflow when the sizes sum past the largest double', () => {
    expect(imbalance(Number.MAX_VALUE, Number.MAX_VALUE)).toBe(0);
    expect(imbalance(Number.MAX_VALUE, Number.MAX_VALUE / 2)).toBeCloseTo(1 / 3, 12);
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { imbalance } from '../../../src/market/imbalance.js';
import { fcOptions } from './fc-options.js';

describe('imbalance (property)', () => {
  it('is never NaN or infinite, always in [-1, 1], for any two doubles', () => {
    fc.assert(
      fc.property(fc.double(), fc.double(), (b, a) => {
        const r = imbalance(b, a);
        expect(Number.isFinite(r)).toBe(true);
        expect(r).toBeGreaterThanOrEqual(-1);
        expect(r).toBeLessThanOrEqual(1);
      }),
      fcOptions(5000),
    );
  });

  it('matches the formula for valid sizes, with the sign of bid - ask, and is antisymmetric', () => {
    const size = fc.double({ min: 0, max: 1e12, noNaN: true });
    fc.assert(
      fc.property(size, size, (b, a) => {
        const r = imbalance(b, a);
        if (b + a === 0) expect(r).toBe(0);
        else expect(r).toBeCloseTo((b - a) / (b + a), 12);
        expect(Math.sign(r)).toBe(Math.sign(b - a) || 0);
        expect(imbalance(a, b)).toBe(-r + 0);
      }),
      fcOptions(5000),
    );
  });
});

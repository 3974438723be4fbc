import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { backoffDelay, nextAttempt, nominalDelay, type BackoffCurve } from '../../../src/runtime/supervisor/backoff.js';
import { kDefaultBackoff } from '../../../src/runtime/supervisor/child-spec.js';

const noJitter: BackoffCurve = { ...kDefaultBackoff, jitter: 0 };

describe('backoffDelay', () => {
  it('doubles from initialMs and caps at maxMs (default child curve, no jitter)', () => {
    const delays = Array.from({ length: 8 }, (_, i) => backoffDelay(noJitter, i + 1));
    expect(delays).toEqual([100, 200, 400, 800, 1600, 3200, 5000, 5000]);
  });

  it('gives the breaker curve 1 s, 2 s, 4 s, 8 s, 15 s, 15 s', () => {
    const curve = { initialMs: 1000, maxMs: 15_000, multiplier: 2, jitter: 0 };
    expect([1, 2, 3, 4, 5, 6].map((n) => backoffDelay(curve, n))).toEqual([1000, 2000, 4000, 8000, 15_000, 15_000]);
  });

  it('spreads by ±jitter: random 0 is the low end, random near 1 the high end', () => {
    const curve = { initialMs: 1000, maxMs: 15_000, multiplier: 2, jitter: 0.2 };
    expect(backoffDelay(curve, 1, () => 0)).toBe(800);
    expect(backoffDelay(curve, 1, () => 0.5)).toBe(1000);
    expect(backoffDelay(curve, 1, () => 0.999_999)).toBe(1199);
    expect(backoffDelay(curve, 9, () => 0)).toBe(12_000);
  });

  it('clamps an out-of-range random source instead of leaving the bounds', () => {
    const curve = { initialMs: 1000, maxMs: 15_000, multiplier: 2, jitter: 0.2 };
    expect(backoffDelay(curve, 1, () => -5)).toBe(800);
    expect(backoffDelay(curve, 1, () => 7)).toBe(1200);
  });

  it('saturates at maxMs for huge attempts and stays 0 for initialMs 0', () => {
    expect(nominalDelay({ ...noJitter, multiplier: 10 }, 10_000)).toBe(5000);
    expect(backoffDelay({ ...noJitter, initialMs: 0 }, 10_000)).toBe(0);
    expect(backoffDelay({ ...noJitter, multiplier: 1 }, 50)).toBe(100);
  });

  it.each([0, -1, 1.5, Number.NaN])('rejects attempt %s', (attempt) => {
    expect(() => backoffDelay(noJitter, attempt)).toThrow(/attempt must be an integer >= 1/);
  });

  it('always lies in [0, maxMs × (1 + jitter)] and within ±jitter of the nominal delay', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 10_000 }),
        fc.integer({ min: 0, max: 100_000 }),
        fc.double({ min: 1, max: 10, noNaN: true }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 1, max: 2000 }),
        fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }),
        (initialMs, extra, multiplier, jitter, attempt, sample) => {
          const curve = { initialMs, maxMs: initialMs + extra, multiplier, jitter };
          const delay = backoffDelay(curve, attempt, () => sample);
          const nominal = nominalDelay(curve, attempt);
          expect(Number.isInteger(delay)).toBe(true);
          expect(delay).toBeGreaterThanOrEqual(0);
          expect(delay).toBeLessThanOrEqual(curve.maxMs * (1 + jitter));
          expect(delay).toBeGreaterThanOrEqual(Math.floor(nominal * (1 - jitter)));
          expect(delay).toBeLessThanOrEqual(nominal * (1 + jitter));
        },
      ),
    );
  });
});

describe('nextAttempt', () => {
  const spec = { resetAfterMs: 10_000 };

  it('counts up while runs are short', () => {
    expect(nextAttempt(0, 0, spec)).toBe(1);
    expect(nextAttempt(1, 500, spec)).toBe(2);
    expect(nextAttempt(4, 9_999, spec)).toBe(5);
  });

  it('starts over after a run of at least resetAfterMs', () => {
    expect(nextAttempt(4, 10_000, spec)).toBe(1);
    expect(nextAttempt(7, 1e9, spec)).toBe(1);
  });
});

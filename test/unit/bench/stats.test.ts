import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { median, percentile, percentileOfSorted, summarizeLatency } from '../../../native-bench/report/stats.js';

describe('percentile (nearest rank)', () => {
  const oneToHundred = Array.from({ length: 100 }, (_, i) => i + 1);

  it('picks the smallest sample with at least p of the samples at or below it', () => {
    expect(percentile(oneToHundred, 0.5)).toBe(50);
    expect(percentile(oneToHundred, 0.99)).toBe(99);
    expect(percentile(oneToHundred, 0.999)).toBe(100);
    expect(percentile(oneToHundred, 1)).toBe(100);
    expect(percentile(oneToHundred, 0)).toBe(1);
  });

  it('sorts numerically and leaves the input alone', () => {
    const samples = [10, 9, 100, 2];
    expect(percentile(samples, 0.5)).toBe(9);
    expect(samples).toEqual([10, 9, 100, 2]);
  });

  it('sees a single outlier in p99.9 of 1000 samples but not in p99', () => {
    const samples = Array.from({ length: 1000 }, () => 5);
    samples[123] = 5000;
    const s = summarizeLatency(samples);
    expect(s).toEqual({ p50: 5, p99: 5, p999: 5, count: 1000 });
    samples[124] = 7000;
    expect(summarizeLatency(samples).p999).toBe(5000);
  });

  it('rejects an empty sample set and p outside [0, 1]', () => {
    expect(() => percentile([], 0.5)).toThrow(/no samples/);
    expect(() => percentile([1], 1.5)).toThrow(/p must be in \[0, 1\]/);
    expect(() => percentile([1], Number.NaN)).toThrow(/p must be in \[0, 1\]/);
  });

  it('always returns an observed sample, monotone in p', () => {
    fc.assert(
      fc.property(fc.array(fc.double({ noNaN: true }), { minLength: 1 }), fc.double({ min: 0, max: 1, noNaN: true }), (xs, p) => {
        const sorted = Float64Array.from(xs).sort();
        const v = percentileOfSorted(sorted, p);
        expect(xs).toContain(v);
        expect(percentileOfSorted(sorted, Math.min(1, p + 0.01))).toBeGreaterThanOrEqual(v);
      }),
    );
  });
});

describe('median', () => {
  it('takes the middle value of an odd count and the mean of the middle two of an even count', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(median([7])).toBe(7);
  });

  it('ignores one wild run among five', () => {
    expect(median([100, 101, 99, 10_000, 102])).toBe(101);
  });

  it('rejects an empty list', () => {
    expect(() => median([])).toThrow(/no values/);
  });
});

import { describe, expect, it } from 'vitest';
import { aggregateRuns, type Measurement } from '../../../native-bench/report/aggregate.js';

function run(ringRtt: number, portRtt: number, floorRtt?: number): Measurement[] {
  const ms: Measurement[] = [
    { suite: 'ring', name: 'rtt p50', unit: 'ns', value: ringRtt, compareTo: [{ name: 'postMessage rtt p50' }, { suite: 'c-floor', name: 'rtt p50' }] },
    { suite: 'ring', name: 'postMessage rtt p50', unit: 'ns', value: portRtt },
  ];
  if (floorRtt !== undefined) ms.push({ suite: 'c-floor', name: 'rtt p50', unit: 'ns', value: floorRtt });
  return ms;
}

describe('aggregateRuns', () => {
  it('reports medians over runs and compares each value with the median of its baseline', () => {
    const results = aggregateRuns([run(1000, 40_000, 400), run(900, 50_000, 500), run(5000, 45_000, 450)]);
    expect(results).toEqual([
      { suite: 'ring', name: 'rtt p50', unit: 'ns', value: 1000, baseline: { name: 'postMessage rtt p50', value: 45_000 }, ratio: 45 },
      { suite: 'ring', name: 'rtt p50', unit: 'ns', value: 1000, baseline: { name: 'c-floor: rtt p50', value: 450 }, ratio: 0.45 },
      { suite: 'ring', name: 'postMessage rtt p50', unit: 'ns', value: 45_000, baseline: null, ratio: null },
      { suite: 'c-floor', name: 'rtt p50', unit: 'ns', value: 450, baseline: null, ratio: null },
    ]);
  });

  it('drops a baseline that never ran and keeps the row', () => {
    const results = aggregateRuns([run(1000, 40_000)]);
    expect(results.filter((r) => r.name === 'rtt p50')).toEqual([
      { suite: 'ring', name: 'rtt p50', unit: 'ns', value: 1000, baseline: { name: 'postMessage rtt p50', value: 40_000 }, ratio: 40 },
    ]);
    const alone = aggregateRuns([[{ suite: 's', name: 'x', unit: 'ns', value: 1, compareTo: [{ name: 'missing' }] }]]);
    expect(alone).toEqual([{ suite: 's', name: 'x', unit: 'ns', value: 1, baseline: null, ratio: null }]);
  });

  it('uses value ÷ baseline for rates, so > 1 still means better', () => {
    const results = aggregateRuns([[
      { suite: 's', name: 'fast', unit: 'records/s', value: 300, compareTo: [{ name: 'slow' }] },
      { suite: 's', name: 'slow', unit: 'records/s', value: 100 },
    ]]);
    expect(results[0]?.ratio).toBe(3);
  });

  it('rejects one measurement reported in two units', () => {
    expect(() => aggregateRuns([
      [{ suite: 's', name: 'x', unit: 'ns', value: 1 }],
      [{ suite: 's', name: 'x', unit: 'ms', value: 1 }],
    ])).toThrow(/s\u0000x measured in ns and ms|measured in ns and ms/);
  });
});

import { describe, expect, it } from 'vitest';
import { RingDropTracker } from '../../../src/host/health/ring-drop-tracker.js';
import { ring } from './status-fixtures.js';

describe('RingDropTracker', () => {
  it('reports drops within the window against the newest sample at or before its start', () => {
    const tracker = new RingDropTracker(60_000);
    const at = (ms: number, dropped: number) => tracker.recentDrops({ r: ring({ dropped }) }, ms)['r'];
    expect(at(0, 50)).toBe(0);
    expect(at(10_000, 53)).toBe(3);
    expect(at(30_000, 60)).toBe(10);
    expect(at(65_000, 60)).toBe(10); // window starts at 5 s: the baseline is still the 0 s sample
    expect(at(75_000, 60)).toBe(7); // window starts at 15 s: the baseline is the 10 s sample (53)
    expect(at(95_000, 60)).toBe(0);
  });

  it('keeps a bounded number of samples however often it is asked', () => {
    const tracker = new RingDropTracker(8_000);
    for (let ms = 0; ms <= 100_000; ms += 10) tracker.recentDrops({ r: ring({ dropped: ms }) }, ms);
    const samples = (tracker as unknown as { samples: Map<string, unknown[]> }).samples.get('r')!;
    expect(samples.length).toBeLessThanOrEqual(10);
    expect(tracker.recentDrops({ r: ring({ dropped: 100_000 }) }, 100_000)['r']).toBeGreaterThanOrEqual(8_000);
  });

  it('forgets rings that are gone', () => {
    const tracker = new RingDropTracker(1_000);
    tracker.recentDrops({ a: ring(), b: ring() }, 0);
    expect(Object.keys(tracker.recentDrops({ a: ring() }, 10))).toEqual(['a']);
  });

  it('rejects a window that is not positive', () => {
    expect(() => new RingDropTracker(0)).toThrow('RingDropTracker: windowMs must be > 0, got 0');
  });
});

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { IntensityWindow } from '../../../src/runtime/supervisor/intensity-window.js';

/** Records each time and returns which restarts escalated. */
function run(window: IntensityWindow, times: readonly number[]): boolean[] {
  return times.map((t) => window.record(t));
}

describe('IntensityWindow', () => {
  it('allows exactly maxRestarts within withinMs; the next one escalates', () => {
    const window = new IntensityWindow({ maxRestarts: 5, withinMs: 10_000 });
    expect(run(window, [0, 1, 2, 3, 4])).toEqual([false, false, false, false, false]);
    expect(window.record(9_999)).toBe(true);
  });

  it('slides a restart out exactly withinMs after it happened', () => {
    const window = new IntensityWindow({ maxRestarts: 2, withinMs: 1000 });
    expect(run(window, [0, 10])).toEqual([false, false]);
    // 0 is exactly 1000 ms old: out. 10 and 1000 are inside: 2 restarts, allowed.
    expect(window.record(1000)).toBe(false);
    // 10 is 999 ms old: still in, so 10, 1000, 1009 make 3.
    expect(window.record(1009)).toBe(true);
  });

  it('one millisecond short of the window still counts', () => {
    const window = new IntensityWindow({ maxRestarts: 1, withinMs: 1000 });
    expect(window.record(0)).toBe(false);
    expect(window.record(999)).toBe(true);
    const other = new IntensityWindow({ maxRestarts: 1, withinMs: 1000 });
    expect(run(other, [0, 1000])).toEqual([false, false]);
  });

  it('never escalates at a steady rate of exactly maxRestarts per window', () => {
    const window = new IntensityWindow({ maxRestarts: 4, withinMs: 1000 });
    const times = Array.from({ length: 200 }, (_, i) => i * 250);
    expect(run(window, times).some(Boolean)).toBe(false);
  });

  it('escalates once the rate is a little faster than that', () => {
    const window = new IntensityWindow({ maxRestarts: 4, withinMs: 1000 });
    const times = Array.from({ length: 5 }, (_, i) => i * 249);
    expect(run(window, times)).toEqual([false, false, false, false, true]);
  });

  it('with maxRestarts 0, every restart escalates', () => {
    const window = new IntensityWindow({ maxRestarts: 0, withinMs: 1000 });
    expect(run(window, [0, 5000, 1e9])).toEqual([true, true, true]);
  });

  it('reset forgets the history', () => {
    const window = new IntensityWindow({ maxRestarts: 1, withinMs: 1000 });
    window.record(0);
    window.reset();
    expect(window.record(1)).toBe(false);
  });

  it('rejects time going backwards and NaN', () => {
    const window = new IntensityWindow({ maxRestarts: 3, withinMs: 1000 });
    window.record(100);
    expect(() => window.record(99)).toThrow(/time went backwards/);
    expect(() => window.record(Number.NaN)).toThrow(RangeError);
  });

  it.each([
    [{ maxRestarts: -1, withinMs: 1000 }, /maxRestarts must be an integer >= 0, got -1/],
    [{ maxRestarts: 1.5, withinMs: 1000 }, /maxRestarts must be an integer >= 0, got 1.5/],
    [{ maxRestarts: 1, withinMs: 0 }, /withinMs must be a finite number > 0, got 0/],
    [{ maxRestarts: 1, withinMs: Number.POSITIVE_INFINITY }, /withinMs must be a finite number > 0/],
  ])('constructor rejects %o', (options, message) => {
    expect(() => new IntensityWindow(options)).toThrow(message);
  });

  it('agrees with an unbounded reference model on any restart history', () => {
    // The reference keeps every restart and counts those inside the window.
    const reference = (maxRestarts: number, withinMs: number, times: number[]) => {
      const seen: number[] = [];
      return times.map((now) => {
        const recent = seen.filter((t) => now - t < withinMs).length;
        seen.push(now);
        return recent + 1 > maxRestarts;
      });
    };
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 6 }),
        fc.integer({ min: 1, max: 500 }),
        fc.array(fc.integer({ min: 0, max: 300 }), { maxLength: 60 }),
        (maxRestarts, withinMs, gaps) => {
          let now = 0;
          const times = gaps.map((gap) => (now += gap));
          const window = new IntensityWindow({ maxRestarts, withinMs });
          expect(run(window, times)).toEqual(reference(maxRestarts, withinMs, times));
        },
      ),
    );
  });
});

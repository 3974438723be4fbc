import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DeadlineTimer } from '../../../actors/shard/deadline-timer.js';

// One timer for the earliest deadline; stepping fake time, no waiting.

describe('DeadlineTimer', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('fires at the earliest deadline armed, once', () => {
    const fired: number[] = [];
    const timer = new DeadlineTimer(() => fired.push(Date.now()));
    const t0 = Date.now();
    timer.armAt(50_000, 0); // 50 ms
    timer.armAt(80_000, 0); // later: keeps the armed one
    timer.armAt(20_000, 0); // earlier: re-arms
    vi.advanceTimersByTime(19);
    expect(fired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(fired).toEqual([t0 + 20]);
    vi.advanceTimersByTime(100);
    expect(timer.fired).toBe(1);
  });

  it('arms nothing for Infinity, fires at once for a past deadline, and stops when closed', () => {
    let n = 0;
    const timer = new DeadlineTimer(() => n++);
    timer.armAt(Infinity, 0);
    vi.advanceTimersByTime(1000);
    expect(n).toBe(0);
    timer.armAt(5, 10);
    vi.advanceTimersByTime(0);
    expect(n).toBe(1);
    timer.armAt(1000, 0);
    timer.close();
    timer.armAt(500, 0);
    vi.advanceTimersByTime(1000);
    expect(n).toBe(1);
  });

  it('can be re-armed from its own callback', () => {
    let n = 0;
    const timer: DeadlineTimer = new DeadlineTimer(() => {
      n++;
      if (n < 3) timer.armAt(10_000, 0);
    });
    timer.armAt(10_000, 0);
    vi.advanceTimersByTime(100);
    expect(n).toBe(3);
  });
});

import fc from 'fast-check';
import { createActor, SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import {
  breakerMachine,
  breakerSettings,
  kDefaultBreakerSettings,
  type BreakerInput,
} from '../../../src/runtime/machines/breaker-machine.js';

function harness(input: BreakerInput = {}) {
  const clock = new SimulatedClock();
  const notices: string[] = [];
  const machine = breakerMachine.provide({
    actions: {
      notifyOpen: () => void notices.push('open'),
      notifyHalfOpen: () => void notices.push('half_open'),
      notifyClosed: () => void notices.push('closed'),
    },
  });
  const actor = createActor(machine, { clock, input }).start();
  return {
    clock,
    actor,
    notices,
    state: () => actor.getSnapshot().value,
    context: () => actor.getSnapshot().context,
    failure: () => actor.send({ type: 'FAILURE' }),
    success: () => actor.send({ type: 'SUCCESS' }),
  };
}

/** Steps the clock to one ms before the probe, checks it is still open, then steps onto it. */
function waitOutOpen(h: ReturnType<typeof harness>): number {
  const delay = h.context().backoffMs;
  h.clock.increment(delay - 1);
  expect(h.state()).toBe('open');
  h.clock.increment(1);
  expect(h.state()).toBe('half_open');
  return delay;
}

describe('breaker', () => {
  it('starts closed; state names are exactly closed, open, half_open', () => {
    const h = harness({ backoff: { jitter: 0 } });
    expect(h.state()).toBe('closed');
    h.failure();
    expect(h.state()).toBe('open');
    waitOutOpen(h);
    expect(h.state()).toBe('half_open');
  });

  it('backs off 1 s, 2 s, 4 s, 8 s, 15 s, 15 s by default (jitter 0)', () => {
    const h = harness({ backoff: { jitter: 0 } });
    const delays: number[] = [];
    h.failure();
    for (let i = 0; i < 6; i += 1) {
      delays.push(waitOutOpen(h));
      h.failure();
    }
    expect(delays).toEqual([1000, 2000, 4000, 8000, 15_000, 15_000]);
    expect(h.context().openings).toBe(7);
  });

  it('closes on SUCCESS in half_open, and the next opening starts from 1 s again', () => {
    const h = harness({ backoff: { jitter: 0 } });
    h.failure();
    waitOutOpen(h);
    h.failure();
    waitOutOpen(h);
    h.success();
    expect(h.state()).toBe('closed');
    expect(h.context()).toMatchObject({ openings: 0, consecutiveFailures: 0 });
    h.failure();
    expect(h.context().backoffMs).toBe(1000);
    expect(h.notices).toEqual(['closed', 'open', 'half_open', 'open', 'half_open', 'closed', 'open']);
  });

  it('opens only after failureThreshold consecutive failures; SUCCESS resets the count', () => {
    const h = harness({ failureThreshold: 3, backoff: { jitter: 0 } });
    h.failure();
    h.failure();
    expect(h.state()).toBe('closed');
    h.success();
    h.failure();
    h.failure();
    expect(h.state()).toBe('closed');
    expect(h.context().consecutiveFailures).toBe(2);
    h.failure();
    expect(h.state()).toBe('open');
    // From half_open a single failure reopens: the trial is the threshold.
    waitOutOpen(h);
    h.failure();
    expect(h.state()).toBe('open');
    expect(h.context().backoffMs).toBe(2000);
  });

  it('ignores FAILURE and SUCCESS while open: the timer is not restarted', () => {
    const h = harness({ backoff: { jitter: 0 } });
    h.failure();
    h.clock.increment(600);
    h.failure();
    h.success();
    expect(h.state()).toBe('open');
    h.clock.increment(400);
    expect(h.state()).toBe('half_open');
    expect(h.context().openings).toBe(1);
  });

  it('RESET closes from any state and cancels a pending probe', () => {
    const h = harness({ backoff: { jitter: 0 } });
    h.failure();
    h.actor.send({ type: 'RESET' });
    expect(h.state()).toBe('closed');
    h.clock.increment(60_000);
    expect(h.state()).toBe('closed');
    h.failure();
    waitOutOpen(h);
    h.actor.send({ type: 'RESET' });
    expect(h.state()).toBe('closed');
    expect(h.context()).toMatchObject({ openings: 0, consecutiveFailures: 0, backoffMs: 0 });
  });

  it('draws jitter from the injected random source', () => {
    const low = harness({ random: () => 0 });
    low.failure();
    expect(low.context().backoffMs).toBe(800);
    const high = harness({ random: () => 0.999_999 });
    high.failure();
    expect(waitOutOpen(high)).toBe(1199);
  });

  it('keeps every delay within ±jitter of the nominal 1, 2, 4, 8, 15, 15 s', () => {
    const nominal = [1000, 2000, 4000, 8000, 15_000, 15_000];
    fc.assert(
      fc.property(fc.array(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), { minLength: 6, maxLength: 6 }), (samples) => {
        let i = 0;
        const h = harness({ random: () => samples[i++]! });
        h.failure();
        const delays: number[] = [];
        for (let n = 0; n < 6; n += 1) {
          delays.push(waitOutOpen(h));
          h.failure();
        }
        delays.forEach((delay, n) => {
          expect(delay).toBeGreaterThanOrEqual(Math.floor(nominal[n]! * 0.8));
          expect(delay).toBeLessThanOrEqual(nominal[n]! * 1.2);
        });
      }),
      { numRuns: 50 },
    );
  });
});

describe('breakerSettings', () => {
  it('defaults to threshold 1 and 1 s .. 15 s, ×2, ±20 %', () => {
    expect(breakerSettings()).toEqual(kDefaultBreakerSettings);
    expect(breakerSettings({ backoff: { maxMs: 30_000, jitter: undefined } }).backoff).toEqual({
      initialMs: 1000,
      maxMs: 30_000,
      multiplier: 2,
      jitter: 0.2,
    });
  });

  it.each([
    [{ failureThreshold: 0 }, 'breaker: failureThreshold is 0; it must be an integer >= 1'],
    [{ backoff: { initialMs: -1 } }, 'breaker: backoff.initialMs is -1; it must be an integer >= 0'],
    [{ backoff: { maxMs: 500 } }, 'breaker: backoff.maxMs is 500; it must be an integer >= backoff.initialMs (1000)'],
    [{ backoff: { multiplier: 0.5 } }, 'breaker: backoff.multiplier is 0.5; it must be a finite number >= 1'],
    [{ backoff: { jitter: 2 } }, 'breaker: backoff.jitter is 2; it must be a fraction in [0, 1]'],
  ])('rejects %o', (input, message) => {
    expect(() => breakerSettings(input)).toThrow(message);
  });
});

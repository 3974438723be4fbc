import { SimulatedClock } from 'xstate';
import { describe, expect, it } from 'vitest';
import { ConnectPacer } from '../../../actors/exchange/connect-pacer.js';
import { ReconnectController } from '../../../actors/exchange/reconnect-controller.js';
import { breakerSettings, type BreakerState } from '../../../src/runtime/machines/breaker-machine.js';

// The controller alone: a fake `connect` that records when it is called, and
// a SimulatedClock. The socket side (lost only after close) is the owner's.
function harness(breaker = breakerSettings({ backoff: { jitter: 0 } }), pacerMs = 0, random = () => 0.5) {
  const clock = new SimulatedClock();
  const attempts: number[] = [];
  const transitions: Array<[BreakerState, number]> = [];
  const c = new ReconnectController({
    breaker, clock, random, pacer: new ConnectPacer(pacerMs),
    connect: () => attempts.push(clock.now()),
    onBreaker: (s, ms) => transitions.push([s, ms]),
  });
  return { clock, c, attempts, transitions };
}

describe('ReconnectController', () => {
  it('default breaker: every failure waits 1 s, 2 s, 4 s, 8 s, then 15 s, attempting once per half_open', () => {
    const h = harness();
    h.c.start();
    expect(h.attempts).toEqual([0]);
    const waits: number[] = [];
    for (let i = 0; i < 6; i++) {
      h.c.lost(true);
      expect(h.c.breakerState).toBe('open');
      const wait = h.c.backoffMs;
      waits.push(wait);
      const before = h.attempts.length;
      h.clock.increment(wait - 1);
      expect(h.attempts.length).toBe(before);
      h.clock.increment(1);
      expect(h.c.breakerState).toBe('half_open');
      expect(h.attempts.length).toBe(before + 1);
    }
    expect(waits).toEqual([1000, 2000, 4000, 8000, 15_000, 15_000]);
    h.c.succeeded();
    expect(h.c.breakerState).toBe('closed');
    h.c.lost(true);
    expect(h.c.backoffMs).toBe(1000); // a success starts the curve over
  });

  it('below the threshold the breaker stays closed and the retry is immediate (paced only)', () => {
    const h = harness(breakerSettings({ failureThreshold: 3, backoff: { jitter: 0 } }), 600);
    h.c.start();
    h.c.lost(true);
    expect(h.c.breakerState).toBe('closed');
    expect(h.c.nextAttemptAt).toBe(600);
    h.clock.increment(600);
    h.c.lost(true);
    h.clock.increment(600);
    expect(h.attempts).toEqual([0, 600, 1200]);
    h.c.lost(true); // third consecutive: opens
    expect(h.c.breakerState).toBe('open');
    expect(h.c.nextAttemptAt).toBeNull();
    h.clock.increment(1000);
    expect(h.attempts).toEqual([0, 600, 1200, 2200]);
    expect(h.transitions.map(([s]) => s)).toEqual(['closed', 'open', 'half_open']);
  });

  it('the pacer holds back a half_open trial that would come too soon', () => {
    const h = harness(breakerSettings({ backoff: { initialMs: 100, maxMs: 100, jitter: 0 } }), 1000);
    h.c.start();
    h.c.lost(true);
    h.clock.increment(100);
    expect(h.c.breakerState).toBe('half_open');
    expect(h.attempts).toEqual([0]);
    expect(h.c.nextAttemptAt).toBe(1000);
    h.clock.increment(900);
    expect(h.attempts).toEqual([0, 1000]);
  });

  it('a planned replacement is no failure: the breaker is untouched and the next attempt goes at once', () => {
    const h = harness();
    h.c.start();
    h.c.succeeded();
    h.clock.increment(5000);
    h.c.lost(false);
    expect(h.c.breakerState).toBe('closed');
    expect(h.c.consecutiveFailures).toBe(0);
    expect(h.attempts).toEqual([0, 5000]);
  });

  it('jitter comes from the injected random source', () => {
    const h = harness(breakerSettings({ backoff: { jitter: 0.2 } }), 0, () => 0.999);
    h.c.start();
    h.c.lost(true);
    expect(h.c.backoffMs).toBe(Math.floor(1000 * (1 + 0.2 * (2 * 0.999 - 1))));
  });

  it('stop() cancels a pending attempt and ignores later events', () => {
    const h = harness();
    h.c.start();
    h.c.lost(true);
    h.c.stop();
    h.clock.increment(60_000);
    h.c.lost(true);
    h.c.succeeded();
    expect(h.attempts).toEqual([0]);
  });
});

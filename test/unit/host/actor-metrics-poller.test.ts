import { describe, expect, it } from 'vitest';
import type { ActorStats } from '../../../src/runtime/index.js';
import { ActorMetricsPoller } from '../../../src/host/status/actor-metrics-poller.js';
import { actor } from './status-fixtures.js';

function stats(name: string, heapUsed: number, extra: Partial<ActorStats> & { eventLoopUtilization?: number } = {}): ActorStats {
  return {
    name,
    incarnation: 1,
    phase: 'running',
    loop: { records: 0, rounds: 0, parks: 0 },
    memory: { rss: 1, heapTotal: 2, heapUsed, external: 0, arrayBuffers: 0 },
    actor: {},
    ...extra,
  } as ActorStats; // with eventLoopUtilization at the top level, as the poller accepts it
}

describe('ActorMetricsPoller', () => {
  it('keeps heap and ELU per running actor; one call in flight per actor; last figures survive a failed call', async () => {
    const calls: string[] = [];
    let hang: (() => void) | undefined;
    let failB = false;
    const system = {
      actors: () => [actor('a'), actor('b'), actor('c', { state: 'backoff' })],
      stats: async (name: string): Promise<ActorStats | undefined> => {
        calls.push(name);
        if (name === 'a') {
          if (calls.filter((c) => c === 'a').length === 2) await new Promise<void>((r) => (hang = r));
          return stats('a', 1_000, { eventLoopUtilization: 0.5 });
        }
        if (failB) throw new Error('actor b died mid-call');
        return stats('b', 2_000, { actor: { eventLoopUtilization: 0.25 } });
      },
    };
    const poller = new ActorMetricsPoller({ system, intervalMs: 1_000 });
    await poller.pollOnce();
    expect(poller.snapshot()).toEqual({ a: { heapUsedBytes: 1_000, eventLoopUtilization: 0.5 }, b: { heapUsedBytes: 2_000, eventLoopUtilization: 0.25 } });
    expect(calls).toEqual(['a', 'b']);

    failB = true;
    const second = poller.pollOnce(); // a's call now hangs
    await new Promise((r) => setImmediate(r)); // b's failed call has settled
    await poller.pollOnce(); // a is still in flight: only b is asked
    expect(calls).toEqual(['a', 'b', 'a', 'b', 'b']);
    expect(poller.snapshot()['b']).toEqual({ heapUsedBytes: 2_000, eventLoopUtilization: 0.25 });
    hang!();
    await second;
  });

  it('rejects a silly interval', () => {
    expect(() => new ActorMetricsPoller({ system: { actors: () => [], stats: async () => undefined }, intervalMs: 1 })).toThrow(
      'ActorMetricsPoller: intervalMs must be an integer >= 10, got 1',
    );
  });
});

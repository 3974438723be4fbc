import { afterEach, describe, expect, it } from 'vitest';
import { ActorSystem } from '../../../src/runtime/index.js';
import { captureLog } from '../../support/log-capture.js';
import { waitFor } from '../../support/wait-for.js';
import { seqPair } from './topology-fixture.js';

let system: ActorSystem | undefined;
afterEach(async () => {
  await system?.terminate();
  system = undefined;
});

// Actor names may contain dots (`shard.0`, `exchange.okx`): each actor must
// see its counters under its own short names, and the host under `actor.counter`.
describe('dotted actor names', () => {
  it('keeps counters addressable by their short names inside the actor', async () => {
    const topology = seqPair('exchange.p', 'shard.0');
    system = new ActorSystem({ topology, log: captureLog().log });
    await system.start();
    const s = system;
    await waitFor(() => (s.counters()['shard.0.consumed'] ?? 0) > 100, 'shard.0.consumed to count');
    expect(s.counters()['exchange.p.produced']).toBeGreaterThan(0);
    expect(s.counters()['shard.0.gaps']).toBe(0);
    expect((await s.stop()).clean).toBe(true);
  });
});

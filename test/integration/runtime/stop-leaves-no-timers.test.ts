import { describe, expect, it } from 'vitest';
import { ActorSystem } from '../../../src/runtime/index.js';
import { captureLog } from '../../support/log-capture.js';
import { waitFor } from '../../support/wait-for.js';
import { seqPair } from './topology-fixture.js';

const timers = (): number => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

// A clean stop must leave nothing that keeps the process alive: `ringmaster
// start` exits when its event loop empties, and a timer per actor left armed
// by the stop deadline once kept it running for the rest of the shutdown
// budget (seconds) after "ringmaster stopped".
describe('graceful stop', () => {
  it('leaves no timer armed behind it', async () => {
    const before = timers();
    const topology = seqPair('p', 'c');
    const system = new ActorSystem({ topology, log: captureLog().log });
    try {
      await system.start();
      await waitFor(() => (system.counters()['c.consumed'] ?? 0) > 100, 'c.consumed to count');
      // A shutdown budget far longer than the test: a timer left armed for it would still be there.
      expect((await system.stop(60_000)).clean).toBe(true);
      expect(timers()).toBeLessThanOrEqual(before);
    } finally {
      await system.terminate();
    }
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { ActorSystem, Topology } from '../../../src/runtime/index.js';
import { kPayloadOffset, kSeqOffset, payloadOf } from '../../fixtures/runtime/seq-record.js';
import { captureLog } from '../../support/log-capture.js';
import { waitFor } from '../../support/wait-for.js';

let system: ActorSystem | undefined;
afterEach(async () => {
  await system?.terminate();
  system = undefined;
});

describe('host-thread endpoint', () => {
  it('consumes a worker ring on the event loop and drains it on graceful stop', async () => {
    const topology = new Topology()
      .actor({
        name: 'source',
        entry: new URL('../../fixtures/runtime/seq-producer.ts', import.meta.url).href,
        counters: ['produced'],
        config: { perTick: 20, intervalMs: 1 },
      })
      .endpoint('host')
      .connect('source.out', 'host.in', { capacity: 256, policy: 'block', blockTimeoutMs: 5 });
    system = new ActorSystem({ topology, log: captureLog().log });
    await system.start();
    let expected = 0;
    let bad = 0;
    const endpoint = system.consume('host', (view, off) => {
      const seq = view.getUint32(off + kSeqOffset, true);
      if (seq !== expected || view.getFloat64(off + kPayloadOffset, true) !== payloadOf(seq)) bad++;
      expected = seq + 1;
    });
    // The event loop stays free while the endpoint waits: this timer-driven wait works.
    await waitFor(() => endpoint.recordsHandled > 3000, 'records on the host thread');
    const report = await system.stop();
    expect(report.clean).toBe(true);
    expect(bad).toBe(0);
    const ring = report.rings['source.out->host.in']!;
    expect(ring.read).toBe(ring.written);
    expect(expected).toBe(ring.written);
    expect(system.actors().map((a) => a.name)).toEqual(['source']);
  });
});

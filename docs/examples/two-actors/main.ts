// Wires the two actors with one ring, supervises them, runs for a while and
// stops gracefully: the source stops first, the ring drains, then the sink.
import { ActorSystem, Topology } from '../../../src/runtime/index.js';

export async function runTwoActors(options: { records: number; log?: import('pino').Logger }): Promise<{
  sent: number;
  read: number;
  clean: boolean;
}> {
  const topology = new Topology()
    .actor({ name: 'ticker', entry: new URL('./ticker.ts', import.meta.url).href, counters: ['sent'], config: { perTick: 50 } })
    .actor({ name: 'summer', entry: new URL('./summer.ts', import.meta.url).href })
    .connect('ticker.out', 'summer.in', { capacity: 1024, policy: 'block' });

  const system = new ActorSystem({ topology, ...(options.log ? { log: options.log } : {}) });
  await system.start();
  while (system.counters()['ticker.sent']! < options.records) await new Promise((r) => setTimeout(r, 10));
  const report = await system.stop();
  const ring = report.rings['ticker.out->summer.in']!;
  return { sent: ring.written, read: ring.read, clean: report.clean };
}

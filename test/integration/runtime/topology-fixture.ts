import { ActorSystem, Topology, type TreeDecl } from '../../../src/runtime/index.js';
import type { Logger } from 'pino';

const producer = new URL('../../fixtures/runtime/seq-producer.ts', import.meta.url).href;
const consumer = new URL('../../fixtures/runtime/seq-consumer.ts', import.meta.url).href;

// TTL well above the worst scheduling stall of a loaded 2-core CI machine (a
// 600 ms TTL produced false "hung" verdicts there), still quick to detect a real hang.
export const kFastHeartbeat = { intervalMs: 50, ttlMs: 1500 };
export const kFastBackoff = { initialMs: 10, maxMs: 50, jitter: 0 };

/** One sequence producer → consumer pair, default supervision: `<producer>.out` → `<consumer>.in`. */
export function seqPair(producerName: string, consumerName: string): Topology {
  return new Topology()
    .actor({ name: producerName, entry: producer, counters: ['produced'], config: { perTick: 10, intervalMs: 1 } })
    .actor({ name: consumerName, entry: consumer, counters: ['consumed', 'gaps', 'corrupt'] })
    .connect(`${producerName}.out`, `${consumerName}.in`);
}

/**
 * Two independent pipelines under load, four actors: pA → cA, pB → cB.
 * Faults go to one actor; the other three must not notice.
 */
export function twoPipelines(log: Logger, tree?: TreeDecl, limits?: Record<string, { maxOldGenerationSizeMb: number }>): ActorSystem {
  const topology = new Topology();
  for (const p of ['A', 'B']) {
    topology.actor({
      name: `p${p}`,
      entry: producer,
      counters: ['produced'],
      config: { perTick: 40, intervalMs: 1 },
      child: { heartbeat: kFastHeartbeat, backoff: kFastBackoff, ...(limits?.[`p${p}`] ? { resourceLimits: limits[`p${p}`] } : {}) },
    });
    topology.actor({
      name: `c${p}`,
      entry: consumer,
      counters: ['consumed', 'gaps', 'corrupt'],
      child: { heartbeat: kFastHeartbeat, backoff: kFastBackoff, ...(limits?.[`c${p}`] ? { resourceLimits: limits[`c${p}`] } : {}) },
    });
  }
  topology.connect('pA.out', 'cA.in', { capacity: 1024, policy: 'block', blockTimeoutMs: 5 });
  topology.connect('pB.out', 'cB.in', { capacity: 1024, policy: 'block', blockTimeoutMs: 5 });
  return new ActorSystem({
    topology,
    log,
    chaos: true,
    ...(tree === undefined ? {} : { tree }),
  });
}

import { ActorSystem, Topology, type TreeDecl } from '../../../src/runtime/index.js';
import type { Logger } from 'pino';

const producer = new URL('../../fixtures/runtime/seq-producer.ts', import.meta.url).href;
const consumer = new URL('../../fixtures/runtime/seq-consumer.ts', import.meta.url).href;

export const kFastHeartbeat = { intervalMs: 25, ttlMs: 600 };
export const kFastBackoff = { initialMs: 10, maxMs: 50, jitter: 0 };

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

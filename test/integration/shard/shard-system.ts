import type { Logger } from 'pino';
import { shardCounterNames } from '../../../actors/shard/counters.js';
import type { ShardActorOptions } from '../../../actors/shard/shard-options.js';
import { exchangeName } from '../../../src/market/exchange-ids.js';
import { ActorSystem, Topology } from '../../../src/runtime/index.js';
import type { ReplayProducerConfig } from '../../fixtures/shard/replay-producer-config.js';

const here = (p: string) => new URL(p, import.meta.url).href;
export const kShardEntry = here('../../../actors/shard/shard-actor.ts');
const kProducerEntry = here('../../fixtures/shard/replay-producer.ts');
const kSinkEntry = here('../../fixtures/shard/spread-sink.ts');

// TTL well above a loaded 2-core machine's scheduling stalls; restarts quick and without jitter.
const kHeartbeat = { intervalMs: 50, ttlMs: 3000 };
const kBackoff = { initialMs: 10, maxMs: 50, jitter: 0 };

export const kShardName = 'shard.0';

/**
 * The shard under test in a real actor system, wired as the host wires it
 * (pipeline-topology.ts), with fixtures around it:
 *
 *   feed (replay-producer) ──<exchange>──▶ shard.0 ──recorder──▶ recsink (spread-sink)
 *                                                  └──host─────▶ host endpoint (this thread)
 */
export function shardSystem(o: {
  shard: ShardActorOptions;
  feed?: ReplayProducerConfig;
  log: Logger;
  hostCapacity?: number;
}): ActorSystem {
  const topology = new Topology();
  if (o.feed !== undefined) {
    topology.actor({
      name: 'feed',
      entry: kProducerEntry,
      counters: ['sent', 'stored'],
      config: o.feed,
      // The replay starts over from record 0 in a new incarnation: never restart it.
      child: { restart: 'temporary', heartbeat: kHeartbeat },
    });
  }
  topology.actor({
    name: kShardName,
    entry: kShardEntry,
    counters: shardCounterNames(),
    config: o.shard,
    loop: { parkMs: 5 },
    child: { heartbeat: kHeartbeat, backoff: kBackoff },
  });
  topology.actor({ name: 'recsink', entry: kSinkEntry, counters: ['spreads', 'other', 'hash'], child: { heartbeat: kHeartbeat } });
  topology.endpoint('host');
  if (o.feed !== undefined) {
    for (const x of o.feed.stream.exchangeIds) {
      const port = exchangeName(x)!;
      topology.connect(`feed.${port}`, `${kShardName}.${port}`, { capacity: 1024, policy: 'block', blockTimeoutMs: 5 });
    }
  }
  topology.connect(`${kShardName}.recorder`, 'recsink.in', { capacity: 8192, policy: 'block', blockTimeoutMs: 1000 });
  topology.connect(`${kShardName}.host`, 'host.shard0', { capacity: o.hostCapacity ?? 8192, policy: 'conflate' });
  return new ActorSystem({ topology, log: o.log, chaos: true });
}

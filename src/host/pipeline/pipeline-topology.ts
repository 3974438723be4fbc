import { kExchangeNames, type ExchangeName } from '../../market/exchange-ids.js';
import { Topology, type TreeDecl } from '../../runtime/index.js';
import type { ExchangeActorConfig } from '../../../actors/exchange/config.js';
import { exchangeCounterNames } from '../../../actors/exchange/counters.js';
import type { RecorderActorConfig } from '../../../actors/recorder/config.js';
import { recorderCounterNames } from '../../../actors/recorder/counters.js';
import type { ShardActorConfig } from '../../../actors/shard/config.js';
import { shardCounterNames } from '../../../actors/shard/counters.js';
import type { RingmasterConfig } from '../config/schema.js';
import { kActorEntries } from './actor-entries.js';

/**
 * The market pipeline as a runtime topology (DESIGN.md §2):
 *
 *   exchange.<x> ──shardN──▶ shard.N ──recorder──▶ recorder
 *        └──────recorder──────────────────────────▶ recorder
 *                           shard.N ──host──▶ host (the main thread: ops surface)
 *
 * and its supervision tree: root → exchanges (one_for_one), shards
 * (one_for_one), recorder. The recorder starts first so that nothing waits on
 * a missing consumer; exchanges start last.
 */
export interface PipelinePlan {
  readonly topology: Topology;
  readonly tree: TreeDecl;
  readonly exchanges: readonly ExchangeName[];
  readonly shardNames: readonly string[];
}

export const kHostEndpoint = 'host';

export function exchangeActorName(x: ExchangeName): string {
  return `exchange.${x}`;
}

export function shardActorName(i: number): string {
  return `shard.${i}`;
}

export const kRecorderActor = 'recorder';

export function buildPipeline(config: RingmasterConfig, urls: Partial<Record<ExchangeName, string>> = {}): PipelinePlan {
  const exchanges = kExchangeNames.filter((x) => config.exchanges[x].enabled);
  const shardCount = config.shards.count;
  const sup = config.supervision;
  const child = (kind: keyof typeof sup.heapLimitMb) => ({
    heartbeat: sup.heartbeat,
    backoff: sup.backoff,
    shutdownMs: sup.shutdownMs,
    resourceLimits: {
      maxOldGenerationSizeMb: sup.heapLimitMb[kind],
      ...(sup.youngGenerationMb[kind] > 0 ? { maxYoungGenerationSizeMb: sup.youngGenerationMb[kind] } : {}),
    },
  });
  const topology = new Topology();

  topology.actor({
    name: kRecorderActor,
    entry: kActorEntries.recorder,
    counters: recorderCounterNames(),
    config: {
      path: config.recorder.path,
      batchRecords: config.recorder.batchRecords,
      batchMs: config.recorder.batchMs,
      retentionMs: config.recorder.retentionMs,
      diskBudgetBytes: config.recorder.diskBudgetBytes,
      dlqMaxPerSource: config.recorder.dlqMaxPerSource,
      mapSizeBytes: config.recorder.mapSizeBytes,
      durability: config.recorder.durability,
      mapResidencyBytes: config.recorder.mapResidencyBytes,
      symbols: config.symbols,
    } satisfies RecorderActorConfig,
    // Its loop parks at most batchMs, so a batch's age timer fires on time when idle.
    loop: { parkMs: Math.max(1, Math.min(20, config.recorder.batchMs)) },
    child: child('recorder'),
  });

  const shardNames: string[] = [];
  for (let i = 0; i < shardCount; i++) {
    const name = shardActorName(i);
    shardNames.push(name);
    const s = config.shards;
    topology.actor({
      name,
      entry: kActorEntries.shard,
      counters: shardCounterNames(),
      config: {
        index: i,
        count: shardCount,
        symbols: config.symbols,
        exchanges,
        windowMs: s.windowMs,
        windowCapacity: s.windowCapacity,
        maxWindows: s.maxWindows,
        maxQuoteAgeMs: s.maxQuoteAgeMs,
        debounceMs: s.debounceMs,
        bypassBps: s.bypassBps,
        batchMaxUpdates: s.batchMaxUpdates,
        batchMaxDelayMs: s.batchMaxDelayMs,
        staleAfterMs: s.staleAfterMs,
        recorderPath: config.recorder.path,
      } satisfies ShardActorConfig,
      // The shard's loop parks at most this long, so its debounce timers run on time.
      loop: { parkMs: Math.max(1, Math.min(20, s.batchMaxDelayMs)) },
      child: child('shard'),
    });
  }

  for (const x of exchanges) {
    const c = config.exchanges[x];
    topology.actor({
      name: exchangeActorName(x),
      entry: kActorEntries.exchange,
      counters: exchangeCounterNames(),
      config: {
        exchange: x,
        url: urls[x] ?? c.url,
        symbols: config.symbols,
        shardCount,
        staleAfterMs: c.staleAfterMs,
        maxFrameBytes: c.maxFrameBytes,
        breaker: c.breaker,
        deadLetters: { path: config.recorder.path, maxPerSource: config.recorder.dlqMaxPerSource, durability: config.recorder.durability },
        logMaxRepeatsPerMinute: config.log.maxRepeatsPerMinute,
      } satisfies ExchangeActorConfig,
      child: child('exchange'),
    });
  }

  topology.endpoint(kHostEndpoint);

  const rings = config.rings;
  const edge = (r: (typeof rings)[keyof typeof rings], release: 'auto' | 'manual' = 'auto') => ({
    capacity: r.capacity,
    policy: r.policy,
    blockTimeoutMs: r.blockTimeoutMs,
    release,
  });
  for (const x of exchanges) {
    for (let i = 0; i < shardCount; i++) {
      topology.connect(`${exchangeActorName(x)}.shard${i}`, `${shardActorName(i)}.${x}`, edge(rings.exchangeToShard));
    }
    topology.connect(`${exchangeActorName(x)}.recorder`, `${kRecorderActor}.${x}`, edge(rings.exchangeToRecorder, 'manual'));
  }
  for (let i = 0; i < shardCount; i++) {
    topology.connect(`${shardActorName(i)}.recorder`, `${kRecorderActor}.shard${i}`, edge(rings.shardToRecorder, 'manual'));
    topology.connect(`${shardActorName(i)}.host`, `${kHostEndpoint}.shard${i}`, edge(rings.shardToHost));
  }

  const tree: TreeDecl = {
    name: 'root',
    strategy: 'one_for_one',
    intensity: sup.intensity,
    children: [
      kRecorderActor,
      { name: 'shards', strategy: 'one_for_one', intensity: sup.intensity, children: shardNames },
      { name: 'exchanges', strategy: 'one_for_one', intensity: sup.intensity, children: exchanges.map(exchangeActorName) },
    ],
  };
  return { topology, tree, exchanges, shardNames };
}

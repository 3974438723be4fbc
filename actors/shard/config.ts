import type { ExchangeName } from '../../src/market/exchange-ids.js';

/**
 * What the host hands a windowing shard (workerData config). Built by
 * src/host/pipeline/pipeline-topology.ts from the validated config.
 * Inputs: one ring per enabled exchange, port named after the exchange.
 * Outputs: `recorder` (spread updates, block) and `host` (spread snapshots
 * for the ops surface, conflate by symbol).
 */
export interface ShardActorConfig {
  readonly index: number;
  readonly count: number;
  /** The full symbol table in config order: symbolId = index. This shard owns ids with id % count == index. */
  readonly symbols: readonly string[];
  readonly exchanges: readonly ExchangeName[];
  readonly windowMs: number;
  readonly windowCapacity: number;
  readonly maxWindows: number;
  readonly maxQuoteAgeMs: number;
  readonly debounceMs: number;
  readonly bypassBps: number;
  readonly batchMaxUpdates: number;
  readonly batchMaxDelayMs: number;
  readonly staleAfterMs: number;
  /** The recorder's LMDB directory: a restarted shard rebuilds its windows from it. */
  readonly recorderPath: string;
}

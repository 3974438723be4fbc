import type { RingStats } from '../../../src/runtime/index.js';
import type { HealthInput } from '../../../src/host/health/assess-health.js';
import type { StatusSnapshot } from '../../../src/host/status/status-snapshot.js';
import type { ActorStatus, ExchangeStatus, RecorderStatus, ShardStatus } from '../../../src/host/status/status-source.js';

/** Literal building blocks for the pure ops tests: healthy by default, override what a case is about. */
export const kNow = 1_700_000_000_000;

export function actor(name: string, over: Partial<ActorStatus> = {}): ActorStatus {
  return { name, state: 'running', incarnation: 1, restarts: 0, attempt: 0, lastFailure: null, runningSince: kNow - 60_000, heartbeatAgeMs: 40, threadId: 7, ...over };
}

export function ring(over: Partial<RingStats> = {}): RingStats {
  return { capacity: 1024, recordSize: 64, fill: 10, written: 5000, read: 4990, dropped: 0, conflated: 0, highWatermark: 40, pending: 0, ...over };
}

export function exchange(over: Partial<ExchangeStatus> = {}): ExchangeStatus {
  return { enabled: true, connection: 'connected', breaker: 'closed', lastMessageAgeMs: 50, lastDataAgeMs: 80, staleAfterMs: 10_000, ...over };
}

export function shard(over: Partial<ShardStatus> = {}): ShardStatus {
  return { state: 'ok', windows: 12, spreads: 36, ticks: 100_000, recomputeRatio: 0.001, ...over };
}

export function recorder(over: Partial<RecorderStatus> = {}): RecorderStatus {
  return { lagRecords: 20, lastCommitAtMs: kNow - 100, committedRecords: 1_000_000, diskBytes: 2 ** 30, diskBudgetBytes: 10 * 2 ** 30, refusing: false, storeRemaps: 3, ...over };
}

export function healthInput(over: Partial<HealthInput> = {}): HealthInput {
  return {
    atMs: kNow,
    actors: [actor('exchange.okx'), actor('shard.0'), actor('recorder')],
    rings: { 'exchange.okx.toShard0->shard.0.okx': ring() },
    recentRingDrops: {},
    exchanges: { okx: exchange() },
    shards: { '0': shard() },
    recorder: recorder(),
    ...over,
  };
}

export function snapshot(over: Partial<StatusSnapshot> = {}): StatusSnapshot {
  const { recentRingDrops: _, ...base } = healthInput();
  return {
    ...base,
    uptimeMs: 61_000,
    counters: { 'exchange.okx.ticksOut': 12345, 'exchange.okx.parseErrors': 2 },
    spreads: [{ symbol: 'BTC-USDT', buy: 'okx', sell: 'bybit', spreadBps: 1.25, mid: 64000.5, ts: kNow - 300, window: { min: -2, max: 3, mean: 0.5, stddev: 1, count: 900 } }],
    actorMetrics: { 'exchange.okx': { heapUsedBytes: 12_000_000, eventLoopUtilization: 0.25 } },
    ...over,
  };
}

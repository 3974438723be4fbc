/**
 * The contract between the running pipeline and the ops surface (/health,
 * /ready, /metrics, the dashboard, admin actions). The ops server reads
 * everything through a StatusSource, at request or scrape time, and never
 * on the hot path: each method is a cheap synchronous read of shared memory
 * or of state the host already keeps. Nothing here may block or throw for
 * an expected condition (an exchange that has not connected yet is a
 * `null` age, not an exception).
 *
 * The host wires the real pipeline into it (SystemStatusSource covers the
 * runtime's part); tests give literal values.
 */
import type { ActorView, RingStats } from '../../runtime/index.js';

export type RestartType = 'permanent' | 'transient' | 'temporary';

/** An actor as ActorSystem.actors() reports it, plus its restart type (absent: permanent). */
export interface ActorStatus extends ActorView {
  readonly restart?: RestartType;
}

/**
 * One exchange connection. `connection` is the exchange actor's own word for
 * its socket state; `connected` (see HealthThresholds.connectedStates) means
 * subscribed and streaming. Ages are null until the first message.
 */
export interface ExchangeStatus {
  readonly enabled: boolean;
  readonly connection: string;
  /** The reconnect breaker: closed | open | half_open. */
  readonly breaker: string;
  /** Any frame, including pongs and acks. */
  readonly lastMessageAgeMs: number | null;
  /** The last frame that carried a quote. */
  readonly lastDataAgeMs: number | null;
  readonly staleAfterMs: number;
}

export type ShardState = 'ok' | 'degraded' | 'stale' | 'recovering';

export interface ShardStatus {
  readonly state: ShardState;
  readonly windows: number;
  readonly spreads: number;
  /** Ticks the shard has taken in (monotonic). */
  readonly ticks: number;
  /** Share of window updates that needed an exact recompute (0..1). */
  readonly recomputeRatio: number;
}

export interface RecorderStatus {
  /** Records in the recorder's input rings not yet committed. */
  readonly lagRecords: number;
  readonly lastCommitAtMs: number | null;
  readonly committedRecords: number;
  readonly diskBytes: number;
  /** 0: no budget. */
  readonly diskBudgetBytes: number;
  /** Over the disk budget: new data is refused (and counted). */
  readonly refusing: boolean;
  /** Times the recorder closed and reopened the store to unmap its resident pages (recorder.mapResidencyBytes), since it started. */
  readonly storeRemaps: number;
}

export interface SpreadView {
  readonly symbol: string;
  /** Exchange whose ask we buy on. */
  readonly buy: string;
  /** Exchange whose bid we sell on. */
  readonly sell: string;
  readonly spreadBps: number;
  readonly mid: number;
  /** Time of the update, ms since the epoch. */
  readonly ts: number;
  readonly window?: { readonly min: number; readonly max: number; readonly mean: number; readonly stddev: number; readonly count: number };
}

/** Per-actor figures the host polls over the stats RPC (see ActorMetricsPoller). */
export interface ActorRuntimeMetrics {
  /** 0..1 over the last poll interval. */
  readonly eventLoopUtilization?: number;
  readonly heapUsedBytes?: number;
}

export interface StatusSource {
  uptimeMs(): number;
  actors(): readonly ActorStatus[];
  rings(): Readonly<Record<string, RingStats>>;
  /** Shared hot-path counters, `actor.counter` → value. */
  counters(): Readonly<Record<string, number>>;
  exchanges(): Readonly<Record<string, ExchangeStatus>>;
  shards(): Readonly<Record<string, ShardStatus>>;
  /** null: no recorder in this topology. */
  recorder(): RecorderStatus | null;
  spreads(): readonly SpreadView[];
  actorMetrics(): Readonly<Record<string, ActorRuntimeMetrics>>;
  /** Every configured bound (ring capacities, window sizes and caps, DLQ cap, batch sizes, log rate). */
  bounds(): Readonly<Record<string, unknown>>;
}

export const kChaosFaults = ['kill', 'crash', 'hang'] as const;
export type ChaosFault = (typeof kChaosFaults)[number];

export function isChaosFault(s: string): s is ChaosFault {
  return (kChaosFaults as readonly string[]).includes(s);
}

/**
 * What admin endpoints may do. Each resolves once the action is under way
 * (the supervisor restarts asynchronously); it rejects only for a real
 * failure, which the server logs and reports without details.
 */
export interface AdminActions {
  restartActor(name: string): Promise<void>;
  chaos(name: string, fault: ChaosFault): Promise<void>;
  replayDeadLetters?(): Promise<{ replayed: number }>;
}

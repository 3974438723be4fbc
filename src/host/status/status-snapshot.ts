import type { RingStats } from '../../runtime/index.js';
import type {
  ActorRuntimeMetrics,
  ActorStatus,
  ExchangeStatus,
  RecorderStatus,
  ShardStatus,
  SpreadView,
  StatusSource,
} from './status-source.js';

/**
 * Everything a StatusSource says, read once. One /health response, one
 * scrape or one dashboard frame is built from one snapshot, so its parts
 * agree with each other (the ring fill and the recorder lag are of the same
 * moment, give or take the microseconds between the reads).
 */
export interface StatusSnapshot {
  /** When it was read (ms since the epoch, from the injected clock). */
  readonly atMs: number;
  readonly uptimeMs: number;
  readonly actors: readonly ActorStatus[];
  readonly rings: Readonly<Record<string, RingStats>>;
  readonly counters: Readonly<Record<string, number>>;
  readonly exchanges: Readonly<Record<string, ExchangeStatus>>;
  readonly shards: Readonly<Record<string, ShardStatus>>;
  readonly recorder: RecorderStatus | null;
  readonly spreads: readonly SpreadView[];
  readonly actorMetrics: Readonly<Record<string, ActorRuntimeMetrics>>;
}

export function readStatus(source: StatusSource, now: () => number = Date.now): StatusSnapshot {
  return {
    atMs: now(),
    uptimeMs: source.uptimeMs(),
    actors: source.actors(),
    rings: source.rings(),
    counters: source.counters(),
    exchanges: source.exchanges(),
    shards: source.shards(),
    recorder: source.recorder(),
    spreads: source.spreads(),
    actorMetrics: source.actorMetrics(),
  };
}

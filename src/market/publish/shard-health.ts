/**
 * What a shard reports to /health (types), and the pure rule that turns its
 * counters into a state. The shard's own numbers are in ShardHealth; the
 * state is:
 *   stale     no tick for more than staleAfterMs (counted from the first
 *             health check when no tick ever came);
 *   degraded  ticks arrive, but no spread was computed for more than
 *             degradedAfterMs (counted from the first tick when none ever was):
 *             e.g. one exchange left, or every other quote crossed or too old;
 *   ok        otherwise.
 */
export type ShardState = 'ok' | 'degraded' | 'stale';

/** The configured bounds, shown so that an operator sees what limits the shard. */
export interface ShardBounds {
  readonly windowMs: number;
  readonly windowCapacity: number;
  readonly maxWindows: number;
  readonly timeUnitUs: number;
  readonly recomputeEvery: number;
  /** Typed-array bytes of the window arena, allocated up front. */
  readonly arenaBytes: number;
  readonly maxQuoteAgeMs: number;
  readonly debounceMs: number;
  readonly thresholdBps: number;
  readonly batchMaxItems: number;
  readonly batchMaxDelayMs: number;
}

export interface ShardHealth {
  readonly shardIndex: number;
  readonly state: ShardState;
  readonly reason: string | null;
  /** Live ticks accepted (restored ones are in `restored`). */
  readonly ticks: number;
  /** Spreads computed from live ticks. */
  readonly computed: number;
  /** Spread updates handed to the sink, and the batches they went in. */
  readonly published: number;
  readonly batches: number;
  /** Ticks for another shard's symbol or an unknown exchange, and rejected window points. */
  readonly rejected: number;
  readonly gaps: number;
  readonly restored: number;
  readonly crossedQuotes: number;
  readonly invalidQuotes: number;
  /** Exact recomputes of window sums, and per live tick. */
  readonly recomputes: number;
  readonly recomputeRatio: number;
  readonly windows: number;
  readonly evictions: { readonly time: number; readonly capacity: number; readonly windows: number };
  readonly clampedTimes: number;
  readonly lastTickAgeMs: number | null;
  readonly lastComputeAgeMs: number | null;
  readonly bounds: ShardBounds;
}

export interface ShardActivity {
  readonly nowUs: number;
  readonly ticks: number;
  /** µs: first health check (when the shard started to be watched). */
  readonly startedUs: number;
  /** µs, NaN when none. */
  readonly firstTickUs: number;
  readonly lastTickUs: number;
  readonly lastComputeUs: number;
  readonly staleAfterUs: number;
  readonly degradedAfterUs: number;
}

export function classifyShard(a: ShardActivity): { state: ShardState; reason: string | null } {
  const quietUs = a.nowUs - (a.ticks > 0 ? a.lastTickUs : a.startedUs);
  if (quietUs > a.staleAfterUs) {
    return { state: 'stale', reason: `no tick for ${Math.round(quietUs / 1000)} ms (staleAfterMs ${a.staleAfterUs / 1000})` };
  }
  if (a.ticks > 0) {
    const idleUs = a.nowUs - (Number.isNaN(a.lastComputeUs) ? a.firstTickUs : a.lastComputeUs);
    if (idleUs > a.degradedAfterUs) {
      return {
        state: 'degraded',
        reason: `ticks arriving but no spread computed for ${Math.round(idleUs / 1000)} ms (degradedAfterMs ${a.degradedAfterUs / 1000})`,
      };
    }
  }
  return { state: 'ok', reason: null };
}

import { setImmediate as macrotask } from 'node:timers/promises';
import type { ShardCore } from '../../src/market/shard-core.js';
import type { LmdbTickStore } from '../../src/market/store/tick-store.js';
import { MergedStoreReplay } from './merged-store-replay.js';
import type { StoredRecord } from './store-stream-cursor.js';

/**
 * Where a restarted shard's replay of each symbol starts (wall clock only).
 *
 * Why: the full replay reads windowMs + maxQuoteAgeMs of every stream, but at
 * a high tick rate a window is bounded by its capacity long before its time.
 * At 2,000 ticks/s per stream a 32,768-point window holds the last ~8 s, and
 * the full replay reads 15 minutes: 100 times more. In the chaos soak at 30k
 * ticks/s a shard restart took 41-82 s, and held the store's map meanwhile.
 *
 * The shortened start of symbol S is T: the oldest, over the configured
 * exchanges X, of the recvTs of the capacity-th newest tick of (S, X) since
 * the full start. From T on every exchange sent at least capacity ticks, so
 * every pair window can fill with points from T on.
 *
 * Why a window that ends full is exact. Take the window of the pair (A, B)
 * and let tA, tB be the first ticks of A and B at or after T, tA <= tB. From
 * tB on, both replays hold the same quotes of A and B (each exchange's newest,
 * at or after T) and push the same points. Before tB, the full replay may push
 * points the shortened one cannot (A's ticks paired with B's quote from before
 * T), and nothing else: so the shortened replay's points are the full
 * replay's minus a prefix. A window holds the newest capacity points; if the
 * shortened one is full, they are the same points. Ticks of other exchanges
 * push no point into (A, B), and quotes older than T are no one's newest. So
 * no maxQuoteAge margin is needed before T.
 *
 * The proof: before the real replay, S's records from T are replayed into a
 * scratch core, and the window of every ordered pair of configured exchanges
 * must end full (RollingWindowStore.isFull). Otherwise (an exchange with
 * fewer than capacity ticks, a sparse or often stale pair, crossed quotes) S
 * is replayed in full. The windows then equal the full replay's: same points,
 * same last/min/max/count; mean and stddev agree to rounding (the running sums
 * are re-summed from fewer points). Not reproduced: the eviction counters, and
 * book entries of exchanges whose newest quote is older than T (none, when the
 * proof holds: every exchange ticked capacity times since).
 *
 * Cost: per stream one reverse key positioning (tick-store.ts
 * nthNewestTickTime); per shortened symbol its records replayed twice.
 */
export interface ReplayPlanOptions {
  readonly symbolIds: readonly number[];
  readonly exchangeIds: readonly number[];
  /** Start of the full replay, µs: now - windowMs - maxQuoteAgeMs. */
  readonly fullSinceUs: number;
  readonly nowUs: number;
  /** Effective window capacity (points). */
  readonly capacity: number;
  /** A core like the shard's with room for one symbol's windows; its contents are thrown away. */
  readonly scratch: ShardCore;
  readonly signal?: AbortSignal;
  readonly chunkRecords?: number;
}

export interface ReplayPlan {
  /** Replay start per symbol id, µs. */
  readonly sinceUs: ReadonlyMap<number, number>;
  /** Symbols whose replay is shortened. */
  readonly shortened: number;
  /** Records the proofs replayed into the scratch core. */
  readonly provedRecords: number;
}

export async function planReplay(store: LmdbTickStore, o: ReplayPlanOptions): Promise<ReplayPlan> {
  const sinceUs = new Map<number, number>();
  let shortened = 0;
  let provedRecords = 0;
  for (const symbolId of o.symbolIds) {
    if (o.signal?.aborted) break;
    const t = capacityStart(store, symbolId, o);
    let since = o.fullSinceUs;
    if (t !== undefined && t > o.fullSinceUs) {
      const proof = await prove(store, symbolId, t, o);
      provedRecords += proof.records;
      if (proof.holds) {
        since = t;
        shortened++;
      }
    }
    sinceUs.set(symbolId, since);
  }
  return { sinceUs, shortened, provedRecords };
}

/** T of the comment above, or undefined when some exchange sent fewer than capacity ticks since the full start. */
function capacityStart(store: LmdbTickStore, symbolId: number, o: ReplayPlanOptions): number | undefined {
  let t = Infinity;
  for (const exchangeId of o.exchangeIds) {
    const nth = store.nthNewestTickTime({ symbolId, exchangeId, n: o.capacity, sinceUs: o.fullSinceUs });
    if (nth === undefined) return undefined;
    t = Math.min(t, nth);
  }
  return t === Infinity ? undefined : t;
}

async function prove(store: LmdbTickStore, symbolId: number, t: number, o: ReplayPlanOptions): Promise<{ holds: boolean; records: number }> {
  const replay = new MergedStoreReplay(store, [symbolId], o.exchangeIds, t);
  const batch: StoredRecord[] = [];
  const chunk = o.chunkRecords ?? 4096;
  let records = 0;
  while (replay.next(batch, chunk) > 0) {
    if (o.signal?.aborted) return { holds: false, records };
    records += o.scratch.restore(batch);
    await macrotask();
  }
  for (const buy of o.exchangeIds) {
    for (const sell of o.exchangeIds) {
      if (buy !== sell && !o.scratch.windowFull(symbolId, buy, sell, o.nowUs)) return { holds: false, records };
    }
  }
  return { holds: true, records };
}

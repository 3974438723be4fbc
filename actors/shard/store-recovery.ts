import fs from 'node:fs';
import { setImmediate as macrotask } from 'node:timers/promises';
import path from 'node:path';
import type { ShardCore } from '../../src/market/shard-core.js';
import { openTickStore, type LmdbTickStore } from '../../src/market/store/tick-store.js';
import { RecordKind } from '../../src/market/tick-layout.js';
import { MergedStoreReplay } from './merged-store-replay.js';
import { FenceStream, type RecoveryFence } from './recovery-fence.js';
import { planReplay, type ReplayPlanOptions } from './replay-plan.js';
import type { ShardClock } from './shard-clock.js';
import type { StoredRecord } from './store-stream-cursor.js';

/**
 * Restart recovery (DESIGN.md §5, "on restart it rebuilds its windows from
 * the recorder's store"). Runs inside the shard's init, before the runtime
 * starts reading its rings, so restored records come first and live ones
 * after (with the recovery fence between them, recovery-fence.ts).
 *
 * What is read: for every owned symbol and configured exchange, ticks and
 * gap markers with recvTs >= sinceUs, plus whole-connection gaps, merged in
 * receive order (merged-store-replay.ts). The actor passes
 * sinceUs = now - windowMs - maxQuoteAgeMs with the wall clock: a window
 * holds points of the last windowMs, and a point at the window's start may
 * pair with a quote up to maxQuoteAgeMs older. With the data clock it passes
 * -Infinity: everything stored. With the wall clock it also passes `shorten`:
 * each symbol whose windows are bounded by their capacity rather than their
 * length is then replayed from where its windows can fill, when a replay into
 * a scratch core proves that exact (replay-plan.ts), so a restart at a high
 * tick rate reads seconds of ticks instead of windowMs.
 *
 * The store is opened read-only and closed before this returns, whatever
 * happens: a worker must not be terminated (a kill drill) while it holds an
 * LMDB environment (src/market/store/README.md), so the shard holds it only
 * during recovery. Between chunks it awaits a macrotask, so heartbeats, stats
 * RPCs and a drain keep being served while a large store is read.
 *
 * Outcomes (never a throw: a shard with an unreadable store still serves
 * live data, and the report says why its windows start empty):
 *   skipped   no store at the path (first start, recorder never committed)
 *   done      every stored record in range was restored
 *   aborted   the actor began draining (signal) mid-way; windows are partial
 *   failed    opening or reading the store threw; windows are partial or empty
 */
export type RecoveryState = 'pending' | 'running' | 'skipped' | 'done' | 'aborted' | 'failed';

export interface RecoveryProgress {
  state: RecoveryState;
  reason: string | null;
  ticks: number;
  gaps: number;
  /** Lower bound of the full read, µs (null: everything). */
  sinceUs: number | null;
  /** Symbols whose replay was shortened (replay-plan.ts), of `symbols`. */
  shortened: number;
  symbols: number;
  /** Records replayed into the scratch core to prove the shortened starts. */
  provedRecords: number;
  startedAtMs: number | null;
  durationMs: number | null;
}

export interface RecoveryOptions {
  readonly path: string;
  readonly symbolIds: readonly number[];
  readonly exchangeIds: readonly number[];
  readonly sinceUs: number;
  /** Shorten the replay where proven exact (wall clock only; replay-plan.ts). */
  readonly shorten?: Pick<ReplayPlanOptions, 'nowUs' | 'capacity' | 'scratch'>;
  readonly signal?: AbortSignal;
  /** Records per restore() call between awaits. */
  readonly chunkRecords?: number;
  /** Written as recovery goes, so stats() can show it while init runs. */
  readonly progress?: RecoveryProgress;
}

export function pendingRecovery(): RecoveryProgress {
  return {
    state: 'pending', reason: null, ticks: 0, gaps: 0, sinceUs: null, shortened: 0, symbols: 0, provedRecords: 0, startedAtMs: null, durationMs: null,
  };
}

export async function recoverFromStore(core: ShardCore, fence: RecoveryFence, clock: ShardClock, o: RecoveryOptions): Promise<RecoveryProgress> {
  const p = o.progress ?? pendingRecovery();
  const started = Date.now();
  Object.assign(p, { state: 'running', startedAtMs: started, sinceUs: Number.isFinite(o.sinceUs) ? o.sinceUs : null, symbols: o.symbolIds.length });
  const finish = (state: RecoveryState, reason: string | null): RecoveryProgress =>
    Object.assign(p, { state, reason, durationMs: Date.now() - started });

  if (!fs.existsSync(path.join(o.path, 'data.mdb'))) return finish('skipped', `no recorded data at ${o.path}`);
  let store: LmdbTickStore;
  try {
    store = openTickStore({ path: o.path, readOnly: true });
  } catch (err) {
    return finish('failed', `opening the store: ${message(err)}`);
  }
  const chunk = o.chunkRecords ?? 4096;
  const batch: StoredRecord[] = [];
  try {
    let since: number | ((symbolId: number) => number) = o.sinceUs;
    if (o.shorten !== undefined) {
      const plan = await planReplay(store, {
        ...o.shorten, symbolIds: o.symbolIds, exchangeIds: o.exchangeIds, fullSinceUs: o.sinceUs, ...(o.signal ? { signal: o.signal } : {}), chunkRecords: chunk,
      });
      Object.assign(p, { shortened: plan.shortened, provedRecords: plan.provedRecords });
      since = (symbolId) => plan.sinceUs.get(symbolId) ?? o.sinceUs;
    }
    const replay = new MergedStoreReplay(store, o.symbolIds, o.exchangeIds, since);
    for (;;) {
      if (o.signal?.aborted) return finish('aborted', 'the shard began draining during recovery');
      if (replay.next(batch, chunk) === 0) break;
      for (const r of batch) {
        clock.observe(r.recvTs);
        if (r.kind === RecordKind.Tick) {
          fence.noteRestored(FenceStream.Tick, r.exchangeId, r.symbolId, r.recvTs, r.seq);
          p.ticks++;
        } else {
          fence.noteRestored(FenceStream.SymbolGap, r.exchangeId, r.symbolId, r.recvTs, r.seq); // kAllSymbols: the exchange's own stream
          p.gaps++;
        }
      }
      core.restore(batch);
      await macrotask();
    }
    return finish('done', null);
  } catch (err) {
    return finish('failed', `reading the store: ${message(err)}`);
  } finally {
    await store.close();
  }
}

function message(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

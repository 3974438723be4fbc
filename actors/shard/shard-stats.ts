import { exchangeName } from '../../src/market/exchange-ids.js';
import type { ShardHealth, ShardState } from '../../src/market/publish/shard-health.js';
import { windowViews } from '../../src/market/publish/shard-snapshot.js';
import type { ShardCore } from '../../src/market/shard-core.js';
import type { SymbolTable } from '../../src/market/symbol-table.js';
import type { ShardClockKind } from './shard-options.js';
import type { RecoveryProgress } from './store-recovery.js';

/**
 * What the shard answers to stats() (polled about once a second by the host
 * for /health and the dashboard; never on the tick path). Bounded: the
 * snapshot has one row per live window, at most maxWindows.
 *
 *   state           'recovering' until the restore from the store has ended,
 *                   then ShardCore's health state (ok / degraded / stale)
 *   windows         live windows; spreads, ticks: spread updates published
 *                   and ticks read, counted since the system started (shared
 *                   counters: they survive restarts of the shard)
 *   recomputeRatio  exact window-sum recomputes per live tick
 *   bounds          the configured limits that bound the shard's memory
 *   health          ShardCore.health(now), this incarnation's own figures
 *   recovery        how the last (re)start restored its windows, and how many
 *                   ring records the recovery fence skipped as already restored
 *   snapshot        per (symbol, buy exchange, sell exchange) window stats at
 *                   nowUs, sorted by symbol id then pair
 */
export interface WindowRow {
  readonly symbol: string;
  readonly buy: string;
  readonly sell: string;
  readonly last: number;
  readonly min: number;
  readonly max: number;
  readonly mean: number;
  readonly stddev: number;
  readonly count: number;
}

export type ShardActorState = ShardState | 'recovering';

export interface ShardActorStats {
  readonly state: ShardActorState;
  readonly reason: string | null;
  readonly windows: number;
  readonly spreads: number;
  readonly ticks: number;
  readonly recomputeRatio: number;
  readonly bounds: { readonly windowMs: number; readonly windowCapacity: number; readonly maxWindows: number; readonly arenaBytes: number };
  readonly health: ShardHealth;
  readonly recovery: RecoveryProgress & { readonly duplicatesSkipped: number; readonly fenceArmedStreams: number };
  readonly foreignRecords: number;
  readonly clock: ShardClockKind;
  readonly snapshot: { readonly nowUs: number; readonly windows: readonly WindowRow[] };
}

export interface ShardStatsInput {
  readonly core: ShardCore;
  readonly symbols: SymbolTable;
  readonly clock: ShardClockKind;
  readonly nowUs: number;
  readonly recovery: RecoveryProgress;
  readonly duplicatesSkipped: number;
  readonly fenceArmedStreams: number;
  readonly foreignRecords: number;
  readonly ticks: number;
  readonly spreads: number;
}

export function shardStats(i: ShardStatsInput): ShardActorStats {
  const health = i.core.health(i.nowUs);
  const recovering = i.recovery.state === 'pending' || i.recovery.state === 'running';
  const b = health.bounds;
  return {
    state: recovering ? 'recovering' : health.state,
    reason: recovering ? `restoring windows from the recorder's store (${i.recovery.ticks} ticks so far)` : health.reason,
    windows: health.windows,
    spreads: i.spreads,
    ticks: i.ticks,
    recomputeRatio: health.recomputeRatio,
    bounds: { windowMs: b.windowMs, windowCapacity: b.windowCapacity, maxWindows: b.maxWindows, arenaBytes: b.arenaBytes },
    health,
    recovery: { ...i.recovery, duplicatesSkipped: i.duplicatesSkipped, fenceArmedStreams: i.fenceArmedStreams },
    foreignRecords: i.foreignRecords,
    clock: i.clock,
    snapshot: { nowUs: i.nowUs, windows: windowRows(i.core, i.symbols, i.nowUs) },
  };
}

export function windowRows(core: ShardCore, symbols: SymbolTable, nowUs: number): WindowRow[] {
  return windowViews(core.windows, core, core.exchangeSlots, nowUs)
    .sort((a, b) => a.symbolId - b.symbolId || a.buyExchangeId - b.buyExchangeId || a.sellExchangeId - b.sellExchangeId)
    .map((w) => ({
      symbol: symbols.nameOf(w.symbolId) ?? String(w.symbolId),
      buy: exchangeName(w.buyExchangeId) ?? String(w.buyExchangeId),
      sell: exchangeName(w.sellExchangeId) ?? String(w.sellExchangeId),
      last: w.last,
      min: w.min,
      max: w.max,
      mean: w.mean,
      stddev: w.stddev,
      count: w.count,
    }));
}

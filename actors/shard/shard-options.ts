import { ExchangeId, isExchangeName, type ExchangeName } from '../../src/market/exchange-ids.js';
import type { ShardCoreOptions } from '../../src/market/shard-core.js';
import { SymbolTable } from '../../src/market/symbol-table.js';
import { requireInteger, requireNumber } from '../../src/market/windows/require-option.js';
import type { ShardActorConfig } from './config.js';

/**
 * What the shard worker accepts: the host's ShardActorConfig (config.ts, the
 * lead's contract) plus one key of the shard's own, `clock`:
 *
 *   clock  'wall' (default): "now" is the wall clock in µs, the clock the
 *          exchange actors stamp recvTs with. Debounce and batch deadlines
 *          run on a timer; health notices a feed that went quiet; a restart
 *          restores ticks of the last windowMs + maxQuoteAgeMs.
 *          'data': "now" is the newest recvTs the shard has seen (restored or
 *          live). Time moves only with the data, so the output is a pure
 *          function of the tick stream: for replays of recorded data and for
 *          tests. No timer runs; a deadline passes when a tick at or after it
 *          arrives (the shard polls before applying that tick); a restart
 *          restores every stored tick of its symbols (the data clock cannot
 *          tell how old the store is).
 *
 * Every other key is checked here for type and range with its path
 * (`shard.KEY`); ShardCore checks the window and publish bounds again with
 * its own paths. The validated YAML config (src/host/config) has already
 * enforced the documented ranges; these checks catch a host wiring bug.
 */
export type ShardClockKind = 'wall' | 'data';

export interface ShardActorOptions extends ShardActorConfig {
  readonly clock?: ShardClockKind;
}

export interface ResolvedShardOptions extends ShardActorConfig {
  readonly clock: ShardClockKind;
  readonly symbolTable: SymbolTable;
  /** Exchange ids of config.exchanges, in config order. */
  readonly exchangeIds: readonly number[];
  /** Symbol ids this shard owns (id % count == index), ascending. */
  readonly ownedSymbolIds: readonly number[];
}

const p = 'shard';

export function resolveShardOptions(config: unknown): ResolvedShardOptions {
  if (typeof config !== 'object' || config === null) throw new TypeError(`${p}: config must be an object, got ${String(config)}`);
  const c = config as Partial<ShardActorOptions>;
  const count = int('count', c.count, 1, 1024);
  const index = int('index', c.index, 0, count - 1);
  if (!Array.isArray(c.symbols)) throw new TypeError(`${p}.symbols: expected a list of BASE-QUOTE names, got ${String(c.symbols)}`);
  const symbolTable = new SymbolTable(c.symbols as string[]);
  if (!Array.isArray(c.exchanges) || c.exchanges.length === 0) {
    throw new TypeError(`${p}.exchanges: expected a non-empty list of exchange names, got ${JSON.stringify(c.exchanges)}`);
  }
  const exchanges = c.exchanges as ExchangeName[];
  exchanges.forEach((x, i) => {
    if (!isExchangeName(x)) throw new RangeError(`${p}.exchanges[${i}]: "${String(x)}" is not one of ${Object.keys(ExchangeId).join(', ')}`);
    if (exchanges.indexOf(x) !== i) throw new RangeError(`${p}.exchanges[${i}]: "${x}" is listed twice`);
  });
  const clock = c.clock ?? 'wall';
  if (clock !== 'wall' && clock !== 'data') throw new RangeError(`${p}.clock: "${String(clock)}" is not one of wall, data`);
  if (typeof c.recorderPath !== 'string') throw new TypeError(`${p}.recorderPath: expected a directory path, got ${String(c.recorderPath)}`);
  const ownedSymbolIds: number[] = [];
  for (let id = index; id < symbolTable.size; id += count) ownedSymbolIds.push(id);
  return {
    index,
    count,
    symbols: symbolTable.names,
    exchanges,
    windowMs: int('windowMs', c.windowMs, 1, 2 ** 40),
    windowCapacity: int('windowCapacity', c.windowCapacity, 1, 1 << 22),
    maxWindows: int('maxWindows', c.maxWindows, 1, 1 << 24),
    maxQuoteAgeMs: int('maxQuoteAgeMs', c.maxQuoteAgeMs, 0, 86_400_000),
    debounceMs: int('debounceMs', c.debounceMs, 0, 3_600_000),
    bypassBps: num('bypassBps', c.bypassBps, 0, 1e6),
    batchMaxUpdates: int('batchMaxUpdates', c.batchMaxUpdates, 1, 1 << 16),
    batchMaxDelayMs: int('batchMaxDelayMs', c.batchMaxDelayMs, 0, 60_000),
    staleAfterMs: int('staleAfterMs', c.staleAfterMs, 1, 86_400_000),
    recorderPath: c.recorderPath,
    clock,
    symbolTable,
    exchangeIds: exchanges.map((x) => ExchangeId[x]),
    ownedSymbolIds,
  };
}

/** ShardCore options for a resolved shard config; sink and clock come from the actor. */
export function coreOptionsFor(o: ResolvedShardOptions, rest: Pick<ShardCoreOptions, 'sink' | 'clock'>): ShardCoreOptions {
  return {
    shardIndex: o.index,
    shardCount: o.count,
    symbolCount: o.symbols.length,
    maxQuoteAgeMs: o.maxQuoteAgeMs,
    staleAfterMs: o.staleAfterMs,
    // One knob for both: "this long without a tick / without a spread" is news to an operator.
    degradedAfterMs: o.staleAfterMs,
    window: { windowMs: o.windowMs, capacity: o.windowCapacity, maxWindows: o.maxWindows },
    publish: { debounceMs: o.debounceMs, thresholdBps: o.bypassBps, maxItems: o.batchMaxUpdates, maxDelayMs: o.batchMaxDelayMs },
    ...rest,
  };
}

function int(key: string, value: unknown, min: number, max: number): number {
  return requireInteger(`${p}.${key}`, value, min, max);
}

function num(key: string, value: unknown, min: number, max: number): number {
  return requireNumber(`${p}.${key}`, value, min, max);
}

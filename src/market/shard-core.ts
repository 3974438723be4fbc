import { BookTable, QuoteState } from './book-table.js';
import { ExchangeId } from './exchange-ids.js';
import { CountOrAgeBatcher, type BatchSink } from './publish/count-or-age-batcher.js';
import { classifyShard, type ShardHealth } from './publish/shard-health.js';
import { bookViews, windowViews, type ShardSnapshot } from './publish/shard-snapshot.js';
import { DebounceDecision, ThresholdBypassDebouncer } from './publish/threshold-bypass-debouncer.js';
import { OrderedPairCursor, spreadBps, spreadMid } from './spread.js';
import { RecordKind } from './tick-layout.js';
import { kAllSymbols, type MarketRecord, type SpreadUpdate } from './tick.js';
import { requireInteger } from './windows/require-option.js';
import { RollingWindowStore } from './windows/rolling-window-store.js';
import type { WindowOptions } from './windows/window-config.js';
import type { WindowStats } from './windows/window-stats.js';

/**
 * The pure heart of a windowing shard (DESIGN.md §5): no threads, no I/O,
 * time passed in. The shard actor feeds it ticks from its rings, calls
 * poll(now) from a timer set for nextDeadlineUs, and gives it a sink that
 * writes spread batches to the recorder and host rings.
 *
 * Options (path `shard.*` in messages), defaults:
 *   shardIndex, shardCount, symbolCount   owns symbols with id % shardCount == shardIndex
 *   exchangeSlots     largest ExchangeId + 1   exchange ids are < this (at most 32)
 *   maxQuoteAgeMs     5000    a quote older than this (receive clock) is left out of spreads
 *   staleAfterMs      10000   health: no tick for this long → 'stale'
 *   degradedAfterMs   10000   health: ticks but no spread computed for this long → 'degraded'
 *   window.*          windows/window-config.ts (windowMs 900000, capacity 32768, maxWindows 256, ...)
 *   publish.debounceMs 250, publish.thresholdBps 1       publish/threshold-bypass-debouncer.ts
 *   publish.maxItems 64, publish.maxDelayMs 20           publish/count-or-age-batcher.ts
 *   sink              receives SpreadUpdate batches (items reused: copy what you keep)
 *   clock             µs since the epoch, stamps computedTs only
 *
 * Per tick (exchange X, symbol S, received at t), O(exchanges) and allocation-free:
 *   1. X's quote replaces the previous one in the book; imbalance is computed.
 *   2. If the quote is usable (book-table.ts: valid, not crossed), then for every
 *      other exchange Y with a usable quote at most maxQuoteAgeMs old at t, the
 *      spreads of the pairs (X buys, Y sells) and (Y buys, X sells) are computed
 *      (spread.ts) and pushed into the windows of (S, pair) at time t. Pairs not
 *      involving X did not change, so they get no point: a window holds one point
 *      per change of its pair's spread.
 *   3. The symbol is offered to the debouncer with the largest move of those
 *      spreads since their last publication; past the threshold it publishes at
 *      once, otherwise within debounceMs. Publishing a symbol emits one
 *      SpreadUpdate per pair that changed since its last publication.
 * Everything depends on the ticks' own receive times, never on the wall clock,
 * so restore() over recorded ticks rebuilds the same book and windows.
 */
export interface ShardCoreOptions {
  readonly shardIndex: number;
  readonly shardCount: number;
  readonly symbolCount: number;
  readonly exchangeSlots?: number;
  readonly maxQuoteAgeMs?: number;
  readonly staleAfterMs?: number;
  readonly degradedAfterMs?: number;
  readonly window?: Partial<Omit<WindowOptions, 'keySpace'>>;
  readonly publish?: { readonly debounceMs?: number; readonly thresholdBps?: number; readonly maxItems?: number; readonly maxDelayMs?: number };
  readonly sink?: BatchSink<SpreadUpdate>;
  readonly clock?: () => number;
}

export const kShardDefaults = {
  exchangeSlots: Math.max(...Object.values(ExchangeId)) + 1,
  maxQuoteAgeMs: 5_000,
  staleAfterMs: 10_000,
  degradedAfterMs: 10_000,
} as const;

type SpreadSlot = { -readonly [K in keyof SpreadUpdate]: SpreadUpdate[K] };

function makeSpreadSlot(): SpreadSlot {
  return {
    kind: RecordKind.Spread, symbolId: 0, buyExchangeId: 0, sellExchangeId: 0, spreadBps: 0, mid: 0,
    buyAskSize: 0, sellBidSize: 0, ts: 0, computedTs: 0, seq: 0,
  };
}

export class ShardCore {
  readonly shardIndex: number;
  readonly shardCount: number;
  readonly symbolCount: number;
  readonly exchangeSlots: number;
  readonly book: BookTable;
  readonly windows: RollingWindowStore;

  private readonly maxQuoteAgeUs: number;
  private readonly staleAfterUs: number;
  private readonly degradedAfterUs: number;
  private readonly pairsPerSymbol: number;
  private readonly debouncer: ThresholdBypassDebouncer;
  private readonly batcher: CountOrAgeBatcher<SpreadSlot>;
  private readonly clock: () => number;
  private readonly cursor = new OrderedPairCursor();
  // Per (symbol slot, pair) key: the latest spread and what was last published.
  private readonly latestSpread: Float64Array;
  private readonly latestMid: Float64Array;
  private readonly latestBuyAskSize: Float64Array;
  private readonly latestSellBidSize: Float64Array;
  private readonly latestTs: Float64Array;
  private readonly publishedSpread: Float64Array;
  private readonly dirty: Uint8Array;

  private ticks = 0;
  private computed = 0;
  private published = 0;
  private rejected = 0;
  private gaps = 0;
  private restored = 0;
  private seq = 0;
  private startedUs = NaN;
  private firstTickUs = NaN;
  private lastTickUs = NaN;
  private lastComputeUs = NaN;

  constructor(options: ShardCoreOptions) {
    const p = 'shard';
    this.shardCount = requireInteger(`${p}.shardCount`, options.shardCount, 1, 1024);
    this.shardIndex = requireInteger(`${p}.shardIndex`, options.shardIndex, 0, this.shardCount - 1);
    this.symbolCount = requireInteger(`${p}.symbolCount`, options.symbolCount, 0, 1 << 24);
    this.exchangeSlots = requireInteger(`${p}.exchangeSlots`, options.exchangeSlots ?? kShardDefaults.exchangeSlots, 2, 32);
    this.maxQuoteAgeUs = requireInteger(`${p}.maxQuoteAgeMs`, options.maxQuoteAgeMs ?? kShardDefaults.maxQuoteAgeMs, 0, 86_400_000) * 1000;
    this.staleAfterUs = requireInteger(`${p}.staleAfterMs`, options.staleAfterMs ?? kShardDefaults.staleAfterMs, 1, 86_400_000) * 1000;
    this.degradedAfterUs = requireInteger(`${p}.degradedAfterMs`, options.degradedAfterMs ?? kShardDefaults.degradedAfterMs, 1, 86_400_000) * 1000;
    const slots = Math.max(1, Math.ceil((this.symbolCount - this.shardIndex) / this.shardCount));
    this.pairsPerSymbol = this.exchangeSlots * this.exchangeSlots;
    const keys = slots * this.pairsPerSymbol;
    this.book = new BookTable(slots, this.exchangeSlots, `${p}.book`);
    this.windows = new RollingWindowStore({ ...options.window, keySpace: keys }, `${p}.window`);
    const publish = options.publish ?? {};
    this.debouncer = new ThresholdBypassDebouncer({ keys: slots, debounceMs: publish.debounceMs, thresholdBps: publish.thresholdBps }, `${p}.publish`);
    const sink = options.sink ?? (() => {});
    this.batcher = new CountOrAgeBatcher<SpreadSlot>(
      { maxItems: publish.maxItems, maxDelayMs: publish.maxDelayMs }, makeSpreadSlot, sink, `${p}.publish`,
    );
    this.clock = options.clock ?? (() => (performance.timeOrigin + performance.now()) * 1000);
    this.latestSpread = new Float64Array(keys);
    this.latestMid = new Float64Array(keys);
    this.latestBuyAskSize = new Float64Array(keys);
    this.latestSellBidSize = new Float64Array(keys);
    this.latestTs = new Float64Array(keys);
    this.publishedSpread = new Float64Array(keys).fill(NaN);
    this.dirty = new Uint8Array(keys);
  }

  owns(symbolId: number): boolean {
    return (symbolId >>> 0) === symbolId && symbolId < this.symbolCount && symbolId % this.shardCount === this.shardIndex;
  }

  /** One tick, fields as in the tick record. Returns the number of spreads computed; never throws. */
  onTick(
    exchangeId: number, symbolId: number, bid: number, ask: number, bidSize: number, askSize: number,
    exchangeTs: number, recvTs: number, flags: number,
  ): number {
    return this.ingest(exchangeId, symbolId, bid, ask, bidSize, askSize, exchangeTs, recvTs, flags, true);
  }

  /** Data may be missing for exchangeId (symbolId, or every symbol with kAllSymbols): its quotes are dropped. */
  onGap(exchangeId: number, symbolId: number): void {
    this.gaps++;
    if (!(exchangeId >= 0 && exchangeId < this.exchangeSlots)) return;
    if (symbolId === kAllSymbols) {
      for (let s = 0; s < this.book.symbolSlots; s++) this.book.invalidate(s, exchangeId);
    } else if (this.owns(symbolId)) {
      this.book.invalidate((symbolId - this.shardIndex) / this.shardCount, exchangeId);
    }
  }

  /**
   * Rebuilds book and windows from recorded records (ticks and gaps; spreads
   * are skipped), publishing nothing. Feed each symbol's records in receive
   * order (merge the recorder's per-exchange ranges by recvTs): a core that
   * saw the same ticks live in that order then has equal window stats.
   */
  restore(records: Iterable<MarketRecord>): number {
    let n = 0;
    for (const r of records) {
      if (r.kind === RecordKind.Tick) {
        this.ingest(r.exchangeId, r.symbolId, r.bid, r.ask, r.bidSize, r.askSize, r.exchangeTs, r.recvTs, r.flags, false);
      } else if (r.kind === RecordKind.Gap) {
        this.onGap(r.exchangeId, r.symbolId);
      } else {
        continue;
      }
      n++;
    }
    this.restored += n;
    this.dirty.fill(0);
    return n;
  }

  /** Publishes symbols whose debounce is due and flushes an old batch. Call at nextDeadlineUs. */
  poll(nowUs: number): void {
    for (let slot = this.debouncer.nextDue(nowUs); slot >= 0; slot = this.debouncer.nextDue(nowUs)) {
      this.publishSymbol(slot, nowUs);
    }
    this.batcher.poll(nowUs);
  }

  /** Publishes every pending change and flushes the batch (graceful shutdown). */
  flush(nowUs: number): void {
    for (let slot = 0; slot < this.book.symbolSlots; slot++) this.publishSymbol(slot, nowUs);
    this.batcher.flush();
  }

  /** When poll() next has work (µs), Infinity when nothing is pending. */
  get nextDeadlineUs(): number {
    return Math.min(this.debouncer.nextDueAt, this.batcher.deadlineUs);
  }

  /** Stats of the window of (symbol, buy exchange, sell exchange) at nowUs into out; false when it has none. */
  readWindow(symbolId: number, buyExchangeId: number, sellExchangeId: number, nowUs: number, out: WindowStats): boolean {
    const key = this.windowKey(symbolId, buyExchangeId, sellExchangeId);
    return key >= 0 && this.windows.read(key, nowUs, out);
  }

  /** The window of (symbol, buy, sell) holds capacity points at nowUs (RollingWindowStore.isFull). */
  windowFull(symbolId: number, buyExchangeId: number, sellExchangeId: number, nowUs: number): boolean {
    const key = this.windowKey(symbolId, buyExchangeId, sellExchangeId);
    return key >= 0 && this.windows.isFull(key, nowUs);
  }

  health(nowUs: number): ShardHealth {
    if (Number.isNaN(this.startedUs)) this.startedUs = nowUs;
    const w = this.windows;
    const c = w.config;
    const { state, reason } = classifyShard({
      nowUs, ticks: this.ticks, startedUs: this.startedUs, firstTickUs: this.firstTickUs, lastTickUs: this.lastTickUs,
      lastComputeUs: this.lastComputeUs, staleAfterUs: this.staleAfterUs, degradedAfterUs: this.degradedAfterUs,
    });
    return {
      shardIndex: this.shardIndex, state, reason,
      ticks: this.ticks, computed: this.computed, published: this.published, batches: this.batcher.batches,
      rejected: this.rejected + w.rejected, gaps: this.gaps, restored: this.restored,
      crossedQuotes: this.book.crossedQuotes, invalidQuotes: this.book.invalidQuotes,
      recomputes: w.recomputes, recomputeRatio: this.ticks > 0 ? w.recomputes / this.ticks : 0,
      windows: w.windowCount,
      evictions: { time: w.timeEvictions, capacity: w.capacityEvictions, windows: w.windowEvictions },
      clampedTimes: w.clampedTimes,
      lastTickAgeMs: this.ticks > 0 ? (nowUs - this.lastTickUs) / 1000 : null,
      lastComputeAgeMs: Number.isNaN(this.lastComputeUs) ? null : (nowUs - this.lastComputeUs) / 1000,
      bounds: {
        windowMs: c.windowMs, windowCapacity: c.capacity, maxWindows: c.maxWindows, timeUnitUs: c.timeUnitUs,
        recomputeEvery: c.recomputeEvery, arenaBytes: w.arenaBytes, maxQuoteAgeMs: this.maxQuoteAgeUs / 1000,
        debounceMs: this.debouncer.debounceUs / 1000, thresholdBps: this.debouncer.thresholdBps,
        batchMaxItems: this.batcher.maxItems, batchMaxDelayMs: this.batcher.maxDelayUs / 1000,
      },
    };
  }

  /** Health, every quote and every window, for /health and the dashboard. Allocates: not for the hot path. */
  snapshot(nowUs: number): ShardSnapshot {
    return {
      health: this.health(nowUs),
      books: bookViews(this.book, this, nowUs, this.maxQuoteAgeUs),
      windows: windowViews(this.windows, this, this.exchangeSlots, nowUs),
    };
  }

  private windowKey(symbolId: number, buyExchangeId: number, sellExchangeId: number): number {
    if (!this.owns(symbolId) || !this.validExchange(buyExchangeId) || !this.validExchange(sellExchangeId)) return -1;
    return ((symbolId - this.shardIndex) / this.shardCount) * this.pairsPerSymbol + buyExchangeId * this.exchangeSlots + sellExchangeId;
  }

  private validExchange(exchangeId: number): boolean {
    return exchangeId >= 0 && exchangeId < this.exchangeSlots && (exchangeId | 0) === exchangeId;
  }

  private ingest(
    ex: number, symbolId: number, bid: number, ask: number, bidSize: number, askSize: number,
    exchangeTs: number, recvTs: number, flags: number, live: boolean,
  ): number {
    if (!this.validExchange(ex) || !this.owns(symbolId) || !Number.isFinite(recvTs)) {
      this.rejected++;
      return 0;
    }
    if (live) {
      this.ticks++;
      if (Number.isNaN(this.firstTickUs)) this.firstTickUs = recvTs;
      if (!(recvTs <= this.lastTickUs)) this.lastTickUs = recvTs;
    }
    const slot = (symbolId - this.shardIndex) / this.shardCount;
    const book = this.book;
    if (book.update(slot, ex, bid, ask, bidSize, askSize, exchangeTs, recvTs, flags) !== QuoteState.Usable) return 0;

    const E = this.exchangeSlots;
    const keyBase = slot * this.pairsPerSymbol;
    const rowBase = slot * E;
    const cursor = this.cursor;
    cursor.resetTouching(book.freshMask(slot, recvTs, this.maxQuoteAgeUs), ex);
    let n = 0;
    let move = -1;
    while (cursor.next()) {
      const rb = rowBase + cursor.buy;
      const rs = rowBase + cursor.sell;
      const buyAsk = book.ask[rb]!;
      const sellBid = book.bid[rs]!;
      const s = spreadBps(buyAsk, sellBid);
      const key = keyBase + cursor.buy * E + cursor.sell;
      this.windows.push(key, recvTs, s);
      this.latestSpread[key] = s;
      this.latestMid[key] = spreadMid(buyAsk, sellBid);
      this.latestBuyAskSize[key] = book.askSize[rb]!;
      this.latestSellBidSize[key] = book.bidSize[rs]!;
      this.latestTs[key] = recvTs;
      this.dirty[key] = 1;
      const d = Math.abs(s - this.publishedSpread[key]!); // NaN until first published: no bypass
      if (d > move) move = d;
      n++;
    }
    if (n === 0 || !live) return n;
    this.computed += n;
    if (!(recvTs <= this.lastComputeUs)) this.lastComputeUs = recvTs;
    if (this.debouncer.offer(slot, recvTs, move) === DebounceDecision.PublishNow) this.publishSymbol(slot, recvTs);
    return n;
  }

  private publishSymbol(slot: number, nowUs: number): void {
    const base = slot * this.pairsPerSymbol;
    const E = this.exchangeSlots;
    for (let pair = 0; pair < this.pairsPerSymbol; pair++) {
      const key = base + pair;
      if (this.dirty[key] === 0) continue;
      this.dirty[key] = 0;
      this.publishedSpread[key] = this.latestSpread[key]!;
      const u = this.batcher.claim(nowUs);
      u.symbolId = slot * this.shardCount + this.shardIndex;
      u.buyExchangeId = (pair / E) | 0;
      u.sellExchangeId = pair % E;
      u.spreadBps = this.latestSpread[key]!;
      u.mid = this.latestMid[key]!;
      u.buyAskSize = this.latestBuyAskSize[key]!;
      u.sellBidSize = this.latestSellBidSize[key]!;
      u.ts = this.latestTs[key]!;
      u.computedTs = this.clock();
      u.seq = this.seq;
      this.seq = (this.seq + 1) >>> 0;
      this.published++;
      this.batcher.commit(nowUs);
    }
    this.debouncer.published(slot);
  }
}

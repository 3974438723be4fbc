import type { ShardCore } from '../../src/market/shard-core.js';
import {
  kAskOffset, kAskSizeOffset, kBidOffset, kBidSizeOffset, kExchangeIdOffset, kExchangeTsOffset,
  kFlagsOffset, kKindMask, kRecvTsOffset, kSeqOffset, kSymbolIdOffset, RecordKind,
} from '../../src/market/tick-layout.js';
import { kAllSymbols } from '../../src/market/tick.js';
import type { RateLimitedWarning } from './rate-limited-warning.js';
import { FenceStream, type RecoveryFence } from './recovery-fence.js';
import type { ShardClock } from './shard-clock.js';

/**
 * Input-ring records → ShardCore. One call per record, on the hot path: no
 * allocation, no throw. Fields are read straight from the 64-byte layout
 * (tick-layout.ts) because tick-codec's readTick returns a new object.
 *
 * Per record:
 *   Tick  counted; a symbol this shard does not own (or an exchange id past
 *         the core's slots) is a wiring bug: counted as foreign and logged
 *         at a bounded rate, never applied. A record the recovery fence
 *         knows was restored already is skipped (counted). Otherwise
 *         core.onTick with the record's own exchange id (ids are the core's
 *         exchange slots, exchange-ids.ts).
 *   Gap   the same checks, then core.onGap (kAllSymbols: every symbol of
 *         that exchange).
 *   other kinds (a spread record, garbage) are counted as foreign.
 * With the data clock, time advances to each record's recvTs first and due
 * publications are polled before the record applies, so what is published
 * does not depend on how the loop batches records.
 *
 * Tallies are plain numbers; the actor moves them into shared counters once
 * per batch (counter-sync.ts).
 */
export class TickRecordAdapter {
  ticks = 0;
  gaps = 0;
  /** Spreads computed from live ticks. */
  computed = 0;
  /**
   * Quotes left out of a spread for age: for each usable tick, the other
   * exchanges whose quote was usable but older than maxQuoteAgeMs.
   */
  staleExcluded = 0;
  /** Records this shard must not apply: another shard's symbol, an unknown exchange or kind. */
  foreign = 0;

  private readonly dataTime: boolean;
  private readonly slots: number;

  constructor(
    private readonly core: ShardCore,
    private readonly clock: ShardClock,
    private readonly fence: RecoveryFence,
    private readonly warning: RateLimitedWarning,
  ) {
    this.dataTime = clock.kind === 'data';
    this.slots = core.exchangeSlots;
  }

  /** Skipped as already restored (see recovery-fence.ts). */
  get duplicates(): number {
    return this.fence.duplicates;
  }

  readonly onRecord = (view: DataView, off: number, input: string): void => {
    const kind = view.getUint16(off + kFlagsOffset, true) & kKindMask;
    if (kind === RecordKind.Tick) this.onTick(view, off, input);
    else if (kind === RecordKind.Gap) this.onGap(view, off, input);
    else this.reject('kind', input, view, off, kind);
  };

  private onTick(view: DataView, off: number, input: string): void {
    this.ticks++;
    const core = this.core;
    const symbolId = view.getUint32(off + kSymbolIdOffset, true);
    const ex = view.getUint16(off + kExchangeIdOffset, true);
    if (!core.owns(symbolId) || ex >= this.slots) {
      this.reject('tick', input, view, off, RecordKind.Tick);
      return;
    }
    const recvTs = view.getFloat64(off + kRecvTsOffset, true);
    const fence = this.fence;
    if (fence.active && fence.isDuplicate(FenceStream.Tick, ex, symbolId, recvTs, view.getUint32(off + kSeqOffset, true))) return;
    if (this.dataTime) this.advanceTo(recvTs);
    const n = core.onTick(
      ex, symbolId,
      view.getFloat64(off + kBidOffset, true), view.getFloat64(off + kAskOffset, true),
      view.getFloat64(off + kBidSizeOffset, true), view.getFloat64(off + kAskSizeOffset, true),
      view.getFloat64(off + kExchangeTsOffset, true), recvTs, view.getUint16(off + kFlagsOffset, true),
    );
    this.computed += n;
    const bit = (1 << ex) >>> 0;
    const usable = core.book.usableMask[(symbolId - core.shardIndex) / core.shardCount]!;
    // A usable tick pairs with every other usable quote young enough, 2 spreads each.
    if ((usable & bit) !== 0) this.staleExcluded += popcount32((usable & ~bit) >>> 0) - (n >>> 1);
  }

  private onGap(view: DataView, off: number, input: string): void {
    this.gaps++;
    const core = this.core;
    const symbolId = view.getUint32(off + kSymbolIdOffset, true);
    const ex = view.getUint16(off + kExchangeIdOffset, true);
    if ((symbolId !== kAllSymbols && !core.owns(symbolId)) || ex >= this.slots) {
      this.reject('gap', input, view, off, RecordKind.Gap);
      return;
    }
    const recvTs = view.getFloat64(off + kRecvTsOffset, true);
    const fence = this.fence;
    if (fence.active && fence.isDuplicate(FenceStream.SymbolGap, ex, symbolId, recvTs, view.getUint32(off + kSeqOffset, true))) return;
    if (this.dataTime) this.advanceTo(recvTs);
    core.onGap(ex, symbolId);
  }

  private advanceTo(recvTs: number): void {
    this.clock.observe(recvTs);
    const now = this.clock.nowUs();
    if (now >= this.core.nextDeadlineUs) this.core.poll(now);
  }

  private reject(what: 'tick' | 'gap' | 'kind', input: string, view: DataView, off: number, kind: number): void {
    this.foreign++;
    const core = this.core;
    const message = what === 'kind'
      ? `shard ${core.shardIndex} got a record of kind ${kind} on an input (wiring bug): not applied`
      : `shard ${core.shardIndex} got a ${what} for a symbol or exchange it does not own (wiring bug): not applied`;
    this.warning.warn(`foreign-${what}`, {
      input,
      recordKind: kind,
      symbolId: view.getUint32(off + kSymbolIdOffset, true),
      exchangeId: view.getUint16(off + kExchangeIdOffset, true),
      shardIndex: core.shardIndex,
      shardCount: core.shardCount,
      foreignRecords: this.foreign,
    }, message);
  }
}

function popcount32(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}

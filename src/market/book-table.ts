import { imbalance } from './imbalance.js';
import { kFlagCrossed } from './tick-layout.js';
import { requireInteger } from './windows/require-option.js';

/** What a stored quote is good for. */
export const QuoteState = {
  /** No quote yet, or invalidated by a gap. */
  Absent: 0,
  /** Valid prices, bid < ask: takes part in spreads while fresh. */
  Usable: 1,
  /** Flagged crossed by the parser (kFlagCrossed), or bid >= ask: kept, shown, never in a spread. */
  Crossed: 2,
  /** A price that is not finite and > 0 (an empty side, a bad frame): kept, never in a spread. */
  Invalid: 3,
} as const;
export type QuoteState = (typeof QuoteState)[keyof typeof QuoteState];

/**
 * Latest best bid/offer per (symbol slot, exchange), struct-of-arrays in typed
 * arrays, row = slot * exchangeSlots + exchangeId. A shard owns one; nothing
 * is allocated per update.
 *
 * Age exclusion: a usable quote takes part in spreads at time now iff
 * now - recvTs <= maxAgeUs (a quote exactly maxAge old still counts). The age
 * is measured on the receive clock of the quotes, so replaying recorded ticks
 * gives the same answers as seeing them live.
 *
 * Imbalance is computed for every quote, crossed or not (it needs no prices).
 */
export class BookTable {
  readonly symbolSlots: number;
  readonly exchangeSlots: number;

  readonly bid: Float64Array;
  readonly ask: Float64Array;
  readonly bidSize: Float64Array;
  readonly askSize: Float64Array;
  readonly exchangeTs: Float64Array;
  readonly recvTs: Float64Array;
  readonly imbalance: Float64Array;
  readonly flags: Uint16Array;
  readonly state: Uint8Array;
  /** Per symbol slot: bit e set iff exchange e's quote is Usable (whatever its age). */
  readonly usableMask: Uint32Array;

  crossedQuotes = 0;
  invalidQuotes = 0;

  constructor(symbolSlots: number, exchangeSlots: number, path = 'book') {
    this.symbolSlots = requireInteger(`${path}.symbolSlots`, symbolSlots, 1, 1 << 24);
    // Exchanges are bits of a u32 mask (spread.ts OrderedPairCursor).
    this.exchangeSlots = requireInteger(`${path}.exchangeSlots`, exchangeSlots, 1, 32);
    const rows = symbolSlots * exchangeSlots;
    this.bid = new Float64Array(rows);
    this.ask = new Float64Array(rows);
    this.bidSize = new Float64Array(rows);
    this.askSize = new Float64Array(rows);
    this.exchangeTs = new Float64Array(rows);
    this.recvTs = new Float64Array(rows);
    this.imbalance = new Float64Array(rows);
    this.flags = new Uint16Array(rows);
    this.state = new Uint8Array(rows);
    this.usableMask = new Uint32Array(symbolSlots);
  }

  row(slot: number, exchangeId: number): number {
    return slot * this.exchangeSlots + exchangeId;
  }

  /** Stores the quote and returns its state. Caller checks slot and exchangeId are in range. */
  update(
    slot: number, exchangeId: number, bid: number, ask: number, bidSize: number, askSize: number,
    exchangeTs: number, recvTs: number, flags: number,
  ): QuoteState {
    const r = slot * this.exchangeSlots + exchangeId;
    this.bid[r] = bid;
    this.ask[r] = ask;
    this.bidSize[r] = bidSize;
    this.askSize[r] = askSize;
    this.exchangeTs[r] = exchangeTs;
    this.recvTs[r] = recvTs;
    this.flags[r] = flags;
    this.imbalance[r] = imbalance(bidSize, askSize);
    let state: QuoteState;
    if (!(bid > 0 && ask > 0 && bid < Infinity && ask < Infinity && Number.isFinite(recvTs))) {
      state = QuoteState.Invalid;
      this.invalidQuotes++;
    } else if ((flags & kFlagCrossed) !== 0 || bid >= ask) {
      state = QuoteState.Crossed;
      this.crossedQuotes++;
    } else {
      state = QuoteState.Usable;
    }
    this.state[r] = state;
    this.setUsable(slot, exchangeId, state === QuoteState.Usable);
    return state;
  }

  /** Forgets a quote (data may be missing after a gap), so no spread uses it. */
  invalidate(slot: number, exchangeId: number): void {
    this.state[slot * this.exchangeSlots + exchangeId] = QuoteState.Absent;
    this.setUsable(slot, exchangeId, false);
  }

  /** Mask of the exchanges whose quote for slot is usable and at most maxAgeUs old at nowUs. */
  freshMask(slot: number, nowUs: number, maxAgeUs: number): number {
    let mask = this.usableMask[slot]!;
    let fresh = 0;
    const base = slot * this.exchangeSlots;
    while (mask !== 0) {
      const e = 31 - Math.clz32(mask & -mask);
      mask = (mask & (mask - 1)) >>> 0;
      if (nowUs - this.recvTs[base + e]! <= maxAgeUs) fresh |= 1 << e;
    }
    return fresh >>> 0;
  }

  private setUsable(slot: number, exchangeId: number, usable: boolean): void {
    const bit = (1 << exchangeId) >>> 0;
    const m = this.usableMask[slot]!;
    this.usableMask[slot] = usable ? (m | bit) >>> 0 : (m & ~bit) >>> 0;
  }
}

import { RecordKind } from './tick-layout.js';

/** A normalised best bid/offer, as the parsers produce it (DESIGN.md §2). */
export interface Tick {
  readonly kind: typeof RecordKind.Tick;
  readonly exchangeId: number;
  readonly symbolId: number;
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
  /** Exchange event time, µs since the epoch; 0 when the exchange sends none. */
  readonly exchangeTs: number;
  /** Local receive time, µs since the epoch. */
  readonly recvTs: number;
  readonly seq: number;
  readonly flags: number;
}

/** A cross-exchange spread update published by a shard. */
export interface SpreadUpdate {
  readonly kind: typeof RecordKind.Spread;
  readonly symbolId: number;
  readonly buyExchangeId: number;
  readonly sellExchangeId: number;
  /** (sellBid - buyAsk) / mid * 1e4. */
  readonly spreadBps: number;
  readonly mid: number;
  readonly buyAskSize: number;
  readonly sellBidSize: number;
  /** Time of the tick that caused the update, µs since the epoch. */
  readonly ts: number;
  /** Time the shard computed it, µs since the epoch. */
  readonly computedTs: number;
  readonly seq: number;
}

/** Data may be missing for this exchange (and symbol, or all symbols when symbolId is kAllSymbols). */
export interface GapMarker {
  readonly kind: typeof RecordKind.Gap;
  readonly exchangeId: number;
  readonly symbolId: number;
  readonly recvTs: number;
  readonly seq: number;
  readonly epoch: number;
}

export const kAllSymbols = 0xffffffff;

export type MarketRecord = Tick | SpreadUpdate | GapMarker;

import type { ParseResult } from '../../src/market/exchanges/base/parse-result.js';

/** The fields a tardis-dev BookTicker and our Tick must agree on. */
export interface Top {
  symbol: string;
  bid: number | undefined;
  ask: number | undefined;
  bidSize: number | undefined;
  askSize: number | undefined;
  /** ms since the epoch, when the exchange sent a time */
  timestampMs: number | undefined;
}

interface TardisBookTicker {
  symbol: string;
  bidPrice?: number | undefined;
  askPrice?: number | undefined;
  bidAmount?: number | undefined;
  askAmount?: number | undefined;
  timestamp: Date;
}

export function topsFromTardis(tickers: Iterable<TardisBookTicker> | undefined, withTime: boolean): Top[] {
  return [...(tickers ?? [])].map((t) => ({
    symbol: t.symbol,
    bid: t.bidPrice,
    ask: t.askPrice,
    bidSize: t.bidAmount,
    askSize: t.askAmount,
    timestampMs: withTime ? t.timestamp.valueOf() : undefined,
  }));
}

export function topsFromOurs(r: ParseResult, spellingOf: (symbolId: number) => string, withTime: boolean): Top[] {
  if (r.kind !== 'ticks') return [];
  return r.ticks.toArray().map((t) => ({
    symbol: spellingOf(t.symbolId),
    bid: t.bid,
    ask: t.ask,
    bidSize: t.bidSize,
    askSize: t.askSize,
    timestampMs: withTime ? t.exchangeTs / 1000 : undefined,
  }));
}

import { ExchangeId } from '../../exchange-ids.js';
import type { SymbolTable } from '../../symbol-table.js';
import type { ExchangeFeed, FeedLimits, KeepalivePolicy } from '../base/exchange-feed.js';
import type { ParserOptions } from '../base/json-frame-parser.js';
import { SymbolMap } from '../base/symbol-map.js';
import { BinanceBookTickerParser } from './binance-book-ticker-parser.js';
import { binanceSpelling } from './binance-symbols.js';

const kHourMs = 3_600_000;

export interface BinanceSpotFeedOptions {
  /**
   * `raw` connects to `/ws` (payloads arrive bare, the smaller frame);
   * `combined` to `/stream` (each payload wrapped as {"stream","data"}).
   * Either way symbols are added with SUBSCRIBE requests, so the URL stays
   * short however many symbols there are. Default `raw`.
   */
  readonly streams?: 'raw' | 'combined';
}

/**
 * Binance spot best bid/offer: `<symbol>@bookTicker` on
 * wss://stream.binance.com:9443 (Web Socket Streams for Binance).
 *
 * Rules of a connection, from Binance's documentation:
 *   - it lives at most 24 h; we replace it 15 minutes before (maxConnectionMs);
 *   - the server sends a ping frame every 20 s and drops the connection when
 *     no pong arrives within a minute: the socket layer answers at once,
 *     echoing the payload (ws does this by default);
 *   - at most 5 incoming messages per second (pings, pongs and JSON requests
 *     all count); over the limit the connection is dropped and repeat
 *     offenders are banned;
 *   - at most 1024 streams per connection;
 *   - at most 300 connection attempts every 5 minutes per IP: one per second.
 * Binance caps no request's `params` length; 200 per SUBSCRIBE is our choice,
 * keeping requests small (1024 streams: 6 requests, 1.2 s at 5/s).
 */
export class BinanceSpotFeed implements ExchangeFeed {
  readonly exchange = 'binance' as const;
  readonly exchangeId = ExchangeId.binance;
  readonly defaultUrl = 'wss://stream.binance.com:9443';
  readonly limits: FeedLimits = {
    maxTopicsPerConnection: 1024,
    maxTopicsPerSubscribe: 200,
    maxOutgoingMessagesPerSecond: 5,
    maxConnectionMs: 24 * kHourMs - kHourMs / 4,
    minConnectIntervalMs: 1000,
  };
  readonly keepalive: KeepalivePolicy = { kind: 'answer-server-pings', serverPingEveryMs: 20_000, pongWithinMs: 60_000 };
  readonly symbols: SymbolMap;
  private readonly path: string;

  constructor(table: SymbolTable, options: BinanceSpotFeedOptions = {}) {
    const streams = options.streams ?? 'raw';
    if (streams !== 'raw' && streams !== 'combined') {
      throw new RangeError(`exchanges.binance.streams: "${String(streams)}" is not one of raw, combined`);
    }
    this.path = streams === 'raw' ? '/ws' : '/stream';
    this.symbols = new SymbolMap(table, binanceSpelling, 'binance');
  }

  /** `btcusdt@bookTicker`: stream names are lower case. */
  topicOf(symbolId: number): string {
    return `${this.symbols.spellingOf(symbolId).toLowerCase()}@bookTicker`;
  }

  /** The base endpoint plus `/ws` or `/stream`, unless the configured URL already names that path. */
  connectUrl(baseUrl: string): string {
    const base = baseUrl.replace(/\/+$/, '');
    return base.endsWith(this.path) ? base : base + this.path;
  }

  /** `{"method":"SUBSCRIBE","params":[...],"id":N}`, answered by `{"result":null,"id":N}`. */
  subscribeMessage(topics: readonly string[], requestId: number): string {
    return JSON.stringify({ method: 'SUBSCRIBE', params: topics, id: requestId });
  }

  createParser(options?: ParserOptions): BinanceBookTickerParser {
    return new BinanceBookTickerParser(this.symbols, options);
  }
}

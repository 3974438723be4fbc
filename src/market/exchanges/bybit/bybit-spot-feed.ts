import { ExchangeId } from '../../exchange-ids.js';
import type { SymbolTable } from '../../symbol-table.js';
import type { ExchangeFeed, FeedLimits, KeepalivePolicy } from '../base/exchange-feed.js';
import type { ParserOptions } from '../base/json-frame-parser.js';
import { SymbolMap } from '../base/symbol-map.js';
import { BybitOrderbookL1Parser } from './bybit-orderbook-l1-parser.js';
import { bybitSpelling } from './bybit-symbols.js';

/** Sent every 20 s, as Bybit recommends; the answer is a Pong control frame. */
const kPing = '{"op":"ping"}';

/**
 * Bybit v5 public spot best bid/offer: `orderbook.1.<SYMBOL>` on
 * wss://stream.bybit.com/v5/public/spot.
 *
 * Rules of a connection, from Bybit's v5 documentation:
 *   - the client sends `{"op":"ping"}` every 20 s; without ping-pong or data
 *     the server cuts the connection after 10 minutes;
 *   - a spot subscribe request names at most 10 args;
 *   - no documented connection lifetime;
 *   - at most 500 new connections per 5 minutes per IP (per WebSocket
 *     domain), and "do not frequently connect and disconnect": 600 ms apart.
 * Bybit documents no per-connection topic cap or send rate for public spot;
 * 500 topics and 10 messages/s are our conservative choices.
 */
export class BybitSpotFeed implements ExchangeFeed {
  readonly exchange = 'bybit' as const;
  readonly exchangeId = ExchangeId.bybit;
  readonly defaultUrl = 'wss://stream.bybit.com/v5/public/spot';
  readonly limits: FeedLimits = {
    maxTopicsPerConnection: 500,
    maxTopicsPerSubscribe: 10,
    maxOutgoingMessagesPerSecond: 10,
    maxConnectionMs: Infinity,
    minConnectIntervalMs: 600,
  };
  readonly keepalive: KeepalivePolicy = {
    kind: 'send-text-pings', message: kPing, everyMs: 20_000, onlyWhenIdle: false, pongWithinMs: 10_000,
  };
  readonly symbols: SymbolMap;

  constructor(table: SymbolTable) {
    this.symbols = new SymbolMap(table, bybitSpelling, 'bybit');
  }

  topicOf(symbolId: number): string {
    return `orderbook.1.${this.symbols.spellingOf(symbolId)}`;
  }

  /** The configured URL is the full endpoint (the path selects spot). */
  connectUrl(baseUrl: string): string {
    return baseUrl;
  }

  /** `{"req_id":"N","op":"subscribe","args":[...]}`, answered by `{"success":true,...,"op":"subscribe"}`. */
  subscribeMessage(topics: readonly string[], requestId: number): string {
    return JSON.stringify({ req_id: String(requestId), op: 'subscribe', args: topics });
  }

  createParser(options?: ParserOptions): BybitOrderbookL1Parser {
    return new BybitOrderbookL1Parser(this.symbols, options);
  }
}

import { ExchangeId } from '../../exchange-ids.js';
import type { SymbolTable } from '../../symbol-table.js';
import type { ExchangeFeed, FeedLimits, KeepalivePolicy } from '../base/exchange-feed.js';
import type { ParserOptions } from '../base/json-frame-parser.js';
import { SymbolMap } from '../base/symbol-map.js';
import { OkxBboTbtParser } from './okx-bbo-tbt-parser.js';
import { okxSpelling } from './okx-symbols.js';

/**
 * OKX v5 public best bid/offer: channel `bbo-tbt` on
 * wss://ws.okx.com:8443/ws/v5/public.
 *
 * Rules of a connection, from OKX's v5 documentation:
 *   - the server closes a connection with no subscription or no data for
 *     30 s; so, after N < 30 s without any frame, send the text `ping` and
 *     expect the text `pong` within N s, else reconnect (N = 25 s here);
 *   - WebSocket protocol pings are not used;
 *   - at most 3 connection requests per second per IP, and 480
 *     subscribe/unsubscribe/login requests per hour per connection (hence
 *     few, large subscribe requests); args of one request stay under 64 KB.
 * OKX states no per-connection channel count for bbo-tbt; 200 topics per
 * connection and 50 per request (about 2.5 KB) are our choices.
 * The topic of a symbol is its instId; the request builds the
 * `{"channel":"bbo-tbt","instId":…}` args.
 */
export class OkxPublicFeed implements ExchangeFeed {
  readonly exchange = 'okx' as const;
  readonly exchangeId = ExchangeId.okx;
  readonly defaultUrl = 'wss://ws.okx.com:8443/ws/v5/public';
  readonly limits: FeedLimits = {
    maxTopicsPerConnection: 200,
    maxTopicsPerSubscribe: 50,
    maxOutgoingMessagesPerSecond: 3,
    maxConnectionMs: Infinity,
    // 3 connection requests per second per IP (documented), with a margin.
    minConnectIntervalMs: 350,
  };
  readonly keepalive: KeepalivePolicy = {
    kind: 'send-text-pings', message: 'ping', everyMs: 25_000, onlyWhenIdle: true, pongWithinMs: 25_000,
  };
  readonly symbols: SymbolMap;

  constructor(table: SymbolTable) {
    this.symbols = new SymbolMap(table, okxSpelling, 'okx');
  }

  topicOf(symbolId: number): string {
    return this.symbols.spellingOf(symbolId);
  }

  connectUrl(baseUrl: string): string {
    return baseUrl;
  }

  /**
   * `{"op":"subscribe","args":[{"channel":"bbo-tbt","instId":"BTC-USDT"},…]}`;
   * OKX acks each arg with its own `{"event":"subscribe","arg":{…}}`, so the
   * request id is not sent.
   */
  subscribeMessage(topics: readonly string[], _requestId: number): string {
    return JSON.stringify({ op: 'subscribe', args: topics.map((instId) => ({ channel: 'bbo-tbt', instId })) });
  }

  createParser(options?: ParserOptions): OkxBboTbtParser {
    return new OkxBboTbtParser(this.symbols, options);
  }
}

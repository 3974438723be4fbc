import type { ExchangeName } from '../../exchange-ids.js';
import type { ExchangeParser } from './exchange-parser.js';
import type { ParserOptions } from './json-frame-parser.js';

/**
 * The declarative half of an exchange adapter (the tardis-node "feed"):
 * where to connect, what to send, and the exchange's rules for a connection.
 * Pure data and message builders; the exchange actor owns the socket, the
 * timers and the pacing, and reads them from here.
 */
export interface ExchangeFeed {
  readonly exchange: ExchangeName;
  readonly exchangeId: number;
  /** Production endpoint; config `exchanges.<name>.url` replaces it (e.g. with the simulator's). */
  readonly defaultUrl: string;
  readonly limits: FeedLimits;
  readonly keepalive: KeepalivePolicy;

  /** The topic (stream, channel argument) carrying the best bid/offer of a configured symbol. */
  topicOf(symbolId: number): string;
  /** The URL to open for one connection, given the configured base URL. */
  connectUrl(baseUrl: string): string;
  /** One subscribe request for at most `limits.maxTopicsPerSubscribe` topics. */
  subscribeMessage(topics: readonly string[], requestId: number): string;
  /** A fresh parser for one connection. */
  createParser(options?: ParserOptions): ExchangeParser;
}

export interface FeedLimits {
  /** Topics one connection may carry; more symbols need more connections. */
  readonly maxTopicsPerConnection: number;
  /** Topics one subscribe request may name. */
  readonly maxTopicsPerSubscribe: number;
  /**
   * Messages the client may send per second on one connection, counting
   * subscribes, application pings and (on Binance) pong frames. The actor
   * spaces its sends at least 1000 / this ms apart.
   */
  readonly maxOutgoingMessagesPerSecond: number;
  /**
   * Age at which the actor replaces a connection with a planned reconnect,
   * set below the exchange's hard lifetime; Infinity when it has none.
   */
  readonly maxConnectionMs: number;
  /**
   * Least time between two connection attempts to the exchange (the actor's
   * pacing of reconnects, on top of its breaker backoff), from the
   * exchange's per-IP limit on new connections.
   */
  readonly minConnectIntervalMs: number;
}

/**
 * How a connection is kept alive. Either the server pings at the WebSocket
 * protocol level and the socket layer must answer each ping with a pong
 * echoing its payload (the parser never sees these frames), or the client
 * sends an application-level text ping and the parser reports the answer as
 * ControlKind.Pong.
 */
export type KeepalivePolicy = AnswerServerPings | SendTextPings;

export interface AnswerServerPings {
  readonly kind: 'answer-server-pings';
  /** How often the server pings (informational). */
  readonly serverPingEveryMs: number;
  /** The server drops the connection when no pong arrives within this. */
  readonly pongWithinMs: number;
}

export interface SendTextPings {
  readonly kind: 'send-text-pings';
  /** The exact text to send. */
  readonly message: string;
  /**
   * Send it this often; when `onlyWhenIdle`, only after this long without
   * receiving any frame (the timer restarts on every frame, data or control).
   */
  readonly everyMs: number;
  readonly onlyWhenIdle: boolean;
  /** Without a pong within this, the connection is dead: reconnect. */
  readonly pongWithinMs: number;
}

import type { ExchangeName } from '../../../src/market/exchange-ids.js';
import type { Quote } from '../price-model.js';

/**
 * The role each venue's protocol plays in the simulator (one file per venue
 * implements it). Everything here is pure: request text in, reply text out;
 * quote in, frame text out. The endpoint owns sockets, timers and faults.
 */
export interface SimProtocol {
  readonly exchange: ExchangeName;
  /** Path of the URL handed to the exchange actor, as in the venue's production URL ('' for a base URL). */
  readonly defaultPath: string;
  /** uWS route patterns this venue serves; any other path gets a 404. */
  readonly routes: readonly string[];
  /** Interval of server-sent WebSocket pings, or 0 when the venue expects the client to ping. */
  readonly serverPingIntervalMs: number;
  /** Whether a new subscription gets the symbol's current quote at once (Bybit: "you will receive a snapshot first"). */
  readonly snapshotOnSubscribe: boolean;

  /** Accepts or rejects an upgrade by URL path and query; may subscribe from the URL (Binance). */
  accept(path: string, query: string): AcceptedPath | undefined;
  /** Answers one text message from the client. Never throws: bad input gets the venue's error reply. */
  handleText(session: SimSession, text: string): ProtocolReply;
  /** Encodes one quote update, once, for every connection subscribed to the symbol. */
  encode(symbol: number, quote: Quote, timeMs: number): EncodedUpdate;
  /** The frame one connection gets for an update; may record per-connection state (first snapshot). */
  frameFor(session: SimSession, update: EncodedUpdate): string;
  /** The venue restarted its feed: sequence numbers start again (Bybit sends `u`=1). */
  resetSequences(sessions: Iterable<SimSession>): void;
  /** A frame that parses and has the data shape but names a symbol nobody subscribed to. */
  unknownSymbolFrame(timeMs: number): string;
  /** A frame that parses as JSON but lacks fields a data frame must have. */
  wrongShapeFrame(symbol: number): string;
}

export interface AcceptedPath {
  readonly symbols: readonly number[];
  readonly combined: boolean;
}

/** Per-connection protocol state. Sized for the configured symbols; index = SymbolSpec.index. */
export interface SimSession {
  readonly connId: string;
  /** 1 where the connection is subscribed to the symbol. */
  readonly subscribed: Uint8Array;
  /** 1 where the connection has had a full snapshot of the symbol (Bybit delta mode). */
  readonly hasSnapshot: Uint8Array;
  /** Binance: wrap data as {"stream","data"} (combined streams). */
  combined: boolean;
}

export interface ProtocolReply {
  readonly replies: readonly string[];
  /** Symbols this message subscribed (not already subscribed ones). */
  readonly subscribed: readonly number[];
  readonly unsubscribed: readonly number[];
}

/** One venue's update of one symbol, encoded once. `alt` is a venue-specific second form. */
export interface EncodedUpdate {
  readonly symbol: number;
  readonly main: string;
  readonly alt: string | undefined;
}

export function newSession(connId: string, symbolCount: number): SimSession {
  return { connId, subscribed: new Uint8Array(symbolCount), hasSnapshot: new Uint8Array(symbolCount), combined: false };
}

/** Marks symbols subscribed on a session; returns those that were not already. */
export function subscribeAll(session: SimSession, symbols: readonly number[]): number[] {
  const fresh: number[] = [];
  for (const s of symbols) {
    if (session.subscribed[s] === 1) continue;
    session.subscribed[s] = 1;
    fresh.push(s);
  }
  return fresh;
}

export function unsubscribeAll(session: SimSession, symbols: readonly number[]): number[] {
  const gone: number[] = [];
  for (const s of symbols) {
    if (session.subscribed[s] !== 1) continue;
    session.subscribed[s] = 0;
    session.hasSnapshot[s] = 0;
    gone.push(s);
  }
  return gone;
}

export function reply(replies: readonly string[], subscribed: readonly number[] = [], unsubscribed: readonly number[] = []): ProtocolReply {
  return { replies, subscribed, unsubscribed };
}

/** JSON.parse that returns undefined instead of throwing. */
export function tryParseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

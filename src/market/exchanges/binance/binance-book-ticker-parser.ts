import { ExchangeId } from '../../exchange-ids.js';
import { JsonFrameParser, type ParserOptions } from '../base/json-frame-parser.js';
import { ControlKind, type ParseResult, SeqCheck } from '../base/parse-result.js';
import { RejectReason } from '../base/reject-reason.js';
import type { SymbolMap } from '../base/symbol-map.js';
import type { MutableTick } from '../base/tick-batch.js';
import { describe, isWireObject, type WireObject } from '../base/wire-values.js';
import { BinanceBookTickerScanner } from './binance-book-ticker-scanner.js';
import { binanceToCanonical } from './binance-symbols.js';

const kStreamSuffix = '@bookTicker';


/**
 * Binance spot `<symbol>@bookTicker`, from raw streams (`/ws`, the payload
 * alone) and combined streams (`/stream`, wrapped as {"stream","data"}).
 * Also recognises the answers to our requests: `{"result":null,"id":N}`
 * acks and error objects. Server pings are WebSocket ping frames, answered by
 * the socket layer; they never reach the parser.
 *
 * Sequence: `u` is the order book update id. It rises with every book change,
 * including changes below the top, so bookTicker updates skip ids and a gap
 * cannot be detected; an id at or below the last one for the symbol is a
 * stale update and is rejected (StaleSequence) rather than published over a
 * newer quote. Spot bookTicker carries no event time (exchangeTs 0, flagged
 * kFlagNoExchangeTs); a futures-style `E` (ms) is used when present.
 */
export class BinanceBookTickerParser extends JsonFrameParser {
  /** Last applied `u` per symbol id; -1 before the first. */
  private readonly lastUpdateId: Float64Array;
  private readonly fast: BinanceBookTickerScanner;

  constructor(
    private readonly symbols: SymbolMap,
    options?: ParserOptions,
  ) {
    super(ExchangeId.binance, options);
    this.lastUpdateId = new Float64Array(symbols.size).fill(-1);
    this.fast = new BinanceBookTickerScanner(this.scanner, symbols);
  }

  protected resetState(): void {
    this.lastUpdateId.fill(-1);
  }

  protected parseText(text: string, recvTsMicros: number): ParseResult {
    const msg = this.readJsonObject(text);
    if (msg === undefined) return this.result;
    const stream = msg.stream;
    if (stream === undefined) {
      // Raw stream: a payload has `s`/`u`; anything else must be a response.
      if (msg.s === undefined && msg.u === undefined) return this.mapResponse(msg as RawResponse);
      return this.mapBookTicker(msg as RawBookTicker, recvTsMicros);
    }
    if (typeof stream !== 'string') return this.reject(RejectReason.WrongType, `stream: ${describe(stream)}, expected a string`);
    if (!stream.endsWith(kStreamSuffix)) return this.reject(RejectReason.UnknownMessage, `stream ${describe(stream)} is not a bookTicker stream`);
    this.markData();
    const data = this.readObject(msg.data, 'data');
    if (data === undefined) return this.result;
    return this.mapBookTicker(data as RawBookTicker, recvTsMicros);
  }

  private mapBookTicker(d: RawBookTicker, recvTsMicros: number): ParseResult {
    if (d.e !== undefined && d.e !== 'bookTicker') {
      return this.reject(RejectReason.UnknownMessage, `event ${describe(d.e)} is not bookTicker`);
    }
    this.markData();
    const s = this.readString(d.s, 's');
    if (s === undefined) return this.result;
    const symbolId = this.symbols.idOf(s);
    if (symbolId < 0) return this.rejectUnknownSymbol(s, binanceToCanonical(s));
    const u = this.readUint(d.u, 'u');
    if (u < 0) return this.result;
    const bid = this.readDecimal(d.b, 'b');
    if (Number.isNaN(bid)) return this.result;
    const bidSize = this.readDecimal(d.B, 'B');
    if (Number.isNaN(bidSize)) return this.result;
    const ask = this.readDecimal(d.a, 'a');
    if (Number.isNaN(ask)) return this.result;
    const askSize = this.readDecimal(d.A, 'A');
    if (Number.isNaN(askSize)) return this.result;
    let eventMs = 0;
    if (d.E !== undefined) {
      eventMs = this.readUint(d.E, 'E');
      if (eventMs < 0) return this.result;
    }
    const t = this.nextTick();
    if (t === undefined) return this.result;
    t.bid = bid;
    t.bidSize = bidSize;
    t.ask = ask;
    t.askSize = askSize;
    t.exchangeTs = eventMs * 1000;
    return this.applyBookTicker(t, symbolId, u, recvTsMicros);
  }

  /** Sequence check and tick, for a payload that either path has fully validated into `t`. */
  private applyBookTicker(t: MutableTick, symbolId: number, u: number, recvTsMicros: number): ParseResult {
    const prev = this.lastUpdateId[symbolId]!;
    if (u <= prev) {
      return this.reject(RejectReason.StaleSequence, `u ${u} <= ${prev} already applied for ${this.symbols.spellingOf(symbolId)}`);
    }
    this.commitTick(t, symbolId, recvTsMicros, 0);
    this.lastUpdateId[symbolId] = u;
    return this.emitTicks(prev < 0 ? SeqCheck.First : SeqCheck.InOrder, u, prev);
  }

  /** Fast path: see BinanceBookTickerScanner. */
  protected override scanFrame(recvTsMicros: number): ParseResult | undefined {
    const t = this.nextTick();
    if (t === undefined || !this.fast.scan(t)) return undefined;
    this.markData();
    return this.applyBookTicker(t, this.fast.symbolId, this.fast.u, recvTsMicros);
  }

  private mapResponse(msg: RawResponse): ParseResult {
    if (msg.error !== undefined) {
      const err = isWireObject(msg.error) ? msg.error : {};
      return this.control(ControlKind.Error, `id ${describe(msg.id)}: code ${describe(err.code)}: ${describe(err.msg)}`);
    }
    if (msg.code !== undefined) {
      return this.control(ControlKind.Error, `id ${describe(msg.id)}: code ${describe(msg.code)}: ${describe(msg.msg)}`);
    }
    if (msg.result !== undefined) return this.control(ControlKind.Ack, `id ${describe(msg.id)}: result ${describe(msg.result)}`);
    return this.reject(RejectReason.UnknownMessage, 'neither a bookTicker payload nor a response');
  }
}

// ---- wire format (Binance spot WebSocket streams) ---------------------------

/** `<symbol>@bookTicker` payload; every field still unchecked. */
interface RawBookTicker extends WireObject {
  /** order book update id (number) */
  u?: unknown;
  /** symbol, upper case: "BNBUSDT" */
  s?: unknown;
  /** best bid price, decimal string */
  b?: unknown;
  /** best bid quantity, decimal string */
  B?: unknown;
  /** best ask price, decimal string */
  a?: unknown;
  /** best ask quantity, decimal string */
  A?: unknown;
  /** event type: absent on spot, "bookTicker" on futures */
  e?: unknown;
  /** event time in ms: absent on spot */
  E?: unknown;
}

/**
 * Answer to a request we sent: `{"result":null,"id":1}` (SUBSCRIBE,
 * UNSUBSCRIBE, SET_PROPERTY), `{"result":[...],"id":3}` (LIST_SUBSCRIPTIONS),
 * or an error: `{"code":2,"msg":"Invalid request: ...","id":1}` or
 * `{"error":{"code":2,"msg":"..."},"id":1}`.
 */
interface RawResponse extends WireObject {
  result?: unknown;
  id?: unknown;
  code?: unknown;
  msg?: unknown;
  error?: unknown;
}

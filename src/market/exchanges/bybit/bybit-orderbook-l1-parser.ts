import { ExchangeId } from '../../exchange-ids.js';
import { kFlagReset } from '../../tick-layout.js';
import { JsonFrameParser, type ParserOptions } from '../base/json-frame-parser.js';
import { ControlKind, type ParseResult, SeqCheck } from '../base/parse-result.js';
import { RejectReason } from '../base/reject-reason.js';
import type { SymbolMap } from '../base/symbol-map.js';
import type { MutableTick } from '../base/tick-batch.js';
import { describe, type WireObject } from '../base/wire-values.js';
import { BybitOrderbookScanner } from './bybit-orderbook-scanner.js';
import { bybitToCanonical } from './bybit-symbols.js';
import { LevelOneSide, SideChange } from './level-one-side.js';

const kTopicPrefix = 'orderbook.1.';

/**
 * Bybit v5 public spot `orderbook.1.<SYMBOL>`: the top of the book as a
 * `snapshot` and then `delta` frames. A delta carries only what changed, so
 * it may leave a side out (or send it empty): the parser keeps the last top
 * of each configured symbol (four numbers and an update id: bounded by the
 * symbol table) and republishes the side it did not get.
 *
 * Applying a side (LevelOneSide): the first level with a size > 0 is the new
 * top; a size of 0 deletes that price, and when it is the current top with
 * no new top alongside, the side is empty and the symbol yields no tick
 * (OneSidedBook) until a later frame refills it. A snapshot replaces both
 * sides outright.
 *
 * Sequence (`data.u`): contiguous per topic. +1 is in order; a jump is a Gap
 * (still applied: a level-1 frame states the new top in full); the same `u`
 * again is the snapshot Bybit re-sends after 3 s without change (Repeat); a
 * delta at or below the last `u` is stale and rejected. `u` = 1 after a
 * larger one is Bybit's documented service restart: the frame overwrites
 * the book and its tick carries kFlagReset, as does a snapshot that moves
 * `u` backwards. A delta before any snapshot is rejected (NoSnapshot).
 * Exchange time is `ts` (ms, when the service produced the message).
 *
 * Control frames: subscribe/unsubscribe answers
 * `{"success":true,"ret_msg":"","op":"subscribe",...}` (success false is an
 * Error), and the pong to `{"op":"ping"}`, which spot sends as
 * `{"success":true,"ret_msg":"pong","op":"ping",...}` and linear as
 * `{"op":"pong",...}`.
 */
export class BybitOrderbookL1Parser extends JsonFrameParser {
  private readonly bidPx: Float64Array;
  private readonly bidSz: Float64Array;
  private readonly askPx: Float64Array;
  private readonly askSz: Float64Array;
  /** Last applied `u` per symbol id; -1 before the first snapshot. */
  private readonly lastU: Float64Array;
  private readonly side = new LevelOneSide();
  private readonly fast: BybitOrderbookScanner;

  constructor(
    private readonly symbols: SymbolMap,
    options?: ParserOptions,
  ) {
    super(ExchangeId.bybit, options);
    const n = symbols.size;
    this.bidPx = new Float64Array(n);
    this.bidSz = new Float64Array(n);
    this.askPx = new Float64Array(n);
    this.askSz = new Float64Array(n);
    this.lastU = new Float64Array(n);
    this.fast = new BybitOrderbookScanner(this.scanner, symbols, this.bidPx, this.askPx);
    this.resetState();
  }

  protected resetState(): void {
    this.bidPx.fill(NaN);
    this.bidSz.fill(NaN);
    this.askPx.fill(NaN);
    this.askSz.fill(NaN);
    this.lastU.fill(-1);
  }

  protected override scanFrame(recvTsMicros: number): ParseResult | undefined {
    const f = this.fast;
    if (!f.scan()) return undefined;
    this.markData();
    const t = this.nextTick();
    if (t === undefined) return this.result;
    // Numbers move field to field, never through call arguments (see TickBatch).
    t.bid = f.bidPx;
    t.bidSize = f.bidSz;
    t.ask = f.askPx;
    t.askSize = f.askSz;
    t.exchangeTs = f.tsMs * 1000;
    return this.applyTop(t, f.symbolId, f.isSnapshot, f.u, f.bidChange, f.askChange, recvTsMicros);
  }

  protected parseText(text: string, recvTsMicros: number): ParseResult {
    const msg = this.readJsonObject(text);
    if (msg === undefined) return this.result;
    const topic = msg.topic;
    if (topic === undefined) return this.mapControl(msg as RawControl);
    if (typeof topic !== 'string') return this.reject(RejectReason.WrongType, `topic: ${describe(topic)}, expected a string`);
    if (!topic.startsWith(kTopicPrefix)) return this.reject(RejectReason.UnknownMessage, `topic ${describe(topic)} is not orderbook.1`);
    return this.mapOrderbook(msg as RawOrderbookMessage, topic, recvTsMicros);
  }

  private mapOrderbook(msg: RawOrderbookMessage, topic: string, recvTsMicros: number): ParseResult {
    this.markData();
    const type = msg.type;
    const isSnapshot = type === 'snapshot';
    if (!isSnapshot && type !== 'delta') {
      if (typeof type === 'string') return this.reject(RejectReason.UnknownMessage, `type ${describe(type)} is neither snapshot nor delta`);
      this.readString(type, 'type');
      return this.result;
    }
    const tsMs = this.readUint(msg.ts, 'ts');
    if (tsMs < 0) return this.result;
    const data = this.readObject(msg.data, 'data') as RawOrderbook | undefined;
    if (data === undefined) return this.result;
    const s = this.readString(data.s, 'data.s');
    if (s === undefined) return this.result;
    if (topic.length !== kTopicPrefix.length + s.length || !topic.endsWith(s)) {
      return this.reject(RejectReason.UnknownMessage, `topic ${describe(topic)} does not match data.s ${describe(s)}`);
    }
    const symbolId = this.symbols.idOf(s);
    if (symbolId < 0) return this.rejectUnknownSymbol(s, bybitToCanonical(s));
    const u = this.readUint(data.u, 'data.u');
    if (u < 0) return this.result;

    // Read both sides completely before touching state: a bad level rejects the whole frame.
    const bidChange = this.readSide(data.b, 'data.b', this.bidPx, symbolId, isSnapshot);
    if (bidChange === -1) return this.result;
    const newBidPx = this.side.px;
    const newBidSz = this.side.sz;
    const askChange = this.readSide(data.a, 'data.a', this.askPx, symbolId, isSnapshot);
    if (askChange === -1) return this.result;
    const t = this.nextTick();
    if (t === undefined) return this.result;
    t.bid = newBidPx;
    t.bidSize = newBidSz;
    t.ask = this.side.px;
    t.askSize = this.side.sz;
    t.exchangeTs = tsMs * 1000;
    return this.applyTop(t, symbolId, isSnapshot, u, bidChange, askChange, recvTsMicros);
  }

  /** Validates one side's levels against its top in `tops` into a SideChange (new top in `side`); -1 when rejected. Absent is empty. */
  private readSide(v: unknown, field: string, tops: Float64Array, symbolId: number, isSnapshot: boolean): SideChange | -1 {
    this.side.begin(tops, symbolId);
    if (v === undefined) return this.side.end(isSnapshot);
    const levels = this.readArray(v, field);
    if (levels === undefined) return -1;
    for (let i = 0; i < levels.length; i++) {
      const level = levels[i];
      if (!Array.isArray(level) || level.length < 2) {
        this.reject(RejectReason.WrongType, `${field}[]: ${describe(level)}, expected [price, size]`);
        return -1;
      }
      const px = this.readDecimal(level[0], `${field}[][0]`);
      if (Number.isNaN(px)) return -1;
      const sz = this.readDecimal(level[1], `${field}[][1]`, true);
      if (Number.isNaN(sz)) return -1;
      this.side.add(px, sz);
    }
    return this.side.end(isSnapshot);
  }

  /**
   * Sequence rules, state update and tick, for a frame that either path has
   * fully validated. `t` arrives holding the frame's new sides (used where
   * the change is not Keep) and its time, and leaves holding the book top.
   */
  private applyTop(
    t: MutableTick, symbolId: number, isSnapshot: boolean, u: number,
    bidChange: SideChange, askChange: SideChange, recvTsMicros: number,
  ): ParseResult {
    const prevU = this.lastU[symbolId]!;
    let check: SeqCheck;
    let flags = 0;
    if (u === 1 && prevU > 1) {
      check = SeqCheck.Reset;
      flags = kFlagReset;
    } else if (prevU < 0) {
      if (!isSnapshot) return this.reject(RejectReason.NoSnapshot, `delta u ${u} for ${this.symbols.spellingOf(symbolId)} before its snapshot`);
      check = SeqCheck.First;
    } else if (u > prevU) {
      check = u === prevU + 1 ? SeqCheck.InOrder : SeqCheck.Gap;
    } else if (!isSnapshot) {
      return this.reject(RejectReason.StaleSequence, `delta u ${u} <= ${prevU} already applied for ${this.symbols.spellingOf(symbolId)}`);
    } else if (u === prevU) {
      check = SeqCheck.Repeat;
    } else {
      check = SeqCheck.Reset;
      flags = kFlagReset;
    }
    // A reset overwrites like a snapshot: a side it leaves out is empty, not kept.
    const overwrite = isSnapshot || flags !== 0;
    if (bidChange !== SideChange.Keep || overwrite) {
      this.bidPx[symbolId] = t.bid; // NaN when emptied
      this.bidSz[symbolId] = t.bidSize;
    }
    if (askChange !== SideChange.Keep || overwrite) {
      this.askPx[symbolId] = t.ask;
      this.askSz[symbolId] = t.askSize;
    }
    this.lastU[symbolId] = u;

    t.bid = this.bidPx[symbolId]!;
    t.bidSize = this.bidSz[symbolId]!;
    t.ask = this.askPx[symbolId]!;
    t.askSize = this.askSz[symbolId]!;
    if (Number.isNaN(t.bid) || Number.isNaN(t.ask)) {
      const missing = Number.isNaN(t.bid) ? 'bid' : 'ask';
      return this.reject(RejectReason.OneSidedBook, `${this.symbols.spellingOf(symbolId)} has no ${missing} after u ${u}`);
    }
    this.commitTick(t, symbolId, recvTsMicros, flags);
    return this.emitTicks(check, u, prevU);
  }

  private mapControl(msg: RawControl): ParseResult {
    const op = msg.op;
    if (op === 'pong' || (op === 'ping' && msg.ret_msg === 'pong')) return this.control(ControlKind.Pong, `req_id ${describe(msg.req_id)}`);
    if (op === 'ping') return this.control(ControlKind.Ping, `req_id ${describe(msg.req_id)}`);
    if (op === 'subscribe' || op === 'unsubscribe' || op === 'auth') {
      if (msg.success === true) return this.control(ControlKind.Ack, `${op} req_id ${describe(msg.req_id)}`);
      return this.control(ControlKind.Error, `${op} req_id ${describe(msg.req_id)}: ${describe(msg.ret_msg)}`);
    }
    if (msg.success === false) return this.control(ControlKind.Error, `op ${describe(op)}: ${describe(msg.ret_msg)}`);
    return this.reject(RejectReason.UnknownMessage, `neither a topic message nor an op answer (op ${describe(op)})`);
  }
}

// ---- wire format (Bybit v5 public WebSocket, spot) --------------------------

/** `orderbook.1.<SYMBOL>` push; every field still unchecked. */
interface RawOrderbookMessage extends WireObject {
  /** "orderbook.1.BTCUSDT" */
  topic?: unknown;
  /** "snapshot" | "delta" */
  type?: unknown;
  /** ms when the service produced the message */
  ts?: unknown;
  data?: unknown;
  /** ms from the matching engine (spot); not used */
  cts?: unknown;
}

interface RawOrderbook extends WireObject {
  /** "BTCUSDT" */
  s?: unknown;
  /** bids: [price, size] decimal strings, best first; size "0" deletes the price */
  b?: unknown;
  /** asks: as bids */
  a?: unknown;
  /** update id: +1 per message; 1 after a service restart */
  u?: unknown;
  /** cross sequence (internal); not used */
  seq?: unknown;
}

/**
 * Answers to our ops: `{"success":true,"ret_msg":"","conn_id":"…","req_id":"1","op":"subscribe"}`,
 * spot pong `{"success":true,"ret_msg":"pong","conn_id":"…","op":"ping"}`,
 * linear pong `{"op":"pong","args":["1672916271846"],"conn_id":"…"}`.
 */
interface RawControl extends WireObject {
  op?: unknown;
  success?: unknown;
  ret_msg?: unknown;
  req_id?: unknown;
  conn_id?: unknown;
}

import { ExchangeId } from '../../exchange-ids.js';
import { kFlagReset } from '../../tick-layout.js';
import { JsonFrameParser, type ParserOptions } from '../base/json-frame-parser.js';
import { ControlKind, type ParseResult, SeqCheck } from '../base/parse-result.js';
import { RejectReason } from '../base/reject-reason.js';
import type { SymbolMap } from '../base/symbol-map.js';
import { describe, isWireObject, readUintString, type WireObject } from '../base/wire-values.js';
import { BboEntries } from './bbo-entries.js';
import { OkxBboTbtCompactScanner } from './okx-bbo-tbt-compact-scanner.js';
import { OkxBboTbtScanner } from './okx-bbo-tbt-scanner.js';
import { okxToCanonical } from './okx-symbols.js';

const kChannel = 'bbo-tbt';

/**
 * OKX v5 public `bbo-tbt` (tick-by-tick best bid/offer) by `instId`. Each
 * push holds `data` entries with one ask and one bid level
 * `[price, size, "0", orders]` (the third field is deprecated, the fourth
 * counts orders; neither is used), `ts` (ms, as a string) and `seqId`.
 *
 * Sequence: `seqId` rises with every change of the instrument's book, below
 * the top too, so it skips and a gap cannot be seen; the same seqId again
 * means no change (Repeat). OKX documents that seqId can go down after
 * maintenance: that is a Reset (kFlagReset), not a stale update.
 *
 * Control frames: the text `pong` answering our text `ping`; events
 * `subscribe`/`unsubscribe` (Ack), `error` (Error, with OKX's code),
 * `notice` (e.g. 64008: reconnect, service upgrade) and
 * `channel-conn-count` (Notice), `channel-conn-count-error` (Error).
 */
export class OkxBboTbtParser extends JsonFrameParser {
  /** Last seqId per symbol id; -1 before the first. */
  private readonly lastSeqId: Float64Array;
  private readonly entries: BboEntries;
  /** Fast paths: the layout OKX sends, then any layout; JSON.parse when both give up. */
  private readonly compact: OkxBboTbtCompactScanner;
  private readonly fast: OkxBboTbtScanner;

  constructor(
    private readonly symbols: SymbolMap,
    options?: ParserOptions,
  ) {
    super(ExchangeId.okx, options);
    this.lastSeqId = new Float64Array(symbols.size).fill(-1);
    this.entries = new BboEntries(this.out.ticks.capacity);
    this.compact = new OkxBboTbtCompactScanner(this.scanner, symbols, this.entries);
    this.fast = new OkxBboTbtScanner(this.scanner, symbols, this.entries);
  }

  protected resetState(): void {
    this.lastSeqId.fill(-1);
  }

  protected override scanFrame(recvTsMicros: number): ParseResult | undefined {
    let symbolId = this.compact.scan();
    if (symbolId < 0) {
      if (!this.fast.scan()) return undefined;
      symbolId = this.fast.symbolId;
    }
    this.markData();
    return this.applyEntries(symbolId, recvTsMicros);
  }

  protected parseText(text: string, recvTsMicros: number): ParseResult {
    if (text.length === 4) {
      if (text === 'pong') return this.control(ControlKind.Pong, 'pong');
      if (text === 'ping') return this.control(ControlKind.Ping, 'ping');
    }
    const msg = this.readJsonObject(text);
    if (msg === undefined) return this.result;
    if (msg.event !== undefined) return this.mapEvent(msg as RawEvent);
    const arg = msg.arg;
    if (arg === undefined) return this.reject(RejectReason.UnknownMessage, 'neither an event nor a push (no arg)');
    if (!isWireObject(arg)) return this.reject(RejectReason.WrongType, `arg: ${describe(arg)}, expected an object`);
    if (arg.channel !== kChannel) {
      if (typeof arg.channel === 'string') return this.reject(RejectReason.UnknownMessage, `channel ${describe(arg.channel)} is not ${kChannel}`);
      this.readString(arg.channel, 'arg.channel');
      return this.result;
    }
    return this.mapPush(msg as RawPush, arg as RawArg, recvTsMicros);
  }

  private mapPush(msg: RawPush, arg: RawArg, recvTsMicros: number): ParseResult {
    this.markData();
    const instId = this.readString(arg.instId, 'arg.instId');
    if (instId === undefined) return this.result;
    const symbolId = this.symbols.idOf(instId);
    if (symbolId < 0) return this.rejectUnknownSymbol(instId, okxToCanonical(instId));
    const data = this.readArray(msg.data, 'data');
    if (data === undefined) return this.result;
    if (data.length === 0) return this.reject(RejectReason.MissingField, 'data: empty');
    const entries = this.entries;
    entries.count = 0;
    for (let i = 0; i < data.length; i++) {
      if (entries.full) return this.reject(RejectReason.TooManyTicks, `more than ${entries.capacity} ticks in one frame`);
      const entry = this.readObject(data[i], 'data[]') as RawBbo | undefined;
      if (entry === undefined) return this.result;
      const asks = this.readArray(entry.asks, 'data[].asks');
      if (asks === undefined) return this.result;
      const bids = this.readArray(entry.bids, 'data[].bids');
      if (bids === undefined) return this.result;
      if (asks.length === 0 || bids.length === 0) {
        return this.reject(RejectReason.OneSidedBook, `${instId} has no ${bids.length === 0 ? 'bid' : 'ask'}`);
      }
      const askLevel = this.readLevel(asks[0], 'data[].asks[0]');
      if (askLevel === undefined) return this.result;
      const bidLevel = this.readLevel(bids[0], 'data[].bids[0]');
      if (bidLevel === undefined) return this.result;
      const ask = this.readDecimal(askLevel[0], 'data[].asks[0][0]');
      if (Number.isNaN(ask)) return this.result;
      const askSize = this.readDecimal(askLevel[1], 'data[].asks[0][1]');
      if (Number.isNaN(askSize)) return this.result;
      const bid = this.readDecimal(bidLevel[0], 'data[].bids[0][0]');
      if (Number.isNaN(bid)) return this.result;
      const bidSize = this.readDecimal(bidLevel[1], 'data[].bids[0][1]');
      if (Number.isNaN(bidSize)) return this.result;
      const tsMs = readUintString(entry.ts);
      if (tsMs < 0) {
        if (typeof entry.ts === 'string') return this.reject(RejectReason.BadNumber, `data[].ts: ${describe(entry.ts)} is not a time in ms`);
        this.readString(entry.ts, 'data[].ts');
        return this.result;
      }
      let seqId = -1;
      if (entry.seqId !== undefined) {
        seqId = this.readUint(entry.seqId, 'data[].seqId');
        if (seqId < 0) return this.result;
      }
      entries.push(ask, askSize, bid, bidSize, tsMs, seqId);
    }
    return this.applyEntries(symbolId, recvTsMicros);
  }

  /** Sequence checks and ticks for the entries either path has fully validated. */
  private applyEntries(symbolId: number, recvTsMicros: number): ParseResult {
    const e = this.entries;
    const prevSeq = this.lastSeqId[symbolId]!;
    let seq = prevSeq;
    let worst: SeqCheck = SeqCheck.None;
    for (let i = 0; i < e.count; i++) {
      const seqId = e.seqId[i]!;
      let check: SeqCheck = SeqCheck.None;
      let flags = 0;
      if (seqId >= 0) {
        if (seq < 0) check = SeqCheck.First;
        else if (seqId > seq) check = SeqCheck.InOrder;
        else if (seqId === seq) check = SeqCheck.Repeat;
        else {
          check = SeqCheck.Reset;
          flags = kFlagReset;
        }
        seq = seqId;
      }
      if (check > worst) worst = check;
      const t = this.nextTick();
      if (t === undefined) return this.result;
      t.bid = e.bid[i]!;
      t.bidSize = e.bidSize[i]!;
      t.ask = e.ask[i]!;
      t.askSize = e.askSize[i]!;
      t.exchangeTs = e.tsMs[i]! * 1000;
      this.commitTick(t, symbolId, recvTsMicros, flags);
    }
    this.lastSeqId[symbolId] = seq;
    return this.emitTicks(worst, seq, prevSeq);
  }

  private readLevel(v: unknown, field: string): unknown[] | undefined {
    if (Array.isArray(v) && v.length >= 2) return v;
    this.reject(v === undefined ? RejectReason.MissingField : RejectReason.WrongType,
      `${field}: ${describe(v)}, expected [price, size, "0", orders]`);
    return undefined;
  }

  private mapEvent(msg: RawEvent): ParseResult {
    const event = msg.event;
    switch (event) {
      case 'subscribe':
      case 'unsubscribe':
        return this.control(ControlKind.Ack, `${event} ${describeArg(msg.arg)}`);
      case 'error':
      case 'channel-conn-count-error':
        return this.control(ControlKind.Error, `${event} code ${describe(msg.code)}: ${describe(msg.msg)}`);
      case 'notice':
        return this.control(ControlKind.Notice, `${event} code ${describe(msg.code)}: ${describe(msg.msg)}`);
      case 'channel-conn-count':
        return this.control(ControlKind.Notice, `${event} ${describe(msg.channel)} connCount ${describe(msg.connCount)}`);
      default:
        if (typeof event !== 'string') return this.reject(RejectReason.WrongType, `event: ${describe(event)}, expected a string`);
        return this.reject(RejectReason.UnknownMessage, `event ${describe(event)}`);
    }
  }
}

function describeArg(arg: unknown): string {
  if (!isWireObject(arg)) return describe(arg);
  return `${describe(arg.channel)} ${describe(arg.instId)}`;
}

// ---- wire format (OKX API v5, public WebSocket) -----------------------------

/** `{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"data":[{...}]}`; every field still unchecked. */
interface RawPush extends WireObject {
  arg?: unknown;
  data?: unknown;
}

interface RawArg extends WireObject {
  channel?: unknown;
  instId?: unknown;
}

/** One data entry: best ask and bid, time, sequence. */
interface RawBbo extends WireObject {
  /** [[price, size, "0", orders]] decimal strings */
  asks?: unknown;
  bids?: unknown;
  /** ms, as a string: "1651826598363" */
  ts?: unknown;
  /** integer; rises with book changes, may fall after maintenance */
  seqId?: unknown;
}

/**
 * `{"event":"subscribe","arg":{...},"connId":"…"}`,
 * `{"event":"error","code":"60012","msg":"Invalid request: …","connId":"…"}`,
 * `{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade…"}`.
 */
interface RawEvent extends WireObject {
  event?: unknown;
  /** channel-conn-count: the channel and how many connections use it */
  channel?: unknown;
  connCount?: unknown;
  arg?: unknown;
  code?: unknown;
  msg?: unknown;
  connId?: unknown;
}

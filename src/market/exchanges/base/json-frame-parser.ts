import { kFlagCrossed, kFlagNoExchangeTs } from '../../tick-layout.js';
import type { ExchangeParser } from './exchange-parser.js';
import { type ControlKind, type ParseResult, ParseResultSlot, type SeqCheck } from './parse-result.js';
import { RejectReason } from './reject-reason.js';
import { JsonScanner } from './json-scanner.js';
import { type MutableTick, TickBatch } from './tick-batch.js';
import { describe, isWireObject, parseDecimal, previewText, readUint, type WireObject } from './wire-values.js';

export interface ParserOptions {
  /**
   * Frames longer than this are rejected unread (default 16 KiB; a best
   * bid/offer frame is a few hundred bytes). A string is measured in UTF-16
   * code units, a lower bound on its UTF-8 size.
   */
  readonly maxFrameBytes?: number;
  /** Ticks one frame may carry (default 16; every feed here sends one per frame). */
  readonly maxTicksPerFrame?: number;
  /**
   * Scan the expected frame shapes without JSON.parse (default true). Any
   * frame the scanner does not fully accept goes through JSON.parse, so the
   * results are identical either way (the fuzz tests run both in lockstep);
   * false is for those tests and for benchmarks.
   */
  readonly fastPath?: boolean;
}

export const kDefaultMaxFrameBytes = 16 * 1024;
export const kDefaultMaxTicksPerFrame = 16;

/**
 * Shared base of the JSON-over-WebSocket parsers: the frame guards (binary,
 * size, UTF-8, JSON), the reusable result, tick output (nextTick, then
 * commitTick: per-connection seq, crossed and no-timestamp flags) and field
 * readers that record a precise rejection. Subclasses implement `parseText` (the exchange's message
 * grammar) and `resetState`; nothing here knows an exchange.
 *
 * Field readers follow one convention: on bad input they fill the result as
 * a rejection and return a sentinel (NaN, -1 or undefined); the caller then
 * returns `this.result` unchanged.
 *
 * Fast path: when `fastPath` is on, the frame is loaded into `scanner`
 * (JsonScanner, bytes) and the subclass's `scanFrame` may read it without
 * decoding or JSON.parse, touching no state until it has read and validated
 * the whole frame; when it gives up, the JSON.parse path decides, so every
 * rejection comes from one place. Both paths end in the same apply step.
 */
export abstract class JsonFrameParser implements ExchangeParser {
  readonly maxFrameBytes: number;
  protected readonly fastPath: boolean;
  protected readonly scanner: JsonScanner;
  protected readonly out: ParseResultSlot;
  private readonly decoder = new TextDecoder('utf-8', { fatal: true });
  /** Seq of the next tick; `batchStartSeq` rolls it back when a frame is rejected half-way. */
  private nextSeq = 0;
  private batchStartSeq = 0;

  constructor(
    readonly exchangeId: number,
    options: ParserOptions = {},
  ) {
    const maxFrameBytes = options.maxFrameBytes ?? kDefaultMaxFrameBytes;
    if (!Number.isSafeInteger(maxFrameBytes) || maxFrameBytes < 2) {
      throw new RangeError(`maxFrameBytes: must be an integer >= 2, got ${String(options.maxFrameBytes)}`);
    }
    this.maxFrameBytes = maxFrameBytes;
    this.fastPath = options.fastPath ?? true;
    this.scanner = new JsonScanner(maxFrameBytes);
    this.out = new ParseResultSlot(new TickBatch(options.maxTicksPerFrame ?? kDefaultMaxTicksPerFrame, exchangeId));
  }

  parse(frame: string | Uint8Array, recvTsMicros: number, isBinary = false): ParseResult {
    this.out.ticks.clear();
    this.out.dataFrame = false;
    this.batchStartSeq = this.nextSeq;
    if (isBinary) return this.reject(RejectReason.BinaryFrame, 'binary WebSocket frame');
    const isText = typeof frame === 'string';
    if (!isText && !(frame instanceof Uint8Array)) {
      return this.reject(RejectReason.WrongType, `frame is ${describe(frame)}, expected a string or bytes`);
    }
    const size = isText ? frame.length : frame.byteLength;
    if (size > this.maxFrameBytes) {
      return this.reject(RejectReason.FrameTooLarge, `${size} bytes > maxFrameBytes ${this.maxFrameBytes}`);
    }
    try {
      if (this.fastPath && (isText ? this.scanner.loadText(frame) : this.scanner.loadBytes(frame))) {
        const fast = this.scanFrame(recvTsMicros);
        if (fast !== undefined) return fast;
      }
      let text: string;
      if (isText) {
        text = frame;
      } else {
        try {
          text = this.decoder.decode(frame);
        } catch {
          return this.reject(RejectReason.BinaryFrame, 'bytes are not UTF-8 text');
        }
      }
      return this.parseText(text, recvTsMicros);
    } catch (err) {
      // Unreachable by design; kept so a parser bug costs one counted frame, not the actor.
      return this.reject(RejectReason.ParserFault, err instanceof Error ? err.message : String(err));
    }
  }

  reset(): void {
    this.nextSeq = 0;
    this.batchStartSeq = 0;
    this.resetState();
  }

  /**
   * The fast path, on the frame already loaded into `scanner`: a result only
   * after reading and validating the whole frame, touching no state before
   * that; undefined to let `parseText` decide. Default: no fast path.
   */
  protected scanFrame(_recvTsMicros: number): ParseResult | undefined {
    return undefined;
  }

  /** The exchange's message grammar: one decoded text frame to a result. */
  protected abstract parseText(text: string, recvTsMicros: number): ParseResult;

  /** Forget per-symbol state (sequence numbers, book tops). */
  protected abstract resetState(): void;

  protected get result(): ParseResult {
    return this.out as ParseResult;
  }

  // ---- results ------------------------------------------------------------

  protected reject(reason: RejectReason, detail: string): ParseResult {
    const out = this.out;
    out.ticks.clear();
    this.nextSeq = this.batchStartSeq;
    out.kind = 'rejected';
    out.reason = reason;
    out.detail = detail;
    return out as ParseResult;
  }

  protected control(kind: ControlKind, detail: string): ParseResult {
    const out = this.out;
    out.kind = 'control';
    out.control = kind;
    out.detail = detail;
    return out as ParseResult;
  }

  /** The frame is a market-data message of our channel; later rejections say so. */
  protected markData(): void {
    this.out.dataFrame = true;
  }

  /**
   * The slot for the frame's next tick, to be filled (bid, ask, bidSize,
   * askSize, exchangeTs) and then passed to commitTick. Undefined, with the
   * frame rejected, when the batch is full.
   */
  protected nextTick(): MutableTick | undefined {
    const t = this.out.ticks.next();
    if (t === undefined) this.reject(RejectReason.TooManyTicks, `more than ${this.out.ticks.capacity} ticks in one frame`);
    return t;
  }

  /**
   * Stamps the tick filled through nextTick with the symbol, receive time,
   * per-connection seq and the flags every feed shares (crossed, bid >= ask:
   * kept, not dropped; no exchange time, exchangeTs 0), and appends it.
   */
  protected commitTick(t: MutableTick, symbolId: number, recvTsMicros: number, extraFlags: number): void {
    let flags = extraFlags;
    if (t.bid >= t.ask) flags |= kFlagCrossed;
    if (t.exchangeTs === 0) flags |= kFlagNoExchangeTs;
    t.symbolId = symbolId;
    t.recvTs = recvTsMicros;
    t.seq = this.nextSeq;
    t.flags = flags;
    this.out.ticks.commit();
    this.nextSeq = (this.nextSeq + 1) >>> 0;
  }

  protected emitTicks(seqCheck: SeqCheck, exchangeSeq: number, prevExchangeSeq: number): ParseResult {
    const out = this.out;
    out.kind = 'ticks';
    out.seqCheck = seqCheck;
    out.exchangeSeq = exchangeSeq;
    out.prevExchangeSeq = prevExchangeSeq;
    return out as ParseResult;
  }

  // ---- field readers (reject and return a sentinel on bad input) ----------

  /** The frame as a JSON object, or undefined (rejected as NotJson / UnknownMessage). */
  protected readJsonObject(text: string): WireObject | undefined {
    let msg: unknown;
    try {
      msg = JSON.parse(text);
    } catch {
      this.reject(RejectReason.NotJson, `not JSON: ${previewText(text)}`);
      return undefined;
    }
    if (!isWireObject(msg)) {
      this.reject(RejectReason.UnknownMessage, `top level is ${describe(msg)}, expected an object`);
      return undefined;
    }
    return msg;
  }

  protected readObject(v: unknown, field: string): WireObject | undefined {
    if (isWireObject(v)) return v;
    this.missingOrWrong(v, field, 'an object');
    return undefined;
  }

  protected readArray(v: unknown, field: string): unknown[] | undefined {
    if (Array.isArray(v)) return v;
    this.missingOrWrong(v, field, 'an array');
    return undefined;
  }

  protected readString(v: unknown, field: string): string | undefined {
    if (typeof v === 'string') return v;
    this.missingOrWrong(v, field, 'a string');
    return undefined;
  }

  /**
   * A price or size sent as a decimal string: a finite number > 0, or >= 0
   * when `allowZero` (a zero size deletes a level in delta feeds). NaN when
   * rejected.
   */
  protected readDecimal(v: unknown, field: string, allowZero = false): number {
    if (typeof v !== 'string') {
      this.missingOrWrong(v, field, 'a decimal string');
      return NaN;
    }
    const x = parseDecimal(v);
    if (x < Infinity && (x > 0 || (allowZero && x === 0))) return x;
    this.reject(RejectReason.BadNumber, `${field}: ${describe(v)} is not a ${allowZero ? 'non-negative' : 'positive'} decimal`);
    return NaN;
  }

  /** A sequence number or time sent as a JSON integer >= 0; -1 when rejected. */
  protected readUint(v: unknown, field: string): number {
    const x = readUint(v);
    if (x >= 0) return x;
    if (typeof v === 'number') this.reject(RejectReason.BadNumber, `${field}: ${describe(v)} is not an integer >= 0`);
    else this.missingOrWrong(v, field, 'an integer');
    return -1;
  }

  protected rejectUnknownSymbol(spelling: string, canonical: string | undefined): ParseResult {
    const hint = canonical === undefined ? '' : ` (${canonical})`;
    return this.reject(RejectReason.UnknownSymbol, `symbol ${describe(spelling)}${hint} is not in the symbol table`);
  }

  private missingOrWrong(v: unknown, field: string, expected: string): void {
    if (v === undefined) this.reject(RejectReason.MissingField, `${field}: missing`);
    else this.reject(RejectReason.WrongType, `${field}: ${describe(v)}, expected ${expected}`);
  }

}

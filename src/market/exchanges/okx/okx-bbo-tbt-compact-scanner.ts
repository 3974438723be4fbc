import { AsciiFieldReader, asciiBytes } from '../base/ascii-field-reader.js';
import type { JsonScanner } from '../base/json-scanner.js';
import type { SymbolMap } from '../base/symbol-map.js';
import type { BboEntries } from './bbo-entries.js';

// The layout OKX sends, between the values (see the class comment).
const kHead = asciiBytes('{"arg":{"channel":"bbo-tbt","instId":"');
const kArgEnd = asciiBytes('},"data":[');
const kAsks = asciiBytes('{"asks":[["');
const kBids = asciiBytes(']],"bids":[["');
const kTs = asciiBytes(']],"ts":"');
const kSeqId = asciiBytes(',"seqId":');
const kNextString = asciiBytes(',"');
const kQuote = 0x22;
const kComma = 0x2c;
const kCloseBrace = 0x7d;
const kCloseBracket = 0x5d;

/**
 * The first fast path of OkxBboTbtParser: a bbo-tbt push byte for byte in
 * the layout OKX sends it, with no whitespace and keys in its order,
 *
 *   {"arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"data":[{"asks":[["36232.2",
 *   "1.8826134","0","17"]],"bids":[["36232.1","0.00572212","0","2"]],
 *   "ts":"1651826598363","seqId":363996337}]}
 *
 * (more entries after a comma; seqId optional). The fixed text between the
 * values is compared as bytes and only the values are read, so a frame costs
 * a few comparisons and four number conversions instead of a token walk
 * with a key dispatch per field.
 *
 * It accepts a strict subset of what OkxBboTbtScanner (the token walk)
 * accepts and fills `entries` with the same values, so giving up (-1) on
 * any other layout loses nothing: the parser then runs the token walk,
 * which takes any key order and whitespace, and after that JSON.parse. It
 * never touches parser state.
 */
export class OkxBboTbtCompactScanner {
  private readonly rd = new AsciiFieldReader();

  constructor(
    private readonly sc: JsonScanner,
    private readonly symbols: SymbolMap,
    private readonly entries: BboEntries,
  ) {}

  /** Reads the frame already loaded into the JsonScanner into `entries`: its symbol id, or -1 to give up. */
  scan(): number {
    const b = this.sc.source;
    const rd = this.rd;
    const e = this.entries;
    e.count = 0;
    let i = rd.literal(b, 0, kHead);
    if (i < 0) return -1;
    const idStart = i;
    i = rd.stringBody(b, i);
    if (i < 0) return -1;
    const symbolId = this.symbols.idOfSpan(b, idStart, i - 1);
    if (symbolId < 0) return -1;
    i = rd.literal(b, i, kArgEnd);
    if (i < 0) return -1;
    for (;;) {
      i = this.scanEntry(b, i);
      if (i < 0) return -1;
      const c = b[i];
      if (c === kComma) {
        i++;
      } else if (c === kCloseBracket && b[i + 1] === kCloseBrace && i + 2 === this.sc.length) {
        return symbolId;
      } else {
        return -1;
      }
    }
  }

  /** `{"asks":[[…]],"bids":[[…]],"ts":"…"(,"seqId":…)}` at `at` into the next entry; the offset after it, or -1. */
  private scanEntry(b: Uint8Array, at: number): number {
    const rd = this.rd;
    const e = this.entries;
    const n = e.count;
    if (n === e.capacity) return -1;
    let i = rd.literal(b, at, kAsks);
    if (i < 0) return -1;
    i = this.scanLevel(b, i, e.ask, e.askSize, n);
    if (i < 0) return -1;
    i = rd.literal(b, i, kBids);
    if (i < 0) return -1;
    i = this.scanLevel(b, i, e.bid, e.bidSize, n);
    if (i < 0) return -1;
    i = rd.literal(b, i, kTs);
    if (i < 0) return -1;
    i = rd.uintStringBody(b, i);
    if (i < 0) return -1;
    e.tsMs[n] = rd.number;
    if (b[i] === kComma) {
      i = rd.literal(b, i, kSeqId);
      if (i < 0) return -1;
      i = rd.uint(b, i);
      if (i < 0) return -1;
      e.seqId[n] = rd.number;
    } else {
      e.seqId[n] = -1;
    }
    if (b[i] !== kCloseBrace) return -1;
    e.count = n + 1;
    return i + 1;
  }

  /**
   * `price","size"` then any further `,"string"` fields, from just after the
   * opening quote of the price; both numbers > 0, into px[n] and sz[n]
   * (array slots, not arguments or results: a double there would be boxed).
   * The offset of the `]]` that must follow, or -1.
   */
  private scanLevel(b: Uint8Array, at: number, px: Float64Array, sz: Float64Array, n: number): number {
    const rd = this.rd;
    let i = rd.decimalBody(b, at);
    if (i < 0 || !(rd.number > 0)) return -1;
    px[n] = rd.number;
    i = rd.literal(b, i, kNextString);
    if (i < 0) return -1;
    i = rd.decimalBody(b, i);
    if (i < 0 || !(rd.number > 0)) return -1;
    sz[n] = rd.number;
    while (b[i] === kComma) {
      if (b[i + 1] !== kQuote) return -1;
      i = rd.stringBody(b, i + 2);
      if (i < 0) return -1;
    }
    return i;
  }
}

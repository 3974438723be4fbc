import { type JsonScanner, kCloseBrace, kCloseBracket, kComma, kOpenBrace, kOpenBracket } from '../base/json-scanner.js';
import type { SymbolMap } from '../base/symbol-map.js';
import { LevelOneSide, SideChange } from './level-one-side.js';

const kTopicPrefix = 'orderbook.1.';

// Top-level keys as length * 256 + first byte, for the dispatch in scan().
const kTopicKey = 5 * 256 + 0x74; // topic
const kTypeKey = 4 * 256 + 0x74; // type
const kTsKey = 2 * 256 + 0x74; // ts
const kDataKey = 4 * 256 + 0x64; // data
const kCtsKey = 3 * 256 + 0x63; // cts

// data keys, for the switch below: single letters as bytes, "seq" apart.
const kKeySymbol = 0x73; // s
const kKeyBids = 0x62; // b
const kKeyAsks = 0x61; // a
const kKeyUpdateId = 0x75; // u
const kKeySeq = 1;

/**
 * The fast path of BybitOrderbookL1Parser: reads an orderbook.1 push in the
 * shape Bybit sends it (topic and type before data, data.s before the
 * levels) without JSON.parse, into its public fields. `scan` answers false
 * for anything else or anything off (an unknown key, an escape, a bad
 * number...): the parser then takes the JSON.parse path, which decides and
 * names the problem. It reads state (the current tops) but never writes it.
 */
export class BybitOrderbookScanner {
  symbolId = -1;
  isSnapshot = false;
  tsMs = -1;
  u = -1;
  bidChange: SideChange = SideChange.Keep;
  bidPx = NaN;
  bidSz = NaN;
  askChange: SideChange = SideChange.Keep;
  askPx = NaN;
  askSz = NaN;
  private readonly side = new LevelOneSide();

  constructor(
    private readonly sc: JsonScanner,
    private readonly symbols: SymbolMap,
    /** The parser's current tops per symbol id, read to see a deleted top. */
    private readonly topBidPx: Float64Array,
    private readonly topAskPx: Float64Array,
  ) {}

  /** Reads the frame already loaded into the JsonScanner. */
  scan(): boolean {
    const sc = this.sc;
    if (!sc.eat(kOpenBrace)) return false;
    let seen = 0;
    do {
      if (!sc.key()) return false;
      let bit: number;
      // Dispatch on length and first byte; one comparison confirms the key.
      switch (sc.spanLength * 256 + sc.spanByteAt(0)) {
        case kTopicKey:
          bit = 1;
          if (!sc.spanIs('topic') || !sc.string() || !sc.spanStartsWith(kTopicPrefix)) return false;
          this.symbolId = this.symbols.idOfSpan(sc.source, sc.spanStart + kTopicPrefix.length, sc.spanEnd);
          if (this.symbolId < 0) return false;
          break;
        case kTypeKey:
          bit = 2;
          if (!sc.spanIs('type') || !sc.string()) return false;
          this.isSnapshot = sc.spanIs('snapshot');
          if (!this.isSnapshot && !sc.spanIs('delta')) return false;
          break;
        case kTsKey:
          bit = 4;
          if (!sc.spanIs('ts')) return false;
          if (!sc.uint()) return false;
          this.tsMs = sc.number;
          break;
        case kDataKey:
          bit = 8;
          if (!sc.spanIs('data') || (seen & 3) !== 3 || !this.scanData()) return false;
          break;
        case kCtsKey:
          bit = 16;
          if (!sc.spanIs('cts') || !sc.uint()) return false;
          break;
        default:
          return false;
      }
      if ((seen & bit) !== 0) return false; // a repeated key: let JSON.parse decide
      seen |= bit;
    } while (sc.eat(kComma));
    return sc.eat(kCloseBrace) && sc.atEnd() && (seen & 15) === 15;
  }

  /** `{"s":…,"b":[…],"a":[…],"u":…,"seq":…}`; an absent side is an empty list. */
  private scanData(): boolean {
    const sc = this.sc;
    const id = this.symbolId;
    if (!sc.eat(kOpenBrace)) return false;
    this.side.begin(this.topBidPx, id);
    this.bidChange = this.side.end(this.isSnapshot);
    this.bidPx = NaN;
    this.bidSz = NaN;
    this.side.begin(this.topAskPx, id);
    this.askChange = this.side.end(this.isSnapshot);
    this.askPx = NaN;
    this.askSz = NaN;
    let seen = 0;
    do {
      if (!sc.key()) return false;
      const k = sc.spanLength === 1 ? sc.spanByteAt(0) : sc.spanIs('seq') ? kKeySeq : -1;
      let bit: number;
      switch (k) {
        case kKeySymbol:
          bit = 1;
          // Must name the topic's symbol: compare with its spelling, no lookup needed.
          if (!sc.string() || !sc.spanIs(this.symbols.spellingOf(id))) return false;
          break;
        case kKeyBids: {
          bit = 2;
          const change = (seen & 1) === 0 ? -1 : this.scanSide(this.topBidPx, id);
          if (change === -1) return false;
          this.bidChange = change;
          this.bidPx = this.side.px;
          this.bidSz = this.side.sz;
          break;
        }
        case kKeyAsks: {
          bit = 4;
          const change = (seen & 1) === 0 ? -1 : this.scanSide(this.topAskPx, id);
          if (change === -1) return false;
          this.askChange = change;
          this.askPx = this.side.px;
          this.askSz = this.side.sz;
          break;
        }
        case kKeyUpdateId:
          bit = 8;
          if (!sc.uint()) return false;
          this.u = sc.number;
          break;
        case kKeySeq:
          bit = 16;
          if (!sc.uint()) return false;
          break;
        default:
          return false;
      }
      if ((seen & bit) !== 0) return false;
      seen |= bit;
    } while (sc.eat(kComma));
    return sc.eat(kCloseBrace) && (seen & 9) === 9;
  }

  /** `[["price","size"], …]`; -1 to give up. */
  private scanSide(tops: Float64Array, id: number): SideChange | -1 {
    const sc = this.sc;
    this.side.begin(tops, id);
    if (!sc.eat(kOpenBracket)) return -1;
    if (!sc.eat(kCloseBracket)) {
      do {
        if (!sc.eat(kOpenBracket)) return -1;
        if (!sc.decimalString() || !(sc.number > 0)) return -1;
        const px = sc.number;
        if (!sc.eat(kComma) || !sc.decimalString()) return -1;
        const sz = sc.number; // >= 0 by construction: 0 deletes the price
        if (!sc.eat(kCloseBracket)) return -1;
        this.side.add(px, sz);
      } while (sc.eat(kComma));
      if (!sc.eat(kCloseBracket)) return -1;
    }
    return this.side.end(this.isSnapshot);
  }
}

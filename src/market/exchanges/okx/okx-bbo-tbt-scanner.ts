import { type JsonScanner, kCloseBrace, kCloseBracket, kComma, kOpenBrace, kOpenBracket } from '../base/json-scanner.js';
import type { SymbolMap } from '../base/symbol-map.js';
import type { BboEntries } from './bbo-entries.js';

/**
 * The second fast path of OkxBboTbtParser, after OkxBboTbtCompactScanner
 * (OKX's exact layout): reads a bbo-tbt push in any key order and
 * whitespace, `{"arg":{"channel":"bbo-tbt","instId":…},"data":[{"asks":[[…]],
 * "bids":[[…]],"ts":"…","seqId":…}]}`, token by token without JSON.parse,
 * into `symbolId` and the shared BboEntries. `scan` answers false for anything else or
 * anything off (an unknown key, more than one level or more entries than
 * fit, a bad number...): the parser then takes the JSON.parse path, which
 * decides and names the problem. It never touches parser state.
 */
export class OkxBboTbtScanner {
  symbolId = -1;
  // One level as read by scanLevel.
  private px = NaN;
  private sz = NaN;

  constructor(
    private readonly sc: JsonScanner,
    private readonly symbols: SymbolMap,
    private readonly entries: BboEntries,
  ) {}

  /** Reads the frame already loaded into the JsonScanner. */
  scan(): boolean {
    const sc = this.sc;
    this.entries.count = 0;
    if (!sc.eat(kOpenBrace)) return false;
    let seen = 0;
    do {
      if (!sc.key()) return false;
      let bit: number;
      if (sc.spanIs('arg')) {
        bit = 1;
        if (!this.scanArg()) return false;
      } else if (sc.spanIs('data')) {
        bit = 2;
        if (!this.scanData()) return false;
      } else {
        return false;
      }
      if ((seen & bit) !== 0) return false; // a repeated key: let JSON.parse decide
      seen |= bit;
    } while (sc.eat(kComma));
    return sc.eat(kCloseBrace) && sc.atEnd() && seen === 3;
  }

  private scanArg(): boolean {
    const sc = this.sc;
    if (!sc.eat(kOpenBrace)) return false;
    let seen = 0;
    do {
      if (!sc.key()) return false;
      let bit: number;
      if (sc.spanIs('channel')) {
        bit = 1;
        if (!sc.string() || !sc.spanIs('bbo-tbt')) return false;
      } else if (sc.spanIs('instId')) {
        bit = 2;
        if (!sc.string()) return false;
        this.symbolId = this.symbols.idOfSpan(sc.source, sc.spanStart, sc.spanEnd);
        if (this.symbolId < 0) return false;
      } else {
        return false;
      }
      if ((seen & bit) !== 0) return false;
      seen |= bit;
    } while (sc.eat(kComma));
    return sc.eat(kCloseBrace) && seen === 3;
  }

  private scanData(): boolean {
    const sc = this.sc;
    if (!sc.eat(kOpenBracket)) return false;
    do {
      if (this.entries.full || !this.scanEntry()) return false;
    } while (sc.eat(kComma));
    return sc.eat(kCloseBracket);
  }

  private scanEntry(): boolean {
    const sc = this.sc;
    if (!sc.eat(kOpenBrace)) return false;
    // Numbers go straight into the next entry's slots (a double passed as an
    // argument would be boxed); the entry counts only once complete.
    const e = this.entries;
    const at = e.count;
    e.seqId[at] = -1;
    let seen = 0;
    do {
      if (!sc.key()) return false;
      let bit: number;
      // Dispatch on the first byte; one comparison confirms the key.
      switch (sc.spanByteAt(0)) {
        case 0x61: // asks
          bit = 1;
          if (!sc.spanIs('asks') || !this.scanSide()) return false;
          e.ask[at] = this.px;
          e.askSize[at] = this.sz;
          break;
        case 0x62: // bids
          bit = 2;
          if (!sc.spanIs('bids') || !this.scanSide()) return false;
          e.bid[at] = this.px;
          e.bidSize[at] = this.sz;
          break;
        case 0x74: // ts
          bit = 4;
          if (!sc.spanIs('ts')) return false;
          if (!sc.uintString()) return false;
          e.tsMs[at] = sc.number;
          break;
        case 0x73: // seqId
          bit = 8;
          if (!sc.spanIs('seqId')) return false;
          if (!sc.uint()) return false;
          e.seqId[at] = sc.number;
          break;
        default:
          return false;
      }
      if ((seen & bit) !== 0) return false;
      seen |= bit;
    } while (sc.eat(kComma));
    if (!sc.eat(kCloseBrace) || (seen & 7) !== 7) return false;
    e.count = at + 1;
    return true;
  }

  /** `[["price","size","0","orders"]]`: exactly one level; trailing fields must be strings. */
  private scanSide(): boolean {
    const sc = this.sc;
    if (!sc.eat(kOpenBracket) || !sc.eat(kOpenBracket)) return false;
    if (!sc.decimalString() || !(sc.number > 0)) return false;
    this.px = sc.number;
    if (!sc.eat(kComma) || !sc.decimalString() || !(sc.number > 0)) return false;
    this.sz = sc.number;
    while (sc.eat(kComma)) {
      if (!sc.string()) return false;
    }
    return sc.eat(kCloseBracket) && sc.eat(kCloseBracket);
  }
}

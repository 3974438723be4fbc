import { type JsonScanner, kCloseBrace, kComma, kOpenBrace } from '../base/json-scanner.js';
import type { SymbolMap } from '../base/symbol-map.js';
import type { MutableTick } from '../base/tick-batch.js';

const kStreamSuffix = '@bookTicker';

// Single-letter payload keys, as bytes.
const kKeyU = 0x75; // u
const kKeyS = 0x73; // s
const kKeyBid = 0x62; // b
const kKeyBidSize = 0x42; // B
const kKeyAsk = 0x61; // a
const kKeyAskSize = 0x41; // A
const kKeyEvent = 0x65; // e
const kKeyEventTime = 0x45; // E
const kKeyTransactionTime = 0x54; // T
/** u, s, b, B, a, A */
const kRequiredKeys = 63;

/**
 * The fast path of BinanceBookTickerParser: reads a raw bookTicker payload
 * or a combined `{"stream":"…@bookTicker","data":{…}}` frame in the shape
 * Binance sends it, without JSON.parse: prices and sizes straight into the
 * staged tick (bid, bidSize, ask, askSize, exchangeTs), the symbol and `u`
 * into its fields. `scan` answers false for anything else or anything off
 * (an unknown or repeated key, an escape, a bad number...): the parser then
 * takes the JSON.parse path, which decides and names the problem. It never
 * touches parser state.
 */
export class BinanceBookTickerScanner {
  symbolId = -1;
  u = -1;

  constructor(
    private readonly sc: JsonScanner,
    private readonly symbols: SymbolMap,
  ) {}

  /** Reads the frame already loaded into the JsonScanner. */
  scan(t: MutableTick): boolean {
    const sc = this.sc;
    if (!sc.eat(kOpenBrace) || !sc.key()) return false;
    const wrapped = sc.spanIs('stream');
    if (wrapped) {
      if (!sc.string() || !sc.spanEndsWith(kStreamSuffix) || !sc.eat(kComma)) return false;
      if (!sc.key() || !sc.spanIs('data') || !sc.eat(kOpenBrace) || !sc.key()) return false;
    }
    t.exchangeTs = 0;
    let seen = 0;
    for (;;) {
      if (sc.spanLength !== 1) return false;
      let bit: number;
      switch (sc.spanByteAt(0)) {
        case kKeyU:
          bit = 1;
          if (!sc.uint()) return false;
          this.u = sc.number;
          break;
        case kKeyS:
          bit = 2;
          if (!sc.string()) return false;
          this.symbolId = this.symbols.idOfSpan(sc.source, sc.spanStart, sc.spanEnd);
          if (this.symbolId < 0) return false;
          break;
        case kKeyBid:
          bit = 4;
          if (!sc.decimalString() || !(sc.number > 0)) return false;
          t.bid = sc.number;
          break;
        case kKeyBidSize:
          bit = 8;
          if (!sc.decimalString() || !(sc.number > 0)) return false;
          t.bidSize = sc.number;
          break;
        case kKeyAsk:
          bit = 16;
          if (!sc.decimalString() || !(sc.number > 0)) return false;
          t.ask = sc.number;
          break;
        case kKeyAskSize:
          bit = 32;
          if (!sc.decimalString() || !(sc.number > 0)) return false;
          t.askSize = sc.number;
          break;
        case kKeyEvent:
          bit = 64;
          if (!sc.string() || !sc.spanIs('bookTicker')) return false;
          break;
        case kKeyEventTime:
          bit = 128;
          if (!sc.uint()) return false;
          t.exchangeTs = sc.number * 1000;
          break;
        case kKeyTransactionTime:
          bit = 256;
          if (!sc.uint()) return false;
          break;
        default:
          return false;
      }
      if ((seen & bit) !== 0) return false; // a repeated key: let JSON.parse decide
      seen |= bit;
      if (sc.eat(kComma)) {
        if (!sc.key()) return false;
        continue;
      }
      if (!sc.eat(kCloseBrace)) return false;
      break;
    }
    if (wrapped && !sc.eat(kCloseBrace)) return false;
    return sc.atEnd() && (seen & kRequiredKeys) === kRequiredKeys;
  }
}

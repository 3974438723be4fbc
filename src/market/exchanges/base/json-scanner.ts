/**
 * A forward-only, allocation-free reader of one JSON text, for a parser's
 * fast path: it reads exactly the tokens the caller asks for and gives up
 * (false, NaN or -1) on anything else: escapes, control characters, signs,
 * exponents, leading zeros, numbers it cannot convert exactly. Giving up is
 * always safe: the caller then parses the frame with JSON.parse, which also
 * produces the precise rejection. The scanner never accepts a token that
 * JSON.parse would refuse, so a fast path that walks the whole text and ends
 * with `atEnd()` only accepts valid JSON.
 *
 * Decimal strings convert exactly: a mantissa of at most 15 digits and a
 * power of ten up to 10^15 are both exact doubles, and IEEE division rounds
 * correctly, so `m / 10^k` is the double nearest the decimal: the value
 * `Number(s)` returns (Clinger's fast path).
 */
export class JsonScanner {
  private text = '';
  private pos = 0;
  /** Span [spanStart, spanEnd) of the last string read, quotes excluded. */
  spanStart = 0;
  spanEnd = 0;

  start(text: string): void {
    this.text = text;
    this.pos = 0;
  }

  /** Skips JSON whitespace, then consumes `code` when it comes next. */
  eat(code: number): boolean {
    this.skipWhitespace();
    if (this.text.charCodeAt(this.pos) !== code) return false;
    this.pos++;
    return true;
  }

  /** Only whitespace remains. */
  atEnd(): boolean {
    this.skipWhitespace();
    return this.pos === this.text.length;
  }

  /** A string without escapes or control characters; its span is left in spanStart/spanEnd. */
  string(): boolean {
    if (!this.eat(kQuote)) return false;
    const text = this.text;
    const start = this.pos;
    for (let i = start; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c === kQuote) {
        this.spanStart = start;
        this.spanEnd = i;
        this.pos = i + 1;
        return true;
      }
      if (c === kBackslash || c < 0x20) return false;
    }
    return false;
  }

  /** An object key and its colon; the key is the span. */
  key(): boolean {
    return this.string() && this.eat(kColon);
  }

  get spanLength(): number {
    return this.spanEnd - this.spanStart;
  }

  /** Char code at offset i of the span. */
  spanCharAt(i: number): number {
    return this.text.charCodeAt(this.spanStart + i);
  }

  spanIs(literal: string): boolean {
    return this.spanEnd - this.spanStart === literal.length && this.text.startsWith(literal, this.spanStart);
  }

  spanStartsWith(prefix: string): boolean {
    return this.spanEnd - this.spanStart >= prefix.length && this.text.startsWith(prefix, this.spanStart);
  }

  spanEndsWith(suffix: string): boolean {
    return this.spanEnd - this.spanStart >= suffix.length && this.text.startsWith(suffix, this.spanEnd - suffix.length);
  }

  /** The text being scanned, for span lookups (SymbolMap.idOfSpan). */
  get source(): string {
    return this.text;
  }

  /** A JSON integer 0..10^15 (no sign, fraction, exponent or leading zero); -1 to give up. */
  uint(): number {
    this.skipWhitespace();
    const text = this.text;
    const start = this.pos;
    let i = start;
    let v = 0;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c < kDigit0 || c > kDigit9) break;
      v = v * 10 + (c - kDigit0);
    }
    const n = i - start;
    if (n === 0 || n > kMaxExactDigits || (n > 1 && text.charCodeAt(start) === kDigit0)) return -1;
    const next = text.charCodeAt(i);
    if (next === kDot || next === kLowerE || next === kUpperE) return -1;
    this.pos = i;
    return v;
  }

  /** A string of 1..15 digits ("1651826598363") as an integer; -1 to give up. */
  uintString(): number {
    if (!this.string()) return -1;
    const n = this.spanEnd - this.spanStart;
    if (n === 0 || n > kMaxExactDigits) return -1;
    let v = 0;
    for (let i = this.spanStart; i < this.spanEnd; i++) {
      const c = this.text.charCodeAt(i);
      if (c < kDigit0 || c > kDigit9) return -1;
      v = v * 10 + (c - kDigit0);
    }
    return v;
  }

  /**
   * A string holding a plain decimal, digits with at most one inner dot
   * ("25.35190000"), as its exact value; NaN to give up (empty, signs,
   * exponents, a leading or trailing dot, more than 64 characters).
   */
  decimalString(): number {
    if (!this.eat(kQuote)) return NaN;
    const text = this.text;
    const start = this.pos;
    let i = start;
    let mantissa = 0;
    let digits = 0;
    let fractionDigits = 0;
    let seenDot = false;
    for (; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c >= kDigit0 && c <= kDigit9) {
        mantissa = mantissa * 10 + (c - kDigit0);
        digits++;
        if (seenDot) fractionDigits++;
      } else if (c === kDot && !seenDot) {
        seenDot = true;
      } else {
        break;
      }
    }
    const n = i - start;
    if (text.charCodeAt(i) !== kQuote || n === 0 || n > kMaxDecimalChars) return NaN;
    if (text.charCodeAt(start) === kDot || text.charCodeAt(i - 1) === kDot) return NaN;
    this.pos = i + 1;
    // Beyond 15 digits the mantissa is no longer exact: let Number() round (rare, allocates).
    if (digits > kMaxExactDigits) return +text.slice(start, i);
    return fractionDigits === 0 ? mantissa : mantissa / kPowersOf10[fractionDigits]!;
  }

  private skipWhitespace(): void {
    const text = this.text;
    let i = this.pos;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== 0x20 && c !== 0x0a && c !== 0x0d && c !== 0x09) break;
      i++;
    }
    this.pos = i;
  }
}

export const kQuote = 0x22;
export const kComma = 0x2c;
export const kColon = 0x3a;
export const kOpenBrace = 0x7b;
export const kCloseBrace = 0x7d;
export const kOpenBracket = 0x5b;
export const kCloseBracket = 0x5d;
const kBackslash = 0x5c;
const kDot = 0x2e;
const kLowerE = 0x65;
const kUpperE = 0x45;
const kDigit0 = 0x30;
const kDigit9 = 0x39;
const kMaxExactDigits = 15;
/** Same bound as parseDecimal (wire-values.ts): longer strings are rejected there. */
const kMaxDecimalChars = 64;
const kPowersOf10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

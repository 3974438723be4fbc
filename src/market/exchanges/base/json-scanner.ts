/**
 * A forward-only, allocation-free reader of one JSON frame, for a parser's
 * fast path. It works on bytes (the ws library hands frames over as
 * Buffers, and a byte load is cheaper than `charCodeAt`): a Buffer is copied
 * into its scratch array, a string is encoded into it (`encodeInto`), and a
 * 0 byte after the frame stops every loop without a bounds check.
 *
 * It reads exactly the tokens the caller asks for and gives up (false) on
 * anything else: escapes, control characters, non-ASCII bytes,
 * signs, exponents, leading zeros, numbers it cannot convert exactly.
 * Giving up is always safe: the caller then decodes the frame and parses it
 * with JSON.parse, which also produces the precise rejection. The scanner
 * never accepts a token that JSON.parse would refuse, and accepts ASCII only
 * (so valid UTF-8), so a fast path that walks the whole frame and ends with
 * `atEnd()` only accepts what the JSON.parse path would read the same way.
 *
 * Decimal strings convert exactly: a mantissa of at most 15 digits and a
 * power of ten up to 10^15 are both exact doubles, and IEEE division rounds
 * correctly, so `m / 10^k` is the double nearest the decimal: the value
 * `Number(s)` returns (Clinger's fast path).
 *
 * Every reading method is a leaf, whitespace skipping written out in each:
 * a fast path makes dozens of calls per frame, V8 stops inlining long before
 * that, and a call saved per token is most of the cost saved. For the same
 * reason numbers are not returned but left in `number` (a double field,
 * updated in place): a double returned from a call that is not inlined is
 * boxed in a fresh heap object, one allocation per price.
 */
export class JsonScanner {
  /** The frame's bytes, then a 0 sentinel. */
  private readonly bytes: Uint8Array;
  private readonly encoder = new TextEncoder();
  private end = 0;
  private pos = 0;
  /** Span [spanStart, spanEnd) of the last string read, quotes excluded. */
  spanStart = 0;
  spanEnd = 0;
  /** Value of the last number read by uint, uintString or decimalString. */
  number = NaN;

  constructor(readonly maxBytes: number) {
    this.bytes = new Uint8Array(maxBytes + 1);
  }

  /** Loads a text frame; false when it does not fit (it may be non-ASCII: the caller falls back). */
  loadText(text: string): boolean {
    const { read, written } = this.encoder.encodeInto(text, this.bytes);
    if (read !== text.length || written > this.maxBytes) return false;
    return this.loaded(written);
  }

  /** Loads a frame received as bytes; false when it is longer than maxBytes. */
  loadBytes(frame: Uint8Array): boolean {
    if (frame.byteLength > this.maxBytes) return false;
    this.bytes.set(frame);
    return this.loaded(frame.byteLength);
  }

  /** The loaded bytes, for span lookups (SymbolMap.idOfSpan); the frame's end holds a 0. */
  get source(): Uint8Array {
    return this.bytes;
  }

  /** Length in bytes of the loaded frame: `source[length]` is the 0 after it. */
  get length(): number {
    return this.end;
  }

  /** Skips JSON whitespace, then consumes `code` when it comes next. */
  eat(code: number): boolean {
    const b = this.bytes;
    let i = this.pos;
    let c = b[i]!;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i]!;
    if (c !== code) return false;
    this.pos = i + 1;
    return true;
  }

  /** Only whitespace remains. */
  atEnd(): boolean {
    const b = this.bytes;
    let i = this.pos;
    let c = b[i]!;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i]!;
    this.pos = i;
    return i === this.end;
  }

  /** An ASCII string without escapes or control characters; its span is left in spanStart/spanEnd. */
  string(): boolean {
    const b = this.bytes;
    let i = this.pos;
    let c = b[i]!;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i]!;
    if (c !== kQuote) return false;
    const start = ++i;
    c = b[i]!;
    while (c !== kQuote) {
      if (c === kBackslash || c < 0x20 || c > 0x7e) return false; // the sentinel 0 ends it too
      c = b[++i]!;
    }
    this.spanStart = start;
    this.spanEnd = i;
    this.pos = i + 1;
    return true;
  }

  /** An object key and its colon; the key is the span. */
  key(): boolean {
    const b = this.bytes;
    let i = this.pos;
    let c = b[i]!;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i]!;
    if (c !== kQuote) return false;
    const start = ++i;
    c = b[i]!;
    while (c !== kQuote) {
      if (c === kBackslash || c < 0x20 || c > 0x7e) return false;
      c = b[++i]!;
    }
    this.spanStart = start;
    this.spanEnd = i;
    c = b[++i]!;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i]!;
    if (c !== kColon) return false;
    this.pos = i + 1;
    return true;
  }

  get spanLength(): number {
    return this.spanEnd - this.spanStart;
  }

  /** Byte at offset i of the span. */
  spanByteAt(i: number): number {
    return this.bytes[this.spanStart + i]!;
  }

  spanIs(literal: string): boolean {
    return this.spanEnd - this.spanStart === literal.length && bytesEqual(this.bytes, this.spanStart, literal);
  }

  spanStartsWith(prefix: string): boolean {
    return this.spanEnd - this.spanStart >= prefix.length && bytesEqual(this.bytes, this.spanStart, prefix);
  }

  spanEndsWith(suffix: string): boolean {
    return this.spanEnd - this.spanStart >= suffix.length && bytesEqual(this.bytes, this.spanEnd - suffix.length, suffix);
  }

  /** A JSON integer 0..10^15 (no sign, fraction, exponent or leading zero) into `number`; false to give up. */
  uint(): boolean {
    const b = this.bytes;
    let i = this.pos;
    let c = b[i]!;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i]!;
    const start = i;
    let v = 0;
    while (c >= kDigit0 && c <= kDigit9) {
      v = v * 10 + (c - kDigit0);
      c = b[++i]!;
    }
    const n = i - start;
    if (n === 0 || n > kMaxExactDigits || (n > 1 && b[start] === kDigit0)) return false;
    if (c === kDot || c === kLowerE || c === kUpperE) return false;
    this.pos = i;
    this.number = v;
    return true;
  }

  /** A string of 1..15 digits ("1651826598363") as an integer into `number`; false to give up. */
  uintString(): boolean {
    const b = this.bytes;
    let i = this.pos;
    let c = b[i]!;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i]!;
    if (c !== kQuote) return false;
    const start = ++i;
    let v = 0;
    c = b[i]!;
    while (c >= kDigit0 && c <= kDigit9) {
      v = v * 10 + (c - kDigit0);
      c = b[++i]!;
    }
    const n = i - start;
    if (c !== kQuote || n === 0 || n > kMaxExactDigits) return false;
    this.pos = i + 1;
    this.number = v;
    return true;
  }

  /**
   * A string holding a plain decimal, digits with at most one inner dot
   * ("25.35190000"), its exact value into `number`; false to give up (empty,
   * signs, exponents, a leading or trailing dot, more than 64 characters).
   */
  decimalString(): boolean {
    const b = this.bytes;
    let i = this.pos;
    let c = b[i]!;
    while (c === 0x20 || c === 0x0a || c === 0x0d || c === 0x09) c = b[++i]!;
    if (c !== kQuote) return false;
    const start = ++i;
    let mantissa = 0;
    let digits = 0;
    let dotAt = -1;
    for (;;) {
      c = b[i]!;
      if (c >= kDigit0 && c <= kDigit9) {
        mantissa = mantissa * 10 + (c - kDigit0);
        digits++;
      } else if (c === kDot && dotAt < 0) {
        dotAt = i;
      } else {
        break;
      }
      i++;
    }
    const n = i - start;
    if (c !== kQuote || n === 0 || n > kMaxDecimalChars || dotAt === start || dotAt === i - 1) return false;
    this.pos = i + 1;
    if (digits > kMaxExactDigits) {
      // Beyond 15 digits the mantissa is no longer exact: let Number() round (rare, allocates).
      this.number = +String.fromCharCode(...b.subarray(start, i));
    } else {
      this.number = dotAt < 0 ? mantissa : mantissa / kPowersOf10[i - 1 - dotAt]!;
    }
    return true;
  }

  private loaded(length: number): boolean {
    this.bytes[length] = 0;
    this.end = length;
    this.pos = 0;
    return true;
  }
}

/** bytes[at, at + literal.length) holds the (ASCII) literal. */
export function bytesEqual(bytes: Uint8Array, at: number, literal: string): boolean {
  const n = literal.length;
  if (at + n > bytes.length) return false;
  for (let i = 0; i < n; i++) {
    if (bytes[at + i] !== literal.charCodeAt(i)) return false;
  }
  return true;
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

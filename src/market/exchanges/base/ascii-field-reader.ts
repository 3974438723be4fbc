/**
 * Readers for JSON values at a byte offset the caller already knows, for a
 * fast path that matches a frame against the exact layout an exchange sends
 * (its key order, no whitespace) instead of walking it token by token with
 * JsonScanner: the structure is checked with a few `literal` comparisons and
 * only the values are read.
 *
 * Contract, shared by every method: `bytes` holds the frame followed by a 0
 * byte (JsonScanner.source), which stops every loop; `at` is where the value
 * starts; the answer is the offset just after what was read, or -1 to give
 * up. A reader accepts a subset of what the matching JsonScanner method
 * accepts and leaves the same value in `number`, so a layout fast path that
 * gives up can always hand the frame to the token walk (and that one to
 * JSON.parse) without changing any result. Beyond JsonScanner's rules they
 * give up on a decimal of more than 15 digits (it would need rounding).
 *
 * Numbers are left in `number` (a double field, updated in place), never
 * returned: a double returned from a call V8 does not inline is boxed in a
 * fresh heap object. Offsets are small integers and stay unboxed.
 */
export class AsciiFieldReader {
  /** Value of the last number read. */
  number = NaN;

  /** `lit` (asciiBytes) at `at`: the offset after it, else -1. */
  literal(bytes: Uint8Array, at: number, lit: Uint8Array): number {
    const n = lit.length;
    for (let k = 0; k < n; k++) {
      if (bytes[at + k] !== lit[k]) return -1;
    }
    return at + n;
  }

  /**
   * The rest of a string after its opening quote: printable ASCII without
   * backslash, up to the closing quote (JsonScanner.string); the offset after
   * the closing quote. The string's bytes are [at, answer - 1).
   */
  stringBody(bytes: Uint8Array, at: number): number {
    let i = at;
    let c = bytes[i]!;
    while (c !== kQuote) {
      if (c === kBackslash || c < 0x20 || c > 0x7e) return -1; // the 0 sentinel ends it too
      c = bytes[++i]!;
    }
    return i + 1;
  }

  /**
   * The rest of a decimal string after its opening quote ("25.35190000":
   * digits with at most one inner dot, 1..15 digits, at most 64 characters:
   * JsonScanner.decimalString), its exact value into `number`; the offset
   * after the closing quote.
   */
  decimalBody(bytes: Uint8Array, at: number): number {
    let i = at;
    let mantissa = 0;
    let dotAt = -1;
    let c = bytes[i]!;
    for (;;) {
      if (c >= kDigit0 && c <= kDigit9) {
        mantissa = mantissa * 10 + (c - kDigit0);
      } else if (c === kDot && dotAt < 0) {
        dotAt = i;
      } else {
        break;
      }
      c = bytes[++i]!;
    }
    const n = i - at;
    const digits = dotAt < 0 ? n : n - 1;
    // n <= 16 follows from digits <= 15, so the 64-character bound holds too.
    if (c !== kQuote || digits === 0 || digits > kMaxExactDigits || dotAt === at || dotAt === i - 1) return -1;
    // Exact (see JsonScanner): a mantissa below 10^15 and 10^k are exact doubles, and division rounds correctly.
    this.number = dotAt < 0 ? mantissa : mantissa / kPowersOf10[i - 1 - dotAt]!;
    return i + 1;
  }

  /**
   * The rest of a string of 1..15 digits after its opening quote
   * ("1651826598363": JsonScanner.uintString), as an integer into `number`;
   * the offset after the closing quote.
   */
  uintStringBody(bytes: Uint8Array, at: number): number {
    const i = this.digitRun(bytes, at);
    const n = i - at;
    if (bytes[i] !== kQuote || n === 0 || n > kMaxExactDigits) return -1;
    return i + 1;
  }

  /**
   * A JSON integer 0..10^15 (no sign, fraction, exponent or leading zero:
   * JsonScanner.uint) into `number`; the offset after its last digit.
   */
  uint(bytes: Uint8Array, at: number): number {
    const i = this.digitRun(bytes, at);
    const n = i - at;
    if (n === 0 || n > kMaxExactDigits || (n > 1 && bytes[at] === kDigit0)) return -1;
    const c = bytes[i];
    if (c === kDot || c === kLowerE || c === kUpperE) return -1;
    return i;
  }

  /**
   * The decimal digits from `at`, as an integer into `number` (meaningful
   * only to a caller that then accepts the run); the offset of the first
   * byte that is not a digit.
   */
  private digitRun(bytes: Uint8Array, at: number): number {
    let i = at;
    let v = 0;
    let c = bytes[i]!;
    while (c >= kDigit0 && c <= kDigit9) {
      v = v * 10 + (c - kDigit0);
      c = bytes[++i]!;
    }
    this.number = v;
    return i;
  }
}

/** An ASCII literal as bytes, for AsciiFieldReader.literal; built once, at start-up. */
export function asciiBytes(literal: string): Uint8Array {
  const out = new Uint8Array(literal.length);
  for (let i = 0; i < literal.length; i++) {
    const c = literal.charCodeAt(i);
    // 0 is the frame's end sentinel: a literal holding it could match past the end.
    if (c === 0 || c > 0x7e) throw new RangeError(`asciiBytes: ${JSON.stringify(literal)} has a non-ASCII or NUL character at ${i}`);
    out[i] = c;
  }
  return out;
}

const kQuote = 0x22;
const kBackslash = 0x5c;
const kDot = 0x2e;
const kLowerE = 0x65;
const kUpperE = 0x45;
const kDigit0 = 0x30;
const kDigit9 = 0x39;
const kMaxExactDigits = 15;
const kPowersOf10 = [1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15];

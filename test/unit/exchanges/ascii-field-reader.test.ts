import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { AsciiFieldReader, asciiBytes } from '../../../src/market/exchanges/base/ascii-field-reader.js';
import { JsonScanner } from '../../../src/market/exchanges/base/json-scanner.js';

// AsciiFieldReader must accept a subset of what the matching JsonScanner
// method accepts, with the same value and the same end offset: the layout
// fast paths rely on it to give up without changing any result.

function load(text: string): JsonScanner {
  const sc = new JsonScanner(4096);
  if (!sc.loadText(text)) throw new Error('did not load');
  return sc;
}

type Read = (rd: AsciiFieldReader, bytes: Uint8Array) => number;
type Scan = (sc: JsonScanner) => boolean;

/** Runs both on `text` (the reader from offset `at`); the scanner's answer, and checks the reader agrees when it accepts. */
function agree(text: string, at: number, read: Read, scan: Scan): { reader: number; scanner: boolean } {
  const sc = load(text);
  const rd = new AsciiFieldReader();
  const end = read(rd, sc.source);
  const ok = scan(sc);
  if (end >= 0) {
    expect(ok, `scanner refused what the reader took: ${text}`).toBe(true);
    expect(Object.is(rd.number, sc.number), text).toBe(true);
    expect(end).toBeGreaterThan(at);
    // The scanner's position is private: when it stands at the frame's end, so must the reader.
    if (sc.atEnd()) expect(end, text).toBe(sc.length);
  }
  return { reader: end, scanner: ok };
}

const asString = (body: string) => `"${body}"`;

describe('AsciiFieldReader', () => {
  it('reads decimal strings as JsonScanner.decimalString does, giving up beyond 15 digits', () => {
    let taken = 0;
    fc.assert(
      fc.property(
        fc.oneof(
          fc.stringMatching(/^[0-9]{1,18}(\.[0-9]{1,18})?$/),
          fc.stringMatching(/^[0-9.eE+-]{0,8}$/),
          fc.string({ maxLength: 6 }),
        ),
        (s) => {
          const text = asString(s);
          const r = agree(text, 1, (rd, b) => rd.decimalBody(b, 1), (sc) => sc.decimalString());
          const digits = s.replace('.', '').length;
          // Taken whenever the scanner takes it, but for the mantissas that need rounding.
          if (r.scanner && digits <= 15) expect(r.reader, s).toBeGreaterThan(0);
          if (r.reader >= 0) taken++;
        },
      ),
      { numRuns: 20_000, seed: 7 },
    );
    expect(taken).toBeGreaterThan(1000);
    const value = (body: string) => {
      const rd = new AsciiFieldReader();
      const end = rd.decimalBody(load(asString(body)).source, 1);
      return end < 0 ? NaN : rd.number;
    };
    expect(value('25.35190000')).toBe(25.3519);
    expect(value('0.00572212')).toBe(0.00572212);
    expect(value('123456789012345')).toBe(123456789012345);
    expect(value('1234567890.12345')).toBe(1234567890.12345);
    for (const bad of ['', '.', '.5', '5.', '1.2.3', '1e5', '-1', '1234567890123456', '0.0000000000000001']) {
      expect(value(bad), bad).toBeNaN();
    }
  });

  it('reads digit strings and JSON integers as uintString and uint do', () => {
    const uintString = (body: string) => {
      const text = asString(body);
      const r = agree(text, 1, (rd, b) => rd.uintStringBody(b, 1), (sc) => sc.uintString());
      expect(r.reader >= 0, body).toBe(r.scanner);
      return r.reader;
    };
    expect(uintString('1651826598363')).toBe(15);
    for (const bad of ['', '12a', '-1', '1234567890123456', '1.5']) expect(uintString(bad), bad).toBe(-1);

    const uint = (text: string) => {
      const r = agree(text, 0, (rd, b) => rd.uint(b, 0), (sc) => sc.uint());
      expect(r.reader >= 0, text).toBe(r.scanner);
      return r.reader;
    };
    expect(uint('363996337}')).toBe(9);
    expect(uint('0}')).toBe(1);
    for (const bad of ['-1', '1.5', '1e3', '1E3', '01', '', 'x', '1234567890123456']) expect(uint(bad), bad).toBe(-1);
    const rd = new AsciiFieldReader();
    expect(rd.uint(load('400900217,').source, 0)).toBe(9);
    expect(rd.number).toBe(400900217);
  });

  it('reads string bodies as JsonScanner.string does and matches literals byte for byte', () => {
    fc.assert(
      fc.property(fc.string({ maxLength: 10, unit: 'binary' }), (s) => {
        const text = `"${s}`; // the body may hold its own closing quote, or none
        const sc = load(text.length > 0 ? text : '"');
        const end = new AsciiFieldReader().stringBody(sc.source, 1);
        const ok = sc.string();
        expect(end >= 0, JSON.stringify(s)).toBe(ok);
        if (ok) expect(end).toBe(sc.spanEnd + 1);
      }),
      { numRuns: 5_000, seed: 11 },
    );
    const rd = new AsciiFieldReader();
    const bytes = load('{"arg":{"channel":"bbo-tbt"').source;
    expect(rd.literal(bytes, 0, asciiBytes('{"arg":{'))).toBe(8);
    expect(rd.literal(bytes, 8, asciiBytes('"channel":"bbo-tbt"'))).toBe(27);
    expect(rd.literal(bytes, 8, asciiBytes('"channel":"books5"'))).toBe(-1);
    // Never matches past the frame's end: the 0 after it differs from every literal byte.
    expect(rd.literal(bytes, 20, asciiBytes('bbo-tbt","'))).toBe(-1);
    expect(() => asciiBytes('caf\u00e9')).toThrow(/non-ASCII or NUL character at 3/);
    expect(() => asciiBytes('a\u0000')).toThrow(RangeError);
  });

  it('stops at the 0 after the frame, never reading an earlier, longer frame', () => {
    const sc = new JsonScanner(64);
    const rd = new AsciiFieldReader();
    sc.loadText('"12345.678"');
    sc.loadText('"12');
    expect(sc.length).toBe(3);
    expect(rd.decimalBody(sc.source, 1)).toBe(-1);
    expect(rd.uintStringBody(sc.source, 1)).toBe(-1);
    expect(rd.stringBody(sc.source, 1)).toBe(-1);
  });
});

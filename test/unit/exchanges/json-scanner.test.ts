import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { JsonScanner, kColon, kComma, kOpenBrace } from '../../../src/market/exchanges/base/json-scanner.js';
import { parseDecimal } from '../../../src/market/exchanges/base/wire-values.js';

function scan(text: string): JsonScanner {
  const sc = new JsonScanner(4096);
  if (!sc.loadText(text)) throw new Error('did not load');
  return sc;
}

describe('JsonScanner', () => {
  it('converts decimal strings exactly as Number() does', () => {
    fc.assert(
      fc.property(
        fc.stringMatching(/^[0-9]{1,20}(\.[0-9]{1,20})?$/),
        (s) => {
          const sc = scan(`"${s}"`);
          const x = sc.decimalString() ? sc.number : NaN;
          // Same value and same acceptance as the JSON.parse path's parseDecimal.
          expect(Object.is(x, parseDecimal(s))).toBe(true);
          expect(x).toBe(Number(s));
        },
      ),
      { numRuns: 20_000, seed: 42 },
    );
    const value = (t: string) => {
      const sc = scan(t);
      return sc.decimalString() ? sc.number : NaN;
    };
    expect(value('"25.35190000"')).toBe(25.3519);
    expect(value('"0.1"')).toBe(0.1);
    expect(value('"60000.01000000"')).toBe(60000.01);
  });

  it('gives up on everything but a plain decimal string', () => {
    for (const t of ['"1e5"', '"-1"', '".5"', '"5."', '""', '"1.2.3"', '"1 "', '"0x10"', '1.5', `"${'1'.repeat(65)}"`, '"1', '"1\\u0030"']) {
      expect(scan(t).decimalString(), t).toBe(false);
    }
  });

  it('reads unsigned integers without sign, fraction, exponent or leading zero', () => {
    const uint = (t: string) => {
      const sc = scan(t);
      return sc.uint() ? sc.number : -1;
    };
    const uintString = (t: string) => {
      const sc = scan(t);
      return sc.uintString() ? sc.number : -1;
    };
    expect(uint(' 400900217,')).toBe(400900217);
    expect(uint('0}')).toBe(0);
    for (const t of ['-1', '1.5', '1e3', '01', '', 'x', '1234567890123456']) expect(uint(t), t).toBe(-1);
    expect(uintString('"1651826598363"')).toBe(1651826598363);
    for (const t of ['""', '"12a"', '"-1"', '1651826598363', '"1234567890123456"']) expect(uintString(t), t).toBe(-1);
  });

  it('reads strings without escapes or control characters, and keys with their colon', () => {
    const sc = scan(' { "stream" : "btcusdt@bookTicker" , "x":"a\\"b" }');
    expect(sc.eat(kOpenBrace) && sc.key() && sc.spanIs('stream')).toBe(true);
    expect(sc.string() && sc.spanEndsWith('@bookTicker') && sc.spanStartsWith('btc')).toBe(true);
    expect(sc.eat(kComma) && sc.key()).toBe(true);
    expect(sc.string()).toBe(false);
    expect(scan('"a\u0001b"').string()).toBe(false);
    expect(scan('"ab').string()).toBe(false);
    expect(scan('"k" x').key()).toBe(false);
    const s2 = scan('"k":');
    expect(s2.string() && s2.eat(kColon) && s2.atEnd()).toBe(true);
    expect(scan('  \n\t\r').atEnd()).toBe(true);
    expect(scan(' \u00a0').atEnd()).toBe(false);
    expect(scan('"caf\u00e9"').string()).toBe(false); // non-ASCII: left to the JSON.parse path
  });

  it('loads bytes and text alike, and never reads a previous, longer frame', () => {
    const sc = new JsonScanner(64);
    expect(sc.loadBytes(Buffer.from('{"k":"a long value from the previous frame"}'))).toBe(true);
    expect(sc.loadBytes(Buffer.from('{"k":"ab'))).toBe(true);
    expect(sc.eat(kOpenBrace) && sc.key()).toBe(true);
    expect(sc.string()).toBe(false); // stops at the end of this frame, not at the old quote
    expect(sc.loadText('{"k":1}  ')).toBe(true);
    expect(sc.eat(kOpenBrace) && sc.key() && sc.uint() && sc.number === 1 && sc.eat(0x7d) && sc.atEnd()).toBe(true);
    expect(sc.loadBytes(new Uint8Array(65))).toBe(false);
    expect(sc.loadText('x'.repeat(65))).toBe(false);
    expect(sc.loadText('\u00e9'.repeat(40))).toBe(false); // 80 bytes once encoded
  });
});

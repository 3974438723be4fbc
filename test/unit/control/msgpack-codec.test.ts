import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeMsgpack, encodeMsgpack, messageBytes } from '../../../src/runtime/control/msgpack-codec.js';

const roundTrip = (value: unknown): unknown => decodeMsgpack(encodeMsgpack(value));

describe('msgpack codec', () => {
  it('reads an undefined object property back as undefined, not null', () => {
    const decoded = roundTrip({ type: 'RAW', value: undefined, id: 'x' }) as Record<string, unknown>;
    expect(decoded.value).toBeUndefined();
    expect(decoded).toEqual({ type: 'RAW', id: 'x' });
  });

  it('keeps undefined and holes inside arrays, at any depth', () => {
    const value = { list: [1, undefined, 'x', , null], nested: [[undefined], { a: [undefined, 2] }] };
    const decoded = roundTrip(value) as { list: unknown[]; nested: unknown[] };
    expect(decoded.list).toHaveLength(5);
    expect(decoded.list[1]).toBeUndefined();
    expect(decoded.list[3]).toBeUndefined();
    expect(decoded.list[4]).toBeNull();
    expect(decoded).toEqual(value);
  });

  it('keeps Map, Set, bigint, Date and Uint8Array', () => {
    const value = {
      map: new Map<unknown, unknown>([['a', 1], [2, { b: undefined, c: [undefined] }]]),
      set: new Set(['x', 3]),
      big: -(2n ** 70n),
      when: new Date(1_700_000_000_123),
      bytes: new Uint8Array([0, 255, 7]),
    };
    const decoded = roundTrip(value) as typeof value;
    expect(decoded.map).toBeInstanceOf(Map);
    expect(decoded.set).toBeInstanceOf(Set);
    expect(decoded.big).toBe(-(2n ** 70n));
    expect(decoded.when).toBeInstanceOf(Date);
    expect(decoded.bytes).toBeInstanceOf(Uint8Array);
    expect(decoded).toEqual(value);
  });

  it('keeps large integers such as millisecond timestamps as numbers', () => {
    expect(roundTrip(1_700_000_000_123)).toBe(1_700_000_000_123);
    expect(roundTrip(Number.MAX_SAFE_INTEGER)).toBe(Number.MAX_SAFE_INTEGER);
    expect(roundTrip(0.1)).toBe(0.1);
  });

  it('throws on values the wire cannot carry', () => {
    expect(() => encodeMsgpack({ f: () => 1 })).toThrow();
    expect(() => encodeMsgpack(Symbol('s'))).toThrow();
  });

  it('returns a buffer of exactly the encoded length, so it can be transferred', () => {
    const bytes = encodeMsgpack({ a: 'b' });
    expect(bytes.byteOffset).toBe(0);
    expect(bytes.buffer.byteLength).toBe(bytes.byteLength);
  });

  it('round-trips arbitrary plain data with undefined, Map, Set and bigint', () => {
    const key = fc.string({ maxLength: 6 }).filter((k) => k !== '__proto__');
    const leaf = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.boolean(),
      fc.integer(),
      fc.double({ noNaN: true }).filter((d) => !Object.is(d, -0)),
      fc.string({ maxLength: 10 }),
      fc.bigInt(),
      fc.date({ noInvalidDate: true }),
      fc.uint8Array({ maxLength: 8 }),
    );
    const { value } = fc.letrec((tie) => ({
      value: fc.oneof({ depthSize: 'small', withCrossShrink: true }, leaf, tie('array'), tie('object'), tie('map'), tie('set')),
      array: fc.array(tie('value'), { maxLength: 5 }),
      object: fc.dictionary(key, tie('value'), { maxKeys: 5 }),
      map: fc.array(fc.tuple(key, tie('value')), { maxLength: 4 }).map((entries) => new Map(entries)),
      set: fc.uniqueArray(fc.oneof(fc.integer(), fc.string({ maxLength: 4 })), { maxLength: 4 }).map((v) => new Set(v)),
    }));
    fc.assert(
      fc.property(fc.dictionary(key, value, { maxKeys: 5 }), (input) => {
        expect(roundTrip(input)).toEqual(input);
      }),
      { numRuns: 300 },
    );
  });

  it('recognises binary messages only', () => {
    const bytes = new Uint8Array([1, 2]);
    expect(messageBytes(bytes)).toBe(bytes);
    expect(messageBytes(Buffer.from([1]))).toBeInstanceOf(Uint8Array);
    expect(messageBytes(new ArrayBuffer(2))).toHaveLength(2);
    expect(messageBytes('text')).toBeUndefined();
    expect(messageBytes({ type: 'stop' })).toBeUndefined();
  });
});

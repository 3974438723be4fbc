import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  decodeKey, encodeKey, keyPrefix, kKeySize, prefixKey, prefixOf, prefixTimeKey, spreadStream, writeRecordKey,
} from '../../../src/market/store/keys.js';
import { writeSpread, writeTick } from '../../../src/market/tick-codec.js';
import { RecordKind } from '../../../src/market/tick-layout.js';

const u32 = fc.integer({ min: 0, max: 0xffffffff });
const u16 = fc.integer({ min: 0, max: 0xffff });
// Any non-NaN double: negative, fractional, huge, infinite, -0.
const time = fc.double({ noNaN: true });
const tuple = fc.record({ symbolId: u32, stream: u16, timeUs: time, seq: u32 });

type Tuple = { symbolId: number; stream: number; timeUs: number; seq: number };
const sign = (n: number): number => (n < 0 ? -1 : n > 0 ? 1 : 0);
function compareTuples(a: Tuple, b: Tuple): number {
  return sign(a.symbolId - b.symbolId) || sign(a.stream - b.stream)
    || (a.timeUs < b.timeUs ? -1 : a.timeUs > b.timeUs ? 1 : 0) || sign(a.seq - b.seq);
}

describe('store keys', () => {
  it('byte order of keys equals tuple order (symbolId, stream, time, seq)', () => {
    fc.assert(fc.property(tuple, tuple, (a, b) => {
      expect(sign(Buffer.compare(encodeKey(a), encodeKey(b)))).toBe(compareTuples(a, b));
    }), { numRuns: 5000 });
  });

  it('byte order equals tuple order on near-equal tuples too (shared prefix, close times)', () => {
    const near = fc.record({
      symbolId: fc.integer({ min: 0, max: 2 }), stream: fc.integer({ min: 0, max: 2 }),
      timeUs: fc.constantFrom(-1, -0, 0, 0.5, 1, 1.7e15, 1.7e15 + 1, -1.7e15), seq: fc.integer({ min: 0, max: 2 }),
    });
    fc.assert(fc.property(near, near, (a, b) => {
      expect(sign(Buffer.compare(encodeKey(a), encodeKey(b)))).toBe(compareTuples(a, b));
    }), { numRuns: 3000 });
  });

  it('decodes what it encodes, -0 as 0', () => {
    fc.assert(fc.property(tuple, (t) => {
      expect(decodeKey(encodeKey(t))).toEqual({ ...t, timeUs: t.timeUs === 0 ? 0 : t.timeUs });
    }));
  });

  it('prefix and prefix+time bounds bracket every key of their prefix', () => {
    fc.assert(fc.property(tuple, time, (t, since) => {
      const p = prefixOf(t.symbolId, t.stream);
      const key = encodeKey(t);
      expect(keyPrefix(key)).toBe(p);
      expect(Buffer.compare(prefixKey(p), key)).toBeLessThan(0);
      if (p < prefixOf(0xffffffff, 0xffff)) expect(Buffer.compare(key, prefixKey(p + 1))).toBeLessThan(0);
      // prefixTimeKey(p, since) <= key  iff  since <= time
      expect(Buffer.compare(prefixTimeKey(p, since), key) < 0).toBe(since <= t.timeUs);
    }), { numRuns: 3000 });
  });

  it('derives a tick key from the record: exchange as stream, recvTs as time', () => {
    const rec = new DataView(new ArrayBuffer(64));
    writeTick(rec, 0, { kind: RecordKind.Tick, exchangeId: 3, symbolId: 42, bid: 1, ask: 2, bidSize: 3, askSize: 4, exchangeTs: 5, recvTs: 1.7e15 + 0.25, seq: 0xfffffffe, flags: 0 });
    const key = new DataView(new ArrayBuffer(kKeySize));
    writeRecordKey(key, 0, rec, 0, RecordKind.Tick);
    expect(decodeKey(new Uint8Array(key.buffer))).toEqual({ symbolId: 42, stream: 3, timeUs: 1.7e15 + 0.25, seq: 0xfffffffe });
  });

  it('derives a spread key with the buy exchange sorting before the sell exchange', () => {
    const rec = new DataView(new ArrayBuffer(64));
    writeSpread(rec, 0, { kind: RecordKind.Spread, symbolId: 1, buyExchangeId: 2, sellExchangeId: 1, spreadBps: 1, mid: 1, buyAskSize: 1, sellBidSize: 1, ts: 7, computedTs: 9, seq: 4 });
    const key = new DataView(new ArrayBuffer(kKeySize));
    writeRecordKey(key, 0, rec, 0, RecordKind.Spread);
    expect(decodeKey(new Uint8Array(key.buffer))).toEqual({ symbolId: 1, stream: spreadStream(2, 1), timeUs: 9, seq: 4 });
    expect(spreadStream(1, 3)).toBeLessThan(spreadStream(2, 1));
  });
});

import { describe, expect, it } from 'vitest';
import {
  decodeEntry, encodeEntry, entryKey, idOfKey, makeIdGenerator, sourceEnd, sourcePrefix,
} from '../../../src/market/store/dead-letter-codec.js';

describe('dead letter codec', () => {
  it('ids from one generator strictly increase, also within one millisecond and when the clock steps back', () => {
    let ms = 1_700_000_000_000;
    const steps = [0, 0, 0, 1, -5, 0, 2];
    const next = makeIdGenerator(() => ms);
    const ids: string[] = [];
    for (const d of steps) { ms += d; ids.push(next()); }
    expect([...ids].sort()).toEqual(ids);
    expect(new Set(ids).size).toBe(ids.length);
    expect(ids.every((id) => id[14] === '7')).toBe(true); // version nibble
  });

  it('keys of one source sort between its prefix and its end, other sources outside', () => {
    const p = sourcePrefix('okx');
    const k = entryKey(p, makeIdGenerator(() => 1)());
    expect(Buffer.compare(p, k)).toBeLessThan(0);
    expect(Buffer.compare(k, sourceEnd(p))).toBeLessThan(0);
    const other = entryKey(sourcePrefix('okx2'), makeIdGenerator(() => 0)());
    expect(Buffer.compare(other, sourceEnd(p)) >= 0 || Buffer.compare(other, p) < 0).toBe(true);
    expect(idOfKey(k)).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('rejects empty and over-long sources', () => {
    expect(() => sourcePrefix('')).toThrow(/source/);
    expect(() => sourcePrefix('x'.repeat(65))).toThrow(/1\.\.64/);
  });

  it('keeps text and bytes apart through the value encoding', () => {
    const base = { id: '0190a000-0000-7000-8000-000000000000', source: 'binance', reason: 'bad json', receivedAt: 1.5, truncated: false };
    expect(decodeEntry(encodeEntry({ ...base, raw: '{"x":' })).raw).toBe('{"x":');
    const bytes = decodeEntry(encodeEntry({ ...base, raw: new Uint8Array([0, 255, 3]) })).raw;
    expect(bytes).toBeInstanceOf(Uint8Array);
    expect([...(bytes as Uint8Array)]).toEqual([0, 255, 3]);
  });
});

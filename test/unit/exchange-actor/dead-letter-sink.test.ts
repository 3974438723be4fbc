import { describe, expect, it } from 'vitest';
import { MemoryDeadLetterSink } from '../../../actors/exchange/dead-letter-sink.js';

describe('MemoryDeadLetterSink', () => {
  it('keeps the newest capacity entries, oldest first, with time-ordered UUIDv7 ids', () => {
    let now = 1_700_000_000_000;
    const s = new MemoryDeadLetterSink('okx', 3, () => now++);
    for (let i = 0; i < 5; i++) s.add('not_json', `frame ${i}`, i);
    expect(s.list().map((e) => e.raw)).toEqual(['frame 2', 'frame 3', 'frame 4']);
    expect(s.stats()).toEqual({ kind: 'memory', added: 5, held: 3, evicted: 2 });
    const ids = s.list().map((e) => e.id);
    expect(ids.every((id) => /^[0-9a-f-]{36}$/.test(id) && id[14] === '7')).toBe(true);
    expect([...ids].sort()).toEqual(ids);
    expect(s.list()[0]).toMatchObject({ source: 'okx', reason: 'not_json', receivedAtUs: 2 });
  });

  it('copies byte frames (the socket may reuse its buffer)', () => {
    const s = new MemoryDeadLetterSink('bybit', 2);
    const buf = Uint8Array.of(1, 2, 3);
    s.add('binary_frame', buf, 0);
    buf[0] = 9;
    expect(s.list()[0]!.raw).toEqual(Uint8Array.of(1, 2, 3));
  });

  it('takeOldest removes from the front', () => {
    const s = new MemoryDeadLetterSink('x', 4);
    for (let i = 0; i < 6; i++) s.add('r', String(i), i);
    expect(s.takeOldest(3).map((e) => e.raw)).toEqual(['2', '3', '4']);
    expect(s.list().map((e) => e.raw)).toEqual(['5']);
    s.add('r', '6', 6);
    expect(s.takeOldest(10).map((e) => e.raw)).toEqual(['5', '6']);
    expect(s.size).toBe(0);
  });

  it('rejects a bound below 1', () => {
    expect(() => new MemoryDeadLetterSink('x', 0)).toThrow(/maxPerSource/);
  });
});

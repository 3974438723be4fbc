import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ConflationTable } from '../../../src/runtime/ring/conflation-table.js';

function rec(n: number): Uint8Array {
  const r = new Uint8Array(8);
  new DataView(r.buffer).setUint32(0, n, true);
  return r;
}

function takeOldest(table: ConflationTable): number {
  const out = new Int32Array(2);
  table.moveOldestTo(out, 0);
  return out[0]!;
}

describe('ConflationTable', () => {
  it('keeps the newest record per key, in first-arrival order of the keys', () => {
    const table = new ConflationTable(4, 8);
    expect(table.hold(rec(1), 10)).toBe('pending');
    expect(table.hold(rec(2), 20)).toBe('pending');
    expect(table.hold(rec(3), 10)).toBe('conflated');
    expect(table.length).toBe(2);
    expect(takeOldest(table)).toBe(3);
    expect(takeOldest(table)).toBe(2);
    expect(table.length).toBe(0);
  });

  it('refuses a new key when full but still replaces a held one', () => {
    const table = new ConflationTable(2, 8);
    table.hold(rec(1), 1);
    table.hold(rec(2), 2);
    expect(table.hold(rec(3), 3)).toBe('dropped');
    expect(table.hold(rec(4), 2)).toBe('conflated');
    expect(takeOldest(table)).toBe(1);
    expect(table.hold(rec(5), 1)).toBe('pending');
    expect([takeOldest(table), takeOldest(table)]).toEqual([4, 5]);
  });

  it('treats keys as u32', () => {
    const table = new ConflationTable(4, 8);
    table.hold(rec(1), -1);
    expect(table.hold(rec(2), 0xffffffff)).toBe('conflated');
  });

  it('rejects a bad bound naming the option', () => {
    expect(() => new ConflationTable(0, 8)).toThrow(/conflateKeys must be an integer between 1 and 2\^24, got 0/);
  });

  it('matches a Map-based model under random holds and moves (hash deletion keeps every key findable)', () => {
    fc.assert(fc.property(
      fc.oneof(fc.integer({ min: 1, max: 6 }), fc.integer({ min: 1, max: 64 })),
      // Wide random keys: small dense ones hash without collisions and would not exercise probing.
      fc.uniqueArray(fc.integer({ min: 0, max: 0xffffffff }), { minLength: 1, maxLength: 100 }),
      fc.array(fc.tuple(fc.nat({ max: 2 }).map((n) => n === 0), fc.nat()), { maxLength: 500 }),
      (maxKeys, keys, ops) => {
        const table = new ConflationTable(maxKeys, 8);
        const model = new Map<number, number>(); // insertion-ordered: key -> value
        let value = 0;
        for (const [move, pick] of ops) {
          if (move) {
            if (model.size === 0) continue;
            const [key, expected] = model.entries().next().value as [number, number];
            model.delete(key);
            expect(takeOldest(table)).toBe(expected);
          } else {
            const key = keys[pick % keys.length]!;
            value++;
            const expected = model.has(key) ? 'conflated' : model.size === maxKeys ? 'dropped' : 'pending';
            if (expected !== 'dropped') model.set(key, value);
            expect(table.hold(rec(value), key)).toBe(expected);
          }
          expect(table.length).toBe(model.size);
        }
      },
    ), { numRuns: 3000 }); // ~0.5 s; fewer runs let a broken wrap-around case in the deletion slip through
  });
});

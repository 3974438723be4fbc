import { afterEach, describe, expect, it } from 'vitest';
import { openDeadLetterStore, type LmdbDeadLetterStore } from '../../../src/market/store/dead-letter-store.js';
import { openTickStore } from '../../../src/market/store/tick-store.js';
import { encode, makeTicks, tempDir } from './store-fixtures.js';

const cleanups: (() => Promise<void> | void)[] = [];
afterEach(async () => {
  for (const c of cleanups.splice(0).reverse()) await c();
});

function fresh(maxPerSource: number, extra: { maxRawBytes?: number } = {}): { store: LmdbDeadLetterStore; dir: string } {
  const { dir, remove } = tempDir();
  let us = 1_700_000_000_000_000;
  const store = openDeadLetterStore({ path: dir, maxPerSource, clock: () => (us += 1000), ...extra });
  cleanups.push(remove, () => store.close());
  return { store, dir };
}

describe('dead letter store', () => {
  it('keeps each source within its bound by evicting its oldest entries, and counts evictions', async () => {
    const { store } = fresh(5);
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await store.add({ source: 'binance', reason: `bad ${i}`, raw: `{"n":${i}` }));
    results.push(await store.add({ source: 'okx', reason: 'unexpected', raw: new Uint8Array([1, 2, 3]) }));
    expect(results.every((r) => r.ok)).toBe(true);
    expect(results.map((r) => (r.ok ? r.evicted : -1))).toEqual([0, 0, 0, 0, 0, 1, 1, 1, 0]);

    const binance = store.list({ source: 'binance', limit: 100 });
    expect(binance.map((e) => e.reason)).toEqual(['bad 3', 'bad 4', 'bad 5', 'bad 6', 'bad 7']);
    expect(binance.map((e) => e.id)).toEqual(results.slice(3, 8).map((r) => r.id));
    expect(store.sourceStats()).toEqual({
      binance: { count: 5, added: 8, evicted: 3, removed: 0 },
      okx: { count: 1, added: 1, evicted: 0, removed: 0 },
    });
    const [okx] = store.list({ source: 'okx' });
    expect(okx).toMatchObject({ source: 'okx', reason: 'unexpected', truncated: false });
    expect([...(okx!.raw as Uint8Array)]).toEqual([1, 2, 3]);
    expect(store.list({ limit: 3 }).map((e) => e.source)).toEqual(['okx', 'binance', 'binance']); // sources by key: length byte first
  });

  it('adds of one event turn share a transaction and still respect the bound', async () => {
    const { store } = fresh(10);
    const all = await Promise.all(Array.from({ length: 25 }, (_, i) => store.add({ source: 'bybit', reason: String(i), raw: 'x' })));
    expect(all.every((r) => r.ok)).toBe(true);
    expect(store.list({ source: 'bybit', limit: 100 }).map((e) => e.reason)).toEqual(Array.from({ length: 10 }, (_, i) => String(15 + i)));
    expect(store.sourceStats().bybit).toEqual({ count: 10, added: 25, evicted: 15, removed: 0 });
  });

  it('cuts oversized frames and says so', async () => {
    const { store } = fresh(10, { maxRawBytes: 8 });
    await store.add({ source: 'okx', reason: 'huge', raw: 'abcdefghijkl' });
    await store.add({ source: 'okx', reason: 'huge bytes', raw: new Uint8Array(20).fill(7) });
    const [text, bytes] = store.list({ source: 'okx' });
    expect(text).toMatchObject({ raw: 'abcdefgh', truncated: true });
    expect((bytes!.raw as Uint8Array).byteLength).toBe(8);
  });

  it('take removes and returns the oldest entries', async () => {
    const { store } = fresh(100);
    for (let i = 0; i < 5; i++) await store.add({ source: 'binance', reason: String(i), raw: 'r' });
    expect(store.take({ source: 'binance', limit: 2 }).map((e) => e.reason)).toEqual(['0', '1']);
    expect(store.list({ source: 'binance' }).map((e) => e.reason)).toEqual(['2', '3', '4']);
    expect(store.sourceStats().binance).toEqual({ count: 3, added: 5, evicted: 0, removed: 2 });
  });

  it('replay deletes what the handler accepts, keeps what it declines, and stops at a throw', async () => {
    const { store } = fresh(100);
    for (let i = 0; i < 6; i++) await store.add({ source: 'okx', reason: String(i), raw: `frame ${i}` });
    const seen: string[] = [];
    const r = await store.replay(async (e) => {
      seen.push(e.reason);
      if (e.reason === '1') return false;
      if (e.reason === '4') throw new Error('parser still rejects it');
      return true;
    });
    expect(seen).toEqual(['0', '1', '2', '3', '4']);
    expect(r).toMatchObject({ replayed: 3, kept: 1, failed: { error: 'parser still rejects it' } });
    expect(store.list({ source: 'okx' }).map((e) => e.reason)).toEqual(['1', '4', '5']);
    expect(await store.replay(() => undefined, { source: 'okx', limit: 2 })).toEqual({ replayed: 2, kept: 0 });
    expect(store.sourceStats().okx).toEqual({ count: 1, added: 6, evicted: 0, removed: 5 });
  });

  it('lives in the recorder environment beside the tick store, and survives reopen', async () => {
    const { dir, remove } = tempDir();
    cleanups.push(remove);
    const ticks = openTickStore({ path: dir });
    const dlq = openDeadLetterStore({ path: dir, maxPerSource: 3 });
    expect(ticks.writeBatch(encode(makeTicks(50))).ok).toBe(true);
    const added = await dlq.add({ source: 'binance', reason: 'bad', raw: '{' });
    await dlq.close();
    await ticks.close();
    const again = openDeadLetterStore({ path: dir, maxPerSource: 3 });
    cleanups.push(() => again.close());
    expect(again.list()).toEqual([expect.objectContaining({ id: added.id, source: 'binance', raw: '{' })]);
    const reread = openTickStore({ path: dir, readOnly: true });
    cleanups.push(() => reread.close());
    expect(reread.counts().ticks).toBe(50);
  });

  it('rejects a bad bound', () => {
    expect(() => openDeadLetterStore({ path: '/tmp/none', maxPerSource: 0 })).toThrow(/deadLetterStore\.maxPerSource/);
  });
});

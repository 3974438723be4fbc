import fs from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { openTickStore, type LmdbTickStore, type RecordRef } from '../../../src/market/store/tick-store.js';
import { kFlagsOffset, kTickRecordSize, RecordKind } from '../../../src/market/tick-layout.js';
import type { Tick } from '../../../src/market/tick.js';
import { byTickKey, encode, kT0, makeGap, makeSpreads, makeTicks, tempDir } from './store-fixtures.js';

const open: { store: LmdbTickStore; remove: () => void }[] = [];
function fresh(opts: Partial<Parameters<typeof openTickStore>[0]> = {}): LmdbTickStore {
  const { dir, remove } = tempDir();
  const store = openTickStore({ path: dir, ...opts });
  open.push({ store, remove });
  return store;
}
afterEach(async () => {
  for (const { store, remove } of open.splice(0)) {
    await store.close();
    remove();
  }
});

function ok<T extends { ok: boolean }>(r: T): Extract<T, { ok: true }> {
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r)}`);
  return r as Extract<T, { ok: true }>;
}

describe('tick store', () => {
  it('reads back exactly what a batch wrote, in key order (symbol, exchange, recvTs, seq)', () => {
    const store = fresh();
    const ticks = makeTicks(3000);
    const result = ok(store.writeBatch(encode(ticks)));
    expect(result).toMatchObject({ ticks: 3000, spreads: 0, gaps: 0, rejected: 0 });
    expect([...store.rangeTicks()]).toEqual([...ticks].sort(byTickKey));
  });

  it('keeps its data in a directory whose name has a dot, as at any other path', async () => {
    const { dir, remove } = tempDir('ringmaster-store.v2-');
    const ticks = makeTicks(100);
    let store = openTickStore({ path: dir });
    ok(store.writeBatch(encode(ticks)));
    await store.close();
    expect(fs.existsSync(path.join(dir, 'data.mdb'))).toBe(true);
    store = openTickStore({ path: dir, readOnly: true });
    open.push({ store, remove });
    expect([...store.rangeTicks()]).toEqual([...ticks].sort(byTickKey));
  });

  it('writes records straight from shared memory (ring segments) and from record references', () => {
    const store = fresh();
    const a = makeTicks(500, { t0: kT0 });
    const b = makeTicks(500, { t0: kT0 + 10_000 });
    ok(store.writeBatch(encode(a, true)));
    const shared = encode(b, true);
    const view = new DataView(shared.buffer);
    const refs: RecordRef[] = b.map((_, i) => ({ view, offset: i * kTickRecordSize }));
    ok(store.writeBatch(refs));
    expect([...store.rangeTicks()]).toEqual([...a, ...b].sort(byTickKey));
  });

  it('re-writing the same batch is idempotent: counts and contents unchanged', () => {
    const store = fresh();
    const batch = encode([...makeTicks(1000), ...makeSpreads(100), makeGap()]);
    ok(store.writeBatch(batch));
    const before = { counts: store.counts(), ticks: [...store.rangeTicks()], spreads: [...store.rangeSpreads()] };
    expect(before.counts).toEqual({ ticks: 1000, spreads: 100, gaps: 1 });
    ok(store.writeBatch(batch));
    expect(store.counts()).toEqual(before.counts);
    expect([...store.rangeTicks()]).toEqual(before.ticks);
    expect([...store.rangeSpreads()]).toEqual(before.spreads);
    expect(store.lastCommit()).toMatchObject({ batches: 2, records: 1101, totalRecords: 2202 });
  });

  it('selects by symbol, exchange and a half-open time window [since, until)', () => {
    const store = fresh();
    const ticks = makeTicks(2000, { symbols: 4, exchanges: 3 });
    ok(store.writeBatch(encode(ticks)));
    const since = kT0 + 500, until = kT0 + 1500;
    const want = (f: (t: Tick) => boolean): Tick[] => ticks.filter(f).sort(byTickKey);
    const inWindow = (t: Tick): boolean => t.recvTs >= since && t.recvTs < until;
    expect([...store.rangeTicks({ symbolId: 2, exchangeId: 3, sinceUs: since, untilUs: until })])
      .toEqual(want((t) => t.symbolId === 2 && t.exchangeId === 3 && inWindow(t)));
    expect([...store.rangeTicks({ symbolId: 1 })]).toEqual(want((t) => t.symbolId === 1));
    expect([...store.rangeTicks({ exchangeId: 2, sinceUs: since })]).toEqual(want((t) => t.exchangeId === 2 && t.recvTs >= since));
    expect([...store.rangeTicks({ untilUs: until })]).toEqual(want((t) => t.recvTs < until));
    expect([...store.rangeTicks({ symbolId: 9 })]).toEqual([]);
    expect([...store.rangeTicks({ symbolId: 0, limit: 5 })]).toEqual(want((t) => t.symbolId === 0).slice(0, 5));
  });

  it('finds the n-th newest tick of a stream since a time without reading the others', () => {
    const store = fresh();
    const ticks = makeTicks(3000); // 5 symbols x 3 exchanges, 200 ticks per stream, recvTs kT0 + i
    ok(store.writeBatch(encode(ticks)));
    ok(store.writeBatch(encode([makeGap({ symbolId: 0, exchangeId: 1, recvTs: kT0 + 5000 })]))); // gaps live apart: never counted as ticks
    const naive = (symbolId: number, exchangeId: number, n: number, sinceUs?: number) => {
      const times = [...store.rangeTicks({ symbolId, exchangeId, ...(sinceUs === undefined ? {} : { sinceUs }) })].map((t) => t.recvTs);
      return times.length >= n ? times[times.length - n] : undefined;
    };
    for (const [symbolId, exchangeId] of [[0, 1], [2, 3], [4, 2]] as const) {
      for (const n of [1, 2, 77, 200, 201]) {
        for (const sinceUs of [undefined, kT0 + 1000, kT0 + 2990]) {
          expect(store.nthNewestTickTime({ symbolId, exchangeId, n, ...(sinceUs === undefined ? {} : { sinceUs }) }), `${symbolId}/${exchangeId} n=${n} since=${sinceUs}`)
            .toBe(naive(symbolId, exchangeId, n, sinceUs));
        }
      }
    }
    // sinceUs is inclusive: the stream's oldest tick is found when the bound is its own time.
    const oldest = naive(1, 1, 200)!;
    expect(store.nthNewestTickTime({ symbolId: 1, exchangeId: 1, n: 200, sinceUs: oldest })).toBe(oldest);
    expect(store.nthNewestTickTime({ symbolId: 1, exchangeId: 1, n: 200, sinceUs: oldest + 1 })).toBeUndefined();
    expect(store.nthNewestTickTime({ symbolId: 9, exchangeId: 1, n: 1 })).toBeUndefined(); // no such stream
    expect(() => store.nthNewestTickTime({ symbolId: 0, exchangeId: 1, n: 0 })).toThrow(/positive integer/);
  });

  it('keeps spreads and gaps apart from ticks, and counts records of unknown kind as rejected', () => {
    const store = fresh();
    const spreads = makeSpreads(60);
    const gaps = [makeGap({ seq: 1 }), makeGap({ symbolId: 3, exchangeId: 1, seq: 2 })];
    const bytes = encode([...makeTicks(10), ...spreads, ...gaps, ...makeTicks(1)]);
    const view = new DataView(bytes.buffer);
    view.setUint16(bytes.byteLength - kTickRecordSize + kFlagsOffset, 0x000f, true); // last record: kind 15
    expect(ok(store.writeBatch(bytes))).toMatchObject({ ticks: 10, spreads: 60, gaps: 2, rejected: 1 });
    const byKey = (a: (typeof spreads)[number], b: (typeof spreads)[number]): number =>
      a.symbolId - b.symbolId || a.buyExchangeId - b.buyExchangeId || a.sellExchangeId - b.sellExchangeId || a.computedTs - b.computedTs;
    expect([...store.rangeSpreads()]).toEqual([...spreads].sort(byKey));
    expect([...store.rangeSpreads({ symbolId: 1, buyExchangeId: 2 })]).toEqual(spreads.filter((s) => s.symbolId === 1 && s.buyExchangeId === 2).sort(byKey));
    expect([...store.rangeSpreads({ sellExchangeId: 1 })].every((s) => s.sellExchangeId === 1)).toBe(true);
    expect([...store.rangeGaps()].map((g) => [g.symbolId, g.seq, g.kind])).toEqual([[3, 2, RecordKind.Gap], [0xffffffff, 1, RecordKind.Gap]]);
  });

  it('an abandoned iteration releases its snapshot: writes and prunes go on', () => {
    const store = fresh();
    ok(store.writeBatch(encode(makeTicks(100))));
    const it = store.rangeTicks();
    expect(it.next().done).toBe(false);
    it.return(undefined);
    ok(store.writeBatch(encode(makeTicks(100, { t0: kT0 + 1000 }))));
    expect(store.counts().ticks).toBe(200);
    for (const t of store.rangeTicks()) { void t; break; } // early break
    expect(store.pruneOlderThan(kT0 + 1000).deleted).toBe(100);
  });

  it('retention deletes exactly the records older than the cutoff, in bounded chunks', () => {
    const store = fresh();
    const ticks = makeTicks(5000, { symbols: 7, exchanges: 3 });
    const spreads = makeSpreads(300);
    ok(store.writeBatch(encode([...ticks, ...spreads, makeGap({ recvTs: kT0 + 10 }), makeGap({ recvTs: kT0 + 4000, seq: 1 })])));
    const cutoff = kT0 + 2500;
    const oldCount = ticks.filter((t) => t.recvTs < cutoff).length + spreads.filter((s) => s.computedTs < cutoff).length + 1;
    let chunks = 0, deleted = 0;
    for (;;) {
      const r = store.pruneOlderThan(cutoff, { maxDeletesPerChunk: 700 });
      expect(r.deleted).toBeLessThanOrEqual(700);
      deleted += r.deleted;
      chunks++;
      if (!r.more) break;
    }
    expect(deleted).toBe(oldCount);
    expect(chunks).toBe(Math.ceil(oldCount / 700));
    expect([...store.rangeTicks()]).toEqual(ticks.filter((t) => t.recvTs >= cutoff).sort(byTickKey));
    expect([...store.rangeSpreads()].map((s) => s.computedTs).sort()).toEqual(spreads.filter((s) => s.computedTs >= cutoff).map((s) => s.computedTs).sort());
    expect([...store.rangeGaps()].map((g) => g.recvTs)).toEqual([kT0 + 4000]);
    expect(store.pruneOlderThan(cutoff)).toEqual({ deleted: 0, more: false });
  });

  it('refuses writes past the disk budget with a typed result, and accepts again after pruning', () => {
    const store = fresh({ budgetBytes: 1024 * 1024 });
    let t0 = kT0, accepted = 0;
    let refusal: ReturnType<LmdbTickStore['writeBatch']> | undefined;
    for (let i = 0; i < 200 && refusal === undefined; i++) {
      const r = store.writeBatch(encode(makeTicks(1000, { t0 })));
      if (r.ok) { accepted += r.ticks; t0 += 1000; } else refusal = r;
    }
    expect(refusal).toMatchObject({ ok: false, reason: 'over-budget', budgetBytes: 1024 * 1024 });
    if (refusal?.ok !== false || refusal.reason !== 'over-budget') throw new Error('unreachable');
    expect(refusal.liveBytes).toBeGreaterThanOrEqual(1024 * 1024);
    // Nothing of the refused batch was written; usage is reported.
    expect(store.counts().ticks).toBe(accepted);
    const usage = store.diskUsage();
    expect(usage.liveBytes).toBe(store.diskUsageBytes());
    expect(usage.fileBytes).toBeGreaterThanOrEqual(usage.liveBytes);
    while (store.pruneOlderThan(t0 - 2000).more);
    expect(store.diskUsageBytes()).toBeLessThan(1024 * 1024);
    expect(ok(store.writeBatch(encode(makeTicks(100, { t0 })))).ticks).toBe(100);
  });

  it('keeps the last commit and the symbol table across reopen; symbol ids can only be appended', async () => {
    const { dir, remove } = tempDir();
    let clock = 5_000_000;
    let store = openTickStore({ path: dir, clock: () => clock });
    try {
      expect(store.putSymbolNames(['BTC-USDT', 'ETH-USDT'])).toEqual({ ok: true, added: 2 });
      ok(store.writeBatch(encode(makeTicks(10))));
      clock += 1;
      ok(store.writeBatch(encode(makeTicks(5, { t0: kT0 + 100 }))));
      await store.close();
      store = openTickStore({ path: dir });
      expect(store.lastCommit()).toEqual({ atUs: 5_000_001, records: 5, batches: 2, totalRecords: 15 });
      expect(store.putSymbolNames(['BTC-USDT', 'ETH-USDT', 'SOL-USDT'])).toEqual({ ok: true, added: 1 });
      expect(store.putSymbolNames(['ETH-USDT', 'BTC-USDT'])).toEqual({ ok: false, reason: 'symbol-table-mismatch', index: 0, stored: 'BTC-USDT', given: 'ETH-USDT' });
      expect(store.symbolNames()).toEqual(['BTC-USDT', 'ETH-USDT', 'SOL-USDT']);
      await store.close();
      store = openTickStore({ path: dir, readOnly: true });
      expect(store.counts().ticks).toBe(15);
      expect(() => store.writeBatch(encode(makeTicks(1)))).toThrow(/readOnly/);
    } finally {
      await store.close();
      remove();
    }
  });

  it('fails fast on misuse: partial records, use after close, reading a missing store', async () => {
    const store = fresh();
    expect(() => store.writeBatch(new Uint8Array(65))).toThrow(/65 bytes is not a whole number of 64-byte records/);
    const { dir, remove } = tempDir();
    try {
      expect(() => openTickStore({ path: `${dir}/nothing`, readOnly: true })).toThrow(/no recorded data/);
    } finally {
      remove();
    }
    await store.close();
    expect(() => store.writeBatch(new Uint8Array(64))).toThrow(/after close/);
  });
});

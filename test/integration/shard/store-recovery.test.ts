import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { MergedStoreReplay } from '../../../actors/shard/merged-store-replay.js';
import { FenceStream, RecoveryFence } from '../../../actors/shard/recovery-fence.js';
import { DataClock } from '../../../actors/shard/shard-clock.js';
import { recoverFromStore } from '../../../actors/shard/store-recovery.js';
import { StoreStreamCursor, type StoredRecord } from '../../../actors/shard/store-stream-cursor.js';
import { ShardCore } from '../../../src/market/shard-core.js';
import { openTickStore, type LmdbTickStore } from '../../../src/market/store/tick-store.js';
import { RecordKind } from '../../../src/market/tick-layout.js';
import { kAllSymbols } from '../../../src/market/tick.js';
import { encodeStream, generateStream, type StreamRecord } from '../../fixtures/shard/tick-stream.js';

// Reading a shard's records back from a real LMDB store: the merge gives
// receive order across every (symbol, exchange) stream, chunked cursors
// neither skip nor repeat records (also many on one recvTs, and records
// committed between two chunks), and recoverFromStore restores, feeds the
// fence, and reports skipped / failed / aborted instead of throwing.

let dir: string;
const stores: LmdbTickStore[] = [];
afterEach(async () => {
  for (const s of stores.splice(0)) await s.close();
  fs.rmSync(dir, { recursive: true, force: true });
});

function freshStore(): LmdbTickStore {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shard-store-'));
  const s = openTickStore({ path: dir, durability: 'os' });
  stores.push(s);
  return s;
}

const T0 = 1_750_000_000_000_000;
const key = (r: StoredRecord | StreamRecord) => `${r.kind}:${r.exchangeId}:${r.symbolId}:${r.recvTs}:${r.seq}`;
const tick = (symbolId: number, exchangeId: number, recvTs: number, seq: number): StreamRecord => ({
  kind: RecordKind.Tick, exchangeId, symbolId, bid: 10, ask: 11, bidSize: 1, askSize: 1, exchangeTs: 0, recvTs, seq, flags: 0,
});

describe('MergedStoreReplay', () => {
  it('returns the owned symbols\' ticks and gaps of the given exchanges in receive order, from sinceUs on', () => {
    const store = freshStore();
    const { records } = generateStream({
      seed: 5, records: 5000, symbolIds: [0, 1, 2, 3, 4], exchangeIds: [1, 2, 3], t0: T0, meanStepUs: 100, maxRun: 30, gapRate: 0.01,
    });
    expect(store.writeBatch(encodeStream(records)).ok).toBe(true);
    const since = records[1000]!.recvTs;
    const replay = new MergedStoreReplay(store, [0, 2, 4], [1, 3], since, 7); // tiny chunks: many refills
    const out: StoredRecord[] = [];
    const got: string[] = [];
    while (replay.next(out, 100) > 0) got.push(...out.map(key));
    const want = records
      .filter((r) => r.recvTs >= since && (r.exchangeId === 1 || r.exchangeId === 3))
      .filter((r) => r.symbolId % 2 === 0 || r.symbolId === kAllSymbols)
      .map(key);
    expect(want.length).toBeGreaterThan(1000);
    expect(want.some((k) => k.startsWith(`${RecordKind.Gap}:`) && k.includes(`:${kAllSymbols}:`))).toBe(true);
    expect(got).toEqual(want);
  });
});

describe('StoreStreamCursor', () => {
  it('takes every record once when many share one recvTs across chunk boundaries', () => {
    const store = freshStore();
    const rows = [tick(0, 1, T0, 1), ...Array.from({ length: 9 }, (_, i) => tick(0, 1, T0 + 5, 10 + i)), tick(0, 1, T0 + 9, 30)];
    expect(store.writeBatch(encodeStream(rows)).ok).toBe(true);
    const c = new StoreStreamCursor(store, { kind: 'tick', symbolId: 0, exchangeId: 1 }, -Infinity, 2);
    const got: string[] = [];
    for (let r = c.peek(); r !== undefined; r = c.peek()) {
      got.push(key(r));
      c.advance();
    }
    expect(got).toEqual(rows.map(key));
  });

  it('picks up records committed after it started', () => {
    const store = freshStore();
    expect(store.writeBatch(encodeStream([tick(0, 1, T0, 1), tick(0, 1, T0 + 1, 2), tick(0, 1, T0 + 2, 3)])).ok).toBe(true);
    const c = new StoreStreamCursor(store, { kind: 'tick', symbolId: 0, exchangeId: 1 }, -Infinity, 2);
    const got: number[] = [];
    for (let i = 0; i < 3; i++) {
      got.push(c.peek()!.seq);
      c.advance();
    }
    expect(store.writeBatch(encodeStream([tick(0, 1, T0 + 2, 4), tick(0, 1, T0 + 3, 5)])).ok).toBe(true);
    for (let r = c.peek(); r !== undefined; r = c.peek()) {
      got.push(r.seq);
      c.advance();
    }
    expect(got).toEqual([1, 2, 3, 4, 5]);
  });
});

describe('recoverFromStore', () => {
  const core = () => new ShardCore({ shardIndex: 0, shardCount: 1, symbolCount: 2, window: { windowMs: 60_000, capacity: 128, maxWindows: 16 } });
  const fence = (c: ShardCore) => new RecoveryFence(c.exchangeSlots, 0, 1, 2);

  it('restores, advances the data clock and arms the fence at the last restored key of each stream', async () => {
    const store = freshStore();
    const rows = [tick(0, 1, T0, 1), tick(0, 2, T0 + 10, 1), tick(0, 1, T0 + 20, 2), tick(1, 2, T0 + 30, 2)];
    rows.push({ kind: RecordKind.Gap, exchangeId: 2, symbolId: kAllSymbols, recvTs: T0 + 40, seq: 3, epoch: 1 });
    expect(store.writeBatch(encodeStream(rows)).ok).toBe(true);
    const c = core();
    const f = fence(c);
    const clock = new DataClock();
    const r = await recoverFromStore(c, f, clock, { path: dir, symbolIds: [0, 1], exchangeIds: [1, 2], sinceUs: -Infinity, chunkRecords: 2 });
    expect(r).toMatchObject({ state: 'done', reason: null, ticks: 4, gaps: 1, sinceUs: null });
    expect(clock.nowUs()).toBe(T0 + 40);
    expect(c.health(T0 + 40).restored).toBe(5);
    expect(c.windows.windowCount).toBe(2); // symbol 0: binance<->bybit both ways
    expect(f.armedStreams).toBe(4); // (1,0) ticks, (2,0) ticks, (2,1) ticks, (2, all) gaps
    expect(f.isDuplicate(FenceStream.Tick, 1, 0, T0 + 20, 2)).toBe(true);
    expect(f.isDuplicate(FenceStream.Tick, 1, 0, T0 + 20, 3)).toBe(false);
    expect(f.isDuplicate(FenceStream.SymbolGap, 2, kAllSymbols, T0 + 40, 3)).toBe(true);
  });

  it('skips a missing store, reports an unreadable one, and stops when aborted', async () => {
    freshStore();
    const c = core();
    const missing = await recoverFromStore(c, fence(c), new DataClock(), { path: path.join(dir, 'nothing'), symbolIds: [0], exchangeIds: [1], sinceUs: -Infinity });
    expect(missing.state).toBe('skipped');
    expect(missing.reason).toMatch(/no recorded data/);

    // The store refuses to open (a relative path; a corrupt file can take the process down inside LMDB).
    const relative = path.relative(process.cwd(), dir);
    const failed = await recoverFromStore(c, fence(c), new DataClock(), { path: relative, symbolIds: [0], exchangeIds: [1], sinceUs: -Infinity });
    expect(failed.state).toBe('failed');
    expect(failed.reason).toMatch(/opening the store: .*absolute/);

    expect(stores[0]!.writeBatch(encodeStream([tick(0, 1, T0, 1)])).ok).toBe(true);
    const aborted = await recoverFromStore(c, fence(c), new DataClock(), {
      path: dir, symbolIds: [0], exchangeIds: [1], sinceUs: -Infinity, signal: AbortSignal.abort(),
    });
    expect(aborted.state).toBe('aborted');
    expect(aborted.ticks).toBe(0);
  });
});

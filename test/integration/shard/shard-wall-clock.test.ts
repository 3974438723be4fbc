import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ShardActorOptions } from '../../../actors/shard/shard-options.js';
import type { ShardActorStats } from '../../../actors/shard/shard-stats.js';
import { conflationKey } from '../../../actors/shard/spread-ring-writer.js';
import { ExchangeId } from '../../../src/market/exchange-ids.js';
import { openTickStore } from '../../../src/market/store/tick-store.js';
import { readKind, readSpread } from '../../../src/market/tick-codec.js';
import { RecordKind } from '../../../src/market/tick-layout.js';
import { kAllSymbols, type SpreadUpdate } from '../../../src/market/tick.js';
import type { ActorSystem } from '../../../src/runtime/index.js';
import { encodeStream, generateStream, type StreamRecord, type StreamSpec } from '../../fixtures/shard/tick-stream.js';
import { captureLog } from '../../support/log-capture.js';
import { waitFor } from '../../support/wait-for.js';
import { kShardName, shardSystem } from './shard-system.js';

// The shard with the wall clock, as production runs it:
//   - time-driven publication: after the last tick, the debounce deadline
//     passes with no further input, and the shard's timer publishes every
//     pending change (the newest spread of every pair reaches the host);
//   - the restore reads only the last windowMs + maxQuoteAgeMs of the store,
//     only this shard's symbols and only configured exchanges.

let system: ActorSystem | undefined;
let dir: string | undefined;
afterEach(async () => {
  await system?.terminate();
  system = undefined;
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

function shardConfig(recorderPath: string, exchanges: ShardActorOptions['exchanges']): ShardActorOptions {
  return {
    index: 0, count: 2,
    symbols: ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'XRP-USDT'],
    exchanges,
    windowMs: 60_000, windowCapacity: 1024, maxWindows: 64, maxQuoteAgeMs: 5000,
    debounceMs: 30, bypassBps: 50, batchMaxUpdates: 16, batchMaxDelayMs: 10, staleAfterMs: 60_000,
    recorderPath,
  };
}

const wallUs = () => (performance.timeOrigin + performance.now()) * 1000;

describe('shard actor on the wall clock', () => {
  it('publishes pending changes from its timer when the ticks stop', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shard-wall-'));
    const stream: StreamSpec = { seed: 3, records: 3000, symbolIds: [0, 2], exchangeIds: [1, 2, 3], t0: 0, meanStepUs: 100, maxRun: 40 };
    const { records } = generateStream(stream);
    const { log } = captureLog();
    const s = (system = shardSystem({ shard: shardConfig(path.join(dir, 'none'), ['binance', 'bybit', 'okx']), feed: { stream, stampNow: true }, log }));
    const newest = new Map<number, SpreadUpdate>();
    s.consume('host', (view, off) => {
      if (readKind(view, off) === RecordKind.Spread) {
        const u = readSpread(view, off);
        newest.set(conflationKey(u), u);
      }
    });
    await s.start();
    await waitFor(() => s.counters()[`${kShardName}.ticksIn`] === records.length, 'every tick read');
    // Nothing more arrives; only the shard's own timer can publish what is still debounced.
    const settled = await waitFor(async () => {
      const st = (await s.stats(kShardName))!.actor as unknown as ShardActorStats;
      const all = st.snapshot.windows.every((w) => {
        const u = newest.get(conflationKey({ symbolId: s2id(w.symbol), buyExchangeId: ExchangeId[w.buy as 'okx'], sellExchangeId: ExchangeId[w.sell as 'okx'] } as SpreadUpdate));
        return u !== undefined && Math.fround(u.spreadBps) === w.last;
      });
      return all && st.snapshot.windows.length === 12 ? st : undefined;
    }, 'the newest spread of every pair at the host');
    expect(settled.state).toBe('ok');
    expect(settled.clock).toBe('wall');
    expect(settled.health.published).toBeGreaterThan(0);
    expect(settled.health.published).toBeLessThan(settled.health.computed);
    const report = await s.stop();
    expect(report.clean).toBe(true);
  });

  it('restores the last windowMs + maxQuoteAgeMs of its own symbols and exchanges from the store', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shard-cut-'));
    const config = shardConfig(dir, ['binance', 'bybit']);
    const now = wallUs();
    const reachUs = (config.windowMs + config.maxQuoteAgeMs) * 1000;
    const recent = (i: number) => now - 1_000_000 + i * 1000;
    const old = (i: number) => now - reachUs - 60_000_000 + i * 1000;
    const tick = (symbolId: number, exchangeId: number, recvTs: number, seq: number): StreamRecord => ({
      kind: RecordKind.Tick, exchangeId, symbolId, bid: 100 - exchangeId * 0.01, ask: 100.02 + exchangeId * 0.01,
      bidSize: 1, askSize: 2, exchangeTs: recvTs - 300, recvTs, seq, flags: 0,
    });
    const rows: StreamRecord[] = [];
    for (let i = 0; i < 30; i++) rows.push(tick(0, 1 + (i % 2), old(i), i)); // too old
    for (let i = 0; i < 50; i++) rows.push(tick(i % 3 === 0 ? 2 : 0, 1 + (i % 2), recent(i), 100 + i)); // restored
    for (let i = 0; i < 20; i++) rows.push(tick(1, 1, recent(i), 200 + i)); // another shard's symbol
    for (let i = 0; i < 20; i++) rows.push(tick(0, ExchangeId.okx, recent(i), 300 + i)); // exchange not configured
    rows.push({ kind: RecordKind.Gap, exchangeId: 1, symbolId: kAllSymbols, recvTs: recent(60), seq: 400, epoch: 2 });
    rows.push({ kind: RecordKind.Gap, exchangeId: 2, symbolId: kAllSymbols, recvTs: old(60), seq: 401, epoch: 2 }); // too old
    await recordInStore(dir, rows);
    const s = (system = shardOverStore(config));
    const before = wallUs();
    await s.start();
    const st = (await s.stats(kShardName))!.actor as unknown as ShardActorStats;
    expect(st.recovery.state).toBe('done');
    expect(st.recovery.ticks).toBe(50);
    expect(st.recovery.gaps).toBe(1);
    expect(st.recovery.sinceUs!).toBeGreaterThanOrEqual(before - reachUs);
    expect(st.recovery.sinceUs!).toBeLessThanOrEqual(wallUs() - reachUs);
    expect(st.state).toBe('ok');
    // Binance's quotes were dropped by its gap; bybit's remain, the windows of both symbols survive.
    expect(st.snapshot.windows.map((w) => `${w.symbol} ${w.buy}->${w.sell}`)).toEqual([
      'BTC-USDT binance->bybit', 'BTC-USDT bybit->binance', 'SOL-USDT binance->bybit', 'SOL-USDT bybit->binance',
    ]);
    expect(st.snapshot.windows.reduce((n, w) => n + w.count, 0)).toBeGreaterThan(0);
    expect(s.counters()[`${kShardName}.recoveredTicks`]).toBe(50);
    // Restoring publishes nothing.
    expect(s.counters()[`${kShardName}.spreadsPublished`]).toBe(0);
    expect((await s.stop()).clean).toBe(true);
  });

  it('replays only what fills its windows when they are bounded by capacity, not by time', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shard-short-'));
    const config = shardConfig(dir, ['binance', 'bybit']); // windows: 60 s or 1024 points
    const now = wallUs();
    const rows: StreamRecord[] = [];
    // BTC-USDT: 10 s, then 30 s of ticks 5 ms apart, both exchanges taking turns: far more than 1024 points per pair.
    for (let i = 0; i < 8000; i++) {
      const recvTs = now - 50_000_000 + i * 5000 + (i >= 2000 ? 10_000_000 : 0);
      const exchangeId = 1 + (i % 2);
      rows.push({
        kind: RecordKind.Tick, exchangeId, symbolId: 0, bid: 100 + (i % 7) * 0.01, ask: 100.05 + (i % 5) * 0.01,
        bidSize: 1, askSize: 2, exchangeTs: recvTs - 300, recvTs, seq: i, flags: 0,
      });
    }
    await recordInStore(dir, rows);
    const s = (system = shardOverStore(config));
    await s.start();
    const st = (await s.stats(kShardName))!.actor as unknown as ShardActorStats;
    expect(st.recovery).toMatchObject({ state: 'done', symbols: 2, shortened: 1 }); // SOL-USDT has nothing stored: replayed in full (of nothing)
    // Each exchange's 1024th newest tick is ~10 s back: about 2048 ticks of 8000, and as many for the proof.
    expect(st.recovery.ticks).toBeGreaterThanOrEqual(2048);
    expect(st.recovery.ticks).toBeLessThan(2100);
    expect(st.recovery.provedRecords).toBe(st.recovery.ticks);
    expect(st.snapshot.windows.map((w) => `${w.symbol} ${w.buy}->${w.sell} ${w.count}`)).toEqual([
      'BTC-USDT binance->bybit 1024', 'BTC-USDT bybit->binance 1024',
    ]);
    expect((await s.stop()).clean).toBe(true);
  });
});

/** Writes rows into a recorder store at dir, as the recorder would have before the shard (re)starts. */
async function recordInStore(storePath: string, rows: readonly StreamRecord[]): Promise<void> {
  const store = openTickStore({ path: storePath });
  expect(store.writeBatch(encodeStream(rows)).ok).toBe(true);
  await store.close();
}

/** A shard system whose host output is drained; not started. */
function shardOverStore(config: ShardActorOptions): ReturnType<typeof shardSystem> {
  const s = shardSystem({ shard: config, log: captureLog().log });
  s.consume('host', () => {});
  return s;
}

function s2id(symbol: string): number {
  return ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'XRP-USDT'].indexOf(symbol);
}

import { describe, expect, it, vi } from 'vitest';
import { RateLimitedWarning } from '../../../actors/shard/rate-limited-warning.js';
import { FenceStream, RecoveryFence } from '../../../actors/shard/recovery-fence.js';
import { DataClock, type ShardClock } from '../../../actors/shard/shard-clock.js';
import { coreOptionsFor, resolveShardOptions, type ShardActorOptions } from '../../../actors/shard/shard-options.js';
import { windowRows } from '../../../actors/shard/shard-stats.js';
import { TickRecordAdapter } from '../../../actors/shard/tick-record-adapter.js';
import { ShardCore } from '../../../src/market/shard-core.js';
import { writeSpread } from '../../../src/market/tick-codec.js';
import { kTickRecordSize, RecordKind } from '../../../src/market/tick-layout.js';
import type { SpreadUpdate } from '../../../src/market/tick.js';
import { foldRecordHash, kHashSeed } from '../../fixtures/shard/record-hash.js';
import { ReferenceShard } from '../../fixtures/shard/reference-shard.js';
import { encodeStream, generateStream, type StreamRecord, type StreamSpec } from '../../fixtures/shard/tick-stream.js';
import { ringPair, writeRecords } from './ring-helpers.js';

// The record → core adapter over a real ring, in one thread: what it applies
// equals a reference core fed the typed records; with the data clock, what
// it publishes does not depend on how records are batched; wiring bugs are
// counted and logged at a bounded rate; the recovery fence skips restored
// records; age exclusions are counted.

const T0 = 1_750_000_000_000_000;

const config: ShardActorOptions = {
  index: 1, count: 2,
  symbols: ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'XRP-USDT'],
  exchanges: ['binance', 'bybit', 'okx'],
  windowMs: 1000, windowCapacity: 128, maxWindows: 5, maxQuoteAgeMs: 30,
  debounceMs: 10, bypassBps: 1, batchMaxUpdates: 8, batchMaxDelayMs: 2, staleAfterMs: 10_000,
  recorderPath: '/nonexistent', clock: 'data',
};

const spec: StreamSpec = {
  seed: 21, records: 4000, symbolIds: [1, 3], exchangeIds: [1, 2, 3], t0: T0, meanStepUs: 600, maxRun: 25,
  gapRate: 0.003, crossedRate: 0.02, foreignSymbolIds: [0, 2], foreignRate: 0.01,
};

interface Harness {
  core: ShardCore;
  adapter: TickRecordAdapter;
  fence: RecoveryFence;
  warn: ReturnType<typeof vi.fn>;
  published: () => { count: number; hash: number };
}

function harness(clock: ShardClock = new DataClock(), now: () => number = () => 0): Harness {
  const o = resolveShardOptions(config);
  let count = 0;
  let hash = kHashSeed;
  const bytes = new DataView(new ArrayBuffer(kTickRecordSize));
  const core = new ShardCore(coreOptionsFor(o, {
    clock: () => clock.nowUs(),
    sink: (items: readonly SpreadUpdate[], n: number) => {
      for (let i = 0; i < n; i++) {
        writeSpread(bytes, 0, items[i]!);
        hash = foldRecordHash(hash, bytes, 0, kTickRecordSize);
        count++;
      }
    },
  }));
  const fence = new RecoveryFence(core.exchangeSlots, o.index, o.count, o.symbols.length);
  const warn = vi.fn();
  const adapter = new TickRecordAdapter(core, clock, fence, new RateLimitedWarning({ warn } as never, 1000, now));
  return { core, adapter, fence, warn, published: () => ({ count, hash }) };
}

/** Feeds the records through one ring, polling `batch` records at a time. */
function pump(h: Harness, records: readonly StreamRecord[], batch: number): void {
  const bytes = encodeStream(records);
  const { producer, consumer } = ringPair(1024);
  const n = records.length;
  for (let from = 0; from < n; from += 512) {
    writeRecords(producer, bytes, from, Math.min(n, from + 512));
    while (consumer.poll((view, off) => h.adapter.onRecord(view, off, 'binance'), batch) > 0) { /* drain */ }
  }
}

describe('TickRecordAdapter', () => {
  const { records } = generateStream(spec);

  it('applies ring records exactly as a reference core applies the typed records', () => {
    const h = harness();
    pump(h, records, 64);
    const ref = new ReferenceShard(config).feed(records);
    const now = records.at(-1)!.recvTs;
    expect(windowRows(h.core, ref.options.symbolTable, now)).toEqual(ref.rows());
    for (const k of ['bid', 'ask', 'bidSize', 'askSize', 'recvTs', 'exchangeTs', 'flags', 'state', 'usableMask'] as const) {
      expect(h.core.book[k]).toEqual(ref.core.book[k]);
    }
    const ticks = records.filter((r) => r.kind === RecordKind.Tick).length;
    const foreign = records.filter((r) => r.kind === RecordKind.Tick && r.symbolId % 2 === 0).length;
    expect(foreign).toBeGreaterThan(10);
    expect(h.adapter.ticks).toBe(ticks);
    expect(h.adapter.gaps).toBe(records.length - ticks);
    expect(h.adapter.foreign).toBe(foreign);
    expect(h.adapter.computed).toBe(ref.computed);
    expect(h.published()).toEqual({ count: ref.published, hash: ref.hash });
    expect(h.core.health(now).rejected).toBe(0); // foreign records never reach the core
  });

  it('publishes the same updates whatever the batching (data clock: due work is polled before each record)', () => {
    const one = harness();
    pump(one, records, 1);
    const many = harness();
    pump(many, records, 1000);
    expect(one.published().count).toBeGreaterThan(50);
    expect(many.published()).toEqual(one.published());
  });

  it('counts wiring bugs and warns at a bounded rate', () => {
    let t = 0;
    const h = harness(new DataClock(), () => t);
    const foreignTick: StreamRecord = { ...(records.find((r) => r.kind === RecordKind.Tick)! as Extract<StreamRecord, { kind: 0 }>), symbolId: 2 };
    const bytes = encodeStream([foreignTick, foreignTick, foreignTick]);
    const spreadRecord = new Uint8Array(kTickRecordSize);
    writeSpread(new DataView(spreadRecord.buffer), 0, {
      kind: RecordKind.Spread, symbolId: 1, buyExchangeId: 1, sellExchangeId: 2, spreadBps: 1, mid: 1, buyAskSize: 1, sellBidSize: 1, ts: 1, computedTs: 1, seq: 1,
    });
    const badExchange = encodeStream([{ ...foreignTick, symbolId: 1, exchangeId: 40 } as StreamRecord]);
    const view = (b: Uint8Array) => new DataView(b.buffer);
    h.adapter.onRecord(view(bytes), 0, 'bybit');
    h.adapter.onRecord(view(bytes), 64, 'bybit');
    t = 999;
    h.adapter.onRecord(view(bytes), 128, 'bybit');
    expect(h.warn).toHaveBeenCalledTimes(1);
    t = 1000;
    h.adapter.onRecord(view(bytes), 0, 'bybit');
    expect(h.warn).toHaveBeenCalledTimes(2);
    expect(h.warn.mock.calls[1]![0]).toMatchObject({ category: 'shard', kind: 'foreign-tick', input: 'bybit', symbolId: 2, shardIndex: 1, suppressedSinceLast: 2 });
    h.adapter.onRecord(view(spreadRecord), 0, 'okx');
    h.adapter.onRecord(view(badExchange), 0, 'okx');
    expect(h.adapter.foreign).toBe(6);
    expect(h.adapter.ticks).toBe(5);
    expect(h.core.windows.windowCount).toBe(0);
    expect(h.warn.mock.calls.map((c) => (c[0] as { kind: string }).kind)).toEqual(['foreign-tick', 'foreign-tick', 'foreign-kind']);
  });

  it('skips records the recovery fence marks as restored, per stream, until one passes the mark', () => {
    const h = harness();
    h.fence.noteRestored(FenceStream.Tick, 1, 1, T0 + 100, 7);
    const t = (exchangeId: number, symbolId: number, recvTs: number, seq: number): StreamRecord => ({
      kind: RecordKind.Tick, exchangeId, symbolId, bid: 99, ask: 101, bidSize: 1, askSize: 1, exchangeTs: 0, recvTs, seq, flags: 0,
    });
    pump(h, [t(1, 1, T0 + 90, 6), t(1, 1, T0 + 100, 7), t(2, 1, T0 + 95, 1), t(1, 1, T0 + 100, 8), t(1, 1, T0 + 50, 2)], 10);
    expect(h.fence.duplicates).toBe(2);
    expect(h.adapter.duplicates).toBe(2);
    expect(h.fence.active).toBe(false);
    expect(h.adapter.ticks).toBe(5);
    // Applied: bybit@95, binance@100#8, and (the fence is off again) binance@50 as an ordinary late tick.
    expect(h.core.book.recvTs[h.core.book.row(0, 1)]).toBe(T0 + 50);
    expect(h.core.book.recvTs[h.core.book.row(0, 2)]).toBe(T0 + 95);
  });

  it('counts quotes left out of spreads for age', () => {
    const h = harness();
    const t = (exchangeId: number, recvTs: number): StreamRecord => ({
      kind: RecordKind.Tick, exchangeId, symbolId: 1, bid: 99, ask: 101, bidSize: 1, askSize: 1, exchangeTs: 0, recvTs, seq: 0, flags: 0,
    });
    // maxQuoteAgeMs 30: binance@0 is too old for bybit@31 ms; okx@40 ms pairs with bybit only.
    pump(h, [t(1, T0), t(2, T0 + 31_000), t(3, T0 + 40_000)], 10);
    expect(h.adapter.computed).toBe(2);
    expect(h.adapter.staleExcluded).toBe(2);
  });
});

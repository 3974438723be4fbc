import type { Logger } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { shardCounterNames } from '../../../actors/shard/counters.js';
import type { ShardActorOptions } from '../../../actors/shard/shard-options.js';
import { WindowingShard } from '../../../actors/shard/windowing-shard.js';
import { kTickRecordSize, RecordKind } from '../../../src/market/tick-layout.js';
import type { ActorContext, CounterHandle, RingProducer } from '../../../src/runtime/index.js';
import { foldRecordHash, kHashSeed } from '../../fixtures/shard/record-hash.js';
import { ReferenceShard } from '../../fixtures/shard/reference-shard.js';
import { encodeStream, generateStream } from '../../fixtures/shard/tick-stream.js';
import { drainRecords, ringPair } from './ring-helpers.js';

// The shard as the runtime drives it, with a hand-made context over real
// rings in this thread: 'recovering' until recover() ends; records in via
// onRecord, tallies into the shared counters once per batch; stop() publishes
// what the debounce still held, so the recorder ring ends with exactly the
// reference's updates.

const T0 = 1_750_000_000_000_000;
const config: ShardActorOptions = {
  index: 0, count: 1, symbols: ['BTC-USDT', 'ETH-USDT'], exchanges: ['binance', 'bybit', 'okx'],
  windowMs: 5000, windowCapacity: 256, maxWindows: 12, maxQuoteAgeMs: 100,
  debounceMs: 50, bypassBps: 3, batchMaxUpdates: 32, batchMaxDelayMs: 5, staleAfterMs: 10_000,
  recorderPath: '/nonexistent/ringmaster-store', clock: 'data',
};

function context(outputs: Record<string, RingProducer>, counterKey: (name: string) => string = (n) => n) {
  const values = new Map<string, number>();
  const counters: Record<string, CounterHandle> = Object.fromEntries(shardCounterNames().map((n) => [counterKey(n), {
    add: (d: number) => void values.set(n, (values.get(n) ?? 0) + d),
    value: () => values.get(n) ?? 0,
  }]));
  const log = { info: vi.fn(), warn: vi.fn(), error: vi.fn() };
  const ctx: ActorContext<unknown> = {
    name: 'shard.0', incarnation: 1, config, inputs: {}, outputs, counters, log: log as unknown as Logger, signal: new AbortController().signal,
  };
  return { ctx, values, log };
}

describe('WindowingShard', () => {
  const { records } = generateStream({ seed: 9, records: 3000, symbolIds: [0, 1], exchangeIds: [1, 2, 3], t0: T0, meanStepUs: 500, maxRun: 30, gapRate: 0.002 });
  const bytes = encodeStream(records);

  it('reports recovering until recovery ends, then runs records through to both outputs', async () => {
    const recorder = ringPair(8192);
    const host = ringPair(8192, { policy: 'conflate' });
    const { ctx, values } = context({ recorder: recorder.producer, host: host.producer });
    const shard = new WindowingShard(ctx);
    expect(shard.stats()).toMatchObject({ state: 'recovering', recovery: { state: 'pending' } });
    const r = await shard.recover();
    expect(r.state).toBe('skipped');
    expect(shard.stats().state).toBe('ok');

    const view = new DataView(bytes.buffer);
    for (let i = 0; i < records.length; i++) {
      shard.onRecord(view, i * kTickRecordSize, 'binance');
      if (i % 100 === 99) shard.afterBatch();
    }
    shard.afterBatch();
    const ref = new ReferenceShard(config).feed(records);
    const ticks = records.filter((x) => x.kind === RecordKind.Tick).length;
    expect(values.get('ticksIn')).toBe(ticks);
    expect(values.get('gapsIn')).toBe(records.length - ticks);
    expect(values.get('spreadsComputed')).toBe(ref.computed);
    expect(values.get('recomputes')).toBe(ref.core.windows.recomputes);

    const stats = shard.stats();
    expect(stats.snapshot.windows).toEqual(ref.rows());
    expect(stats.ticks).toBe(ticks);
    expect(stats.bounds).toEqual({ windowMs: 5000, windowCapacity: 256, maxWindows: 12, arenaBytes: ref.core.windows.arenaBytes });
    expect(stats.recomputeRatio).toBe(ref.core.health(ref.nowUs).recomputeRatio);

    await shard.stop();
    ref.flush();
    expect(values.get('spreadsPublished')).toBe(ref.published);
    const written = drainRecords(recorder.consumer);
    expect(written.length).toBe(ref.published);
    expect(written.reduce((h, b) => foldRecordHash(h, new DataView(b.buffer), 0, kTickRecordSize), kHashSeed)).toBe(ref.hash);
    expect(drainRecords(host.consumer).length).toBe(ref.published);
  });

  it('writes only the counters keyed by their name inside the actor, and runs without the others', async () => {
    const { ctx, values } = context({ recorder: ringPair(4096).producer }, (n) => (n === 'gapsIn' ? n : `0.${n}`));
    const shard = new WindowingShard(ctx);
    await shard.recover();
    const firstTick = records.findIndex((r) => r.kind === RecordKind.Tick);
    const firstGap = records.findIndex((r) => r.kind === RecordKind.Gap);
    shard.onRecord(new DataView(bytes.buffer), firstTick * kTickRecordSize, 'okx');
    shard.onRecord(new DataView(bytes.buffer), firstGap * kTickRecordSize, 'okx');
    shard.afterBatch();
    expect(values.get('gapsIn')).toBe(1);
    expect(values.get('ticksIn')).toBeUndefined(); // keyed `0.ticksIn`: not this actor's counter name
    expect(shard.stats().ticks).toBe(1);
  });

  it('warns about a missing output and fails fast on a bad config', () => {
    const { ctx, log } = context({ recorder: ringPair(16).producer });
    void new WindowingShard(ctx);
    expect(log.warn).toHaveBeenCalledWith(expect.objectContaining({ port: 'host' }), expect.stringMatching(/no "host" output/));
    expect(() => new WindowingShard({ ...ctx, config: { ...config, maxQuoteAgeMs: -5 } })).toThrow(/^shard\.maxQuoteAgeMs/);
  });
});

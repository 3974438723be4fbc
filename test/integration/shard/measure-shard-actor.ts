/**
 * Manual measurement, not a test (nothing is asserted). Run:
 *
 *   node --import tsx test/integration/shard/measure-shard-actor.ts [inThreadTicks=4000000] [workerSeconds=4]
 *
 * Production shape as in test/unit/market/measure-shard-core.ts: 50 symbols
 * over 2 shards (this shard owns 25), 3 exchanges, 15-minute windows of
 * 32768 points, debounced publication to two output rings, ticks 400 µs apart.
 *
 *   1. In one thread, ns per tick of the shard's record path: a full input
 *      ring drained by RingConsumer.poll into WindowingShard.onRecord, with
 *      afterBatch every pollBatch records and the outputs drained untimed;
 *      beside it, bare ShardCore.onTick over the same ticks (what the maths
 *      costs alone). Median and fastest of 250k-tick chunks after the
 *      windows filled (2.5M ticks of warm-up).
 *   2. Across threads, records per second one shard worker sustains from
 *      its rings under the real runtime (run loop, counters, stats), fed
 *      by a producer worker that tops its 65536-record rings up every
 *      millisecond (blast-producer.ts) with ticks of the same generator:
 *      the shard's ticksIn counter over a few seconds while its inputs
 *      stay full. Cross-core: every record's cache line moves from the
 *      producer's core to the shard's.
 */
import os from 'node:os';
import { pino } from 'pino';
import { shardCounterNames } from '../../../actors/shard/counters.js';
import type { ShardActorOptions } from '../../../actors/shard/shard-options.js';
import { WindowingShard } from '../../../actors/shard/windowing-shard.js';
import { ShardCore } from '../../../src/market/shard-core.js';
import { writeTick } from '../../../src/market/tick-codec.js';
import { RecordKind } from '../../../src/market/tick-layout.js';
import { ActorSystem, allocateRing, RingConsumer, RingProducer, Topology, type ActorContext, type CounterHandle } from '../../../src/runtime/index.js';
import { coreOptionsFor, resolveShardOptions } from '../../../actors/shard/shard-options.js';
import { kShardEntry } from './shard-system.js';

const inThreadTicks = Number(process.argv[2] ?? 4_000_000);
const workerSeconds = Number(process.argv[3] ?? 4);
const kWarmup = Math.min(2_500_000, Math.floor(inThreadTicks / 2));
const kChunk = 250_000;
const kPollBatch = 256;
const T0 = 1_700_000_000_000_000;
const symbols = Array.from({ length: 50 }, (_, i) => `S${i}-USDT`);

const config: ShardActorOptions = {
  index: 0, count: 2, symbols, exchanges: ['binance', 'bybit', 'okx'],
  windowMs: 900_000, windowCapacity: 32_768, maxWindows: 256, maxQuoteAgeMs: 5000,
  debounceMs: 250, bypassBps: 2, batchMaxUpdates: 64, batchMaxDelayMs: 20, staleAfterMs: 10_000,
  recorderPath: '/nonexistent', clock: 'data',
};

// Deterministic ticks of the owned symbols, generated outside the timed loops.
let seed = 12345;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const owned = Array.from({ length: 25 }, (_, i) => 2 * i);
const mids = owned.map((_, i) => 100 + i);
function fillTicks(view: DataView, offsets: (i: number) => number, count: number, startIndex: number): void {
  for (let i = 0; i < count; i++) {
    const k = Math.floor(rnd() * owned.length);
    const mid = (mids[k] = mids[k]! * (1 + (rnd() - 0.5) * 1e-4));
    const ex = 1 + Math.floor(rnd() * 3);
    const half = mid * (0.5e-4 + rnd() * 1e-4);
    const t = T0 + (startIndex + i) * 400;
    writeTick(view, offsets(i), {
      kind: RecordKind.Tick, exchangeId: ex, symbolId: owned[k]!, bid: mid - half, ask: mid + half,
      bidSize: 1 + rnd(), askSize: 1 + rnd(), exchangeTs: t - 300, recvTs: t, seq: startIndex + i, flags: 0,
    });
  }
}

/** Ticks for the producer worker, from the same generator, continuing its time line. */
function feedRecords(count: number): Uint8Array {
  const bytes = new Uint8Array(count * 64);
  fillTicks(new DataView(bytes.buffer), (i) => i * 64, count, inThreadTicks);
  return bytes;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

async function inThread(): Promise<void> {
  const input = allocateRing({ capacity: kChunk > 2 ** 18 ? 2 ** 19 : 2 ** 18 });
  const producer = new RingProducer(input, null, { policy: 'block' });
  const consumer = new RingConsumer(input);
  const outRing = () => {
    const sab = allocateRing({ capacity: 2 ** 16 });
    return { producer: new RingProducer(sab, null, { policy: 'conflate' }), consumer: new RingConsumer(sab) };
  };
  const recorder = outRing();
  const host = outRing();
  const counters: Record<string, CounterHandle> = Object.fromEntries(shardCounterNames().map((n) => [n, { add() {}, value: () => 0 }]));
  const ctx: ActorContext<unknown> = {
    name: 'shard.0', incarnation: 1, config, inputs: {}, outputs: { recorder: recorder.producer, host: host.producer },
    counters, log: pino({ level: 'silent' }), signal: new AbortController().signal,
  };
  const shard = new WindowingShard(ctx);
  await shard.recover();
  const bare = new ShardCore(coreOptionsFor(resolveShardOptions(config), { sink: () => {}, clock: () => 0 }));
  const onRecord = shard.onRecord;
  const handler = (view: DataView, off: number) => onRecord(view, off, 'binance');
  const scratch = new DataView(new ArrayBuffer(kChunk * 64));

  const actorNs: number[] = [];
  const coreNs: number[] = [];
  let index = 0;
  while (index < inThreadTicks) {
    const count = Math.min(kChunk, inThreadTicks - index);
    // Untimed: the same ticks into the ring and into a private copy for the bare core.
    fillTicks(scratch, (i) => i * 64, count, index);
    const bytes = new Uint8Array(scratch.buffer, 0, count * 64);
    for (let i = 0; i < count; i++) {
      const off = producer.tryClaim();
      producer.bytes.set(bytes.subarray(i * 64, i * 64 + 64), off);
      producer.commit();
    }
    producer.publish();

    let t = process.hrtime.bigint();
    let left = count;
    while (left > 0) {
      const n = consumer.poll(handler, kPollBatch);
      shard.afterBatch();
      left -= n;
      if (recorder.consumer.available() > 30_000) { recorder.consumer.poll(() => {}, 1 << 16); host.consumer.poll(() => {}, 1 << 16); }
    }
    const actorElapsed = Number(process.hrtime.bigint() - t);
    recorder.consumer.poll(() => {}, 1 << 16);
    host.consumer.poll(() => {}, 1 << 16);

    t = process.hrtime.bigint();
    for (let i = 0; i < count; i++) {
      const o = i * 64;
      bare.onTick(
        scratch.getUint16(o + 52, true), scratch.getUint32(o + 48, true), scratch.getFloat64(o, true), scratch.getFloat64(o + 8, true),
        scratch.getFloat64(o + 16, true), scratch.getFloat64(o + 24, true), scratch.getFloat64(o + 32, true), scratch.getFloat64(o + 40, true), 0,
      );
    }
    const coreElapsed = Number(process.hrtime.bigint() - t);
    index += count;
    if (index > kWarmup) {
      actorNs.push(actorElapsed / count);
      coreNs.push(coreElapsed / count);
    }
  }
  const s = shard.stats();
  console.log(`in-thread, ${inThreadTicks} ticks (${kWarmup} warm-up), ${s.windows} windows, ${s.health.computed} spreads computed, ${s.health.published} published`);
  console.log(`  ring -> shard.onRecord (+afterBatch every ${kPollBatch}): median ${median(actorNs).toFixed(0)} ns/tick, fastest ${Math.min(...actorNs).toFixed(0)} ns/tick`);
  console.log(`  bare ShardCore.onTick, same ticks:           median ${median(coreNs).toFixed(0)} ns/tick, fastest ${Math.min(...coreNs).toFixed(0)} ns/tick`);
  await shard.stop();
}

async function acrossThreads(): Promise<void> {
  const topology = new Topology()
    .actor({
      name: 'feed', entry: new URL('../../fixtures/shard/blast-producer.ts', import.meta.url).href, counters: ['sent'],
      config: { records: feedRecords(200_000) },
    })
    .actor({ name: 'shard.0', entry: kShardEntry, counters: shardCounterNames(), config })
    .endpoint('host');
  for (const x of ['binance', 'bybit', 'okx']) topology.connect(`feed.${x}`, `shard.0.${x}`, { capacity: 65_536, policy: 'block' });
  topology.connect('shard.0.recorder', 'host.recorder', { capacity: 16_384, policy: 'block', blockTimeoutMs: 1 });
  topology.connect('shard.0.host', 'host.shard0', { capacity: 16_384, policy: 'conflate' });
  const system = new ActorSystem({ topology, log: pino({ level: 'warn' }) });
  system.consume('host', () => {});
  await system.start();
  const ticks = () => system.counters()['shard.0.ticksIn'] ?? 0;
  await new Promise((r) => setTimeout(r, 1500)); // warm-up: JIT, windows filling
  const t0 = performance.now();
  const n0 = ticks();
  await new Promise((r) => setTimeout(r, workerSeconds * 1000));
  const rate = ((ticks() - n0) * 1000) / (performance.now() - t0);
  const stats = await system.stats('shard.0');
  const rings = system.rings();
  await system.terminate();
  console.log(`across threads (shard worker fed by a producer worker that tops its rings up every ms), ${workerSeconds} s:`);
  console.log(`  ${(rate / 1e6).toFixed(2)} M ticks/s = ${(1e9 / rate).toFixed(0)} ns/tick; shard event-loop utilisation ${(stats?.eventLoopUtilization ?? NaN).toFixed(2)}`);
  const inputs = Object.entries(rings).filter(([k]) => k.startsWith('feed.'));
  const h = (stats?.actor as { health?: { ticks: number; computed: number; published: number; windows: number } } | undefined)?.health;
  if (h !== undefined) console.log(`  shard: ${h.windows} windows, per tick ${(h.computed / h.ticks).toFixed(2)} spreads computed, ${(h.published / h.ticks).toFixed(3)} published`);
  console.log(`  input rings high watermark: ${inputs.map(([k, r]) => `${k.split('->')[0]} ${r.highWatermark}`).join(', ')}`);
}

console.log(`node ${process.version}, ${os.cpus()[0]?.model ?? '?'} x${os.cpus().length}, load average ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);
await inThread();
await acrossThreads();
console.log(`load average after: ${os.loadavg().map((x) => x.toFixed(2)).join(' ')}`);

/**
 * Records per second through the real recorder actor, from its rings into
 * LMDB, batched (batchRecords 1000, a backlog grows batches to 10 000) and
 * with one transaction per record (batchRecords 1), in the same run.
 *
 *   node --import tsx test/integration/recorder/measure-recorder-throughput.ts [durability=fsync|os] [seconds=4]
 *
 * Five fixture producers (three exchanges, two shards) keep the recorder's
 * rings (65 536 slots each) non-empty, so the recorder is the bottleneck:
 * the backlog column shows records waiting in its rings at the end of the
 * window. The rate is committed records over the window, after a warm-up.
 * Not a test: nothing is asserted; numbers vary with the disk's fsync
 * latency and with what else runs on the machine.
 */
import os from 'node:os';
import { pino } from 'pino';
import type { Durability } from '../../../src/market/store/store-options.js';
import { buildRig, standardProducers, tempDir } from './recorder-rig.js';

const durability = (process.argv[2] ?? 'fsync') as Durability;
const seconds = Number(process.argv[3] ?? 4);

interface Mode {
  readonly name: string;
  readonly recorder: { batchRecords: number; maxBatchRecords: number; batchMs: number };
  readonly warmup: number;
}

const modes: Mode[] = [
  { name: 'batched (1000, backlog up to 10 000)', recorder: { batchRecords: 1000, maxBatchRecords: 10_000, batchMs: 50 }, warmup: 50_000 },
  { name: 'one transaction per record', recorder: { batchRecords: 1, maxBatchRecords: 1, batchMs: 50 }, warmup: 200 },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function measure(mode: Mode): Promise<{ rate: number; backlog: number; batch: unknown; commitUs: unknown }> {
  const { dir, remove } = tempDir('ringmaster-recorder-bench-');
  const producers = standardProducers({ exchanges: 3, shards: 2, perExchange: 1e9, perShard: 1e9 });
  const rig = buildRig({ dir, log: pino({ level: 'warn' }), producers, perTick: 2000, intervalMs: 1, capacity: 65_536, recorder: { ...mode.recorder, durability } });
  const s = rig.system;
  try {
    await s.start();
    const committed = () => s.counters()['recorder.recordsCommitted'] ?? 0;
    while (committed() < mode.warmup) await sleep(5);
    const c0 = committed(), t0 = performance.now();
    await sleep(seconds * 1000);
    const c1 = committed(), t1 = performance.now();
    const rings = s.rings();
    const backlog = producers.reduce((n, p) => n + rings[rig.ringOf(p.port)]!.fill, 0);
    const stats = (await s.stats('recorder'))?.actor ?? {};
    return { rate: ((c1 - c0) / (t1 - t0)) * 1000, backlog, batch: stats['batchSizeLast'], commitUs: stats['commitUsLast'] };
  } finally {
    await s.terminate();
    remove();
  }
}

console.log(`recorder throughput, durability ${durability}, ${seconds} s per mode, ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'cpu'}, Node ${process.version}`);
const results: number[] = [];
for (const mode of modes) {
  const r = await measure(mode);
  results.push(r.rate);
  console.log(`  ${mode.name.padEnd(40)} ${Math.round(r.rate).toLocaleString('en-US').padStart(10)} records/s  backlog ${r.backlog}  last batch ${String(r.batch)}  commit ${String(r.commitUs)} µs`);
}
console.log(`  batched / one per record: ${(results[0]! / results[1]!).toFixed(0)}×`);
process.exit(0);

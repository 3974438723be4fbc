/**
 * Records per second through the real recorder actor, from its rings into
 * LMDB, batched (batchRecords 1000, a backlog grows batches to 20 000, the default) and
 * with one transaction per record (batchRecords 1), in the same run.
 *
 *   node --import tsx test/integration/recorder/measure-recorder-throughput.ts [durability=fsync|os] [seconds=4]
 *
 * Five fixture producers (three exchanges, two shards) keep the recorder's
 * rings (65 536 slots each) non-empty, so the recorder is the bottleneck:
 * the backlog column shows records waiting in its rings at the end of the
 * window. The rate is committed records over the window, after a warm-up.
 * Not a test: nothing is asserted; numbers vary with the disk's fsync
 * latency and with what else runs on the machine. So each line also says
 * what the window cost in CPU: µs of this process's CPU (every thread:
 * recorder, LMDB's write thread, producers, host) per committed record, the
 * three busiest threads in % of a core (a thread near 100 % is the limit:
 * with two batches in flight that is LMDB's write thread doing the native
 * puts), and the machine's load average at the end.
 */
import fs from 'node:fs';
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
  { name: 'batched (1000, backlog up to 20 000)', recorder: { batchRecords: 1000, maxBatchRecords: 20_000, batchMs: 50 }, warmup: 50_000 },
  { name: 'one transaction per record', recorder: { batchRecords: 1, maxBatchRecords: 1, batchMs: 50 }, warmup: 200 },
];

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** CPU ticks (user + system) of every thread of this process, by thread id (Linux; empty elsewhere). */
function threadTicks(): Map<string, number> {
  const out = new Map<string, number>();
  let tids: string[] = [];
  try { tids = fs.readdirSync('/proc/self/task'); } catch { return out; }
  for (const tid of tids) {
    try {
      // Fields after the parenthesised name: state is field 3, utime 14, stime 15.
      const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
      const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      out.set(tid, Number(f[11]) + Number(f[12]));
    } catch { /* the thread ended */ }
  }
  return out;
}
const kTicksPerSecond = 100; // USER_HZ on Linux

interface CpuReport { readonly usPerRecord: number; readonly busiest: readonly number[] }

function cpuBetween(a: Map<string, number>, b: Map<string, number>, ms: number, records: number): CpuReport {
  const perThread: number[] = [];
  let total = 0;
  for (const [tid, t] of b) {
    const d = t - (a.get(tid) ?? 0);
    total += d;
    perThread.push((d / kTicksPerSecond) / (ms / 1000) * 100);
  }
  perThread.sort((x, y) => y - x);
  return { usPerRecord: records > 0 ? (total / kTicksPerSecond) * 1e6 / records : NaN, busiest: perThread.slice(0, 3) };
}

async function measure(mode: Mode): Promise<{ rate: number; backlog: number; batch: unknown; commitUs: unknown; fullGcs: unknown; cpu: CpuReport }> {
  const { dir, remove } = tempDir('ringmaster-recorder-bench-');
  const producers = standardProducers({ exchanges: 3, shards: 2, perExchange: 1e9, perShard: 1e9 });
  const rig = buildRig({ dir, log: pino({ level: 'warn' }), producers, perTick: 2000, intervalMs: 1, capacity: 65_536, recorder: { ...mode.recorder, durability } });
  const s = rig.system;
  try {
    await s.start();
    const committed = () => s.counters()['recorder.recordsCommitted'] ?? 0;
    while (committed() < mode.warmup) await sleep(5);
    const c0 = committed(), t0 = performance.now(), k0 = threadTicks();
    await sleep(seconds * 1000);
    const c1 = committed(), t1 = performance.now(), k1 = threadTicks();
    const rings = s.rings();
    const backlog = producers.reduce((n, p) => n + rings[rig.ringOf(p.port)]!.fill, 0);
    const stats = (await s.stats('recorder'))?.actor ?? {};
    return {
      rate: ((c1 - c0) / (t1 - t0)) * 1000, backlog, batch: stats['batchSizeLast'], commitUs: stats['commitUsLast'], fullGcs: stats['fullGcs'],
      cpu: cpuBetween(k0, k1, t1 - t0, c1 - c0),
    };
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
  console.log(`  ${''.padEnd(40)} cpu ${r.cpu.usPerRecord.toFixed(2)} µs/record (whole process), busiest threads ${r.cpu.busiest.map((p) => `${p.toFixed(0)}%`).join(' ')}, full GCs ${String(r.fullGcs)}, load ${os.loadavg()[0]!.toFixed(1)}`);
}
console.log(`  batched / one per record: ${(results[0]! / results[1]!).toFixed(0)}×`);
process.exit(0);

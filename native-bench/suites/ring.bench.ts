import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { Statistics } from 'tinybench';
import { kDefaultSpins } from '../../src/runtime/wait/spin-then-wait-strategy.js';
import type { BaselineRef, Measurement } from '../report/aggregate.js';
import type { BenchTarget } from '../report/report-model.js';
import { median, summarizeLatency, type LatencySummary } from '../report/stats.js';
import type { BenchSuite } from './bench-suite.js';
import { portOneWayTask, ringOneWayTask } from './one-way-tasks.js';
import {
  kCFloorSuite, kOneWayRecords, kPercentiles, kRingBatch, kRingCapacity, kRingNames, kRingSuite, kRoundTripBudget, type Percentile,
} from './ring-params.js';
import { sampleRoundTrips } from './round-trip-sampler.js';
import { portRoundTripTask, ringRoundTripTask } from './round-trip-tasks.js';
import { kNsPerMs, timeTasks } from './tinybench-tasks.js';

/**
 * The JS ring across two real worker threads (main thread ↔ one worker),
 * side by side with MessagePort.postMessage measured in the same run, and
 * paired with the C floor's rows of the same names.
 *   one-way: ns/record, published per record and per kRingBatch records
 *   round trip: p50/p99/p99.9 ns, busy-spin and spin-then-wait
 */
const kPortNames = {
  oneWayPerRecord: 'postMessage one-way, 1 record per message',
  oneWayBatched: `postMessage one-way, ${kRingBatch} records per message`,
  roundTrip: (p: Percentile) => `postMessage round trip ${p}`,
} as const;

const cFloor = (name: string): BaselineRef => ({ suite: kCFloorSuite, name });
const cFloorName = (name: string): string => `${kCFloorSuite}: ${name}`;

const targets: BenchTarget[] = [
  ...(['p50', 'p99'] as const).flatMap((p) => [
    { label: `round trip ${p}, busy-spin: ≤ 2× the C floor`, suite: kRingSuite, name: kRingNames.roundTripSpin(p), baseline: cFloorName(kRingNames.roundTripSpin(p)), minRatio: 0.5 },
    { label: `round trip ${p}, busy-spin: ≥ 20× faster than postMessage`, suite: kRingSuite, name: kRingNames.roundTripSpin(p), baseline: kPortNames.roundTrip(p), minRatio: 20 },
  ]),
  { label: `one-way batched throughput: ≥ 0.8× the C floor`, suite: kRingSuite, name: kRingNames.oneWayBatched, baseline: cFloorName(kRingNames.oneWayBatched), minRatio: 0.8 },
];

export const ringSuite: BenchSuite = {
  name: kRingSuite,
  targets,
  async prepare() {
    const sink = new URL('../workers/ring-sink.worker.js', import.meta.url);
    if (!existsSync(fileURLToPath(sink))) {
      return { ready: false, reason: 'bench workers are not compiled (run through `npm run bench`, which builds dist/ first).' };
    }
    return { ready: true };
  },
  async runOnce() {
    const timings = await timeTasks([
      ringOneWayTask(kRingNames.oneWayPerRecord, 1),
      ringOneWayTask(kRingNames.oneWayBatched, kRingBatch),
      portOneWayTask(kPortNames.oneWayPerRecord, 1),
      portOneWayTask(kPortNames.oneWayBatched, kRingBatch),
    ], { timeMs: 400, warmupMs: 150 });
    // Round trips are sampled like the C floor's, not through tinybench (see round-trip-sampler.ts).
    const spin = summarizeLatency(await sampleRoundTrips(ringRoundTripTask('rtt busy-spin', 'busy-spin'), kRoundTripBudget));
    const spinThenWait = summarizeLatency(await sampleRoundTrips(ringRoundTripTask('rtt spin-then-wait', 'spin-then-wait'), kRoundTripBudget));
    const port = summarizeLatency(await sampleRoundTrips(portRoundTripTask('rtt postMessage'), kRoundTripBudget));
    const stat = (name: string): Statistics => {
      const s = timings.get(name);
      if (s === undefined) throw new Error(`ring suite: no timing for ${name}`);
      return s;
    };
    const perRecord = (name: string): number => (median(stat(name).samples) * kNsPerMs) / kOneWayRecords;
    const pick = (s: LatencySummary, p: Percentile): number => (p === 'p50' ? s.p50 : p === 'p99' ? s.p99 : s.p999);
    const m = (name: string, unit: Measurement['unit'], value: number, compareTo: BaselineRef[] = []): Measurement => ({
      suite: kRingSuite, name, unit, value, compareTo,
    });
    return {
      measurements: [
        m(kRingNames.oneWayPerRecord, 'ns/record', perRecord(kRingNames.oneWayPerRecord),
          [{ name: kPortNames.oneWayPerRecord }, cFloor(kRingNames.oneWayPerRecord)]),
        m(kRingNames.oneWayBatched, 'ns/record', perRecord(kRingNames.oneWayBatched),
          [{ name: kPortNames.oneWayBatched }, cFloor(kRingNames.oneWayBatched)]),
        ...kPercentiles.flatMap((p) => [
          m(kRingNames.roundTripSpin(p), 'ns', pick(spin, p), [{ name: kPortNames.roundTrip(p) }, cFloor(kRingNames.roundTripSpin(p))]),
          m(kRingNames.roundTripSpinThenWait(p), 'ns', pick(spinThenWait, p), [{ name: kPortNames.roundTrip(p) }, cFloor(kRingNames.roundTripSpin(p))]),
        ]),
        m(kPortNames.oneWayPerRecord, 'ns/record', perRecord(kPortNames.oneWayPerRecord)),
        m(kPortNames.oneWayBatched, 'ns/record', perRecord(kPortNames.oneWayBatched)),
        ...kPercentiles.map((p) => m(kPortNames.roundTrip(p), 'ns', pick(port, p))),
      ],
      notes: [
        `ring of ${kRingCapacity} × 64-byte records between the main thread and one worker; one-way: ${kOneWayRecords} records per iteration, timed until the worker has consumed them, ns/record = median iteration ÷ ${kOneWayRecords} (the C floor measures the same way); ring records carry a sequence and a price (codec cost is in the codec suite), postMessage sends Tick objects (structured clone).`,
        `one-way, publish per record: the producer claims and commits each record (tryClaim()/commit()) and publishes head after each. One-way, publish per ${kRingBatch} records: the producer writes through the batch API, Disruptor-style (tryClaimBatch(n) claims up to n slots back to back, commitBatch(n) commits them): one claim and one commit per ${kRingBatch} records, the loop over the claimed slots does only the two stores, and head is published once per ${kRingBatch} records, as in the C floor (a claim ends where a publication falls due). The worker consumes both rows the same way, as the C consumer does: it takes everything published as one batch (readBatch(): no call per record, a batch ends at the ring's last slot), checks every record's u32 sequence (compared as the same 32 bits through an Int32Array: DataView.getUint32 returns a uint32 that V8 guards on every read), then releases the batch with one tail store.`,
        `the JS ring publishes head and tail with Atomics.store, which is sequentially consistent (a locked xchg on x86, a full fence); the C floor uses release stores (a plain mov). Not part of the bench: the C floor with its stores made seq_cst ran about 1 ns/record slower in the batched row (7.2 → 8.2 ns) on this machine, a part of the gap that no JS code can close.`,
        `round trips are back to back, sampled exactly as the C floor samples them (warm-up ${kRoundTripBudget.samples / 10 + 1000} or a quarter of the budget, then up to ${kRoundTripBudget.samples} samples within ${kRoundTripBudget.budgetMs / 1000} s), each timed with performance.now() (tens of ns of timer cost inside each sample; the C floor uses clock_gettime).`,
        `spin-then-wait uses the strategy's default spin count (${kDefaultSpins} polls, a few µs). A back-to-back ping-pong under it is bistable: while both sides answer within the spin it runs at busy-spin speed; once a hiccup (GC, preemption) puts one side to sleep, the other side's spin is shorter than that wake-up, so both keep sleeping and every round trip pays two Atomics.wait/notify wake-ups (tens of µs). Which state a run settles in varies; the figure is the median over runs.`,
      ],
    };
  },
};

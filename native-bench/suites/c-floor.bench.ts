import { buildCFloor, runCFloorRoundTrip, runCFloorThroughput } from '../c-floor.js';
import type { Measurement } from '../report/aggregate.js';
import type { BenchSuite } from './bench-suite.js';
import { kCFloorSuite, kOneWayRecords, kRingBatch, kRingCapacity, kRingNames, kRoundTripBudget } from './ring-params.js';

/**
 * The physical floor: native-bench/c/spsc_ring.c, the same SPSC ring in C11
 * across two pthreads, measured with the JS ring's capacity and batch size.
 * Skipped with a note when there is no C compiler.
 */
// A few hundred ms each on an idle machine, like the JS tasks (400 ms), so both
// face a shared machine's scheduler for as long; the program stops itself after 2 s.
const kPerRecordIterations = 500;
const kBatchedIterations = 2_000;

let binary: string | undefined;

export const cFloorSuite: BenchSuite = {
  name: kCFloorSuite,
  async prepare() {
    const build = await buildCFloor();
    if (!build.ok) return { ready: false, reason: build.reason };
    binary = build.binary;
    return { ready: true, notes: [`built with \`${build.compiler}\`, flags -O2 -pthread; threads not pinned, as the JS workers cannot be.`] };
  },
  async runOnce() {
    if (binary === undefined) throw new Error('c-floor: runOnce before prepare');
    const perRecord = await runCFloorThroughput(binary, kPerRecordIterations, kOneWayRecords, 1, kRingCapacity);
    const batched = await runCFloorThroughput(binary, kBatchedIterations, kOneWayRecords, kRingBatch, kRingCapacity);
    const rtt = await runCFloorRoundTrip(binary, kRoundTripBudget.samples, kRingCapacity);
    const m = (name: string, unit: Measurement['unit'], value: number): Measurement => ({ suite: kCFloorSuite, name, unit, value });
    return {
      measurements: [
        m(kRingNames.oneWayPerRecord, 'ns/record', perRecord.nsPerRecordMedian),
        m(kRingNames.oneWayBatched, 'ns/record', batched.nsPerRecordMedian),
        m(kRingNames.roundTripSpin('p50'), 'ns', rtt.p50Ns),
        m(kRingNames.roundTripSpin('p99'), 'ns', rtt.p99Ns),
        m(kRingNames.roundTripSpin('p99.9'), 'ns', rtt.p999Ns),
      ],
    };
  },
};

import { parentPort, workerData } from 'node:worker_threads';
import { RingConsumer } from '../../src/runtime/ring/ring-consumer.js';
import { readRingConfig } from '../../src/runtime/ring/ring-buffer.js';
import { kSeqOffset } from '../../src/market/tick-layout.js';
import { kErrorsWord, kStopWord } from './bench-control-layout.js';
import { kWorkerReady, type RingSinkData } from './bench-worker-data.js';

// One-way throughput consumer: busy-spins on the ring (like the C floor's
// consumer), drains everything available per poll and checks each record's
// sequence. The main thread follows its progress through the ring's tail.
const { ring, control } = workerData as RingSinkData;
const ctl = new Int32Array(control);
const consumer = new RingConsumer(ring);
const { capacity } = readRingConfig(ring, 'ring-sink.worker');

let expected = 0;
let errors = 0;
const check = (view: DataView, off: number): void => {
  if (view.getUint32(off + kSeqOffset, true) !== expected) errors++;
  expected = (expected + 1) >>> 0;
};

parentPort?.postMessage(kWorkerReady);
while (Atomics.load(ctl, kStopWord) === 0) consumer.poll(check, capacity);
Atomics.store(ctl, kErrorsWord, errors);

import { parentPort, workerData } from 'node:worker_threads';
import { RingConsumer } from '../../src/runtime/ring/ring-consumer.js';
import { readRingConfig } from '../../src/runtime/ring/ring-buffer.js';
import { kSeqOffset } from '../../src/market/tick-layout.js';
import { kErrorsWord, kStopWord } from './bench-control-layout.js';
import { kWorkerReady, type RingSinkData } from './bench-worker-data.js';

// One-way throughput consumer: busy-spins on the ring (like the C floor's
// consumer), takes everything available as one batch (readBatch: no call per
// record), checks each record's sequence, then releases the batch. The main
// thread follows its progress through the ring's tail.
const { ring, control } = workerData as RingSinkData;

/**
 * Returns the records that arrived out of sequence. Everything the loop
 * touches is a local: V8 reloads and checks module-level and imported
 * bindings on every use, nanoseconds per record here. The u32 sequence is
 * compared as the same 32 bits through an Int32Array against an int32
 * counter: DataView.getUint32 yields a uint32 that V8 guards on every read.
 */
function consume(): number {
  const ctl = new Int32Array(control);
  const consumer = new RingConsumer(ring);
  const { capacity, recordSize } = readRingConfig(ring, 'ring-sink.worker');
  const words = new Int32Array(ring);
  const stride = recordSize >> 2;
  const seqWord = kSeqOffset >> 2;
  const stop = kStopWord;
  let expected = 0;
  let errors = 0;
  parentPort?.postMessage(kWorkerReady);
  while (Atomics.load(ctl, stop) === 0) {
    const n = consumer.readBatch(capacity);
    for (let w = (consumer.readOffset >> 2) + seqWord, end = w + n * stride; w < end; w += stride) {
      if (words[w] !== expected) errors++;
      expected = (expected + 1) | 0;
    }
    consumer.release();
  }
  return errors;
}

Atomics.store(new Int32Array(control), kErrorsWord, consume());

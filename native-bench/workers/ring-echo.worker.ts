import { parentPort, workerData } from 'node:worker_threads';
import { Doorbell } from '../../src/runtime/ring/doorbell.js';
import { readRingConfig } from '../../src/runtime/ring/ring-buffer.js';
import { RingConsumer } from '../../src/runtime/ring/ring-consumer.js';
import { RingProducer } from '../../src/runtime/ring/ring-producer.js';
import { createWaitStrategy } from '../../src/runtime/wait/wait-strategy.js';
import { kStopWord } from './bench-control-layout.js';
import { kWorkerReady, type RingEchoData } from './bench-worker-data.js';

// Round-trip partner: copies every record from ping to pong and publishes it
// at once (batch 1). Idle, it waits with the configured strategy on its own
// doorbell; a bounded wait lets it notice the stop word.
const data = workerData as RingEchoData;
const ctl = new Int32Array(data.control);
const consumer = new RingConsumer(data.ping);
const producer = new RingProducer(data.pong, data.pongDoorbell, { policy: 'block', batchSize: 1 });
const doorbell = new Doorbell(data.pingDoorbell);
const strategy = createWaitStrategy({ kind: data.wait });
const { recordSize } = readRingConfig(data.ping, 'ring-echo.worker');
const words = recordSize >> 2;
const from = new Int32Array(data.ping);
const to = new Int32Array(data.pong);
const kStopCheckMs = 20;

const echo = (_view: DataView, off: number): void => {
  let dst = producer.tryClaim();
  // One record in flight at a time, so pong always has room; spin if not.
  while (dst < 0) dst = producer.tryClaim();
  const s = off >> 2;
  const d = dst >> 2;
  for (let w = 0; w < words; w++) to[d + w] = from[s + w]!;
  producer.commit();
};
const hasWork = (): boolean => consumer.available() > 0 || Atomics.load(ctl, kStopWord) !== 0;

parentPort?.postMessage(kWorkerReady);
while (Atomics.load(ctl, kStopWord) === 0) {
  if (consumer.poll(echo, 1) === 0) strategy.wait(doorbell, hasWork, kStopCheckMs);
}

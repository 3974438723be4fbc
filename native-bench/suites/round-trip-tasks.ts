import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { kSeqOffset, kTickRecordSize } from '../../src/market/tick-layout.js';
import { allocateDoorbell, Doorbell } from '../../src/runtime/ring/doorbell.js';
import { allocateRing } from '../../src/runtime/ring/ring-buffer.js';
import { RingConsumer } from '../../src/runtime/ring/ring-consumer.js';
import { RingProducer } from '../../src/runtime/ring/ring-producer.js';
import { createWaitStrategy, type WaitStrategy } from '../../src/runtime/wait/wait-strategy.js';
import { allocateControl, kStopWord } from '../workers/bench-control-layout.js';
import type { RingEchoData } from '../workers/bench-worker-data.js';
import { makeTicks } from './bench-ticks.js';
import { BenchWorker } from './bench-workers.js';
import { PortReplies } from './port-replies.js';
import { kRingCapacity } from './ring-params.js';
import type { BenchTask } from './tinybench-tasks.js';

/** Bound on one wait, so a lost partner shows as a stall error, not a hang. */
const kWaitSliceMs = 20;
const kStallMs = 10_000;

/**
 * One iteration = one record main → worker over ring `ping`, copied back over
 * ring `pong`, both published at once (batch 1). Both sides wait with the
 * same strategy: busy-spin polls; spin-then-wait polls, then sleeps on its
 * doorbell, which the other side's publish rings only if it sleeps.
 */
export function ringRoundTripTask(name: string, wait: RingEchoData['wait']): BenchTask {
  let ctl = new Int32Array(allocateControl());
  let producer: RingProducer | undefined;
  let consumer: RingConsumer | undefined;
  let doorbell: Doorbell | undefined;
  let pingDoorbell: SharedArrayBuffer | undefined;
  let strategy: WaitStrategy | undefined;
  let worker: BenchWorker | undefined;
  let seq = 0;
  let errors = 0;
  const check = (view: DataView, off: number): void => {
    if (view.getUint32(off + kSeqOffset, true) !== seq >>> 0) errors++;
  };
  const hasWork = (): boolean => (consumer as RingConsumer).available() > 0;
  return {
    name,
    async start() {
      const ping = allocateRing({ capacity: kRingCapacity, recordSize: kTickRecordSize });
      const pong = allocateRing({ capacity: kRingCapacity, recordSize: kTickRecordSize });
      pingDoorbell = allocateDoorbell();
      const pongDoorbell = allocateDoorbell();
      const control = allocateControl();
      ctl = new Int32Array(control);
      producer = new RingProducer(ping, pingDoorbell, { policy: 'block', batchSize: 1 });
      consumer = new RingConsumer(pong);
      doorbell = new Doorbell(pongDoorbell);
      strategy = createWaitStrategy({ kind: wait });
      seq = 0;
      errors = 0;
      const data: RingEchoData = { ping, pong, pingDoorbell, pongDoorbell, control, wait };
      worker = await BenchWorker.start('ring-echo.worker', data);
    },
    fn() {
      const p = producer as RingProducer;
      const c = consumer as RingConsumer;
      const off = p.tryClaim();
      if (off < 0) throw new Error(`${name}: ping ring full, the echo worker lost a record`);
      p.view.setUint32(off + kSeqOffset, seq, true);
      p.commit(); // batch 1: publishes and rings the echo's doorbell if it sleeps
      if (wait === 'busy-spin') {
        // The clock is read only every 2^20 empty polls, far beyond any live round trip.
        let since = 0;
        for (let spins = 1; c.poll(check, 1) === 0; spins++) {
          if ((spins & 0xfffff) !== 0) continue;
          if (since === 0) since = performance.now();
          else if (performance.now() - since > kStallMs) throw stalled();
        }
      } else {
        const since = performance.now();
        while (c.poll(check, 1) === 0) {
          (strategy as WaitStrategy).wait(doorbell as Doorbell, hasWork, kWaitSliceMs);
          if (performance.now() - since > kStallMs) throw stalled();
        }
      }
      seq = (seq + 1) | 0;
    },
    async stop() {
      Atomics.store(ctl, kStopWord, 1);
      if (pingDoorbell !== undefined) new Doorbell(pingDoorbell).ring();
      await worker?.join();
      if (errors !== 0) throw new Error(`${name}: ${errors} replies out of sequence`);
    },
  };

  function stalled(): Error {
    return new Error(`${name}: the echo worker stopped answering`);
  }
}

/** The baseline: one Tick object to a worker and back over MessagePort.postMessage. */
export function portRoundTripTask(name: string): BenchTask {
  const tick = makeTicks(1)[0] as object;
  let port: MessagePort | undefined;
  let replies: PortReplies | undefined;
  let worker: BenchWorker | undefined;
  return {
    name,
    async start() {
      const channel = new MessageChannel();
      port = channel.port1;
      replies = new PortReplies(port);
      worker = await BenchWorker.start('port-echo.worker', { port: channel.port2 }, [channel.port2]);
    },
    async fn() {
      (port as MessagePort).postMessage(tick);
      await (replies as PortReplies).next();
    },
    async stop() {
      port?.close();
      await worker?.join();
    },
  };
}

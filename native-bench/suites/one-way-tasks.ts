import { MessageChannel, type MessagePort } from 'node:worker_threads';
import { kBidOffset, kSeqOffset, kTickRecordSize } from '../../src/market/tick-layout.js';
import { allocateRing } from '../../src/runtime/ring/ring-buffer.js';
import { kTailSeq } from '../../src/runtime/ring/ring-layout.js';
import { RingProducer } from '../../src/runtime/ring/ring-producer.js';
import { allocateControl, kErrorsWord, kStopWord } from '../workers/bench-control-layout.js';
import type { PortSinkReply, RingSinkData } from '../workers/bench-worker-data.js';
import { makeTicks } from './bench-ticks.js';
import { BenchWorker } from './bench-workers.js';
import { PortReplies } from './port-replies.js';
import { kOneWayRecords, kRingCapacity } from './ring-params.js';
import type { BenchTask } from './tinybench-tasks.js';

/**
 * One-way throughput from the main thread to a worker. One iteration sends
 * kOneWayRecords records and returns when the worker has consumed all of
 * them, so ns/record = iteration time ÷ kOneWayRecords covers transfer and
 * consumption, not just enqueueing.
 */

/** Give up on a stalled partner rather than spin forever (the bench would hang). */
const kStallMs = 10_000;

/**
 * The ring: each record carries a sequence number and a price (codec cost is
 * the codec suite's business); the worker busy-spins and checks every
 * sequence. `batchSize` 1 writes through tryClaim()/commit() and publishes
 * every record; a larger `batchSize` writes through the batch API
 * (tryClaimBatch()/commitBatch(), Disruptor-style), whose claims end where a
 * publication falls due, so head is published every `batchSize` records.
 */
export function ringOneWayTask(name: string, batchSize: number): BenchTask {
  let ctl = new Int32Array(allocateControl());
  let ringWords = ctl;
  let producer: RingProducer | undefined;
  let worker: BenchWorker | undefined;
  let seq = 0;
  const perRecord = (p: RingProducer): void => {
    const view = p.view;
    for (let i = 0; i < kOneWayRecords; i++) {
      let off = p.tryClaim();
      if (off < 0) {
        p.publish(); // the consumer must see what is pending to make room
        do off = p.tryClaim(); while (off < 0);
      }
      view.setFloat64(off + kBidOffset, seq, true);
      view.setUint32(off + kSeqOffset, seq, true);
      p.commit();
      seq = (seq + 1) | 0;
    }
  };
  const batched = (p: RingProducer): void => {
    const view = p.view;
    // Imported bindings are live: V8 reloads and checks each one on every use, which costs
    // nanoseconds per record in this loop, so it works on local copies.
    const stride = kTickRecordSize;
    const bidOffset = kBidOffset;
    const seqOffset = kSeqOffset;
    let s = seq;
    // A full ring returns 0 after publishing what is pending, so this spins until the consumer makes room.
    for (let left = kOneWayRecords; left > 0;) {
      const n = p.tryClaimBatch(left);
      for (let off = p.claimOffset, end = off + n * stride; off < end; off += stride) {
        view.setFloat64(off + bidOffset, s, true);
        view.setUint32(off + seqOffset, s, true);
        s = (s + 1) | 0;
      }
      p.commitBatch(n);
      left -= n;
    }
    seq = s;
  };
  const write = batchSize === 1 ? perRecord : batched;
  return {
    name,
    async start() {
      const ring = allocateRing({ capacity: kRingCapacity, recordSize: kTickRecordSize });
      const control = allocateControl();
      ctl = new Int32Array(control);
      ringWords = new Int32Array(ring);
      // No doorbell: the sink never sleeps, like the C floor's consumer.
      producer = new RingProducer(ring, null, { policy: 'block', batchSize });
      seq = 0;
      worker = await BenchWorker.start('ring-sink.worker', { ring, control } satisfies RingSinkData);
    },
    fn() {
      const p = producer as RingProducer;
      write(p);
      p.publish();
      const started = performance.now();
      // Done when the consumer has released every record: its tail reaches our sequence (both wrap at 2^32).
      for (let spins = 1; ((Atomics.load(ringWords, kTailSeq) - seq) | 0) < 0; spins++) {
        if ((spins & 0xffff) === 0 && performance.now() - started > kStallMs) {
          throw new Error(`${name}: the ring sink stopped consuming`);
        }
      }
    },
    async stop() {
      Atomics.store(ctl, kStopWord, 1);
      await worker?.join();
      const errors = Atomics.load(ctl, kErrorsWord);
      if (errors !== 0) throw new Error(`${name}: ${errors} records arrived out of sequence`);
    },
  };
}

/**
 * The baseline: MessagePort.postMessage of Tick objects (structured clone),
 * one per message or `perMessage` per message as an array.
 */
export function portOneWayTask(name: string, perMessage: number): BenchTask {
  const ticks = makeTicks(perMessage);
  const message: object = perMessage === 1 ? (ticks[0] as object) : ticks;
  const messages = kOneWayRecords / perMessage;
  let port: MessagePort | undefined;
  let replies: PortReplies | undefined;
  let worker: BenchWorker | undefined;
  let sent = 0;
  return {
    name,
    async start() {
      const channel = new MessageChannel();
      port = channel.port1;
      replies = new PortReplies(port);
      sent = 0;
      worker = await BenchWorker.start('port-sink.worker', { port: channel.port2 }, [channel.port2]);
    },
    async fn() {
      const p = port as MessagePort;
      for (let i = 0; i < messages; i++) p.postMessage(message);
      p.postMessage(null);
      sent += messages * perMessage;
      const count = (await (replies as PortReplies).next()) as PortSinkReply;
      if (count !== sent) throw new Error(`${name}: worker counted ${count} records, ${sent} were sent`);
    },
    async stop() {
      port?.close();
      await worker?.join();
    },
  };
}

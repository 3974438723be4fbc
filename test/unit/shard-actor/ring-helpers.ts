import { kTickRecordSize } from '../../../src/market/tick-layout.js';
import { allocateRing, RingConsumer, RingProducer, type ProducerOptions } from '../../../src/runtime/index.js';

/** A real SPSC ring with both ends in this thread. */
export function ringPair(capacity: number, options: ProducerOptions = { policy: 'block' }): { producer: RingProducer; consumer: RingConsumer; sab: SharedArrayBuffer } {
  const sab = allocateRing({ capacity });
  return { producer: new RingProducer(sab, null, options), consumer: new RingConsumer(sab), sab };
}

/** Copies 64-byte records from `bytes` into the ring (it must have room) and publishes. */
export function writeRecords(producer: RingProducer, bytes: Uint8Array, from = 0, to = bytes.length / kTickRecordSize): void {
  for (let i = from; i < to; i++) {
    const off = producer.tryClaim();
    if (off < 0) throw new Error(`ring full at record ${i}`);
    producer.bytes.set(bytes.subarray(i * kTickRecordSize, (i + 1) * kTickRecordSize), off);
    producer.commit();
  }
  producer.publish();
}

/** Reads everything available, copying each record out. */
export function drainRecords(consumer: RingConsumer): Uint8Array[] {
  const out: Uint8Array[] = [];
  while (consumer.poll((view, off) => out.push(new Uint8Array(view.buffer, off, kTickRecordSize).slice()), 1024) > 0) { /* more */ }
  return out;
}

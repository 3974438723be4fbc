import { describe, expect, it } from 'vitest';
import { allocateRing, readRingStats } from '../../../src/runtime/ring/ring-buffer.js';
import { RingConsumer } from '../../../src/runtime/ring/ring-consumer.js';
import { kHeadSeq, kTailSeq, slotOffset } from '../../../src/runtime/ring/ring-layout.js';
import { RingProducer } from '../../../src/runtime/ring/ring-producer.js';
import { drain, recordId, recordOf } from './ring-helpers.js';

// RingConsumer.readBatch: the consumer's half of the batch API.

function publish(ring: SharedArrayBuffer, ids: number[]): void {
  const producer = new RingProducer(ring, null, { policy: 'drop' });
  for (const id of ids) producer.offer(recordOf(id), 0);
  producer.publish();
}

/** Ids of the `n` records of the last readBatch(). */
function batchIds(consumer: RingConsumer, n: number): number[] {
  return Array.from({ length: n }, (_, i) => recordId(consumer.view, consumer.readOffset + i * 64));
}

describe('RingConsumer.readBatch', () => {
  it('takes up to max published records, back to back from readOffset, as read() would', () => {
    const ring = allocateRing({ capacity: 16 });
    publish(ring, [0, 1, 2, 3, 4]);
    const consumer = new RingConsumer(ring);
    expect(consumer.readBatch(3)).toBe(3);
    expect(consumer.readOffset).toBe(slotOffset(0, 64));
    expect(batchIds(consumer, 3)).toEqual([0, 1, 2]);
    expect(consumer.unreleased).toBe(3);
    expect(readRingStats(ring)).toMatchObject({ read: 0, fill: 5 });
    expect(consumer.readBatch(10)).toBe(2);
    expect(batchIds(consumer, 2)).toEqual([3, 4]);
    expect(consumer.readBatch(10)).toBe(0);
    consumer.release();
    expect(readRingStats(ring)).toMatchObject({ read: 5, fill: 0 });
  });

  it('ends a batch at the last slot; the next starts at slot 0', () => {
    const ring = allocateRing({ capacity: 4 });
    const seqs = new Int32Array(ring);
    seqs[kHeadSeq] = 0xfffffffe | 0;
    seqs[kTailSeq] = 0xfffffffe | 0;
    publish(ring, [0, 1, 2, 3]);
    const consumer = new RingConsumer(ring);
    expect(consumer.readBatch(4)).toBe(2);
    expect(consumer.readOffset).toBe(slotOffset(2, 64));
    expect(batchIds(consumer, 2)).toEqual([0, 1]);
    expect(consumer.readBatch(4)).toBe(2);
    expect(consumer.readOffset).toBe(slotOffset(0, 64));
    expect(batchIds(consumer, 2)).toEqual([2, 3]);
    consumer.release();
    expect(seqs[kTailSeq]).toBe(2);
  });

  it('sees only published records, loading head when the cached one holds fewer than max', () => {
    const ring = allocateRing({ capacity: 8 });
    const producer = new RingProducer(ring, null, { policy: 'drop', batchSize: 8 });
    const consumer = new RingConsumer(ring);
    producer.offer(recordOf(0), 0);
    expect(consumer.readBatch(8)).toBe(0);
    producer.publish();
    producer.offer(recordOf(1), 0);
    expect(consumer.readBatch(8)).toBe(1);
    producer.publish();
    expect(consumer.readBatch(8)).toBe(1);
    expect(batchIds(consumer, 1)).toEqual([1]);
  });

  it('a new handle gets again what a batch read but did not release', () => {
    const ring = allocateRing({ capacity: 8 });
    publish(ring, [0, 1, 2, 3]);
    const first = new RingConsumer(ring);
    first.readBatch(2);
    first.release();
    first.readBatch(8); // 2 and 3, then "crash" before release
    expect(drain(new RingConsumer(ring))).toEqual([2, 3]);
  });
});

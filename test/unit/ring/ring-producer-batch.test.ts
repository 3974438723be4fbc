import { describe, expect, it } from 'vitest';
import { allocateDoorbell, Doorbell } from '../../../src/runtime/ring/doorbell.js';
import { allocateRing, readRingStats } from '../../../src/runtime/ring/ring-buffer.js';
import { RingConsumer } from '../../../src/runtime/ring/ring-consumer.js';
import { kHeadSeq, kTailSeq, slotOffset } from '../../../src/runtime/ring/ring-layout.js';
import { RingProducer } from '../../../src/runtime/ring/ring-producer.js';
import { drain, recordOf } from './ring-helpers.js';

// The batch claim (tryClaimBatch/commitBatch): where a claim ends, what a
// commit publishes, and that it keeps every contract of the per-record path.

/** Claims up to `max`, writes ids from `firstId` into the claimed slots, commits `commit` of them (default: all). */
function writeBatch(producer: RingProducer, max: number, firstId: number, commit?: number): number {
  const n = producer.tryClaimBatch(max);
  for (let i = 0; i < n; i++) producer.view.setUint32(producer.claimOffset + i * 64, firstId + i, true);
  producer.commitBatch(commit ?? n);
  return n;
}

describe('RingProducer.tryClaimBatch', () => {
  it('claims slots back to back from claimOffset, starting at head', () => {
    const ring = allocateRing({ capacity: 16 });
    const producer = new RingProducer(ring, null, { policy: 'drop', batchSize: 16 });
    producer.offer(recordOf(0), 0);
    expect(producer.tryClaimBatch(5)).toBe(5);
    expect(producer.claimOffset).toBe(slotOffset(1, 64));
    for (let i = 0; i < 5; i++) producer.view.setUint32(producer.claimOffset + i * 64, 1 + i, true);
    producer.commitBatch(5);
    producer.publish();
    expect(drain(new RingConsumer(ring))).toEqual([0, 1, 2, 3, 4, 5]);
    expect(readRingStats(ring)).toMatchObject({ written: 6, read: 6 });
  });

  it('ends a claim where the next publication falls due, so commitBatch publishes exactly every batchSize commits', () => {
    const ring = allocateRing({ capacity: 16 });
    const producer = new RingProducer(ring, null, { policy: 'drop', batchSize: 4 });
    const consumer = new RingConsumer(ring);
    producer.offer(recordOf(0), 0);
    expect(writeBatch(producer, 10, 1)).toBe(3);
    expect(consumer.available()).toBe(4);
    expect(writeBatch(producer, 10, 4, 2)).toBe(4);
    expect(consumer.available()).toBe(4);
    expect(writeBatch(producer, 10, 6)).toBe(2);
    expect(consumer.available()).toBe(8);
    expect(drain(consumer)).toEqual([0, 1, 2, 3, 4, 5, 6, 7]);
  });

  it('ends a claim at the last slot; the next one starts at slot 0', () => {
    const ring = allocateRing({ capacity: 8 });
    const producer = new RingProducer(ring, null, { policy: 'drop', batchSize: 8 });
    const consumer = new RingConsumer(ring);
    expect(writeBatch(producer, 6, 0)).toBe(6);
    producer.publish();
    expect(drain(consumer)).toEqual([0, 1, 2, 3, 4, 5]);
    expect(producer.tryClaimBatch(8)).toBe(2);
    expect(producer.claimOffset).toBe(slotOffset(6, 64));
    producer.commitBatch(0);
    expect(writeBatch(producer, 8, 6)).toBe(2);
    expect(producer.tryClaimBatch(8)).toBe(6); // the 6 slots the consumer released
    expect(producer.claimOffset).toBe(slotOffset(0, 64));
  });

  it('claims no more than the free room, reloading the tail only when the cached one leaves less than asked', () => {
    const ring = allocateRing({ capacity: 8 });
    const producer = new RingProducer(ring, null, { policy: 'drop', batchSize: 8 });
    const consumer = new RingConsumer(ring);
    expect(writeBatch(producer, 5, 0)).toBe(5);
    producer.publish();
    expect(drain(consumer, 2)).toEqual([0, 1]);
    // publish() loaded tail 0 before the consumer released 2: 3 free by the cached tail, 5 in fact.
    expect(producer.tryClaimBatch(3)).toBe(3);
    expect(producer.tryClaimBatch(8)).toBe(3); // the claim ends at the last slot
    producer.commitBatch(3);
    expect(producer.tryClaimBatch(8)).toBe(2);
    producer.commitBatch(2);
    expect(producer.tryClaimBatch(1)).toBe(0);
  });

  it('returns 0 on a full ring and publishes what it holds so the consumer can make room', () => {
    const ring = allocateRing({ capacity: 4 });
    const producer = new RingProducer(ring, null, { policy: 'drop', batchSize: 4 });
    const consumer = new RingConsumer(ring);
    expect(writeBatch(producer, 2, 0)).toBe(2);
    expect(writeBatch(producer, 2, 2, 1)).toBe(2);
    producer.offer(recordOf(3), 0);
    expect(consumer.available()).toBe(4);
    expect(producer.tryClaimBatch(4)).toBe(0);
    expect(() => producer.commitBatch(1)).toThrow(/with 0 slot\(s\) claimed/);
    expect(readRingStats(ring)).toMatchObject({ written: 4, dropped: 0, fill: 4 });
    expect(drain(consumer)).toEqual([0, 1, 2, 3]);
  });

  it('returns 0 while held conflated records cannot all move in, and moves them in before any claimed slot', () => {
    const ring = allocateRing({ capacity: 4 });
    const producer = new RingProducer(ring, null, { policy: 'conflate', batchSize: 4 });
    const consumer = new RingConsumer(ring);
    for (let id = 0; id < 4; id++) producer.offer(recordOf(id), id);
    expect(producer.offer(recordOf(10), 7)).toBe('pending');
    expect(producer.offer(recordOf(11), 8)).toBe('pending');
    expect(drain(consumer, 1)).toEqual([0]);
    expect(producer.tryClaimBatch(4)).toBe(0); // one slot free, two records held
    expect(producer.pendingCount).toBe(1);
    expect(drain(consumer, 2)).toEqual([1, 2]);
    expect(writeBatch(producer, 4, 20)).toBe(1);
    producer.publish();
    expect(drain(consumer)).toEqual([3, 10, 11, 20]);
    expect(readRingStats(ring)).toMatchObject({ written: 7, pending: 0 });
  });

  it('publishes at once when held records moved in reach batchSize', () => {
    const ring = allocateRing({ capacity: 4 });
    const producer = new RingProducer(ring, null, { policy: 'conflate', batchSize: 2 });
    const consumer = new RingConsumer(ring);
    for (let id = 0; id < 4; id++) producer.offer(recordOf(id), id);
    producer.offer(recordOf(10), 7);
    producer.offer(recordOf(11), 8);
    expect(drain(consumer)).toEqual([0, 1, 2, 3]);
    // Both held records move in (2 = batchSize commits unpublished): the claim publishes them first.
    expect(writeBatch(producer, 4, 20)).toBe(2);
    expect(Atomics.load(new Int32Array(ring), kHeadSeq)).toBe(8);
    expect(drain(consumer)).toEqual([10, 11, 20, 21]);
  });

  it('wraps the u32 sequences', () => {
    const ring = allocateRing({ capacity: 4 });
    const seqs = new Int32Array(ring);
    seqs[kHeadSeq] = 0xfffffffe | 0;
    seqs[kTailSeq] = 0xfffffffe | 0;
    const producer = new RingProducer(ring, null, { policy: 'drop', batchSize: 4 });
    const consumer = new RingConsumer(ring);
    expect(writeBatch(producer, 4, 0)).toBe(2); // slots 2 and 3, then the ring's end
    expect(writeBatch(producer, 4, 2)).toBe(2);
    expect(seqs[kHeadSeq]).toBe(2);
    expect(drain(consumer)).toEqual([0, 1, 2, 3]);
  });
});

describe('RingProducer.commitBatch', () => {
  it('gives back the claimed slots it does not commit: the next claim starts at the first of them', () => {
    const ring = allocateRing({ capacity: 8 });
    const producer = new RingProducer(ring, null, { policy: 'drop', batchSize: 8 });
    expect(producer.tryClaimBatch(4)).toBe(4);
    const first = producer.claimOffset;
    producer.commitBatch(1);
    expect(producer.tryClaimBatch(4)).toBe(4);
    expect(producer.claimOffset).toBe(first + 64);
    producer.commitBatch(0);
    producer.publish();
    expect(readRingStats(ring)).toMatchObject({ written: 1, fill: 1 });
  });

  it('stores the counters before head and rings a sleeping consumer only when it publishes', () => {
    const ring = allocateRing({ capacity: 8 });
    const doorbell = allocateDoorbell();
    const bell = new Doorbell(doorbell);
    const producer = new RingProducer(ring, doorbell, { policy: 'drop', batchSize: 4 });
    bell.prepareSleep();
    writeBatch(producer, 3, 0);
    expect(bell.sleeping).toBe(true);
    expect(readRingStats(ring)).toMatchObject({ written: 0, fill: 0 });
    writeBatch(producer, 3, 3);
    expect(bell.sleeping).toBe(false);
    expect(readRingStats(ring)).toMatchObject({ written: 4, fill: 4, highWatermark: 4 });
  });

  it('throws on a commit the claim does not cover (a bug, not a full ring)', () => {
    const producer = new RingProducer(allocateRing({ capacity: 8 }), null, { policy: 'drop' });
    expect(() => producer.commitBatch(1)).toThrow(/commitBatch\(1\) with 0 slot\(s\) claimed/);
    producer.tryClaimBatch(2);
    expect(() => producer.commitBatch(3)).toThrow(/commitBatch\(3\) with 2 slot\(s\) claimed/);
    expect(() => producer.commitBatch(1.5)).toThrow(/commitBatch\(1.5\)/);
    producer.commitBatch(2);
    expect(() => producer.commitBatch(1)).toThrow(/with 0 slot\(s\) claimed/);
  });

  it('rejects a max that is not a positive integer', () => {
    const producer = new RingProducer(allocateRing({ capacity: 8 }), null, { policy: 'drop' });
    for (const max of [0, -1, 1.5, Number.NaN]) {
      expect(() => producer.tryClaimBatch(max)).toThrow(/max must be a positive integer/);
    }
  });

  it('shares one claim with the per-record path: any new claim or offer ends the previous one', () => {
    const ring = allocateRing({ capacity: 8 });
    const producer = new RingProducer(ring, null, { policy: 'drop', batchSize: 8 });
    producer.tryClaimBatch(3);
    producer.commit(); // commits the first claimed slot, ends the claim
    expect(() => producer.commitBatch(1)).toThrow(/with 0 slot\(s\) claimed/);
    producer.tryClaimBatch(3);
    producer.tryClaim();
    expect(() => producer.commitBatch(2)).toThrow(/with 1 slot\(s\) claimed/);
    producer.commitBatch(1);
    producer.tryClaimBatch(3);
    producer.offer(recordOf(9), 0);
    expect(() => producer.commit()).toThrow(/without a successful tryClaim/);
    producer.publish();
    expect(readRingStats(ring)).toMatchObject({ written: 3 });
  });
});

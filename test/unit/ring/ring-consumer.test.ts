import { describe, expect, it } from 'vitest';
import { allocateRing, readRingStats } from '../../../src/runtime/ring/ring-buffer.js';
import { RingConsumer } from '../../../src/runtime/ring/ring-consumer.js';
import { kHeadSeq, kProducerWaiting, kProducerWaitingForRoom, kTailSeq } from '../../../src/runtime/ring/ring-layout.js';
import { RingProducer } from '../../../src/runtime/ring/ring-producer.js';
import { drain, recordId, recordOf } from './ring-helpers.js';

function filledRing(count: number, capacity = 16): SharedArrayBuffer {
  const ring = allocateRing({ capacity });
  const producer = new RingProducer(ring, null, { policy: 'drop' });
  for (let i = 0; i < count; i++) producer.offer(recordOf(i), 0);
  producer.publish();
  return ring;
}

describe('RingConsumer', () => {
  it('sees only published records', () => {
    const ring = allocateRing({ capacity: 16 });
    const producer = new RingProducer(ring, null, { policy: 'drop', batchSize: 16 });
    const consumer = new RingConsumer(ring);
    producer.offer(recordOf(1), 0);
    expect(consumer.available()).toBe(0);
    expect(drain(consumer)).toEqual([]);
    producer.publish();
    expect(consumer.available()).toBe(1);
  });

  it('poll reads at most max records and releases them', () => {
    const ring = filledRing(10);
    const consumer = new RingConsumer(ring);
    expect(drain(consumer, 4)).toEqual([0, 1, 2, 3]);
    expect(consumer.unreleased).toBe(0);
    expect(Atomics.load(new Int32Array(ring), kTailSeq)).toBe(4);
    expect(readRingStats(ring)).toMatchObject({ read: 4, fill: 6 });
    expect(consumer.poll(() => {}, 0)).toBe(0);
  });

  it('read keeps slots until release, which stores tail once', () => {
    const ring = filledRing(5);
    const consumer = new RingConsumer(ring);
    const seen: number[] = [];
    expect(consumer.read((v, o) => seen.push(recordId(v, o)), 3)).toBe(3);
    expect(consumer.read((v, o) => seen.push(recordId(v, o)), 3)).toBe(2);
    expect(seen).toEqual([0, 1, 2, 3, 4]);
    expect(consumer.unreleased).toBe(5);
    expect(readRingStats(ring)).toMatchObject({ fill: 5, read: 0 });
    consumer.release();
    expect(consumer.unreleased).toBe(0);
    expect(readRingStats(ring)).toMatchObject({ fill: 0, read: 5 });
  });

  it('a new handle resumes at the released tail: unreleased records come again, released ones never', () => {
    const ring = filledRing(8);
    const first = new RingConsumer(ring);
    expect(drain(first, 3)).toEqual([0, 1, 2]);
    first.read(() => {}, 2); // read 3 and 4, then "crash" before release
    const second = new RingConsumer(ring);
    expect(second.available()).toBe(5);
    expect(drain(second)).toEqual([3, 4, 5, 6, 7]);
    expect(readRingStats(ring).read).toBe(8);
  });

  it('a throwing handler leaves the consumer consistent: the throwing record comes again', () => {
    const ring = filledRing(4);
    const consumer = new RingConsumer(ring);
    const seen: number[] = [];
    expect(() => consumer.read((v, o) => {
      const n = recordId(v, o);
      if (n === 2 && !seen.includes(2)) { seen.push(-2); throw new Error('boom'); }
      seen.push(n);
    }, 10)).toThrow('boom');
    expect(consumer.unreleased).toBe(2);
    consumer.read((v, o) => seen.push(recordId(v, o)), 10);
    expect(seen).toEqual([0, 1, -2, 2, 3]);
  });

  it('release() wakes a producer that said it waits for room, and only then touches the word', () => {
    const ring = filledRing(4, 4);
    const seqs = new Int32Array(ring);
    const consumer = new RingConsumer(ring);
    drain(consumer, 1);
    expect(Atomics.load(seqs, kProducerWaiting)).toBe(0);
    Atomics.store(seqs, kProducerWaiting, kProducerWaitingForRoom);
    drain(consumer, 1);
    expect(Atomics.load(seqs, kProducerWaiting)).toBe(0);
  });

  describe('releaseCount', () => {
    it('gives back only the oldest count read records: tail, read counter and fill move by exactly count', () => {
      const ring = filledRing(10);
      const consumer = new RingConsumer(ring);
      const seen: number[] = [];
      consumer.read((v, o) => seen.push(recordId(v, o)), 7);
      consumer.releaseCount(3);
      expect(consumer.unreleased).toBe(4);
      expect(Atomics.load(new Int32Array(ring), kTailSeq)).toBe(3);
      expect(readRingStats(ring)).toMatchObject({ read: 3, fill: 7 });
      consumer.releaseCount(0);
      expect(readRingStats(ring)).toMatchObject({ read: 3, fill: 7 });
      consumer.releaseCount(4);
      expect(consumer.unreleased).toBe(0);
      expect(readRingStats(ring)).toMatchObject({ read: 7, fill: 3 });
      // Reading goes on where it was, untouched by the partial releases.
      consumer.read((v, o) => seen.push(recordId(v, o)), 10);
      expect(seen).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]);
    });

    it('batches released in read order, while reading goes on between them', () => {
      const ring = filledRing(6, 8);
      const consumer = new RingConsumer(ring);
      consumer.read(() => {}, 2); // batch A
      consumer.read(() => {}, 3); // batch B, read while A is "committing"
      consumer.releaseCount(2); // A done
      expect(readRingStats(ring)).toMatchObject({ read: 2, fill: 4 });
      consumer.read(() => {}, 1); // batch C
      consumer.releaseCount(3); // B done
      consumer.releaseCount(1); // C done
      expect(consumer.unreleased).toBe(0);
      expect(readRingStats(ring)).toMatchObject({ read: 6, fill: 0 });
    });

    it('a new handle resumes at the partially released tail: the first unreleased record comes first', () => {
      const ring = filledRing(8);
      const first = new RingConsumer(ring);
      first.read(() => {}, 6);
      first.releaseCount(2); // records 2..5 read, not released, then "crash"
      const second = new RingConsumer(ring);
      expect(second.available()).toBe(6);
      expect(drain(second)).toEqual([2, 3, 4, 5, 6, 7]);
      expect(readRingStats(ring).read).toBe(8);
    });

    it('works across the u32 wrap of the sequences', () => {
      const ring = allocateRing({ capacity: 4 });
      const seqs = new Int32Array(ring);
      // Both sequences just below 2^32, as after 4 billion records.
      Atomics.store(seqs, kTailSeq, -2);
      Atomics.store(seqs, kHeadSeq, -2);
      const producer = new RingProducer(ring, null, { policy: 'drop' });
      for (let i = 0; i < 4; i++) producer.offer(recordOf(i), 0);
      producer.publish();
      const consumer = new RingConsumer(ring);
      const seen: number[] = [];
      consumer.read((v, o) => seen.push(recordId(v, o)), 4);
      consumer.releaseCount(3);
      expect(Atomics.load(seqs, kTailSeq)).toBe(1);
      expect(consumer.unreleased).toBe(1);
      expect(seen).toEqual([0, 1, 2, 3]);
      expect(drain(new RingConsumer(ring))).toEqual([3]);
    });

    it('wakes a producer that said it waits for room, like release()', () => {
      const ring = filledRing(4, 4);
      const seqs = new Int32Array(ring);
      const consumer = new RingConsumer(ring);
      consumer.read(() => {}, 4);
      Atomics.store(seqs, kProducerWaiting, kProducerWaitingForRoom);
      consumer.releaseCount(0);
      expect(Atomics.load(seqs, kProducerWaiting)).toBe(kProducerWaitingForRoom); // no room given back: no wake-up
      consumer.releaseCount(1);
      expect(Atomics.load(seqs, kProducerWaiting)).toBe(0);
    });

    it.each([-1, 4, 1.5, Number.NaN])('refuses count %s (only 0..unreleased)', (count) => {
      const ring = filledRing(5);
      const consumer = new RingConsumer(ring);
      consumer.read(() => {}, 3);
      expect(() => consumer.releaseCount(count)).toThrow(RangeError);
      expect(() => consumer.releaseCount(count)).toThrow(/unreleased \(3\)/);
      expect(consumer.unreleased).toBe(3);
      expect(readRingStats(ring)).toMatchObject({ read: 0, fill: 5 });
    });
  });

  it('refuses a buffer that is not a ring', () => {
    expect(() => new RingConsumer(new SharedArrayBuffer(2048))).toThrow(/RingConsumer/);
  });
});

import { describe, expect, it } from 'vitest';
import { allocateRing, readRingStats } from '../../../src/runtime/ring/ring-buffer.js';
import { RingConsumer } from '../../../src/runtime/ring/ring-consumer.js';
import { kProducerWaiting, kProducerWaitingForRoom, kTailSeq } from '../../../src/runtime/ring/ring-layout.js';
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

  it('refuses a buffer that is not a ring', () => {
    expect(() => new RingConsumer(new SharedArrayBuffer(2048))).toThrow(/RingConsumer/);
  });
});

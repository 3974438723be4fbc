import { describe, expect, it } from 'vitest';
import { allocateDoorbell, Doorbell } from '../../../src/runtime/ring/doorbell.js';
import { allocateRing, readRingStats } from '../../../src/runtime/ring/ring-buffer.js';
import { RingConsumer } from '../../../src/runtime/ring/ring-consumer.js';
import { kHeadSeq, kTailSeq } from '../../../src/runtime/ring/ring-layout.js';
import { RingProducer } from '../../../src/runtime/ring/ring-producer.js';
import { drain, recordOf } from './ring-helpers.js';

describe('RingProducer options', () => {
  const ring = allocateRing({ capacity: 8 });
  it.each([
    [{ policy: 'spill' }, /policy must be one of drop, conflate, block, got spill/],
    [{ policy: 'drop', batchSize: 0 }, /batchSize must be an integer between 1 and 8, got 0/],
    [{ policy: 'drop', batchSize: 9 }, /batchSize must be an integer between 1 and 8, got 9/],
    [{ policy: 'conflate', conflateKeys: 0 }, /conflateKeys must be an integer/],
    [{ policy: 'block', blockSpins: -1 }, /blockSpins must be an integer/],
    [{ policy: 'block', blockTimeoutMs: Number.POSITIVE_INFINITY }, /blockTimeoutMs must be a finite number/],
  ])('rejects %o', (options, message) => {
    expect(() => new RingProducer(ring, null, options as never)).toThrow(message);
  });

  it('refuses a buffer that is not a ring', () => {
    expect(() => new RingProducer(new SharedArrayBuffer(1024), null, { policy: 'drop' })).toThrow(/RingProducer: buffer is not a ring/);
  });
});

describe('RingProducer claim and commit', () => {
  it('publishes only every batchSize commits, or on publish()', () => {
    const ring = allocateRing({ capacity: 16 });
    const producer = new RingProducer(ring, null, { policy: 'drop', batchSize: 4 });
    const consumer = new RingConsumer(ring);
    for (let i = 0; i < 3; i++) {
      const off = producer.tryClaim();
      producer.view.setUint32(off, i, true);
      producer.commit();
    }
    expect(consumer.available()).toBe(0);
    producer.view.setUint32(producer.tryClaim(), 3, true);
    producer.commit();
    expect(consumer.available()).toBe(4);
    producer.offer(recordOf(4), 0);
    expect(consumer.available()).toBe(4);
    producer.publish();
    expect(drain(consumer)).toEqual([0, 1, 2, 3, 4]);
  });

  it('returns -1 from tryClaim when full, and the same slot until commit', () => {
    const ring = allocateRing({ capacity: 2 });
    const producer = new RingProducer(ring, null, { policy: 'drop' });
    const first = producer.tryClaim();
    expect(producer.tryClaim()).toBe(first);
    producer.commit();
    producer.tryClaim();
    producer.commit();
    expect(producer.tryClaim()).toBe(-1);
    expect(readRingStats(ring).dropped).toBe(0);
  });

  it('throws on commit() without a successful claim (a bug, not a full ring)', () => {
    const producer = new RingProducer(allocateRing({ capacity: 2 }), null, { policy: 'drop' });
    expect(() => producer.commit()).toThrow(/without a successful tryClaim/);
  });

  it('copies only recordSize bytes of a longer record and refuses a shorter one', () => {
    const ring = allocateRing({ capacity: 4, recordSize: 8 });
    const producer = new RingProducer(ring, null, { policy: 'drop' });
    const long = new Uint8Array(16).fill(7);
    expect(producer.offer(long, 0)).toBe('written');
    producer.publish();
    const consumer = new RingConsumer(ring);
    const seen: number[] = [];
    consumer.poll((view, off) => { for (let i = 0; i < 16; i++) seen.push(view.getUint8(off + i)); }, 1);
    expect(seen).toEqual([7, 7, 7, 7, 7, 7, 7, 7, 0, 0, 0, 0, 0, 0, 0, 0]);
    expect(() => producer.offer(new Uint8Array(4), 0)).toThrow(RangeError);
  });

  it('wraps the u32 sequences', () => {
    const ring = allocateRing({ capacity: 4 });
    const seqs = new Int32Array(ring);
    seqs[kHeadSeq] = 0xfffffffd | 0;
    seqs[kTailSeq] = 0xfffffffd | 0;
    const producer = new RingProducer(ring, null, { policy: 'drop', batchSize: 1 });
    const consumer = new RingConsumer(ring);
    const got: number[] = [];
    for (let i = 0; i < 20; i++) {
      expect(producer.offer(recordOf(i), 0)).toBe('written');
      got.push(...drain(consumer));
    }
    expect(got).toEqual(Array.from({ length: 20 }, (_, i) => i));
    expect(Atomics.load(seqs, kHeadSeq) >>> 0).toBe(17);
  });
});

describe('RingProducer publish', () => {
  it('stores counters and the high watermark, measured at publish', () => {
    const ring = allocateRing({ capacity: 8 });
    const producer = new RingProducer(ring, null, { policy: 'drop', batchSize: 8 });
    const consumer = new RingConsumer(ring);
    for (let i = 0; i < 5; i++) producer.offer(recordOf(i), 0);
    expect(readRingStats(ring).written).toBe(0);
    producer.publish();
    drain(consumer);
    producer.offer(recordOf(5), 0);
    producer.publish();
    expect(readRingStats(ring)).toMatchObject({ written: 6, read: 5, fill: 1, highWatermark: 5, dropped: 0 });
  });

  it('rings the doorbell only when the consumer sleeps and something new is published', () => {
    const ring = allocateRing({ capacity: 8 });
    const sab = allocateDoorbell();
    const bell = new Doorbell(sab);
    const producer = new RingProducer(ring, sab, { policy: 'drop' });
    bell.prepareSleep();
    producer.publish();
    expect(bell.sleeping).toBe(true);
    producer.offer(recordOf(1), 0);
    producer.publish();
    expect(bell.sleeping).toBe(false);
  });

  it('resumes a new handle at the published head with the stored counters', () => {
    const ring = allocateRing({ capacity: 8 });
    const first = new RingProducer(ring, null, { policy: 'drop', batchSize: 8 });
    for (let i = 0; i < 10; i++) first.offer(recordOf(i), 0);
    first.publish();
    first.offer(recordOf(99), 0); // full: dropped, counted
    first.publish();
    const consumer = new RingConsumer(ring);
    expect(drain(consumer, 3)).toEqual([0, 1, 2]);
    const second = new RingProducer(ring, null, { policy: 'drop', batchSize: 8 });
    second.offer(recordOf(100), 0);
    second.offer(recordOf(101), 0); // claimed but never published: lost with the handle
    second.publish();
    const third = new RingProducer(ring, null, { policy: 'drop', batchSize: 8 });
    third.offer(recordOf(200), 0);
    third.publish();
    expect(drain(consumer)).toEqual([3, 4, 5, 6, 7, 100, 101, 200]);
    expect(readRingStats(ring)).toMatchObject({ written: 11, dropped: 3, read: 11 });
  });
});

describe('full-ring policies', () => {
  it('drop: refuses the newest record and counts it', () => {
    const ring = allocateRing({ capacity: 4 });
    const producer = new RingProducer(ring, null, { policy: 'drop' });
    const outcomes = Array.from({ length: 6 }, (_, i) => producer.offer(recordOf(i), 0));
    expect(outcomes).toEqual(['written', 'written', 'written', 'written', 'dropped', 'dropped']);
    producer.publish();
    expect(readRingStats(ring)).toMatchObject({ written: 4, dropped: 2, fill: 4, highWatermark: 4 });
    expect(drain(new RingConsumer(ring))).toEqual([0, 1, 2, 3]);
  });

  it('conflate: holds the newest record per key, and moves held records in first, oldest key first', () => {
    const ring = allocateRing({ capacity: 2 });
    const producer = new RingProducer(ring, null, { policy: 'conflate' });
    const consumer = new RingConsumer(ring);
    expect(producer.offer(recordOf(0), 1)).toBe('written');
    expect(producer.offer(recordOf(1), 1)).toBe('written');
    expect(producer.offer(recordOf(2), 7)).toBe('pending');
    expect(producer.offer(recordOf(3), 9)).toBe('pending');
    expect(producer.offer(recordOf(4), 7)).toBe('conflated');
    expect(producer.pendingCount).toBe(2);
    producer.publish();
    expect(readRingStats(ring)).toMatchObject({ written: 2, conflated: 1, pending: 2 });
    expect(drain(consumer)).toEqual([0, 1]);
    // Room for both held records: they go before the new one, key 7 (first held) first.
    expect(producer.offer(recordOf(5), 1)).toBe('pending');
    expect(producer.pendingCount).toBe(1);
    producer.publish();
    expect(drain(consumer)).toEqual([4, 3]);
    producer.publish();
    expect(drain(consumer)).toEqual([5]);
    expect(producer.pendingCount).toBe(0);
    expect(readRingStats(ring)).toMatchObject({ written: 5, conflated: 1, dropped: 0, pending: 0 });
  });

  it('conflate: tryClaim moves held records in first and claims nothing while some still wait', () => {
    const ring = allocateRing({ capacity: 2 });
    const producer = new RingProducer(ring, null, { policy: 'conflate' });
    const consumer = new RingConsumer(ring);
    producer.offer(recordOf(0), 0);
    producer.offer(recordOf(1), 0);
    producer.offer(recordOf(2), 5);
    producer.offer(recordOf(3), 6);
    producer.offer(recordOf(4), 7);
    expect(drain(consumer, 1)).toEqual([0]);
    expect(producer.tryClaim()).toBe(-1);
    expect(drain(consumer)).toEqual([1, 2]);
    expect(producer.tryClaim()).toBe(-1);
    expect(producer.pendingCount).toBe(0);
    expect(drain(consumer)).toEqual([3, 4]);
    const off = producer.tryClaim();
    expect(off).toBeGreaterThan(0);
    producer.view.setUint32(off, 42, true);
    producer.commit();
    producer.publish();
    expect(drain(consumer)).toEqual([42]);
  });

  it('conflate: a new key beyond conflateKeys is dropped and counted', () => {
    const ring = allocateRing({ capacity: 2 });
    const producer = new RingProducer(ring, null, { policy: 'conflate', conflateKeys: 2 });
    producer.offer(recordOf(0), 0);
    producer.offer(recordOf(1), 0);
    expect(producer.offer(recordOf(2), 10)).toBe('pending');
    expect(producer.offer(recordOf(3), 11)).toBe('pending');
    expect(producer.offer(recordOf(4), 12)).toBe('dropped');
    expect(producer.offer(recordOf(5), 10)).toBe('conflated');
    producer.publish();
    expect(readRingStats(ring)).toMatchObject({ written: 2, dropped: 1, conflated: 1, pending: 2 });
  });

  it('block: waits at most blockTimeoutMs for room, then drops and counts', () => {
    const ring = allocateRing({ capacity: 2 });
    const producer = new RingProducer(ring, null, { policy: 'block', blockSpins: 10, blockTimeoutMs: 2 });
    producer.offer(recordOf(0), 0);
    producer.offer(recordOf(1), 0);
    expect(producer.offer(recordOf(2), 0)).toBe('dropped');
    producer.publish();
    expect(readRingStats(ring)).toMatchObject({ written: 2, dropped: 1, fill: 2 });
  });

  it('block: publishes what it holds before waiting, and writes once the consumer released room', () => {
    const ring = allocateRing({ capacity: 2 });
    const producer = new RingProducer(ring, null, { policy: 'block', batchSize: 2, blockSpins: 0, blockTimeoutMs: 0 });
    const consumer = new RingConsumer(ring);
    producer.offer(recordOf(0), 0);
    expect(consumer.available()).toBe(0);
    producer.offer(recordOf(1), 0);
    expect(drain(consumer, 1)).toEqual([0]);
    expect(producer.offer(recordOf(2), 0)).toBe('written');
    producer.publish();
    expect(drain(consumer)).toEqual([1, 2]);
  });
});

describe('offer copies bit-exactly', () => {
  it('keeps NaN payloads and every byte, directly and through the conflation table', () => {
    const ring = allocateRing({ capacity: 2, recordSize: 16 });
    const producer = new RingProducer(ring, null, { policy: 'conflate', batchSize: 1 });
    // A signalling NaN with a payload: a copy through a float could quieten it.
    const record = new Uint8Array([0x01, 0x00, 0x00, 0x00, 0x00, 0x00, 0xf0, 0x7f, 1, 2, 3, 4, 5, 6, 7, 8]);
    expect(Number.isNaN(new DataView(record.buffer).getFloat64(0, true))).toBe(true);
    producer.offer(record, 3);
    producer.offer(record, 3);
    expect(producer.offer(record, 3)).toBe('pending');
    const consumer = new RingConsumer(ring);
    const seen: number[][] = [];
    const copy = (view: DataView, off: number): void => { seen.push(Array.from(new Uint8Array(view.buffer, off, 16))); };
    consumer.poll(copy, 2);
    producer.publish();
    consumer.poll(copy, 2);
    expect(seen).toEqual([Array.from(record), Array.from(record), Array.from(record)]);
  });
});

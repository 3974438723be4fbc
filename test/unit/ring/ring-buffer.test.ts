import { describe, expect, it } from 'vitest';
import { allocateRing, readRingConfig, readRingStats } from '../../../src/runtime/ring/ring-buffer.js';
import { kHeadSeq, kMagicField, kTailSeq } from '../../../src/runtime/ring/ring-layout.js';

describe('allocateRing', () => {
  it('rejects a capacity that is not a power of two with the documented message', () => {
    expect(() => allocateRing({ capacity: 1000 })).toThrow(
      new RangeError('capacity must be a power of 2 between 2 and 2^30, got 1000'),
    );
  });

  it('writes a config line that readRingConfig accepts', () => {
    const ring = allocateRing({ capacity: 8, recordSize: 16 });
    expect(readRingConfig(ring, 'test')).toEqual({ capacity: 8, recordSize: 16 });
  });

  it('defaults to 64-byte records', () => {
    expect(readRingConfig(allocateRing({ capacity: 4 }), 'test').recordSize).toBe(64);
  });
});

describe('readRingConfig', () => {
  it('refuses a buffer that is not a ring', () => {
    expect(() => readRingConfig(new SharedArrayBuffer(4096), 'RingConsumer')).toThrow(/RingConsumer: buffer is not a ring/);
    expect(() => readRingConfig(new SharedArrayBuffer(8), 'RingConsumer')).toThrow(/too small/);
  });

  it('refuses a ring whose length does not match its config', () => {
    const ring = allocateRing({ capacity: 4 });
    const bigger = new SharedArrayBuffer(ring.byteLength + 64);
    new Uint8Array(bigger).set(new Uint8Array(ring));
    expect(() => readRingConfig(bigger, 'x')).toThrow(/expected/);
  });

  it('refuses a corrupted magic', () => {
    const ring = allocateRing({ capacity: 4 });
    new Uint32Array(ring)[kMagicField] = 0;
    expect(() => readRingConfig(ring, 'x')).toThrow(/bad magic/);
  });
});

describe('readRingStats', () => {
  it('reports an empty ring', () => {
    expect(readRingStats(allocateRing({ capacity: 16 }))).toEqual({
      capacity: 16, recordSize: 64, fill: 0, written: 0, read: 0, dropped: 0, conflated: 0, highWatermark: 0, pending: 0,
    });
  });

  it('computes fill across the u32 wrap of the sequences', () => {
    const ring = allocateRing({ capacity: 16 });
    const seqs = new Int32Array(ring);
    seqs[kTailSeq] = 0xfffffffe | 0;
    seqs[kHeadSeq] = 3;
    expect(readRingStats(ring).fill).toBe(5);
  });
});

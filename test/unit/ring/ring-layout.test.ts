import { describe, expect, it } from 'vitest';
import {
  kCacheLineSize, kConfigLineOffset, kConsumerStatsLineOffset, kHeadSeq, kHeaderSize, kHighWatermarkStat,
  kMagicField, kPendingStat, kProducerStatsLineOffset, kProducerWaiting, kReadStat, kRecordSizeField, kSlotsOffset,
  kTailSeq, kWrittenStat, ringByteLength, slotOffset,
} from '../../../src/runtime/ring/ring-layout.js';

const line = (byteOffset: number): number => Math.floor(byteOffset / kCacheLineSize);

describe('ring layout', () => {
  it('puts head, tail, producer stats, consumer stats, config and the waiting word on six different lines', () => {
    const lines = [
      line(kHeadSeq * 4), line(kTailSeq * 4), line(kWrittenStat * 8), line(kReadStat * 8),
      line(kMagicField * 4), line(kProducerWaiting * 4),
    ];
    expect(new Set(lines).size).toBe(6);
    expect(line(kHeadSeq * 4)).toBe(0);
    expect(line(kTailSeq * 4)).toBe(1);
  });

  it('keeps each group inside its own line', () => {
    expect(line(kPendingStat * 8 + 7)).toBe(line(kProducerStatsLineOffset));
    expect(line(kHighWatermarkStat * 8)).toBe(line(kProducerStatsLineOffset));
    expect(line(kReadStat * 8 + 7)).toBe(line(kConsumerStatsLineOffset));
    expect(line(kRecordSizeField * 4 + 3)).toBe(line(kConfigLineOffset));
  });

  it('starts the slots on a line boundary after the header', () => {
    expect(kSlotsOffset).toBe(kHeaderSize);
    expect(kSlotsOffset % kCacheLineSize).toBe(0);
    expect(slotOffset(3, 64)).toBe(kSlotsOffset + 192);
  });

  it('sizes a ring as header plus capacity records', () => {
    expect(ringByteLength(1024)).toBe(kHeaderSize + 1024 * 64);
    expect(ringByteLength(2, 8)).toBe(kHeaderSize + 16);
  });

  it.each([0, 1, 3, 1000, 2 ** 31, 1.5, Number.NaN])('rejects capacity %s naming the option', (capacity) => {
    expect(() => ringByteLength(capacity)).toThrow(
      new RangeError(`capacity must be a power of 2 between 2 and 2^30, got ${String(capacity)}`),
    );
  });

  it.each([0, 4, 12, 65_544])('rejects recordSize %s naming the option', (recordSize) => {
    expect(() => ringByteLength(16, recordSize)).toThrow(/^recordSize must be a multiple of 8 between 8 and 65536/);
  });
});

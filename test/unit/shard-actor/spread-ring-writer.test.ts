import { describe, expect, it } from 'vitest';
import { conflationKey, SpreadRingWriter } from '../../../actors/shard/spread-ring-writer.js';
import { readSpread } from '../../../src/market/tick-codec.js';
import { RecordKind } from '../../../src/market/tick-layout.js';
import type { SpreadUpdate } from '../../../src/market/tick.js';
import { readRingStats } from '../../../src/runtime/index.js';
import { drainRecords, ringPair } from './ring-helpers.js';

// The sink that puts ShardCore's spread batches on the recorder and host
// rings: every update reaches every output as a Spread record; a full ring
// applies its edge policy (block: bounded, then a counted drop; conflate: the
// newest per (symbol, pair) waits for room) instead of losing silently.

function update(symbolId: number, buy: number, sell: number, seq: number): SpreadUpdate {
  return {
    kind: RecordKind.Spread, symbolId, buyExchangeId: buy, sellExchangeId: sell,
    spreadBps: seq / 10 - 1, mid: 100 + seq, buyAskSize: 1.5, sellBidSize: 2.5, ts: 1e15 + seq, computedTs: 1e15 + seq + 7, seq,
  };
}

const decode = (records: Uint8Array[]) => records.map((b) => readSpread(new DataView(b.buffer), 0));

describe('SpreadRingWriter', () => {
  it('writes every update to every output as a Spread record', () => {
    const recorder = ringPair(16);
    const host = ringPair(16, { policy: 'conflate' });
    const writer = new SpreadRingWriter([recorder.producer, host.producer]);
    const batch = [update(1, 1, 2, 0), update(1, 2, 1, 1), update(3, 3, 1, 2)];
    writer.sink(batch, 2);
    writer.sink([batch[2]!], 1);
    writer.publish();
    expect(decode(drainRecords(recorder.consumer))).toEqual(batch);
    expect(decode(drainRecords(host.consumer))).toEqual(batch);
    expect(writer.written).toBe(3);
    expect(writer.viaPolicy).toBe(0);
  });

  it('applies each edge\'s full-ring policy when a ring has no room', () => {
    const recorder = ringPair(4, { policy: 'block', blockSpins: 0, blockTimeoutMs: 0 });
    const host = ringPair(4, { policy: 'conflate' });
    const writer = new SpreadRingWriter([recorder.producer, host.producer]);
    const fill = [update(1, 1, 2, 0), update(1, 2, 1, 1), update(3, 1, 2, 2), update(3, 2, 1, 3)];
    writer.sink(fill, 4);
    // Rings full: two more updates of pair (1, 1→2), the second newer.
    writer.sink([update(1, 1, 2, 4), update(1, 1, 2, 5)], 2);
    writer.publish();
    expect(writer.viaPolicy).toBe(4);
    expect(readRingStats(recorder.sab)).toMatchObject({ written: 4, dropped: 2 });
    expect(readRingStats(host.sab)).toMatchObject({ written: 4, conflated: 1, pending: 1 });

    expect(decode(drainRecords(recorder.consumer))).toEqual(fill);
    expect(decode(drainRecords(host.consumer))).toEqual(fill);
    host.producer.publish(); // room again: the held record goes in
    expect(decode(drainRecords(host.consumer))).toEqual([update(1, 1, 2, 5)]);
  });

  it('keys conflation by symbol and ordered pair', () => {
    expect(conflationKey(update(1, 1, 2, 0))).not.toBe(conflationKey(update(1, 2, 1, 0)));
    expect(conflationKey(update(1, 1, 2, 0))).not.toBe(conflationKey(update(2, 1, 2, 0)));
    expect(conflationKey(update(1, 1, 2, 0))).toBe(conflationKey(update(1, 1, 2, 9)));
    expect(conflationKey(update(65_535, 255, 255, 0))).toBe(0xffffffff);
  });
});

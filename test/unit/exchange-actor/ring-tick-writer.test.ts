import { describe, expect, it } from 'vitest';
import { exchangeOutputs, RingTickWriter } from '../../../actors/exchange/ring-tick-writer.js';
import { TickBatch } from '../../../src/market/exchanges/base/tick-batch.js';
import { readRecord } from '../../../src/market/tick-codec.js';
import { RecordKind } from '../../../src/market/tick-layout.js';
import { kAllSymbols, type MarketRecord } from '../../../src/market/tick.js';
import { allocateRing, readRingStats, RingConsumer, RingProducer, type FullPolicy } from '../../../src/runtime/index.js';

function rig(shards: number, shardPolicy: FullPolicy = 'conflate', capacity = 64) {
  const rings = [...Array.from({ length: shards }, () => allocateRing({ capacity })), allocateRing({ capacity })];
  const producers = rings.map((r, i) => new RingProducer(r, null, { policy: i < shards ? shardPolicy : 'drop' }));
  const ports: Record<string, RingProducer> = Object.fromEntries(producers.map((p, i) => [i < shards ? `shard${i}` : 'recorder', p]));
  const writer = new RingTickWriter(exchangeOutputs(ports, shards), 3);
  const consumers = rings.map((r) => new RingConsumer(r));
  const read = (i: number): MarketRecord[] => {
    const out: MarketRecord[] = [];
    consumers[i]!.poll((v, o) => out.push(readRecord(v, o)), 1 << 20);
    return out;
  };
  return { writer, read, rings };
}

/** Appends one tick the way parsers do: fill next(), then commit(). */
function push(b: TickBatch, symbolId: number, bid: number, ask: number, bidSize: number, askSize: number, exchangeTs: number, recvTs: number, seq: number, flags: number): void {
  Object.assign(b.next()!, { symbolId, bid, ask, bidSize, askSize, exchangeTs, recvTs, seq, flags });
  b.commit();
}

function batchOf(symbols: number[]): TickBatch {
  const b = new TickBatch(16, 3);
  symbols.forEach((s, i) => push(b, s, 100 + i, 101 + i, 1, 2, 5e15, 6e15, i, 0));
  return b;
}

describe('RingTickWriter', () => {
  it('sends each tick to shard symbolId % N and to the recorder, in order', () => {
    const r = rig(3);
    r.writer.writeTicks(batchOf([0, 1, 2, 3, 4, 5, 7]));
    r.writer.publish();
    expect(r.read(0).map((t) => t.symbolId)).toEqual([0, 3]);
    expect(r.read(1).map((t) => t.symbolId)).toEqual([1, 4, 7]);
    expect(r.read(2).map((t) => t.symbolId)).toEqual([2, 5]);
    const rec = r.read(3);
    expect(rec.map((t) => t.symbolId)).toEqual([0, 1, 2, 3, 4, 5, 7]);
    expect(rec[6]).toMatchObject({ kind: RecordKind.Tick, exchangeId: 3, bid: 106, ask: 107, seq: 6 });
  });

  it('nothing is visible before publish()', () => {
    const r = rig(1);
    r.writer.writeTicks(batchOf([0]));
    expect(r.read(1)).toEqual([]);
    r.writer.publish();
    expect(r.read(1)).toHaveLength(1);
  });

  it('a kAllSymbols gap marker goes to every output; a per-symbol one to its shard and the recorder', () => {
    const r = rig(2);
    r.writer.writeGap(kAllSymbols, 7e15, 11, 4);
    r.writer.writeGap(3, 8e15, 12, 4);
    r.writer.publish();
    const gapAll = { kind: RecordKind.Gap, symbolId: kAllSymbols, exchangeId: 3, recvTs: 7e15, seq: 11, epoch: 4 };
    expect(r.read(0)).toEqual([gapAll]);
    expect(r.read(1)).toEqual([gapAll, { ...gapAll, symbolId: 3, recvTs: 8e15, seq: 12 }]);
    expect(r.read(2)).toEqual([gapAll, { ...gapAll, symbolId: 3, recvTs: 8e15, seq: 12 }]);
  });

  it('a full conflating shard ring keeps the newest tick per symbol (offer fallback), counted; the recorder edge applies its own policy', () => {
    const r = rig(1, 'conflate', 4);
    const b = new TickBatch(16, 3);
    for (let i = 0; i < 10; i++) push(b, i % 2, 100 + i, 200, 1, 1, 0, 0, i, 0);
    r.writer.writeTicks(b);
    r.writer.publish();
    expect(r.writer.pendingCount()).toBe(2); // symbols 0 and 1 held for room
    const first = r.read(0);
    expect(first.map((t) => (t.kind === RecordKind.Tick ? t.bid : 0))).toEqual([100, 101, 102, 103]);
    r.writer.publish(); // room again: the held newest ticks go in
    expect(r.read(0).map((t) => (t.kind === RecordKind.Tick ? t.bid : 0))).toEqual([108, 109]);
    expect(readRingStats(r.rings[0]!)).toMatchObject({ conflated: 4 });
    expect(readRingStats(r.rings[1]!)).toMatchObject({ written: 4, dropped: 6 }); // recorder edge here: drop
  });

  it('fails fast when a port is not wired', () => {
    expect(() => exchangeOutputs({}, 2)).toThrow(/output port "shard0" is not wired/);
  });
});

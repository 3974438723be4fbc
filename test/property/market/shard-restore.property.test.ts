import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ShardCore, type ShardCoreOptions } from '../../../src/market/shard-core.js';
import { kFlagCrossed, RecordKind } from '../../../src/market/tick-layout.js';
import { kAllSymbols, type GapMarker, type MarketRecord, type Tick } from '../../../src/market/tick.js';
import { createWindowStats } from '../../../src/market/windows/window-stats.js';
import { fcOptions } from './fc-options.js';

// A core fed N records live and a core restored from the same records must
// hold identical books and identical window stats (exact equality: the same
// operations in the same order), also when windows are evicted by time, by
// capacity and by the window cap along the way.

const T0 = 1_700_000_000_000_000;
/** 2 owned symbols × 6 pairs = 12 windows: a cap of 12 lets them fill to capacity, 5 churns the LRU. */
function options(maxWindows: number): ShardCoreOptions {
  return {
    shardIndex: 1, shardCount: 2, symbolCount: 4,
    maxQuoteAgeMs: 40,
    window: { windowMs: 1000, capacity: 128, maxWindows, timeUnitUs: 10, recomputeEvery: 50 },
  };
}

const recordsArb = fc.array(
  fc.record({
    gapUs: fc.oneof({ weight: 300, arbitrary: fc.integer({ min: 0, max: 3000 }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 2_000_000 }) }),
    exchangeId: fc.integer({ min: 1, max: 3 }),
    symbolId: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(1, 3) }, { weight: 1, arbitrary: fc.constantFrom(0, 2, 4) }), // 0, 2: another shard's, 4: nobody's
    step: fc.double({ min: -0.5, max: 0.5, noNaN: true }),
    half: fc.double({ min: 0.01, max: 0.3, noNaN: true }),
    bidSize: fc.double({ min: 0, max: 50, noNaN: true }),
    askSize: fc.double({ min: 0, max: 50, noNaN: true }),
    crossed: fc.oneof({ weight: 15, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
    gap: fc.oneof({ weight: 300, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  }),
  { minLength: 1, maxLength: 3000, size: 'max' },
);

type Raw = typeof recordsArb extends fc.Arbitrary<infer T> ? T : never;

function toRecords(raw: Raw): MarketRecord[] {
  const mids = new Map<number, number>();
  let t = T0;
  let seq = 0;
  return raw.map((r): MarketRecord => {
    t += r.gapUs;
    if (r.gap) {
      const g: GapMarker = { kind: RecordKind.Gap, exchangeId: r.exchangeId, symbolId: r.symbolId % 2 ? r.symbolId : kAllSymbols, recvTs: t, seq: seq++, epoch: 1 };
      return g;
    }
    const mid = (mids.get(r.symbolId) ?? 100) + r.step;
    mids.set(r.symbolId, mid);
    const tick: Tick = {
      kind: RecordKind.Tick, exchangeId: r.exchangeId, symbolId: r.symbolId,
      bid: mid - r.half, ask: mid + r.half, bidSize: r.bidSize, askSize: r.askSize,
      exchangeTs: t - 100, recvTs: t, seq: seq++, flags: r.crossed ? kFlagCrossed : 0,
    };
    return tick;
  });
}

describe('ShardCore.restore', () => {
  it('rebuilds the same book and the same window stats as a core that saw the ticks live', () => {
    fc.assert(
      fc.property(fc.constantFrom(5, 12), recordsArb, (maxWindows, raw) => {
        const records = toRecords(raw);
        const live = new ShardCore(options(maxWindows));
        for (const r of records) {
          if (r.kind === RecordKind.Tick) live.onTick(r.exchangeId, r.symbolId, r.bid, r.ask, r.bidSize, r.askSize, r.exchangeTs, r.recvTs, r.flags);
          else if (r.kind === RecordKind.Gap) live.onGap(r.exchangeId, r.symbolId);
        }
        const restored = new ShardCore(options(maxWindows));
        expect(restored.restore(records)).toBe(records.length);

        const last = records.at(-1)!;
        const now = last.kind === RecordKind.Spread ? last.computedTs : last.recvTs;
        const a = createWindowStats();
        const b = createWindowStats();
        let compared = 0;
        for (const symbolId of [1, 3]) {
          for (let buy = 1; buy <= 3; buy++) {
            for (let sell = 1; sell <= 3; sell++) {
              const hasA = live.readWindow(symbolId, buy, sell, now, a);
              expect(restored.readWindow(symbolId, buy, sell, now, b)).toBe(hasA);
              if (hasA) {
                expect(b).toEqual(a);
                compared++;
              }
            }
          }
        }
        expect(compared).toBe(live.windows.windowCount);
        for (const k of ['bid', 'ask', 'bidSize', 'askSize', 'recvTs', 'imbalance', 'flags', 'state', 'usableMask'] as const) {
          expect(restored.book[k]).toEqual(live.book[k]);
        }
        const hl = live.health(now);
        const hr = restored.health(now);
        expect(hr.evictions).toEqual(hl.evictions);
        expect(hr.recomputes).toBe(hl.recomputes);
        expect(hr.restored).toBe(records.length);
      }),
      fcOptions(60),
    );
  });
});

import { describe, expect, it } from 'vitest';
import { ExchangeId } from '../../../src/market/exchange-ids.js';
import { ShardCore, type ShardCoreOptions } from '../../../src/market/shard-core.js';
import { spreadBps } from '../../../src/market/spread.js';
import { kFlagCrossed } from '../../../src/market/tick-layout.js';
import { kAllSymbols, type SpreadUpdate } from '../../../src/market/tick.js';
import { createWindowStats } from '../../../src/market/windows/window-stats.js';

const T0 = 1_700_000_000_000_000;
const ms = 1000;
const { binance: BN, bybit: BY, okx: OK } = ExchangeId;

function makeCore(extra: Partial<ShardCoreOptions> = {}) {
  const updates: SpreadUpdate[] = [];
  const batchSizes: number[] = [];
  let clock = 42;
  const core = new ShardCore({
    shardIndex: 0, shardCount: 1, symbolCount: 4,
    window: { capacity: 128, maxWindows: 64, windowMs: 60_000 },
    publish: { maxItems: 100, maxDelayMs: 0 },
    sink: (items, n) => {
      batchSizes.push(n);
      for (let i = 0; i < n; i++) updates.push({ ...items[i]! });
    },
    clock: () => clock++,
    ...extra,
  });
  const tick = (ex: number, sym: number, bid: number, ask: number, t: number, flags = 0, bidSize = 1, askSize = 1) =>
    core.onTick(ex, sym, bid, ask, bidSize, askSize, t - 7, t, flags);
  return { core, updates, batchSizes, tick };
}

describe('ShardCore', () => {
  it('computes the spreads of every ordered pair that involves the ticking exchange', () => {
    const { core, tick } = makeCore();
    const out = createWindowStats();
    expect(tick(BN, 1, 100, 101, T0)).toBe(0); // alone
    expect(tick(BY, 1, 102, 103, T0 + 1)).toBe(2); // (BN buys, BY sells), (BY buys, BN sells)
    expect(core.readWindow(1, BN, BY, T0 + 1, out)).toBe(true);
    expect([out.count, out.last]).toEqual([1, Math.fround(spreadBps(101, 102))]);
    core.readWindow(1, BY, BN, T0 + 1, out);
    expect(out.last).toBe(Math.fround(spreadBps(103, 100)));
    expect(tick(OK, 1, 99, 100.5, T0 + 2)).toBe(4);
    expect(core.windows.windowCount).toBe(6);
    core.readWindow(1, BN, BY, T0 + 2, out);
    expect(out.count).toBe(1); // an okx tick does not change binance→bybit
  });

  it('leaves out quotes older than maxQuoteAgeMs, and crossed quotes', () => {
    const { core, tick } = makeCore({ maxQuoteAgeMs: 5000 });
    tick(BN, 0, 100, 101, T0);
    expect(tick(BY, 0, 100, 101, T0 + 5000 * ms)).toBe(2); // exactly 5 s old: still in
    expect(tick(OK, 0, 100, 101, T0 + 5000 * ms + 1)).toBe(2); // binance is now too old: only bybit
    tick(BN, 0, 101, 100, T0 + 5001 * ms, kFlagCrossed);
    expect(tick(BY, 0, 100, 101, T0 + 5002 * ms)).toBe(2); // crossed binance: only okx
    expect(tick(BN, 0, 101, 101, T0 + 5003 * ms)).toBe(0); // bid == ask: crossed itself
    expect(core.health(T0 + 5003 * ms).crossedQuotes).toBe(2);
  });

  it('keeps imbalance per (exchange, symbol), crossed or not', () => {
    const { core, tick } = makeCore();
    tick(BN, 2, 100, 101, T0, kFlagCrossed, 3, 1);
    tick(BY, 2, 100, 101, T0, 0, 0, 0);
    const books = core.snapshot(T0).books;
    expect(books.find((b) => b.exchangeId === BN)).toMatchObject({ symbolId: 2, imbalance: 0.5, state: 'crossed', fresh: false });
    expect(books.find((b) => b.exchangeId === BY)).toMatchObject({ imbalance: 0, state: 'usable', fresh: true });
  });

  it('owns only symbols with id % shardCount == shardIndex; others are counted, not thrown', () => {
    const { core, tick } = makeCore({ shardIndex: 1, shardCount: 2, symbolCount: 5 });
    tick(BN, 3, 100, 101, T0);
    expect(tick(BY, 3, 100, 101, T0)).toBe(2);
    expect(tick(BY, 2, 100, 101, T0)).toBe(0);
    expect(tick(BY, 5, 100, 101, T0)).toBe(0); // past symbolCount
    expect(tick(40, 3, 100, 101, T0)).toBe(0); // unknown exchange
    expect(core.health(T0).rejected).toBe(3);
    expect(core.snapshot(T0).windows.map((w) => w.symbolId)).toEqual([3, 3]);
  });

  it('publishes a symbol debounced (250 ms), with every pair that changed, micro-batched', () => {
    const { core, tick, updates, batchSizes } = makeCore({ publish: { maxItems: 2, maxDelayMs: 1000 } });
    tick(BN, 1, 100, 101, T0);
    for (let i = 0; i < 1000; i++) {
      tick(BY, 1, 100, 101 + i * 1e-6, T0 + i * 249); // 1000 small moves within 250 ms
      core.poll(T0 + i * 249);
    }
    core.poll(T0 + 249 * ms);
    expect(updates).toEqual([]);
    expect(core.nextDeadlineUs).toBe(T0 + 250 * ms);
    core.poll(T0 + 250 * ms);
    expect(batchSizes).toEqual([2]);
    expect(updates.map((u) => [u.buyExchangeId, u.sellExchangeId])).toEqual([[BN, BY], [BY, BN]]);
    expect(updates[0]).toMatchObject({
      kind: 1, symbolId: 1, spreadBps: spreadBps(101, 100), mid: 100.5, buyAskSize: 1, sellBidSize: 1, ts: T0 + 999 * 249,
      computedTs: 42, seq: 0,
    });
    expect(updates[1]!.seq).toBe(1);
  });

  it('publishes at once when a spread moves past the threshold', () => {
    const { core, tick, updates } = makeCore({ publish: { thresholdBps: 5, maxItems: 100, maxDelayMs: 0 } });
    tick(BN, 1, 100, 101, T0);
    tick(BY, 1, 100, 101, T0);
    core.poll(T0 + 250 * ms);
    expect(updates).toHaveLength(2);
    tick(BY, 1, 100.04, 101, T0 + 260 * ms); // +4 bps on binance→bybit: held
    expect(updates).toHaveLength(2);
    tick(BY, 1, 100.2, 101, T0 + 270 * ms); // +20 bps: now
    expect(updates).toHaveLength(4);
    expect(updates[2]).toMatchObject({ buyExchangeId: BN, sellExchangeId: BY, ts: T0 + 270 * ms });
  });

  it('flush() publishes everything pending', () => {
    const { core, tick, updates } = makeCore({ publish: { maxItems: 100, maxDelayMs: 1000 } });
    tick(BN, 1, 100, 101, T0);
    tick(BY, 1, 100, 101, T0);
    core.flush(T0 + 1);
    expect(updates).toHaveLength(2);
    expect(core.nextDeadlineUs).toBe(T0 + 250 * ms); // the debounce slot remains, with nothing to publish
    core.poll(T0 + 250 * ms);
    expect(updates).toHaveLength(2);
  });

  it('drops an exchange\'s quotes on a gap marker', () => {
    const { core, tick } = makeCore();
    tick(BN, 1, 100, 101, T0);
    tick(BN, 2, 100, 101, T0);
    core.onGap(BN, kAllSymbols);
    expect(tick(BY, 1, 100, 101, T0)).toBe(0);
    expect(tick(BY, 2, 100, 101, T0)).toBe(0);
    tick(BN, 1, 100, 101, T0);
    core.onGap(BN, 1);
    expect(tick(BY, 1, 100, 101, T0)).toBe(0);
  });

  it('reports ok, degraded (ticks but no spreads) and stale (no ticks), with its bounds', () => {
    const { core, tick } = makeCore({ staleAfterMs: 10_000, degradedAfterMs: 3_000 });
    expect(core.health(T0).state).toBe('ok');
    expect(core.health(T0 + 10_001 * ms)).toMatchObject({ state: 'stale', lastTickAgeMs: null });
    tick(BN, 1, 100, 101, T0 + 10_002 * ms);
    expect(core.health(T0 + 10_002 * ms).state).toBe('ok');
    for (let s = 1; s <= 4; s++) tick(BN, 1, 100, 101, T0 + (10_002 + s * 1000) * ms); // one exchange only
    const h = core.health(T0 + 14_002 * ms);
    expect(h.state).toBe('degraded');
    expect(h.reason).toMatch(/no spread computed for 4000 ms/);
    tick(BY, 1, 100, 101, T0 + 14_003 * ms);
    expect(core.health(T0 + 14_003 * ms)).toMatchObject({ state: 'ok', ticks: 6, computed: 2, windows: 2 });
    expect(core.health(T0 + 24_004 * ms).state).toBe('stale');
    expect(h.bounds).toMatchObject({
      windowMs: 60_000, windowCapacity: 128, maxWindows: 64, timeUnitUs: 10, recomputeEvery: 128,
      maxQuoteAgeMs: 5000, debounceMs: 250, thresholdBps: 1, batchMaxItems: 100, batchMaxDelayMs: 0,
    });
    expect(h.bounds.arenaBytes).toBe(core.windows.arenaBytes);
  });

  it('fails fast on bad options, naming the option', () => {
    expect(() => makeCore({ shardIndex: 2, shardCount: 2 })).toThrow(/shard\.shardIndex: expected an integer in \[0, 1\], got 2/);
    expect(() => makeCore({ window: { capacity: 1 } })).toThrow(/shard\.window\.capacity/);
    expect(() => makeCore({ publish: { debounceMs: 0.5 } })).toThrow(/shard\.publish\.debounceMs/);
  });
});

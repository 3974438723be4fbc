import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { formatScaled } from '../../../actors/simulator/decimal-format.js';
import { CorrelatedPriceModel, kAskChanged, kBidChanged, type Quote } from '../../../actors/simulator/price-model.js';
import { SeededRandom } from '../../../actors/simulator/seeded-random.js';
import { buildSymbolSpecs } from '../../../actors/simulator/symbol-specs.js';

// Unit tests (pure, no sockets) of the simulator's price model and helpers.

const specs = buildSymbolSpecs(['BTC-USDT', 'ETH-USDT', 'DOGE-USDT']);

function run(seed: number, steps: number, venues = 3): Quote[] {
  const model = new CorrelatedPriceModel({ seed, venues, symbols: specs });
  const out: Quote[] = [];
  for (let i = 0; i < steps; i++) out.push({ ...model.next(i % venues, i % specs.length, 1_000 * i) });
  return out;
}

describe('SeededRandom', () => {
  it('repeats its sequence for a seed and differs across seeds', () => {
    const draw = (seed: number) => {
      const r = new SeededRandom(seed);
      return Array.from({ length: 50 }, () => r.nextUint32());
    };
    expect(draw(42)).toEqual(draw(42));
    expect(draw(42)).not.toEqual(draw(43));
  });

  it('draws roughly standard normals', () => {
    const r = new SeededRandom(7);
    const xs = Array.from({ length: 20_000 }, () => r.gaussian());
    const mean = xs.reduce((a, b) => a + b, 0) / xs.length;
    const variance = xs.reduce((a, b) => a + (b - mean) ** 2, 0) / xs.length;
    expect(Math.abs(mean)).toBeLessThan(0.05);
    expect(variance).toBeGreaterThan(0.95);
    expect(variance).toBeLessThan(1.05);
  });
});

describe('formatScaled', () => {
  it('prints integers as exact decimals', () => {
    expect(formatScaled(6000012, 2, 8)).toBe('60000.12000000');
    expect(formatScaled(5, 3, 3)).toBe('0.005');
    expect(formatScaled(5, 3, 8)).toBe('0.00500000');
    expect(formatScaled(12, 0, 0)).toBe('12');
    expect(formatScaled(12, 0, 2)).toBe('12.00');
  });

  it('round-trips through Number for any integer and scale', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 2 ** 40 }), fc.integer({ min: 0, max: 8 }), (units, scale) => {
        expect(Number(formatScaled(units, scale, 8))).toBeCloseTo(units / 10 ** scale, 8);
      }),
    );
  });
});

describe('buildSymbolSpecs', () => {
  it('spells each venue symbol and picks tick and lot sizes from the price', () => {
    const [btc, , doge] = specs;
    expect(btc).toMatchObject({ concat: 'BTCUSDT', lower: 'btcusdt', instId: 'BTC-USDT', priceDecimals: 2, sizeDecimals: 5 });
    expect(doge).toMatchObject({ concat: 'DOGEUSDT', priceDecimals: 7, sizeDecimals: 0 });
    expect(buildSymbolSpecs(['FOO-BAR'])[0]!.initialPrice).toBe(buildSymbolSpecs(['FOO-BAR'])[0]!.initialPrice);
    expect(() => buildSymbolSpecs(['BTCUSDT'])).toThrow(/symbols\[0\]/);
  });
});

describe('CorrelatedPriceModel', () => {
  it('is deterministic for a seed and call sequence', () => {
    expect(run(11, 3_000)).toEqual(run(11, 3_000));
    expect(run(11, 3_000)).not.toEqual(run(12, 3_000));
  });

  it('always quotes an uncrossed book with positive sizes, and reports which sides moved', () => {
    const quotes = run(5, 30_000);
    const bad = quotes.filter((q) => !(q.bidTicks > 0 && q.askTicks > q.bidTicks && q.bidLots > 0 && q.askLots > 0 && (q.changed & 3) !== 0));
    expect(bad).toEqual([]);
    const oneSided = quotes.filter((q) => q.changed !== (kBidChanged | kAskChanged)).length;
    expect(oneSided / quotes.length).toBeGreaterThan(0.2);
    expect(oneSided / quotes.length).toBeLessThan(0.5);
  });

  it('moves the venues together, with cross-venue spreads of a few bps that occasionally cross', () => {
    const model = new CorrelatedPriceModel({ seed: 3, venues: 3, symbols: specs });
    const mids: number[][] = [[], [], []];
    const spreadsBps: number[] = [];
    for (let step = 0; step < 20_000; step++) {
      const t = step * 100; // 10 updates per second per venue
      const q = [0, 1, 2].map((v) => ({ ...model.next(v, 0, t) }));
      q.forEach((x, v) => mids[v]!.push((x.bidTicks + x.askTicks) / 2));
      // buy on venue 0's ask, sell on venue 1's bid
      spreadsBps.push(((q[1]!.bidTicks - q[0]!.askTicks) / q[0]!.askTicks) * 1e4);
    }
    // Returns over 10 s windows: the common walk dominates the venue noise.
    const returns = mids.map((m) => m.filter((_, i) => i % 100 === 0).map((x, i, a) => (i === 0 ? 0 : Math.log(x / a[i - 1]!))).slice(1));
    expect(correlation(returns[0]!, returns[1]!)).toBeGreaterThan(0.9);
    expect(correlation(returns[0]!, returns[2]!)).toBeGreaterThan(0.9);

    const sorted = [...spreadsBps].sort((a, b) => a - b);
    const median = sorted[sorted.length >> 1]!;
    expect(median).toBeLessThan(0);
    expect(median).toBeGreaterThan(-5);
    const crossed = spreadsBps.filter((s) => s > 0).length / spreadsBps.length;
    expect(crossed).toBeGreaterThan(0.001);
    expect(crossed).toBeLessThan(0.15);
    // The walk itself moved: this is not a constant price.
    expect(Math.abs(Math.log(model.mid(0) / specs[0]!.initialPrice))).toBeGreaterThan(1e-4);
  });

  it('fails fast on bad shape options, naming them', () => {
    expect(() => new CorrelatedPriceModel({ seed: 1, venues: 0, symbols: specs })).toThrow(/venues/);
    expect(() => new CorrelatedPriceModel({ seed: 1, venues: 3, symbols: specs, offsetReversion: 0 })).toThrow(/offsetReversion/);
    expect(() => new CorrelatedPriceModel({ seed: 1.5, venues: 3, symbols: specs })).toThrow(/seed/);
  });
});

function correlation(x: readonly number[], y: readonly number[]): number {
  const n = Math.min(x.length, y.length);
  let mx = 0;
  let my = 0;
  for (let i = 0; i < n; i++) {
    mx += x[i]!;
    my += y[i]!;
  }
  mx /= n;
  my /= n;
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < n; i++) {
    sxy += (x[i]! - mx) * (y[i]! - my);
    sxx += (x[i]! - mx) ** 2;
    syy += (y[i]! - my) ** 2;
  }
  return sxy / Math.sqrt(sxx * syy);
}

import fc from 'fast-check';
import { BinanceBookTickerMapper } from 'tardis-dev/dist/mappers/binance.js';
import { expect, it } from 'vitest';
import { BinanceSpotFeed } from '../../src/market/exchanges/binance/binance-spot-feed.js';
import { SymbolTable } from '../../src/market/symbol-table.js';
import { decimalString } from '../fuzz/frame-fuzz.js';
import { topsFromOurs, topsFromTardis } from './book-ticker-diff.js';

// Our bookTicker parser against tardis-dev's BinanceBookTickerMapper, offline,
// over generated valid frames. tardis reads combined-stream frames only; ours
// gets the same payload raw and wrapped.

const kFrames = 5_000;
const table = new SymbolTable(['BTC-USDT', 'ETH-USDT', 'BNB-USDT', 'SOL-FDUSD']);
const symbols = ['BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'SOLFDUSD'];

const frameSpec = fc.record({
  symbol: fc.constantFrom(...symbols),
  uStep: fc.integer({ min: 1, max: 30 }),
  b: decimalString,
  bidSize: decimalString,
  a: decimalString,
  askSize: decimalString,
  eventTime: fc.option(fc.integer({ min: 1_500_000_000_000, max: 1_900_000_000_000 }), { freq: 3 }),
});

it(`agrees with tardis-dev on ${kFrames} bookTicker frames`, () => {
  const feed = new BinanceSpotFeed(table);
  const raw = feed.createParser();
  const combined = feed.createParser();
  const tardis = new BinanceBookTickerMapper('binance');
  const spellingOf = (id: number) => feed.symbols.spellingOf(id);
  const nextU = new Map<string, number>();
  let compared = 0;
  for (const s of fc.sample(frameSpec, { numRuns: kFrames, seed: 0xd1ff_01 })) {
    const u = (nextU.get(s.symbol) ?? 400_900_000) + s.uStep;
    nextU.set(s.symbol, u);
    const payload: Record<string, unknown> = { u, s: s.symbol, b: s.b, B: s.bidSize, a: s.a, A: s.askSize };
    if (s.eventTime !== null) Object.assign(payload, { e: 'bookTicker', E: s.eventTime });
    const wrapped = JSON.stringify({ stream: `${s.symbol.toLowerCase()}@bookTicker`, data: payload });
    const withTime = s.eventTime !== null;
    const message = JSON.parse(wrapped) as unknown as Parameters<BinanceBookTickerMapper['map']>[0];
    expect(tardis.canHandle(message)).toBe(true);
    const theirs = topsFromTardis(tardis.map(message, new Date(0)), withTime);
    expect(topsFromOurs(combined.parse(wrapped, 1), spellingOf, withTime), wrapped).toEqual(theirs);
    expect(topsFromOurs(raw.parse(JSON.stringify(payload), 1), spellingOf, withTime), wrapped).toEqual(theirs);
    compared += theirs.length;
  }
  expect(compared).toBe(kFrames);
});

import fc from 'fast-check';
import { expect, it } from 'vitest';
import { BinanceSpotFeed } from '../../src/market/exchanges/binance/binance-spot-feed.js';
import { SymbolTable } from '../../src/market/symbol-table.js';
import { applyMutation, decimalString, type FrameValue, mutation, prototypeIsClean, ResultChecker } from './frame-fuzz.js';

const kRuns = 100_000;
const kMaxFrameBytes = 4096;
const table = new SymbolTable(['BTC-USDT', 'ETH-USDT', 'BNB-USDT']);

const spec = fc.record({
  kind: fc.constantFrom('raw', 'raw', 'raw', 'combined', 'combined', 'combined', 'ack', 'list', 'error', 'otherStream'),
  symbol: fc.constantFrom('BTCUSDT', 'BTCUSDT', 'ETHUSDT', 'BNBUSDT', 'XRPUSDT'),
  uStep: fc.integer({ min: -3, max: 40 }),
  b: decimalString,
  bidSize: decimalString,
  a: decimalString,
  askSize: decimalString,
  eventTime: fc.option(fc.integer({ min: 1_500_000_000_000, max: 1_900_000_000_000 }), { freq: 4 }),
  id: fc.nat(),
  reset: fc.integer({ min: 0, max: 999 }),
});
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

/** Next update id per symbol spelling, advanced as frames are generated (some steps go back: stale). */
const nextU = new Map<string, number>();

function build(s: Spec): FrameValue {
  switch (s.kind) {
    case 'ack':
      return { json: { result: null, id: s.id } };
    case 'list':
      return { json: { result: ['btcusdt@bookTicker'], id: s.id } };
    case 'error':
      return { json: { code: 2, msg: 'Invalid request: unknown variant', id: s.id } };
    default: {
      const last = nextU.get(s.symbol) ?? 1_000;
      const u = last + s.uStep;
      nextU.set(s.symbol, Math.max(last, u));
      const payload: Record<string, unknown> = { u, s: s.symbol, b: s.b, B: s.bidSize, a: s.a, A: s.askSize };
      if (s.eventTime !== null) Object.assign(payload, { e: 'bookTicker', E: s.eventTime });
      if (s.kind === 'raw') return { json: payload };
      const stream = `${s.symbol.toLowerCase()}@${s.kind === 'otherStream' ? 'trade' : 'bookTicker'}`;
      return { json: { stream, data: payload } };
    }
  }
}

it(`survives ${kRuns} generated and mutated Binance frames`, () => {
  const feed = new BinanceSpotFeed(table);
  const parser = feed.createParser({ maxFrameBytes: kMaxFrameBytes });
  const checker = new ResultChecker(parser, table.size, feed.createParser({ maxFrameBytes: kMaxFrameBytes, fastPath: false }));
  fc.assert(
    fc.property(spec, mutation, (s, m) => {
      if (s.reset === 0) checker.reset();
      checker.parse(applyMutation(build(s), m, kMaxFrameBytes), 1_700_000_000_000_000);
    }),
    { numRuns: kRuns, seed: 0x5eed_b1, endOnFailure: true },
  );
  expect(checker.total).toBe(kRuns);
  expect(checker.tally.framesWithTicks).toBeGreaterThan(kRuns / 10);
  expect(checker.tally.control).toBeGreaterThan(kRuns / 20);
  expect(checker.tally.crossed).toBeGreaterThan(0);
  expect(checker.reasonsSeen()).toEqual(expect.arrayContaining([
    'frame_too_large', 'binary_frame', 'not_json', 'unknown_message', 'missing_field', 'wrong_type', 'bad_number', 'unknown_symbol', 'stale_sequence',
  ]));
  expect(prototypeIsClean()).toBe(true);
  console.info(`binance fuzz: ${JSON.stringify(checker.tally)} rejected by reason ${JSON.stringify(checker.reasonsSeen())}`);
});

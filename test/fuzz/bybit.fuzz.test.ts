import fc from 'fast-check';
import { expect, it } from 'vitest';
import { BybitSpotFeed } from '../../src/market/exchanges/bybit/bybit-spot-feed.js';
import { SymbolTable } from '../../src/market/symbol-table.js';
import { applyMutation, decimalString, type FrameValue, mutation, prototypeIsClean, ResultChecker } from './frame-fuzz.js';

const kRuns = 100_000;
const kMaxFrameBytes = 4096;
const table = new SymbolTable(['BTC-USDT', 'ETH-USDT']);

const level = fc.tuple(decimalString, fc.oneof({ weight: 5, arbitrary: decimalString }, { weight: 1, arbitrary: fc.constant('0') }));
/** A side: absent (a delta may leave it out), empty, or one or two levels. */
const side = fc.oneof(
  { weight: 1, arbitrary: fc.constant(undefined) },
  { weight: 1, arbitrary: fc.constant([] as [string, string][]) },
  { weight: 8, arbitrary: fc.array(level, { minLength: 1, maxLength: 2 }) },
);

const spec = fc.record({
  kind: fc.constantFrom('snapshot', 'snapshot', 'delta', 'delta', 'delta', 'delta', 'ack', 'subscribeFailed', 'spotPong', 'linearPong', 'otherTopic'),
  symbol: fc.constantFrom('BTCUSDT', 'BTCUSDT', 'ETHUSDT', 'SOLUSDT'),
  uStep: fc.oneof({ weight: 12, arbitrary: fc.constant(1) }, { weight: 3, arbitrary: fc.integer({ min: -2, max: 5 }) }, { weight: 1, arbitrary: fc.constant('restart' as const) }),
  b: side,
  a: side,
  ts: fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
  reqId: fc.nat(),
  reset: fc.integer({ min: 0, max: 999 }),
});
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

const nextU = new Map<string, number>();

function build(s: Spec): FrameValue {
  switch (s.kind) {
    case 'ack':
      return { json: { success: true, ret_msg: '', conn_id: 'cejreaspqfh3sjdnldmg-p', req_id: String(s.reqId), op: 'subscribe' } };
    case 'subscribeFailed':
      return { json: { success: false, ret_msg: 'error:Invalid topic', conn_id: 'x', req_id: String(s.reqId), op: 'subscribe' } };
    case 'spotPong':
      return { json: { success: true, ret_msg: 'pong', conn_id: 'x', op: 'ping' } };
    case 'linearPong':
      return { json: { req_id: String(s.reqId), op: 'pong', args: [String(s.ts)], conn_id: 'x' } };
    default: {
      const last = nextU.get(s.symbol) ?? 100;
      const u = s.uStep === 'restart' ? 1 : last + s.uStep;
      nextU.set(s.symbol, s.uStep === 'restart' ? 1 : Math.max(last, u));
      const data: Record<string, unknown> = { s: s.symbol };
      if (s.b !== undefined) data.b = s.b;
      if (s.a !== undefined) data.a = s.a;
      Object.assign(data, { u, seq: 22_520_573_250 + u });
      const topic = `${s.kind === 'otherTopic' ? 'orderbook.50.' : 'orderbook.1.'}${s.symbol}`;
      const type = s.kind === 'otherTopic' ? 'delta' : s.kind;
      return { json: { topic, type, ts: s.ts, data, cts: s.ts - 2 } };
    }
  }
}

it(`survives ${kRuns} generated and mutated Bybit frames`, () => {
  const feed = new BybitSpotFeed(table);
  const parser = feed.createParser({ maxFrameBytes: kMaxFrameBytes });
  const checker = new ResultChecker(parser, table.size, feed.createParser({ maxFrameBytes: kMaxFrameBytes, fastPath: false }));
  fc.assert(
    fc.property(spec, mutation, (s, m) => {
      if (s.reset === 0) checker.reset();
      checker.parse(applyMutation(build(s), m, kMaxFrameBytes), 1_700_000_000_000_000);
    }),
    { numRuns: kRuns, seed: 0x5eed_b2, endOnFailure: true },
  );
  expect(checker.total).toBe(kRuns);
  expect(checker.tally.framesWithTicks).toBeGreaterThan(kRuns / 20);
  expect(checker.tally.control).toBeGreaterThan(kRuns / 20);
  expect(checker.tally.resets).toBeGreaterThan(0);
  expect(checker.reasonsSeen()).toEqual(expect.arrayContaining([
    'frame_too_large', 'binary_frame', 'not_json', 'unknown_message', 'missing_field', 'wrong_type', 'bad_number',
    'unknown_symbol', 'one_sided_book', 'no_snapshot', 'stale_sequence',
  ]));
  expect(prototypeIsClean()).toBe(true);
  console.info(`bybit fuzz: ${JSON.stringify(checker.tally)} rejected by reason ${JSON.stringify(checker.reasonsSeen())}`);
});

import fc from 'fast-check';
import { expect, it } from 'vitest';
import { OkxPublicFeed } from '../../src/market/exchanges/okx/okx-public-feed.js';
import { SymbolTable } from '../../src/market/symbol-table.js';
import { applyMutation, decimalString, type FrameValue, mutation, prototypeIsClean, ResultChecker } from './frame-fuzz.js';

const kRuns = 100_000;
const kMaxFrameBytes = 4096;
const table = new SymbolTable(['BTC-USDT', 'ETH-USDT']);

const okxLevel = fc.tuple(decimalString, decimalString, fc.constant('0'), fc.integer({ min: 1, max: 500 }).map(String));
const entry = fc.record({
  ask: okxLevel,
  bid: okxLevel,
  ts: fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
  seqStep: fc.option(fc.oneof({ weight: 10, arbitrary: fc.integer({ min: 0, max: 40 }) }, { weight: 1, arbitrary: fc.integer({ min: -1000, max: -1 }) }), { freq: 10 }),
  empty: fc.constantFrom('none', 'none', 'none', 'none', 'none', 'none', 'none', 'none', 'asks', 'bids'),
});

const spec = fc.record({
  kind: fc.constantFrom('push', 'push', 'push', 'push', 'push', 'push', 'pong', 'subscribe', 'error', 'notice', 'books5'),
  instId: fc.constantFrom('BTC-USDT', 'BTC-USDT', 'ETH-USDT', 'BTC-USDT-SWAP'),
  entries: fc.array(entry, { minLength: 1, maxLength: 3 }),
  reset: fc.integer({ min: 0, max: 999 }),
});
type Spec = typeof spec extends fc.Arbitrary<infer T> ? T : never;

const nextSeq = new Map<string, number>();

function build(s: Spec): FrameValue {
  switch (s.kind) {
    case 'pong':
      return { text: 'pong' };
    case 'subscribe':
      return { json: { event: 'subscribe', arg: { channel: 'bbo-tbt', instId: s.instId }, connId: 'a4d3ae55' } };
    case 'error':
      return { json: { event: 'error', code: '60012', msg: 'Invalid request', connId: 'a4d3ae55' } };
    case 'notice':
      return { json: { event: 'notice', code: '64008', msg: 'The connection will soon be closed for a service upgrade.', connId: 'a4d3ae55' } };
    default: {
      const data = s.entries.map((e) => {
        const o: Record<string, unknown> = {
          asks: e.empty === 'asks' ? [] : [e.ask],
          bids: e.empty === 'bids' ? [] : [e.bid],
          ts: String(e.ts),
        };
        if (e.seqStep !== null) {
          const seq = Math.max(0, (nextSeq.get(s.instId) ?? 363_996_337) + e.seqStep);
          nextSeq.set(s.instId, seq);
          o.seqId = seq;
        }
        return o;
      });
      return { json: { arg: { channel: s.kind === 'books5' ? 'books5' : 'bbo-tbt', instId: s.instId }, data } };
    }
  }
}

it(`survives ${kRuns} generated and mutated OKX frames`, () => {
  const feed = new OkxPublicFeed(table);
  const parser = feed.createParser({ maxFrameBytes: kMaxFrameBytes, maxTicksPerFrame: 2 });
  const checker = new ResultChecker(parser, table.size, feed.createParser({ maxFrameBytes: kMaxFrameBytes, maxTicksPerFrame: 2, fastPath: false }));
  fc.assert(
    fc.property(spec, mutation, (s, m) => {
      if (s.reset === 0) checker.reset();
      checker.parse(applyMutation(build(s), m, kMaxFrameBytes), 1_700_000_000_000_000);
    }),
    { numRuns: kRuns, seed: 0x5eed_b3, endOnFailure: true },
  );
  expect(checker.total).toBe(kRuns);
  expect(checker.tally.framesWithTicks).toBeGreaterThan(kRuns / 20);
  expect(checker.tally.control).toBeGreaterThan(kRuns / 20);
  expect(checker.tally.resets).toBeGreaterThan(0);
  expect(checker.reasonsSeen()).toEqual(expect.arrayContaining([
    'frame_too_large', 'binary_frame', 'not_json', 'unknown_message', 'missing_field', 'wrong_type', 'bad_number',
    'unknown_symbol', 'one_sided_book', 'too_many_ticks',
  ]));
  expect(prototypeIsClean()).toBe(true);
  console.info(`okx fuzz: ${JSON.stringify(checker.tally)} rejected by reason ${JSON.stringify(checker.reasonsSeen())}`);
});

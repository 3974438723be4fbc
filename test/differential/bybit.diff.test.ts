import fc from 'fast-check';
import { BybitV5BookTickerMapper } from 'tardis-dev/dist/mappers/bybit.js';
import { expect, it } from 'vitest';
import { BybitSpotFeed } from '../../src/market/exchanges/bybit/bybit-spot-feed.js';
import { SymbolTable } from '../../src/market/symbol-table.js';
import { decimalString } from '../fuzz/frame-fuzz.js';
import { topsFromOurs, topsFromTardis } from './book-ticker-diff.js';

// Our orderbook.1 parser against tardis-dev's BybitV5BookTickerMapper,
// offline, over generated valid snapshot/delta sequences. Deltas carry an
// empty list for the side they leave unchanged (tardis needs both keys), may
// carry a zero-size deletion of a deeper price, and replace a deleted top in
// the same frame (as level-1 deltas do). A delta that deletes the top with no
// replacement is left out on purpose: tardis republishes the stale top, we
// report a one-sided book.

const kFrames = 5_000;
const table = new SymbolTable(['BTC-USDT', 'ETH-USDT', 'XRP-USDC']);
const symbols = ['BTCUSDT', 'ETHUSDT', 'XRPUSDC'];

const level = fc.tuple(decimalString, decimalString);
const deltaSide = fc.oneof(
  { weight: 3, arbitrary: fc.constant('unchanged' as const) },
  { weight: 4, arbitrary: level.map((l) => [l]) },
  { weight: 1, arbitrary: fc.tuple(decimalString, level).map(([gone, l]) => [[gone, '0'], l]) },
);

const frameSpec = fc.record({
  symbol: fc.constantFrom(...symbols),
  kind: fc.constantFrom('snapshot', 'delta', 'delta', 'delta', 'delta', 'delta', 'delta', 'restart'),
  snapshotBid: level,
  snapshotAsk: level,
  b: deltaSide,
  a: deltaSide,
  ts: fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
});

it(`agrees with tardis-dev on ${kFrames} orderbook.1 frames`, () => {
  const feed = new BybitSpotFeed(table);
  const ours = feed.createParser();
  const tardis = new BybitV5BookTickerMapper('bybit-spot');
  const spellingOf = (id: number) => feed.symbols.spellingOf(id);
  const lastU = new Map<string, number>();
  let compared = 0;
  for (const s of fc.sample(frameSpec, { numRuns: kFrames, seed: 0xd1ff_02 })) {
    const seen = lastU.get(s.symbol);
    // Every symbol starts with a snapshot; a restart is the u = 1 snapshot.
    const type = seen === undefined || s.kind !== 'delta' ? 'snapshot' : 'delta';
    const u = s.kind === 'restart' ? 1 : (seen ?? 1000) + 1;
    lastU.set(s.symbol, u);
    const side = (d: typeof s.b, snap: [string, string]) => (type === 'snapshot' ? [snap] : d === 'unchanged' ? [] : d);
    const frame = JSON.stringify({
      topic: `orderbook.1.${s.symbol}`,
      type,
      ts: s.ts,
      data: { s: s.symbol, b: side(s.b, s.snapshotBid), a: side(s.a, s.snapshotAsk), u, seq: 22_520_573_250 + u },
      cts: s.ts - 2,
    });
    const message = JSON.parse(frame) as unknown as Parameters<BybitV5BookTickerMapper['map']>[0];
    expect(tardis.canHandle(message)).toBe(true);
    const theirs = topsFromTardis(tardis.map(message, new Date(0)), true);
    expect(topsFromOurs(ours.parse(frame, 1), spellingOf, true), frame).toEqual(theirs);
    compared += theirs.length;
  }
  expect(compared).toBe(kFrames);
});

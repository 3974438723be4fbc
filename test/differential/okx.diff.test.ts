import fc from 'fast-check';
import { OkexV5BookTickerMapper } from 'tardis-dev/dist/mappers/okex.js';
import { expect, it } from 'vitest';
import { OkxPublicFeed } from '../../src/market/exchanges/okx/okx-public-feed.js';
import { SymbolTable } from '../../src/market/symbol-table.js';
import { decimalString } from '../fuzz/frame-fuzz.js';
import { topsFromOurs, topsFromTardis } from './book-ticker-diff.js';

// Our bbo-tbt parser against tardis-dev's OkexV5BookTickerMapper (tick-by-tick
// channel), offline, over generated valid pushes of one to three entries.

const kFrames = 5_000;
const table = new SymbolTable(['BTC-USDT', 'ETH-USDT', 'OKB-USDC']);
const instIds = ['BTC-USDT', 'ETH-USDT', 'OKB-USDC'];

const okxLevel = fc.tuple(decimalString, decimalString, fc.constant('0'), fc.integer({ min: 1, max: 500 }).map(String));
const entry = fc.record({
  ask: okxLevel,
  bid: okxLevel,
  ts: fc.integer({ min: 1_600_000_000_000, max: 1_900_000_000_000 }),
  seqStep: fc.integer({ min: 0, max: 50 }),
});
const frameSpec = fc.record({ instId: fc.constantFrom(...instIds), entries: fc.array(entry, { minLength: 1, maxLength: 3 }) });

it(`agrees with tardis-dev on ${kFrames} bbo-tbt frames`, () => {
  const feed = new OkxPublicFeed(table);
  const ours = feed.createParser();
  const tardis = new OkexV5BookTickerMapper('okex', true);
  const spellingOf = (id: number) => feed.symbols.spellingOf(id);
  const lastSeq = new Map<string, number>();
  let compared = 0;
  for (const s of fc.sample(frameSpec, { numRuns: kFrames, seed: 0xd1ff_03 })) {
    const data = s.entries.map((e) => {
      const seqId = (lastSeq.get(s.instId) ?? 363_996_337) + e.seqStep;
      lastSeq.set(s.instId, seqId);
      return { asks: [e.ask], bids: [e.bid], ts: String(e.ts), seqId };
    });
    const frame = JSON.stringify({ arg: { channel: 'bbo-tbt', instId: s.instId }, data });
    const message = JSON.parse(frame) as unknown;
    expect(tardis.canHandle(message)).toBe(true);
    const theirs = topsFromTardis(tardis.map(message as Parameters<OkexV5BookTickerMapper['map']>[0], new Date(0)), true);
    expect(topsFromOurs(ours.parse(frame, 1), spellingOf, true), frame).toEqual(theirs);
    compared += theirs.length;
  }
  expect(compared).toBeGreaterThan(kFrames);
});

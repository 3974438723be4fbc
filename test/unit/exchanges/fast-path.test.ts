import { afterEach, describe, expect, it, vi } from 'vitest';
import { BinanceSpotFeed } from '../../../src/market/exchanges/binance/binance-spot-feed.js';
import { BybitSpotFeed } from '../../../src/market/exchanges/bybit/bybit-spot-feed.js';
import { OkxPublicFeed } from '../../../src/market/exchanges/okx/okx-public-feed.js';
import { SymbolTable } from '../../../src/market/symbol-table.js';
import { snapshotOf } from './result-snapshot.js';

// The documented data frames must take the scanner (no JSON.parse), and give
// the same result as the JSON.parse path. The fuzz tests prove the same
// equality over mutated frames; this pins that the fast path is really taken.

const table = new SymbolTable(['BTC-USDT', 'BNB-USDT']);

afterEach(() => {
  vi.restoreAllMocks();
});

const cases = [
  {
    name: 'binance raw, combined and futures-style bookTicker',
    feed: new BinanceSpotFeed(table),
    frames: [
      '{"u":400900217,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"}',
      '{"stream":"bnbusdt@bookTicker","data":{"u":400900218,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"}}',
      '{"e":"bookTicker","u":400900219,"E":1568014460893,"T":1568014460891,"s":"BNBUSDT","b":"25.3519","B":"31.21","a":"25.3652","A":"40.66"}',
    ],
  },
  {
    name: 'bybit orderbook.1 snapshot and deltas',
    feed: new BybitSpotFeed(table),
    frames: [
      '{"topic":"orderbook.1.BTCUSDT","type":"snapshot","ts":1671179923028,"data":{"s":"BTCUSDT","b":[["17440.00","40.833"]],"a":[["17440.50","78.815"]],"u":13079592,"seq":22520573250},"cts":1671179923025}',
      '{"topic":"orderbook.1.BTCUSDT","ts":1671179923046,"type":"delta","data":{"s":"BTCUSDT","b":[],"a":[["17440.50","78.857"]],"u":13079593,"seq":22520573251},"cts":1671179923043}',
      '{"topic":"orderbook.1.BTCUSDT","type":"delta","ts":1671179923047,"data":{"s":"BTCUSDT","b":[["17440.00","0"],["17439.50","1.2"]],"u":13079594,"seq":22520573252}}',
    ],
  },
  {
    name: 'okx bbo-tbt pushes',
    feed: new OkxPublicFeed(table),
    frames: [
      '{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"data":[{"asks":[["36232.2","1.8826134","0","17"]],"bids":[["36232.1","0.00572212","0","2"]],"ts":"1651826598363","seqId":363996337}]}',
      '{"arg":{"instId":"BTC-USDT","channel":"bbo-tbt"},"data":[{"asks":[["36232.3","1","0","1"]],"bids":[["36232.1","2","0","2"]],"ts":"1651826598364"}]}',
    ],
  },
];

describe('fast path', () => {
  for (const c of cases) {
    it(`reads ${c.name} without JSON.parse, with the JSON.parse path's result`, () => {
      const fast = c.feed.createParser();
      const reference = c.feed.createParser({ fastPath: false });
      const expected = c.frames.map((f) => snapshotOf(reference.parse(f, 7)));
      const spy = vi.spyOn(JSON, 'parse');
      const got = c.frames.map((f) => snapshotOf(fast.parse(f, 7)));
      // Bytes, as ws hands them over, take the same path (and are never decoded).
      fast.reset();
      const decode = vi.spyOn(TextDecoder.prototype, 'decode');
      const gotFromBytes = c.frames.map((f) => snapshotOf(fast.parse(Buffer.from(f), 7)));
      expect(spy).not.toHaveBeenCalled();
      expect(decode).not.toHaveBeenCalled();
      expect(got).toEqual(expected);
      expect(gotFromBytes).toEqual(expected);
      expect(got.every((r) => r.kind === 'ticks')).toBe(true);
    });
  }

  it('falls back to JSON.parse for a frame the scanner does not take', () => {
    const p = new BinanceSpotFeed(table).createParser();
    const spy = vi.spyOn(JSON, 'parse');
    // An escaped character: valid JSON, same meaning, not the scanner's shape.
    expect(snapshotOf(p.parse('{"u":1,"s":"BTC\\u0055SDT","b":"1","B":"1","a":"2","A":"1"}', 7))).toMatchObject({ kind: 'ticks', ticks: [{ symbolId: 0 }] });
    expect(spy).toHaveBeenCalledTimes(1);
  });
});

import { BinanceBookTickerMapper } from 'tardis-dev/dist/mappers/binance.js';
import { BybitV5BookTickerMapper } from 'tardis-dev/dist/mappers/bybit.js';
import { OkexV5BookTickerMapper } from 'tardis-dev/dist/mappers/okex.js';
import type { ExchangeFeed } from '../../src/market/exchanges/base/exchange-feed.js';
import type { ExchangeParser } from '../../src/market/exchanges/base/exchange-parser.js';
import { BinanceSpotFeed } from '../../src/market/exchanges/binance/binance-spot-feed.js';
import { BybitSpotFeed } from '../../src/market/exchanges/bybit/bybit-spot-feed.js';
import { OkxPublicFeed } from '../../src/market/exchanges/okx/okx-public-feed.js';
import { SymbolTable } from '../../src/market/symbol-table.js';
import type { Measurement } from '../report/aggregate.js';
import type { BenchSuite } from './bench-suite.js';
import { kNsPerMs, timeTasks } from './tinybench-tasks.js';

/**
 * Exchange message parsing, ns per frame: our parsers (the byte scanner fast
 * path, and the JSON.parse path the same parser falls back to) against
 * tardis-dev's mappers for the same channels, on the same frames. Frames are
 * Buffers, as the ws library hands them over, so every contender pays for
 * its own UTF-8 step: ours scans the bytes, the JSON path and tardis decode
 * them first (tardis: `toString()` then JSON.parse then its mapper, whose
 * output objects are consumed). Each iteration parses a batch of distinct
 * frames (rising update ids, moving prices) from a fresh sequence state, so
 * no frame is a stale duplicate and the JIT cannot specialise on one value.
 *
 * ccxt (pro) is not here yet: its handlers need loaded markets and a client
 * object; a peer adapter for it can join this suite.
 */
const kSuite = 'parse';
const kBatch = 1024;

interface Contender {
  readonly exchange: string;
  readonly feed: (table: SymbolTable) => ExchangeFeed;
  readonly frames: (n: number) => Buffer[];
  /** One pass of tardis-dev over a frame; returns something to sink. */
  readonly tardis: () => (frame: Buffer) => number;
}

const table = new SymbolTable(['BTC-USDT', 'ETH-USDT']);
const epoch = new Date(0);

function price(i: number, offset: number): string {
  return (64_000 + Math.sin(i) * 25 + offset).toFixed(2);
}

const kContenders: readonly Contender[] = [
  {
    exchange: 'binance bookTicker',
    feed: (t) => new BinanceSpotFeed(t, { streams: 'combined' }),
    frames: (n) => Array.from({ length: n }, (_, i) => Buffer.from(
      `{"stream":"btcusdt@bookTicker","data":{"u":${400_900_217 + i},"s":"BTCUSDT","b":"${price(i, 0)}","B":"1.23400000","a":"${price(i, 0.01)}","A":"0.50000000"}}`,
    )),
    tardis: () => {
      const mapper = new BinanceBookTickerMapper('binance');
      return (frame) => sumTickers(mapper.map(JSON.parse(frame.toString()), epoch));
    },
  },
  {
    exchange: 'bybit orderbook.1',
    feed: (t) => new BybitSpotFeed(t),
    frames: (n) => Array.from({ length: n }, (_, i) => Buffer.from(
      `{"topic":"orderbook.1.BTCUSDT","type":"${i === 0 ? 'snapshot' : 'delta'}","ts":${1_767_225_600_000 + i},"data":{"s":"BTCUSDT","b":[["${price(i, 0)}","40.833"]],"a":${i === 0 || i % 2 === 1 ? `[["${price(i, 0.5)}","78.815"]]` : '[]'},"u":${13_079_592 + i},"seq":${22_520_573_250 + i}},"cts":${1_767_225_599_998 + i}}`,
    )),
    tardis: () => {
      let mapper = new BybitV5BookTickerMapper('bybit-spot');
      let count = 0;
      return (frame) => {
        // A fresh book state per batch, as for ours (the first frame is the snapshot).
        if (count++ % kBatch === 0) mapper = new BybitV5BookTickerMapper('bybit-spot');
        return sumTickers(mapper.map(JSON.parse(frame.toString()), epoch));
      };
    },
  },
  {
    exchange: 'okx bbo-tbt',
    feed: (t) => new OkxPublicFeed(t),
    frames: (n) => Array.from({ length: n }, (_, i) => Buffer.from(
      `{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"data":[{"asks":[["${price(i, 0.1)}","1.8826134","0","17"]],"bids":[["${price(i, 0)}","0.00572212","0","2"]],"ts":"${1_767_225_600_000 + i}","seqId":${363_996_337 + i * 7}}]}`,
    )),
    tardis: () => {
      const mapper = new OkexV5BookTickerMapper('okex', true);
      return (frame) => sumTickers(mapper.map(JSON.parse(frame.toString()), epoch));
    },
  },
];

function sumTickers(tickers: Iterable<{ bidPrice?: number | undefined }> | undefined): number {
  let s = 0;
  for (const t of tickers ?? []) s += t.bidPrice ?? 0;
  return s;
}

const names = (exchange: string) => ({
  fast: `${exchange}: ours`,
  jsonPath: `${exchange}: ours, JSON.parse path`,
  tardis: `${exchange}: tardis-dev mapper`,
});

export const parseSuite: BenchSuite = {
  name: kSuite,
  async prepare() {
    return { ready: true };
  },
  async runOnce() {
    const measurements: Measurement[] = [];
    let sink = 0;
    for (const c of kContenders) {
      const feed = c.feed(table);
      const frames = c.frames(kBatch);
      const fast = feed.createParser();
      const jsonPath = feed.createParser({ fastPath: false });
      checkAllTicks(c.exchange, fast, frames);
      checkAllTicks(c.exchange, jsonPath, frames);
      const tardis = c.tardis();
      const n = names(c.exchange);
      const batchOf = (parser: ExchangeParser) => () => {
        parser.reset();
        for (let i = 0; i < kBatch; i++) {
          const r = parser.parse(frames[i]!, 1);
          if (r.kind === 'ticks') sink += r.ticks.at(0).bid;
        }
      };
      const timings = await timeTasks([
        { name: n.fast, fn: batchOf(fast) },
        { name: n.jsonPath, fn: batchOf(jsonPath) },
        { name: n.tardis, fn: () => {
          for (let i = 0; i < kBatch; i++) sink += tardis(frames[i]!);
        } },
      ], { timeMs: 300, warmupMs: 100 });
      const nsPerFrame = (name: string): number => ((timings.get(name)?.mean ?? Number.NaN) * kNsPerMs) / kBatch;
      const m = (name: string, compareTo: string[] = []): Measurement => ({
        suite: kSuite, name, unit: 'ns/op', value: nsPerFrame(name), compareTo: compareTo.map((b) => ({ name: b })),
      });
      measurements.push(m(n.fast, [n.tardis, n.jsonPath]), m(n.jsonPath, [n.tardis]), m(n.tardis));
    }
    if (!Number.isFinite(sink)) throw new Error('parse bench: sink is not finite');
    return {
      measurements,
      notes: [`ns/op = mean time of a ${kBatch}-frame batch ÷ ${kBatch}; frames are Buffers (UTF-8 decoding is part of every contender's cost but ours, which scans bytes).`],
    };
  },
};

/** A parser that rejects the bench's frames must not be reported as fast. */
function checkAllTicks(exchange: string, parser: ExchangeParser, frames: readonly Buffer[]): void {
  parser.reset();
  for (const frame of frames) {
    const r = parser.parse(frame, 1);
    if (r.kind !== 'ticks') throw new Error(`parse bench: ${exchange} frame not parsed to ticks: ${JSON.stringify(r)} ${frame.toString()}`);
  }
}

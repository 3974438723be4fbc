import type { ExchangeFeed } from '../../src/market/exchanges/base/exchange-feed.js';
import type { ExchangeParser } from '../../src/market/exchanges/base/exchange-parser.js';
import { BinanceSpotFeed } from '../../src/market/exchanges/binance/binance-spot-feed.js';
import { BybitSpotFeed } from '../../src/market/exchanges/bybit/bybit-spot-feed.js';
import { OkxPublicFeed } from '../../src/market/exchanges/okx/okx-public-feed.js';
import type { ExchangeName } from '../../src/market/exchange-ids.js';
import { SymbolTable } from '../../src/market/symbol-table.js';
import type { Measurement } from '../report/aggregate.js';
import type { BenchTarget } from '../report/report-model.js';
import type { BenchSuite } from './bench-suite.js';
import { ccxtPeer, loadCcxt, type CcxtModule } from './parse-peers/ccxt-peers.js';
import { quoteMismatch, type PeerParser, type PeerQuote } from './parse-peers/peer-parser.js';
import { tardisPeer } from './parse-peers/tardis-peers.js';
import { kNsPerMs, timeTasks } from './tinybench-tasks.js';

/**
 * Exchange message parsing and normalising, ns per raw frame, per exchange:
 * our parsers (the byte scanner fast path, and the JSON.parse path the same
 * parser falls back to) beside two peers on the same frames, in the same run:
 *
 *   tardis-dev  its mapper for the channel (parse-peers/tardis-peers.ts)
 *   ccxt        ccxt pro's handleMessage, offline (parse-peers/ccxt-peers.ts)
 *
 * Frames are Buffers, as the ws library hands them over, so every contender
 * pays for its own UTF-8 step: ours scans the bytes, the others decode them
 * and JSON.parse the text first. Each iteration parses a batch of distinct
 * frames (rising update ids, moving prices) from fresh per-symbol state, so
 * no frame is a stale duplicate and the JIT cannot specialise on one value.
 *
 * Before timing, once per run, every frame goes through every contender and
 * each peer's best bid/offer (bid, ask and both sizes) must equal ours: a
 * baseline that rejected or misread the frames would measure no real work.
 */
const kSuite = 'parse';
const kBatch = 1024;
const kSymbols = ['BTC-USDT', 'ETH-USDT'];

interface Contender {
  readonly exchange: ExchangeName;
  /** The channel, as the row labels name it. */
  readonly label: string;
  readonly feed: (table: SymbolTable) => ExchangeFeed;
  readonly frames: (n: number) => Buffer[];
}

function price(i: number, offset: number): string {
  return (64_000 + Math.sin(i) * 25 + offset).toFixed(2);
}

const kContenders: readonly Contender[] = [
  {
    exchange: 'binance',
    label: 'binance bookTicker',
    feed: (t) => new BinanceSpotFeed(t, { streams: 'combined' }),
    frames: (n) => Array.from({ length: n }, (_, i) => Buffer.from(
      `{"stream":"btcusdt@bookTicker","data":{"u":${400_900_217 + i},"s":"BTCUSDT","b":"${price(i, 0)}","B":"1.23400000","a":"${price(i, 0.01)}","A":"0.50000000"}}`,
    )),
  },
  {
    // Snapshots: Bybit's docs say level-1 spot data is snapshot-only (the
    // simulator's default too), and ccxt's depth-1 bid/ask reads a book
    // that only real deltas (old level deleted) keep at one level.
    exchange: 'bybit',
    label: 'bybit orderbook.1',
    feed: (t) => new BybitSpotFeed(t),
    frames: (n) => Array.from({ length: n }, (_, i) => Buffer.from(
      `{"topic":"orderbook.1.BTCUSDT","type":"snapshot","ts":${1_767_225_600_000 + i},"data":{"s":"BTCUSDT","b":[["${price(i, 0)}","40.833"]],"a":[["${price(i, 0.5)}","78.815"]],"u":${13_079_592 + i},"seq":${22_520_573_250 + i}},"cts":${1_767_225_599_998 + i}}`,
    )),
  },
  {
    exchange: 'okx',
    label: 'okx bbo-tbt',
    feed: (t) => new OkxPublicFeed(t),
    frames: (n) => Array.from({ length: n }, (_, i) => Buffer.from(
      `{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"data":[{"asks":[["${price(i, 0.1)}","1.8826134","0","17"]],"bids":[["${price(i, 0)}","0.00572212","0","2"]],"ts":"${1_767_225_600_000 + i}","seqId":${363_996_337 + i * 7}}]}`,
    )),
  },
];

const names = (label: string) => ({
  fast: `${label}: ours`,
  jsonPath: `${label}: ours, JSON.parse path`,
  tardis: `${label}: tardis-dev mapper`,
  ccxt: `${label}: ccxt handleMessage`,
});

const targets: BenchTarget[] = kContenders.flatMap((c) => {
  const n = names(c.label);
  return [
    { label: `${c.label}: ≥ 10× faster than ccxt`, suite: kSuite, name: n.fast, baseline: n.ccxt, minRatio: 10 },
    { label: `${c.label}: at least as fast as tardis-dev`, suite: kSuite, name: n.fast, baseline: n.tardis, minRatio: 1 },
  ];
});

let ccxt: CcxtModule | undefined;

export const parseSuite: BenchSuite = {
  name: kSuite,
  targets,
  async prepare() {
    try {
      ccxt = await loadCcxt();
      return { ready: true, notes: [`ccxt ${ccxt.version} (pro, offline: setMarkets, no network).`] };
    } catch (err) {
      // The suite still measures ours against tardis-dev; the ccxt rows are missing.
      return { ready: true, notes: [`ccxt could not be loaded (${err instanceof Error ? err.message : String(err)}): no ccxt rows.`] };
    }
  },
  async runOnce() {
    const table = new SymbolTable(kSymbols);
    const measurements: Measurement[] = [];
    let sink = 0;
    for (const c of kContenders) {
      const feed = c.feed(table);
      const frames = c.frames(kBatch);
      const fast = feed.createParser();
      const jsonPath = feed.createParser({ fastPath: false });
      const peers: [string, PeerParser][] = [[`tardis-dev`, tardisPeer(c.exchange)]];
      if (ccxt !== undefined) peers.push(['ccxt', ccxtPeer(ccxt, c.exchange, kSymbols)]);
      checkSameQuotes(c.label, frames, fast, jsonPath, peers);

      const n = names(c.label);
      const ours = (parser: ExchangeParser) => () => {
        parser.reset();
        for (let i = 0; i < kBatch; i++) {
          const r = parser.parse(frames[i]!, 1);
          if (r.kind === 'ticks') sink += r.ticks.at(0).bid;
        }
      };
      const peer = (p: PeerParser) => () => {
        p.reset();
        for (let i = 0; i < kBatch; i++) sink += p.parse(frames[i]!);
      };
      const tasks = [
        { name: n.fast, fn: ours(fast) },
        { name: n.jsonPath, fn: ours(jsonPath) },
        { name: n.tardis, fn: peer(peers[0]![1]) },
      ];
      if (peers[1] !== undefined) tasks.push({ name: n.ccxt, fn: peer(peers[1][1]) });
      const timings = await timeTasks(tasks, { timeMs: 300, warmupMs: 100 });
      const m = (name: string, compareTo: string[] = []): Measurement => ({
        suite: kSuite,
        name,
        unit: 'ns/op',
        value: ((timings.get(name)?.p50 ?? Number.NaN) * kNsPerMs) / kBatch,
        compareTo: compareTo.map((b) => ({ name: b })),
      });
      measurements.push(m(n.fast, [n.ccxt, n.tardis, n.jsonPath]), m(n.jsonPath, [n.ccxt, n.tardis]), m(n.tardis, [n.ccxt]));
      if (ccxt !== undefined) measurements.push(m(n.ccxt));
    }
    if (!Number.isFinite(sink)) throw new Error('parse bench: sink is not finite');
    return {
      measurements,
      notes: [
        `ns/op = median time of a ${kBatch}-frame batch ÷ ${kBatch} (the median, not the mean: a batch the scheduler interrupted on a shared machine is an outlier, not parsing cost); frames are Buffers (UTF-8 decoding is part of every contender's cost but ours, which scans bytes).`,
        'ccxt: toString + JSON.parse + exchange.handleMessage(client, message) with an offline client; ccxt\'s own Client.onMessage also runs a regex over the text first, which is left out (flatters ccxt). Paths: binance handleBidsAsks, bybit handleOrderBook (+ depth-1 bid/ask), okx handleOrderBook → handleBidAsk.',
        `every run first checks that ours (both paths), tardis-dev and ccxt give the same bid, ask and sizes for all ${kBatch} frames of each exchange.`,
      ],
    };
  },
};

/**
 * Every frame through every contender, untimed: ours must yield ticks, both
 * our paths must agree, and each peer must produce the same best bid/offer.
 * Throws naming the contender and frame otherwise (a failed run reports no numbers).
 */
function checkSameQuotes(
  label: string,
  frames: readonly Buffer[],
  fast: ExchangeParser,
  jsonPath: ExchangeParser,
  peers: readonly (readonly [string, PeerParser])[],
): void {
  fast.reset();
  jsonPath.reset();
  for (const [, p] of peers) p.reset();
  frames.forEach((frame, i) => {
    const ours = quoteOf(fast, frame, `${label} frame ${i}`);
    const fail = (who: string, why: string): never => {
      throw new Error(`parse bench: ${label} frame ${i}: ${who} ${why}: ${frame.toString()}`);
    };
    const viaJson = quoteMismatch(ours, quoteOf(jsonPath, frame, `${label} frame ${i} (JSON.parse path)`));
    if (viaJson !== null) fail('our JSON.parse path', viaJson);
    for (const [name, p] of peers) {
      p.parse(frame);
      const mismatch = quoteMismatch(ours, p.takeQuote());
      if (mismatch !== null) fail(name, mismatch);
    }
  });
}

function quoteOf(parser: ExchangeParser, frame: Buffer, where: string): PeerQuote {
  const r = parser.parse(frame, 1);
  if (r.kind !== 'ticks') throw new Error(`parse bench: ${where} not parsed to ticks: ${JSON.stringify(r)} ${frame.toString()}`);
  const t = r.ticks.at(0);
  return { bid: t.bid, ask: t.ask, bidSize: t.bidSize, askSize: t.askSize };
}

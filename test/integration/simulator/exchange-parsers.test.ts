import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../actors/simulator/simulator-server.js';
import { kMalformedKinds } from '../../../actors/simulator/protocols/malformed.js';
import type { ExchangeName } from '../../../src/market/exchange-ids.js';
import type { ExchangeFeed } from '../../../src/market/exchanges/base/exchange-feed.js';
import { ControlKind, SeqCheck, type ParseResult } from '../../../src/market/exchanges/base/parse-result.js';
import { RejectReason } from '../../../src/market/exchanges/base/reject-reason.js';
import { BinanceSpotFeed } from '../../../src/market/exchanges/binance/binance-spot-feed.js';
import { createFeed } from '../../../src/market/exchanges/registry.js';
import { SymbolTable } from '../../../src/market/symbol-table.js';
import { WsProbe } from './ws-probe.js';

// Contract between the simulator and the exchange adapters (src/market/exchanges):
// a connection built from each adapter's feed description (URL, subscribe
// message, keepalive) gets frames that the adapter's own parser turns into
// ticks, acks and pongs without one rejection; injected bad frames are all
// rejected, never thrown; sequence restarts are seen as resets.

const kSymbols = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT'];
const table = new SymbolTable(kSymbols);
let sim: SimulatorHandle | undefined;
const probes: WsProbe[] = [];

afterEach(async () => {
  await Promise.all(probes.splice(0).map((p) => p.close()));
  await sim?.stop();
  sim = undefined;
});

interface Outcome {
  readonly kind: ParseResult['kind'];
  readonly control?: number;
  readonly reason?: number;
  readonly seqCheck?: number;
  readonly ticks?: number;
}

function parseAll(feed: ExchangeFeed, texts: readonly string[], binaries: readonly Buffer[] = []): Outcome[] {
  const parser = feed.createParser();
  const out: Outcome[] = [];
  const take = (r: ParseResult): void => {
    if (r.kind === 'ticks') {
      for (let i = 0; i < r.ticks.length; i++) {
        const t = r.ticks.at(i);
        // Binance's bookTicker carries no time, so its ticks have exchangeTs 0.
        const tsOk = feed.exchange === 'binance' ? t.exchangeTs === 0 : t.exchangeTs > 0;
        if (!(t.bid > 0 && t.ask > t.bid && t.bidSize > 0 && t.askSize > 0 && tsOk)) throw new Error(`bad tick ${JSON.stringify(t)}`);
      }
      out.push({ kind: 'ticks', seqCheck: r.seqCheck, ticks: r.ticks.length });
    } else if (r.kind === 'control') out.push({ kind: 'control', control: r.control });
    else out.push({ kind: 'rejected', reason: r.reason });
  };
  for (const t of texts) take(parser.parse(t, 1_000));
  for (const b of binaries) take(parser.parse(b, 1_000, true));
  return out;
}

async function subscribed(feed: ExchangeFeed, options: Parameters<typeof startSimulator>[0] | undefined = undefined): Promise<WsProbe> {
  sim ??= await startSimulator(options ?? { symbols: kSymbols, rate: 600 });
  const c = await WsProbe.open(feed.connectUrl(sim.urls[feed.exchange]!));
  probes.push(c);
  c.send(feed.subscribeMessage(kSymbols.map((_, id) => feed.topicOf(id)), 1));
  return c;
}

const feeds: [string, () => ExchangeFeed][] = [
  ['binance (raw)', () => createFeed('binance', table)],
  ['binance (combined)', () => new BinanceSpotFeed(table, { streams: 'combined' })],
  ['bybit', () => createFeed('bybit', table)],
  ['okx', () => createFeed('okx', table)],
];

describe.each(feeds)('%s adapter against the simulator', (_name, makeFeed) => {
  it('parses every frame into acks and in-order ticks of every symbol', async () => {
    const feed = makeFeed();
    const c = await subscribed(feed);
    await c.until(() => c.texts.length >= 120, '120 frames');
    const outcomes = parseAll(feed, c.texts);
    expect(outcomes.filter((o) => o.kind === 'rejected')).toEqual([]);
    expect(outcomes.some((o) => o.kind === 'control' && o.control === ControlKind.Ack)).toBe(true);
    const ticks = outcomes.filter((o) => o.kind === 'ticks');
    expect(ticks.length).toBeGreaterThan(100);
    expect(ticks.filter((o) => o.seqCheck === SeqCheck.First)).toHaveLength(kSymbols.length);
    expect(ticks.every((o) => o.seqCheck === SeqCheck.First || o.seqCheck === SeqCheck.InOrder)).toBe(true);
  });

  it('rejects every injected malformed frame without throwing', async () => {
    const feed = makeFeed();
    const c = await subscribed(feed, { symbols: kSymbols, rate: 0 });
    await c.until(() => c.texts.length >= (feed.exchange === 'okx' ? kSymbols.length : 1), 'acks');
    const before = c.texts.length;
    sim!.sendMalformed(feed.exchange, kMalformedKinds.length);
    await c.until(() => c.texts.length - before + c.binaries.length >= kMalformedKinds.length, 'malformed frames');
    const outcomes = parseAll(feed, c.texts.slice(before), c.binaries);
    expect(outcomes).toHaveLength(kMalformedKinds.length);
    for (const o of outcomes) {
      expect(o.kind).toBe('rejected');
      expect(o.reason).not.toBe(RejectReason.ParserFault);
    }
  });
});

describe('keepalives and restarts, through the adapters', () => {
  it.each(['bybit', 'okx'] as ExchangeName[])('%s answers the feed ping with what its parser reads as a pong', async (exchange) => {
    const feed = createFeed(exchange, table);
    const c = await subscribed(feed, { symbols: kSymbols, rate: 0 });
    if (feed.keepalive.kind !== 'send-text-pings') throw new Error('expected a text-ping feed');
    const before = c.texts.length;
    c.send(feed.keepalive.message);
    await c.until(() => parseAll(feed, c.texts.slice(before)).some((o) => o.control === ControlKind.Pong), 'pong');
  });

  it.each(['bybit', 'okx'] as ExchangeName[])('%s sequence restart is parsed as a reset', async (exchange) => {
    const feed = createFeed(exchange, table);
    const c = await subscribed(feed);
    await c.until(() => c.texts.length >= 30, 'frames before the restart');
    sim!.resetSequences(exchange);
    const mark = c.texts.length;
    await c.until(() => c.texts.length >= mark + 30, 'frames after the restart');
    const outcomes = parseAll(feed, c.texts);
    expect(outcomes.filter((o) => o.kind === 'rejected')).toEqual([]);
    expect(outcomes.filter((o) => o.seqCheck === SeqCheck.Reset).length).toBeGreaterThanOrEqual(1);
  });

  it('bybit delta mode parses into ticks with no rejection', async () => {
    const feed = createFeed('bybit', table);
    const c = await subscribed(feed, { symbols: kSymbols, rate: 1_000, bybitDeltas: true });
    await c.until(() => c.texts.length >= 200, '200 frames');
    const outcomes = parseAll(feed, c.texts);
    expect(outcomes.filter((o) => o.kind === 'rejected')).toEqual([]);
    expect(outcomes.filter((o) => o.kind === 'ticks').length).toBeGreaterThan(190);
  });
});

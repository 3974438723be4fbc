import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../actors/simulator/simulator-server.js';
import { BinanceSpotFeed } from '../../../src/market/exchanges/binance/binance-spot-feed.js';
import { OkxPublicFeed } from '../../../src/market/exchanges/okx/okx-public-feed.js';
import { SymbolTable } from '../../../src/market/symbol-table.js';
import { RecordKind } from '../../../src/market/tick-layout.js';
import { kAllSymbols, type GapMarker } from '../../../src/market/tick.js';
import { waitFor } from '../../support/wait-for.js';
import { kinds, startHarness, type Harness } from './connector-harness.js';

// Each venue's connection rules, against the simulator (real sockets,
// simulated clock): request chunking, application keepalive, the planned
// replacement before Binance's 24 h limit, more symbols than one
// connection may carry, and frames over the size limit.
let sim: SimulatorHandle | undefined;
let h: Harness | undefined;

afterEach(async () => {
  await h?.stop();
  h = undefined;
  await sim?.stop();
  sim = undefined;
});

const kTwelve = ['BTC', 'ETH', 'SOL', 'XRP', 'DOGE', 'ADA', 'AVAX', 'DOT', 'LINK', 'LTC', 'BNB', 'TRX'].map((b) => `${b}-USDT`);

describe('feed rules', () => {
  it('Bybit: 12 symbols go out as two subscribe requests (at most 10 args each), and the client pings every 20 s', async () => {
    sim = await startSimulator({ symbols: kTwelve, exchanges: ['bybit'], rate: 120, seed: 2 });
    h = startHarness({ config: { exchange: 'bybit', url: sim.urls.bybit!, symbols: kTwelve, staleAfterMs: 600_000 } });
    const x = h;
    // The second request waits 100 ms (Bybit: 10 messages/s) on the simulated clock.
    await waitFor(() => x.counter('controlFrames') >= 1, 'first ack');
    expect(sim.stats().exchanges.bybit!.subscriptions).toBe(10);
    x.clock.increment(100);
    await waitFor(() => sim!.stats().exchanges.bybit!.subscriptions === 12 && x.counter('controlFrames') === 2, 'second request acked');
    expect(x.connector.stats().subscribedSymbols).toBe(12);
    await waitFor(() => new Set(kinds((x.poll(), x.records.recorder!), RecordKind.Tick).map((t) => t.symbolId)).size === 12, 'ticks of all 12');

    const replies = sim.stats().exchanges.bybit!.repliesSent;
    x.clock.increment(19_900); // t = 20 s
    await waitFor(() => sim!.stats().exchanges.bybit!.repliesSent === replies + 1 && x.counter('controlFrames') === 3, 'ping answered');
    expect(x.counter('pongTimeouts')).toBe(0);
  });

  it('Binance: the connection is replaced before its 24 h limit; a planned replacement is no failure but still leaves a gap marker', async () => {
    sim = await startSimulator({ symbols: ['BTC-USDT', 'ETH-USDT'], exchanges: ['binance'], rate: 100, seed: 4 });
    const maxMs = new BinanceSpotFeed(new SymbolTable([])).limits.maxConnectionMs;
    expect(maxMs).toBe(23.75 * 3_600_000);
    h = startHarness({ config: { exchange: 'binance', url: sim.urls.binance!, symbols: ['BTC-USDT', 'ETH-USDT'], staleAfterMs: 24 * 3_600_000 } });
    const x = h;
    await waitFor(() => x.counter('ticksOut') >= 10 && x.counter('controlFrames') === 1, 'acked and flowing');
    x.clock.set(maxMs - 1);
    expect(x.counter('plannedReconnects')).toBe(0);
    x.clock.set(maxMs);
    expect(x.counter('plannedReconnects')).toBe(1);
    await waitFor(() => x.counter('connects') === 2 && x.connector.stats().connection === 'open', 'replaced');
    await waitFor(() => x.counter('controlFrames') === 2, 'resubscribed');
    x.poll();
    expect(kinds(x.records.recorder!, RecordKind.Gap)).toHaveLength(1);
    expect(x.lines.filter((l) => l.action === 'breaker').map((l) => l.state)).toEqual(['closed']); // never opened
    expect(x.lines.find((l) => l.action === 'disconnected')).toMatchObject({ cause: 'planned', code: 1000 });
    expect(x.connector.stats().connectedSince).toBe(maxMs);
  });

  it('more symbols than one connection may carry: several paced connections, aggregated stats, per-symbol gap markers', async () => {
    const symbols = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT'];
    sim = await startSimulator({ symbols, exchanges: ['okx'], rate: 150, seed: 8 });
    const smallFeed = (table: SymbolTable) => {
      const real = new OkxPublicFeed(table);
      return Object.assign(Object.create(real) as OkxPublicFeed, { limits: { ...real.limits, maxTopicsPerConnection: 2 } });
    };
    h = startHarness({ config: { exchange: 'okx', url: sim.urls.okx!, symbols }, feed: smallFeed });
    const x = h;
    expect(x.connector.connections).toHaveLength(2);
    await waitFor(() => x.connector.connections[0]!.stats().connection === 'open', 'first connection');
    expect(x.connector.stats().connection).toBe('connecting'); // the second waits for the pacer
    expect(x.connector.connections[1]!.reconnects.nextAttemptAt).toBe(350);
    x.clock.increment(350);
    await waitFor(() => x.connector.stats().connection === 'open' && x.counter('controlFrames') === 3, 'both open and acked');
    expect(x.connector.stats()).toMatchObject({ connects: 2, subscribedSymbols: 3 });
    expect(x.connector.connections.map((c) => c.stats().subscribedSymbols)).toEqual([2, 1]);
    expect(sim.stats().exchanges.okx!).toMatchObject({ connections: 2, subscriptions: 3 });

    x.clock.increment(5000);
    sim.disconnect('okx');
    await waitFor(() => x.counter('gapsWritten') === 3, 'gap markers');
    x.poll();
    const gaps = kinds(x.records.recorder!, RecordKind.Gap) as GapMarker[];
    expect(gaps.map((g) => g.symbolId).sort()).toEqual([0, 1, 2]);
    expect(gaps.some((g) => g.symbolId === kAllSymbols)).toBe(false);
    expect((kinds(x.records.shard1!, RecordKind.Gap) as GapMarker[]).map((g) => g.symbolId)).toEqual([1]);
    x.clock.increment(1000);
    x.clock.increment(350);
    await waitFor(() => x.counter('connects') === 4 && x.connector.stats().breaker === 'closed', 'both back');
  });

  it('frames over maxFrameBytes are rejected and dead-lettered without dropping the connection', async () => {
    sim = await startSimulator({ symbols: ['BTC-USDT'], exchanges: ['okx'], rate: 100, seed: 9 });
    // OKX acks are ~90 bytes, its bbo-tbt pushes ~180: the pushes are too large.
    h = startHarness({ config: { exchange: 'okx', url: sim.urls.okx!, symbols: ['BTC-USDT'], maxFrameBytes: 120 } });
    const x = h;
    await waitFor(() => x.counter('reject_frame_too_large') >= 20, 'oversize frames rejected');
    expect(x.counter('controlFrames')).toBe(1); // the ack got through
    expect(x.counter('ticksOut')).toBe(0);
    expect(x.connector.stats()).toMatchObject({ connection: 'open', connects: 1 });
    expect(x.counter('deadLetters')).toBe(x.counter('rejected'));
  });
});

import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../actors/simulator/simulator-server.js';
import { RecordKind } from '../../../src/market/tick-layout.js';
import { kAllSymbols } from '../../../src/market/tick.js';
import { waitFor } from '../../support/wait-for.js';
import { startHarness, type Harness } from './connector-harness.js';

// Stalls injected by the simulator (OKX venue, real sockets); the actor's
// clock is simulated. OKX keepalive (feed description): the client sends the
// text `ping` after 25 s without any frame and expects an answer within 25 s.
//
// Determinism: data frames the simulator sent before a stall may still be in
// flight when the test steps the clock. A ping/pong round trip flushes them
// (the pong travels behind them on the same TCP stream), after which the time
// of the last data frame is known exactly and the threshold is asserted to
// the millisecond.
const kSymbols = ['BTC-USDT', 'ETH-USDT'];

let sim: SimulatorHandle;
let h: Harness | undefined;

beforeEach(async () => {
  sim = await startSimulator({ symbols: kSymbols, exchanges: ['okx'], rate: 100, seed: 3 });
});

afterEach(async () => {
  await h?.stop();
  h = undefined;
  await sim.stop();
});

async function connected(staleAfterMs: number): Promise<Harness> {
  h = startHarness({ config: { exchange: 'okx', url: sim.urls.okx!, symbols: kSymbols, staleAfterMs } });
  const x = h;
  await waitFor(() => x.counter('ticksOut') >= 10 && x.connector.stats().breaker === 'closed', 'ticks flowing');
  return x;
}

describe('stale-feed watchdog (counts data messages only)', () => {
  it('a quiet but alive feed is not reconnected below the threshold; the stall is detected exactly at staleAfterMs of no data', async () => {
    const x = await connected(60_000);
    const controlAtStart = x.counter('controlFrames'); // the subscribe acks
    sim.stall('okx'); // data stops; the venue still answers pings
    x.clock.set(25_000); // 25 s without a frame: the keepalive pings
    await waitFor(() => x.counter('controlFrames') === controlAtStart + 1, 'first pong');
    const lastData = x.connector.stats().lastDataAtMs!;
    expect(lastData).toBeLessThanOrEqual(25_000);
    const dataFrames = x.counter('dataFrames');

    x.clock.set(50_000); // quiet for 25 s more: ping again, pong again
    await waitFor(() => x.counter('controlFrames') === controlAtStart + 2, 'second pong');
    x.clock.set(lastData + 59_999);
    // Alive and quiet: pongs answered, no data, below the threshold: left alone.
    expect(x.connector.stats()).toMatchObject({ connection: 'open', breaker: 'closed', connects: 1 });
    expect(x.counter('staleFeeds')).toBe(0);
    expect(x.counter('pongTimeouts')).toBe(0);
    expect(x.counter('dataFrames')).toBe(dataFrames);

    // Pongs are not data: the threshold counts from the last data frame.
    x.clock.set(lastData + 60_000);
    expect(x.counter('staleFeeds')).toBe(1);
    await waitFor(() => x.connector.stats().breaker === 'open', 'dropped as stale');
    x.poll();
    expect(x.records.recorder!.at(-1)).toMatchObject({ kind: RecordKind.Gap, symbolId: kAllSymbols });
    expect(x.lines.some((l) => l.action === 'stale_feed' && l.staleAfterMs === 60_000)).toBe(true);

    sim.resume('okx');
    x.clock.increment(x.connector.connections[0]!.reconnects.backoffMs);
    await waitFor(() => x.connector.stats().connects === 2 && x.connector.stats().breaker === 'closed', 'reconnected');
    await waitFor(() => x.counter('dataFrames') > dataFrames, 'data again after the reconnect');
  });

  it('a silent connection (no answer to the keepalive ping) is replaced after pongWithinMs, before the stale threshold', async () => {
    const x = await connected(120_000);
    const controlAtStart = x.counter('controlFrames');
    sim.stall('okx');
    x.clock.set(25_000);
    await waitFor(() => x.counter('controlFrames') === controlAtStart + 1, 'pong while only quiet');
    sim.stall('okx', undefined, { silent: true }); // now nothing at all comes back
    const framesBefore = x.counter('framesIn');
    x.clock.set(50_000); // ping, unanswered
    x.clock.set(74_999);
    expect(x.connector.stats().connection).toBe('open');
    expect(x.counter('framesIn')).toBe(framesBefore);
    x.clock.set(75_000); // 25 s after the ping
    expect(x.counter('pongTimeouts')).toBe(1);
    expect(x.counter('staleFeeds')).toBe(0);
    await waitFor(() => x.connector.stats().breaker === 'open', 'dropped for the missing pong');
    expect(x.counter('gapsWritten')).toBe(1);
  });

  it('a fresh connection that never sends data is stale after staleAfterMs from open', async () => {
    sim.stall('okx');
    h = startHarness({ config: { exchange: 'okx', url: sim.urls.okx!, symbols: kSymbols, staleAfterMs: 5_000 } });
    const x = h;
    await waitFor(() => x.counter('controlFrames') >= 1, 'subscribe acked, no data');
    x.clock.set(4_999);
    expect(x.counter('staleFeeds')).toBe(0);
    x.clock.set(5_000);
    expect(x.counter('staleFeeds')).toBe(1);
  });
});


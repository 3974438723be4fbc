import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../actors/simulator/simulator-server.js';
import { ExchangeId } from '../../../src/market/exchange-ids.js';
import { RecordKind } from '../../../src/market/tick-layout.js';
import { kAllSymbols, type GapMarker, type Tick } from '../../../src/market/tick.js';
import { waitFor } from '../../support/wait-for.js';
import { kinds, startHarness, type Harness } from './connector-harness.js';

// Against the simulator's OKX venue over real sockets on 127.0.0.1; every
// timer of the actor (breaker backoff, connection pacing, watchdog,
// keepalive) runs on a SimulatedClock, so delays are asserted by stepping
// time: nothing here waits on a wall-clock duration.
const kSymbols = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT'];

let sim: SimulatorHandle;
let h: Harness | undefined;

beforeEach(async () => {
  sim = await startSimulator({ symbols: kSymbols, exchanges: ['okx', 'bybit'], rate: 150, seed: 7 });
});

afterEach(async () => {
  await h?.stop();
  h = undefined;
  await sim.stop();
});

function okx(config: Partial<Parameters<typeof startHarness>[0]['config']> = {}, extra: Partial<Parameters<typeof startHarness>[0]> = {}): Harness {
  h = startHarness({ config: { exchange: 'okx', url: sim.urls.okx!, symbols: kSymbols, ...config }, ...extra });
  return h;
}

const conn = (x: Harness) => x.connector.connections[0]!;
const stats = (x: Harness) => x.connector.stats();
const simOkx = () => sim.stats().exchanges.okx!;
const ticksIn = (x: Harness, port: string) => kinds(x.records[port]!, RecordKind.Tick) as Tick[];
const gapsIn = (x: Harness, port: string) => kinds(x.records[port]!, RecordKind.Gap) as GapMarker[];

async function untilTicks(x: Harness, atLeast: number, what: string): Promise<void> {
  await waitFor(() => {
    x.poll();
    return ticksIn(x, 'recorder').length >= atLeast;
  }, what);
}

describe('exchange connection against the simulator', () => {
  it('subscribes every symbol and routes each tick to shard symbolId % shards, then to the recorder', async () => {
    const x = okx();
    await untilTicks(x, 60, 'ticks');
    await waitFor(() => stats(x).breaker === 'closed' && stats(x).connection === 'open', 'open and confirmed');
    expect(simOkx().subscriptions).toBe(3);
    const s = stats(x);
    expect(s).toMatchObject({ connection: 'open', breaker: 'closed', connects: 1, subscribedSymbols: 3, url: sim.urls.okx });
    expect(s.connectedSince).toBe(0);
    x.poll();
    const shardTicks = [...ticksIn(x, 'shard0'), ...ticksIn(x, 'shard1')];
    for (const t of ticksIn(x, 'shard0')) expect(t.symbolId % 2).toBe(0);
    for (const t of ticksIn(x, 'shard1')) expect(t.symbolId % 2).toBe(1);
    // Every tick reached both its shard and the recorder, in the same order per symbol.
    expect(shardTicks.length).toBe(ticksIn(x, 'recorder').length);
    expect(new Set(ticksIn(x, 'recorder').map((t) => t.symbolId))).toEqual(new Set([0, 1, 2]));
    expect(ticksIn(x, 'recorder').every((t) => t.exchangeId === ExchangeId.okx && t.bid > 0 && t.ask > 0)).toBe(true);
    expect(x.counter('ticksOut')).toBe(ticksIn(x, 'recorder').length);
    expect(x.counter('framesIn')).toBe(x.counter('dataFrames') + x.counter('controlFrames') + x.counter('rejected'));
    expect(gapsIn(x, 'recorder')).toEqual([]);
  });

  it('disconnect: gap marker to every output, breaker open for exactly the configured backoff, then reconnect and resubscribe', async () => {
    const x = okx();
    await untilTicks(x, 20, 'first ticks');
    await waitFor(() => stats(x).breaker === 'closed', 'confirmed');
    // Stay clear of the pacer: the backoff alone decides below.
    x.clock.increment(5_000);
    const before = ticksIn(x, 'recorder').length;

    expect(sim.disconnect('okx')).toBe(1);
    await waitFor(() => stats(x).breaker === 'open', 'breaker open after the disconnect');
    x.poll();
    expect(stats(x).connection).toBe('closed');
    expect(conn(x).reconnects.backoffMs).toBe(1000);
    // The gap marker, for all symbols, went to both shards and the recorder, after the last tick.
    for (const port of ['shard0', 'shard1', 'recorder']) {
      const last = x.records[port]!.at(-1)!;
      expect(last).toMatchObject({ kind: RecordKind.Gap, symbolId: kAllSymbols, exchangeId: ExchangeId.okx, epoch: 1 });
    }
    expect(x.counter('gapsWritten')).toBe(1);

    x.clock.increment(999);
    expect(conn(x).reconnects.breakerState).toBe('open');
    expect(x.counter('reconnects')).toBe(0);
    x.clock.increment(1);
    expect(conn(x).reconnects.breakerState).toBe('half_open');
    expect(x.counter('reconnects')).toBe(1);

    await waitFor(() => stats(x).breaker === 'closed' && stats(x).connection === 'open', 'reconnected and confirmed');
    await waitFor(() => simOkx().subscriptions === 3, 'resubscribed on the new socket');
    await untilTicks(x, before + 20, 'ticks after the reconnect');
    expect(stats(x)).toMatchObject({ connects: 2, subscribedSymbols: 3, connectedSince: 6000 });
    expect(x.counter('connects')).toBe(2);
    const actions = x.lines.filter((l) => l.action === 'breaker').map((l) => l.state);
    expect(actions).toEqual(['closed', 'open', 'half_open', 'closed']);
    // Per-connection sequence restarted with the new socket: the first tick after the gap has seq 0.
    const rec = x.records.recorder!;
    const gapAt = rec.findIndex((r) => r.kind === RecordKind.Gap);
    expect((rec[gapAt + 1] as Tick).seq).toBe(0);
  });

  it('refused reconnects: consecutive failures open the breaker at the threshold; waits grow as configured and cap, then it closes', async () => {
    const x = okx({ breaker: { failureThreshold: 2, initialMs: 500, maxMs: 3000, multiplier: 3, jitter: 0 } });
    await untilTicks(x, 10, 'first ticks');
    await waitFor(() => stats(x).breaker === 'closed', 'confirmed');
    sim.refuseConnections('okx', undefined, 503);
    sim.disconnect('okx');

    // Failure 1 of 2: the breaker stays closed and the retry goes at once, but
    // paced: OKX allows a new connection only 350 ms after the last attempt (at t=0).
    await waitFor(() => stats(x).connection === 'closed' && x.counter('gapsWritten') === 1, 'disconnect seen');
    expect(conn(x).reconnects.breakerState).toBe('closed');
    expect(conn(x).reconnects.nextAttemptAt).toBe(350);
    x.clock.increment(349);
    expect(x.counter('reconnects')).toBe(0);
    x.clock.increment(1);
    expect(x.counter('reconnects')).toBe(1);
    await waitFor(() => x.counter('connectFailures') === 1, 'refused attempt 1');
    expect(conn(x).reconnects.breakerState).toBe('open');

    const waits: number[] = [];
    for (let failures = 1; failures <= 4; failures++) {
      const wait = conn(x).reconnects.backoffMs;
      waits.push(wait);
      x.clock.increment(wait - 1);
      expect(conn(x).reconnects.breakerState).toBe('open');
      x.clock.increment(1);
      expect(conn(x).reconnects.breakerState).toBe('half_open');
      await waitFor(() => x.counter('connectFailures') === failures + 1, `refused attempt ${failures + 1}`);
      expect(conn(x).reconnects.breakerState).toBe('open');
    }
    expect(waits).toEqual([500, 1500, 3000, 3000]);
    expect(x.counter('gapsWritten')).toBe(1); // refused attempts never opened: no new gap

    sim.acceptConnections('okx');
    x.clock.increment(conn(x).reconnects.backoffMs);
    await waitFor(() => stats(x).breaker === 'closed' && stats(x).connection === 'open', 'closed again');
    expect(x.counter('reconnects')).toBe(6);
    expect(conn(x).reconnects.consecutiveFailures).toBe(0);
  });

  it('jitter spreads each wait as configured (random source injected)', async () => {
    const x = okx({ breaker: { failureThreshold: 1, initialMs: 1000, maxMs: 15_000, multiplier: 2, jitter: 0.2 } }, { random: () => 0 });
    await untilTicks(x, 5, 'first ticks');
    await waitFor(() => stats(x).breaker === 'closed', 'confirmed');
    sim.disconnect('okx');
    await waitFor(() => stats(x).breaker === 'open', 'open');
    expect(conn(x).reconnects.backoffMs).toBe(800); // 1000 × (1 - 0.2)
  });

  it('keeps the connection-rate limit with threshold > 1: back-to-back failures are spaced by the pacer', async () => {
    const x = okx({ breaker: { failureThreshold: 100, initialMs: 1000, maxMs: 15_000, multiplier: 2, jitter: 0 } });
    await untilTicks(x, 5, 'first ticks');
    sim.refuseConnections('okx', undefined, 429);
    sim.disconnect('okx');
    await waitFor(() => stats(x).connection === 'closed', 'closed');
    const attemptsAt: number[] = [];
    for (let i = 1; i <= 4; i++) {
      const due = conn(x).reconnects.nextAttemptAt!;
      x.clock.set(due);
      attemptsAt.push(x.clock.now());
      await waitFor(() => x.counter('connectFailures') === i, `refusal ${i}`);
    }
    expect(attemptsAt).toEqual([350, 700, 1050, 1400]);
    expect(conn(x).reconnects.breakerState).toBe('closed');
  });

  it('drain closes the socket cleanly with a gap marker and never reconnects', async () => {
    const x = okx();
    await untilTicks(x, 5, 'first ticks');
    await x.connector.drain();
    x.poll();
    expect(x.records.recorder!.at(-1)).toMatchObject({ kind: RecordKind.Gap, symbolId: kAllSymbols });
    expect(stats(x).connection).toBe('closed');
    x.clock.increment(60_000);
    expect(x.counter('reconnects')).toBe(0);
    await waitFor(() => simOkx().connections === 0, 'server saw the close');
  });

  it('a restarted actor (incarnation > 1) starts with a gap marker for the time it was down', async () => {
    const x = okx({}, { incarnation: 2, start: false });
    x.poll();
    for (const port of ['shard0', 'shard1', 'recorder']) {
      expect(x.records[port]).toEqual([expect.objectContaining({ kind: RecordKind.Gap, symbolId: kAllSymbols })]);
    }
  });

  it('Bybit: a sequence reset writes a gap marker for that symbol before its ticks', async () => {
    h = startHarness({ config: { exchange: 'bybit', url: sim.urls.bybit!, symbols: kSymbols } });
    const x = h;
    await untilTicks(x, 30, 'bybit ticks');
    sim.resetSequences('bybit');
    await waitFor(() => {
      x.poll();
      return x.counter('seqGaps') >= 1 && gapsIn(x, 'recorder').length >= 1;
    }, 'sequence break seen');
    const rec = x.records.recorder!;
    const i = rec.findIndex((r) => r.kind === RecordKind.Gap);
    const gap = rec[i] as GapMarker;
    expect(gap.symbolId).not.toBe(kAllSymbols);
    // The marker precedes a tick of the same symbol flagged as a reset.
    const next = rec.slice(i + 1).find((r) => r.kind === RecordKind.Tick && r.symbolId === gap.symbolId) as Tick;
    expect(next.flags & 0x20).toBe(0x20);
    expect(gapsIn(x, `shard${gap.symbolId % 2}`).some((g) => g.symbolId === gap.symbolId)).toBe(true);
    expect(stats(x).connection).toBe('open'); // a sequence break is not a reason to reconnect
  });
});

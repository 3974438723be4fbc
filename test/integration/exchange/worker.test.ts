import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ExchangeActorConfig } from '../../../actors/exchange/config.js';
import type { ExchangeActorStats } from '../../../actors/exchange/exchange-connector.js';
import { exchangeCounterNames } from '../../../actors/exchange/counters.js';
import { startSimulator, type SimulatorHandle } from '../../../actors/simulator/simulator-server.js';
import { ExchangeId } from '../../../src/market/exchange-ids.js';
import { openDeadLetterStore } from '../../../src/market/store/dead-letter-store.js';
import { readRecord } from '../../../src/market/tick-codec.js';
import { RecordKind } from '../../../src/market/tick-layout.js';
import { kAllSymbols, type MarketRecord } from '../../../src/market/tick.js';
import { ActorSystem, Topology } from '../../../src/runtime/index.js';
import { captureLog } from '../../support/log-capture.js';
import { waitFor } from '../../support/wait-for.js';

// The real worker entry (actors/exchange/connection-actor.ts) under the
// runtime: an ActorSystem with the exchange actor and a host-thread endpoint
// reading its three rings, against the simulator on 127.0.0.1. Real clock:
// the breaker's backoff is set short, and the test waits on conditions only.
const kSymbols = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT'];
const kActor = 'exchange.okx';

let sim: SimulatorHandle | undefined;
let system: ActorSystem | undefined;
let dir: string | undefined;

afterEach(async () => {
  await system?.terminate();
  system = undefined;
  await sim?.stop();
  sim = undefined;
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

describe('exchange actor in a worker under the runtime', () => {
  it('ticks reach shards and recorder; a disconnect gives a gap marker and a reconnect; bad frames are counted and stored; a crash restarts it with a gap; drain is clean', async () => {
    sim = await startSimulator({ symbols: kSymbols, exchanges: ['okx'], rate: 200, seed: 5 });
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rm-exchange-worker-'));
    const config: ExchangeActorConfig = {
      exchange: 'okx',
      url: sim.urls.okx!,
      symbols: kSymbols,
      shardCount: 2,
      staleAfterMs: 10_000,
      maxFrameBytes: 16 * 1024,
      breaker: { failureThreshold: 1, initialMs: 20, maxMs: 200, multiplier: 2, jitter: 0 },
      deadLetters: { path: dir, maxPerSource: 10 },
      logMaxRepeatsPerMinute: 10,
      deadLetterFlushMs: 20,
    };
    const topology = new Topology()
      .actor({
        name: kActor,
        entry: new URL('../../../actors/exchange/connection-actor.ts', import.meta.url).href,
        counters: exchangeCounterNames(),
        config,
        child: { heartbeat: { intervalMs: 200, ttlMs: 5000 }, backoff: { initialMs: 10, maxMs: 50, jitter: 0 } },
      })
      .endpoint('host')
      .connect(`${kActor}.shard0`, 'host.shard0', { capacity: 4096, policy: 'conflate' })
      .connect(`${kActor}.shard1`, 'host.shard1', { capacity: 4096, policy: 'conflate' })
      .connect(`${kActor}.recorder`, 'host.recorder', { capacity: 4096, policy: 'block', blockTimeoutMs: 50 });
    const { log } = captureLog();
    system = new ActorSystem({ topology, log, chaos: true });
    await system.start();
    const sys = system;
    const got: Record<string, MarketRecord[]> = { shard0: [], shard1: [], recorder: [] };
    sys.consume('host', (view, off, port) => got[port]!.push(readRecord(view, off)));
    const counter = (name: string) => sys.counters()[`${kActor}.${name}`] ?? 0;
    const actorStats = async () => (await sys.stats(kActor))?.actor as unknown as ExchangeActorStats;
    const gaps = (port: string) => got[port]!.filter((r) => r.kind === RecordKind.Gap);

    // 1. Ticks flow, routed by symbol.
    await waitFor(() => got.recorder!.length >= 100, 'ticks on the host');
    for (const [port, shard] of [['shard0', 0], ['shard1', 1]] as const) {
      const ticks = got[port]!.filter((r) => r.kind === RecordKind.Tick);
      expect(ticks.length).toBeGreaterThan(0);
      expect(ticks.every((t) => t.symbolId % 2 === shard)).toBe(true);
    }
    expect(got.recorder!.every((r) => r.kind === RecordKind.Tick && r.exchangeId === ExchangeId.okx)).toBe(true);
    const s1 = await actorStats();
    expect(s1).toMatchObject({ connection: 'open', breaker: 'closed', connects: 1, subscribedSymbols: 3, url: sim.urls.okx });
    expect(s1.lastDataAtMs).toBeGreaterThan(0);
    expect(s1.connectedSince).toBeGreaterThan(0);

    // 2. Disconnect: a gap marker on every output, then a reconnect with resubscription.
    sim.disconnect('okx');
    await waitFor(() => gaps('recorder').length === 1 && gaps('shard0').length === 1 && gaps('shard1').length === 1, 'gap markers');
    expect(gaps('recorder')[0]).toMatchObject({ symbolId: kAllSymbols, exchangeId: ExchangeId.okx, epoch: 1 });
    await waitFor(() => counter('connects') === 2, 'reconnected');
    await waitFor(async () => (await actorStats()).breaker === 'closed' && sim!.stats().exchanges.okx!.subscriptions === 3, 'resubscribed');
    const afterGap = got.recorder!.length;
    await waitFor(() => got.recorder!.length >= afterGap + 50, 'ticks after the reconnect');
    expect(counter('reconnects')).toBe(1);
    expect(counter('gapsWritten')).toBe(1);

    // 3. Malformed frames: counted by reason, kept in the LMDB dead-letter store; data keeps flowing.
    sim.sendMalformed('okx', 6);
    await waitFor(() => counter('rejected') === 6, 'rejections counted');
    expect(counter('reject_binary_frame')).toBe(1);
    expect(counter('reject_unknown_symbol')).toBe(1);
    await waitFor(async () => (await actorStats()).deadLetters.written === 6, 'dead letters written');
    const flowing = got.recorder!.length;
    await waitFor(() => got.recorder!.length >= flowing + 50, 'ticks after the bad frames');

    // 4. A crash: the supervisor starts a new incarnation, which marks the outage with a gap and reconnects.
    await sys.inject(kActor, 'crash');
    await waitFor(() => sys.actors().find((a) => a.name === kActor)?.incarnation === 2 && counter('connects') === 3, 'restarted and connected');
    await waitFor(() => gaps('recorder').length === 2, 'restart gap');
    const beforeDrain = got.recorder!.length;
    await waitFor(() => got.recorder!.length >= beforeDrain + 20, 'ticks from the new incarnation');

    // 5. Counters agree with what arrived; drain closes cleanly with a final gap.
    const report = await sys.stop();
    expect(report.actors[kActor]).toMatchObject({ drained: true, exitCode: 0 });
    expect(report.clean).toBe(true);
    const recorderTicks = got.recorder!.filter((r) => r.kind === RecordKind.Tick).length;
    expect(counter('ticksOut')).toBe(recorderTicks);
    expect(gaps('recorder')).toHaveLength(3);
    expect(got.recorder!.at(-1)).toMatchObject({ kind: RecordKind.Gap, symbolId: kAllSymbols });
    expect(counter('framesIn')).toBe(counter('dataFrames') + counter('controlFrames') + counter('rejected'));
    await waitFor(() => sim!.stats().exchanges.okx!.connections === 0, 'socket closed');

    // The worker closed its LMDB handle; `ringmaster dlq list` reads the same directory.
    const store = openDeadLetterStore({ path: dir });
    try {
      const kept = store.list({ source: 'okx' });
      expect(kept).toHaveLength(6);
      expect(new Set(kept.map((e) => e.reason))).toContain('binary_frame');
    } finally {
      await store.close();
    }
  });
});

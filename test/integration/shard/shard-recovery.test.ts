import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { ShardActorOptions } from '../../../actors/shard/shard-options.js';
import type { ShardActorStats } from '../../../actors/shard/shard-stats.js';
import { RecordKind } from '../../../src/market/tick-layout.js';
import type { ActorSystem } from '../../../src/runtime/index.js';
import { allocateGate, openGate } from '../../fixtures/shard/replay-producer-config.js';
import { ReferenceShard } from '../../fixtures/shard/reference-shard.js';
import { generateStream, type StreamSpec } from '../../fixtures/shard/tick-stream.js';
import { captureLog } from '../../support/log-capture.js';
import { waitFor } from '../../support/wait-for.js';
import { kShardName, shardSystem } from './shard-system.js';

// Issue 4's Show: kill a shard under load; it recovers its windows from the
// recorder's store, and its stats afterwards equal those of a reference that
// was never killed, over the same ticks.
//
// The feed writes every run to a real LMDB store before the shard's rings
// get it (as the recorder commits it), and keeps the shard's input order
// equal to the stream's (replay-producer.ts), so a reference ShardCore fed
// the same records in this thread is the never-killed shard. Two failures:
//   1. `kill` (worker terminated from outside) at a moment of the load's
//      choosing, while records stream in;
//   2. `crash` (uncaught throw) right after the store received a whole run
//      that the shard's ring has not: the restarted shard restores that run
//      from the store, then meets every record of it again in its ring and
//      must skip each one (recovery-fence.ts), or its windows count it twice.
// After each recovery, and at the end of the stream, the shard's window stats
// (stats() snapshot, over RPC) equal the reference's exactly.

let system: ActorSystem | undefined;
let dir: string | undefined;
afterEach(async () => {
  // Graceful first: the feed holds the LMDB store open and must close it before its thread ends.
  await system?.stop(5000).catch(() => undefined);
  await system?.terminate();
  system = undefined;
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

const T0 = 1_750_000_000_000_000;

function shardConfig(recorderPath: string): ShardActorOptions {
  return {
    index: 0, count: 2,
    symbols: ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'XRP-USDT', 'ADA-USDT', 'DOGE-USDT', 'DOT-USDT', 'LTC-USDT'],
    exchanges: ['binance', 'bybit', 'okx'],
    // 4 owned symbols x 6 pairs = 24 windows against a cap of 18: the rare 4th symbol's windows take
    // the slots of the least recently updated ones; 500 ms windows over a 6 s stream evict by time,
    // and busy pairs fill 256 points sooner and evict by capacity.
    windowMs: 500, windowCapacity: 256, maxWindows: 18, maxQuoteAgeMs: 40,
    debounceMs: 20, bypassBps: 2, batchMaxUpdates: 16, batchMaxDelayMs: 5, staleAfterMs: 60_000,
    recorderPath, clock: 'data',
  };
}

const stream: StreamSpec = {
  seed: 11, records: 16_000, symbolIds: [0, 2, 4, 6], symbolWeights: [1, 1, 1, 0.01], exchangeIds: [1, 2, 3], t0: T0, meanStepUs: 350, maxRun: 90,
  gapRate: 0.001, crossedRate: 0.01,
};

describe('shard restart recovery from the recorder store', () => {
  it('a killed and a crashed shard rebuild the windows of a shard that never died', async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shard-rec-'));
    const config = shardConfig(dir);
    const { records, runs } = generateStream(stream);
    const N = records.length;
    const ticksBefore = (k: number) => records.slice(0, k).filter((r) => r.kind === RecordKind.Tick).length;
    // The run held back from the ring while the store has it: the first long one past 60 % of the stream.
    const held = runs.find((r) => r.start >= 0.6 * N && r.end - r.start >= 20)!;
    const [K1, K2] = [held.start, held.end];
    const { sab, gate } = allocateGate(K1, K1);

    const { log, lines } = captureLog();
    const s = (system = shardSystem({ shard: config, feed: { stream, storePath: dir, gate: sab }, log }));
    s.consume('host', () => {});
    await s.start();
    const counter = (name: string) => s.counters()[name] ?? 0;
    const shard = () => s.actors().find((a) => a.name === kShardName)!;
    const stats = async () => (await s.stats(kShardName))!.actor as unknown as ShardActorStats;
    const inputsDrained = () => Object.entries(s.rings()).every(([name, r]) => !name.startsWith('feed.') || r.fill === 0);
    const runningAgain = (incarnation: number) => () => shard().state === 'running' && shard().incarnation === incarnation;

    // The feed starts first and may have stored its first run before the shard's first recovery ran.
    const atStart = await stats();
    expect(atStart.recovery.state).toMatch(/^(done|skipped)$/);

    // 1. Kill under load.
    await waitFor(() => counter(`${kShardName}.ticksIn`) >= 0.25 * N, 'a quarter of the stream through the shard');
    await s.inject(kShardName, 'kill');
    await waitFor(runningAgain(2), 'the killed shard to run again');
    await waitFor(() => counter('feed.sent') === K1 && inputsDrained(), 'the stream up to the held run through the shard');
    const afterKill = await stats();
    expect(afterKill.recovery.state).toBe('done');
    expect(afterKill.recovery.ticks).toBeGreaterThanOrEqual(0.25 * ticksBefore(N) * 0.9);
    expect(afterKill.snapshot.nowUs).toBe(records[K1 - 1]!.recvTs);
    expect(afterKill.snapshot.windows).toEqual(new ReferenceShard(config).feed(records, 0, K1).rows());
    expect(afterKill.snapshot.windows.length).toBe(18);

    // 2. The store gets the held run, the ring does not; crash the shard.
    openGate(gate, K2, K1);
    await waitFor(() => counter('feed.stored') === K2, 'the held run in the store');
    await s.inject(kShardName, 'crash');
    await waitFor(runningAgain(3), 'the crashed shard to run again');
    const afterCrash = await stats();
    expect(afterCrash.state).toBe('ok');
    expect(afterCrash.recovery.state).toBe('done');
    // The data clock restores everything stored: every tick up to the end of the held run.
    expect(afterCrash.recovery.ticks).toBe(ticksBefore(K2));
    expect(afterCrash.recovery.gaps).toBe(K2 - ticksBefore(K2));
    expect(afterCrash.recovery.duplicatesSkipped).toBe(0);
    const ref = new ReferenceShard(config).feed(records, 0, K2);
    expect(afterCrash.snapshot.nowUs).toBe(records[K2 - 1]!.recvTs);
    expect(afterCrash.snapshot.windows).toEqual(ref.rows());

    // 3. The ring now delivers the held run, which the shard restored already: it must change nothing.
    openGate(gate, K2, K2);
    await waitFor(() => counter('feed.sent') === K2 && inputsDrained(), 'the held run through the shard');
    const afterHeld = await stats();
    expect(afterHeld.snapshot.nowUs).toBe(records[K2 - 1]!.recvTs);
    expect(afterHeld.snapshot.windows).toEqual(ref.rows());
    expect(afterHeld.recovery.duplicatesSkipped).toBe(K2 - K1);

    // 4. The rest of the stream.
    openGate(gate, N, N);
    await waitFor(() => counter('feed.sent') === N && inputsDrained(), 'the whole stream through the shard');
    const atEnd = await stats();
    // Tick streams all passed their marks; a gap stream stays armed until its next live gap (rare).
    expect(atEnd.recovery.fenceArmedStreams).toBeLessThanOrEqual(3 * (4 + 1));
    expect(atEnd.snapshot.nowUs).toBe(records[N - 1]!.recvTs);
    expect(atEnd.snapshot.windows).toEqual(ref.feed(records, K2, N).rows());
    expect(atEnd.recovery.duplicatesSkipped).toBe(K2 - K1);
    expect(atEnd.health.evictions.windows).toBeGreaterThan(0);
    expect(atEnd.health.evictions.time).toBeGreaterThan(0);
    expect(atEnd.health.evictions.capacity).toBeGreaterThan(0);

    expect(counter(`${kShardName}.recoveredTicks`)).toBe(atStart.recovery.ticks + afterKill.recovery.ticks + afterCrash.recovery.ticks);
    expect(shard().restarts).toBe(2);
    const report = await s.stop();
    expect(report.clean).toBe(true);
    for (const [name, ring] of Object.entries(report.rings)) expect(ring.dropped, `${name} dropped`).toBe(0);
    const failures = lines.filter((l) => l.category === 'supervisor' && l.action === 'fail' && l.actor === kShardName).map((l) => l.reason);
    expect(failures).toHaveLength(2);
    expect(failures[1]).toBe('error');
  });
});

import { describe, expect, it } from 'vitest';
import { openTickStore } from '../../../src/market/store/tick-store.js';
import { captureLog } from '../../support/log-capture.js';
import { waitFor } from '../../support/wait-for.js';
import { buildRig, checkStore, kSymbols, kT0, type ProducerPlan, type Rig } from './recorder-rig.js';
import { rigPerTest } from './rig-per-test.js';

// Retention and the disk budget, at actor level: the real recorder worker
// under the runtime, fed by fixture producers.

const t = rigPerTest();

const kOldT0 = Date.UTC(2020, 0, 1) * 1000; // µs; far beyond a one-day retention
const kDayMs = 86_400_000;

async function recorderStats(r: Rig): Promise<Record<string, unknown>> {
  return (await r.system.stats('recorder'))?.actor ?? {};
}

describe('recorder: retention by age', () => {
  it('deletes records older than retentionMs in bounded chunks, off the hot path, and keeps the rest', async () => {
    const dir = t.dir();
    const recentT0 = Date.now() * 1000;
    const producers: ProducerPlan[] = [
      { port: 'binance', total: 4000, stream: { kind: 'exchange', exchangeId: 1, symbols: kSymbols.length, t0: kOldT0, gapEvery: 97 } },
      { port: 'bybit', total: 4000, stream: { kind: 'exchange', exchangeId: 2, symbols: kSymbols.length, t0: recentT0, gapEvery: 97 } },
      { port: 'shard0', total: 1000, stream: { kind: 'shard', index: 0, shards: 1, symbols: kSymbols.length, t0: kOldT0 } },
    ];
    const { log } = captureLog();
    const rig = t.track(buildRig({
      dir, log, producers, perTick: 50,
      recorder: { retentionMs: kDayMs, retentionIntervalMs: 50, retentionChunkRecords: 300 },
    }));
    const s = rig.system;
    await s.start();
    const old = 4000 + 1000;
    await waitFor(() => s.counters()['recorder.recordsCommitted'] === 9000 && s.counters()['recorder.pruned'] === old, 'every record committed and every old one pruned');

    const retention = (await recorderStats(rig))['retention'] as { lastRunAtMs: number | null; deletedTotal: number; chunks: number };
    expect(retention.lastRunAtMs).toEqual(expect.any(Number));
    expect(retention.deletedTotal).toBe(old);
    expect(retention.chunks, 'at most 300 deletes per transaction').toBeGreaterThanOrEqual(Math.ceil(old / 300));

    const report = await s.stop();
    expect(report.clean).toBe(true);
    const check = await checkStore(dir, producers, { binance: 4000, bybit: 4000, shard0: 1000 });
    expect(check.mismatches).toEqual([]);
    expect(check.perPort['binance']!.stored).toBe(0);
    expect(check.perPort['shard0']!.stored).toBe(0);
    expect(check.perPort['bybit']).toEqual({ stored: 4000, firstMissing: null, beyond: 0 });
    expect(check.ticks + check.spreads + check.gaps).toBe(4000);
  });
});

describe('recorder: disk budget', () => {
  it('refuses at the budget (loud in stats, nothing released, the edge blocks) and loses nothing once space frees', async () => {
    const dir = t.dir();
    const total = 40_000;
    const capacity = 4096;
    const producers: ProducerPlan[] = [
      { port: 'binance', total, stream: { kind: 'exchange', exchangeId: 1, symbols: kSymbols.length, t0: kT0, gapEvery: 97 } },
    ];
    const { log } = captureLog();
    const rig = t.track(buildRig({ dir, log, producers, perTick: 50, capacity, recorder: { diskBudgetBytes: kBudgetBytes, batchRecords: 500, batchMs: 10 } }));
    const s = rig.system;
    const ring = () => s.rings()[rig.ringOf('binance')]!;
    const committed = () => s.counters()['recorder.recordsCommitted'] ?? 0;
    await s.start();

    await waitFor(async () => (await recorderStats(rig))['refusing'] === true, 'the recorder to refuse at the budget', 30_000);
    const atRefusal = committed();
    expect(atRefusal).toBeGreaterThan(total / 2); // the budget fits most, not all
    expect(atRefusal).toBeLessThan(total);
    // Nothing released beyond what is committed; the ring fills and the producer waits.
    await waitFor(() => ring().fill === capacity, 'the ring to fill up');
    const refusedBefore = s.counters()['recorder.refused'] ?? 0;
    await waitFor(() => (s.counters()['recorder.refused'] ?? 0) >= refusedBefore + 2, 'two more refused attempts');
    expect(committed()).toBe(atRefusal);
    expect(ring().read).toBe(atRefusal);
    expect(ring().dropped).toBe(0);
    const stats = await recorderStats(rig);
    expect(stats).toMatchObject({ refusing: true, committedRecords: atRefusal, diskBudgetBytes: kBudgetBytes });
    expect(stats['diskBytes'] as number).toBeGreaterThanOrEqual(kBudgetBytes);
    expect(stats['stagedRecords'] as number).toBe(capacity);

    // Space frees (here: the oldest records pruned through another handle, as retention would).
    const pruneBelow = atRefusal - 1000;
    const store = openTickStore({ path: dir });
    while (store.pruneOlderThan(kT0 + pruneBelow, { maxDeletesPerChunk: 50_000 }).more) { /* next chunk */ }
    await store.close();

    await waitFor(() => committed() === total, 'the recorder to catch up once space freed');
    expect((await recorderStats(rig))['refusing']).toBe(false);
    const report = await s.stop();
    expect(report.clean).toBe(true);
    expect(ring()).toMatchObject({ written: total, read: total, dropped: 0 });
    const check = await checkStore(dir, producers, { binance: total }, { binance: pruneBelow });
    expect(check.mismatches).toEqual([]);
    expect(check.perPort['binance']).toEqual({ stored: total - pruneBelow, firstMissing: null, beyond: 0 });
    expect(check.ticks + check.gaps, 'nothing below the pruned mark, everything above it').toBe(total - pruneBelow);
  });
});

/** Live bytes that fit about 28 000 fixture records (measured: ~176 live bytes per record, leaf pages half full). */
const kBudgetBytes = 5_000_000;

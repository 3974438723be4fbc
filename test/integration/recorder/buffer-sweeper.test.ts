import { describe, expect, it } from 'vitest';
import { pino } from 'pino';
import { AsyncStoreWriter } from '../../../actors/recorder/async-store-writer.js';
import { BufferSweeper } from '../../../actors/recorder/buffer-sweeper.js';
import { resolveRecorderOptions } from '../../../actors/recorder/recorder-options.js';
import { encode, makeTicks } from '../store/store-fixtures.js';
import { waitFor } from '../../support/wait-for.js';
import { buildRig, standardProducers, tempDir } from './recorder-rig.js';

// lmdb-js's spent write buffers (64 KiB SharedArrayBuffers, ~50 bytes per
// put) are freed by V8 only in a full GC, which the recorder's heap hardly
// ever needs; the writer runs one when they pile up (buffer-sweeper.ts).

describe('BufferSweeper', () => {
  it('runs a full GC only once ArrayBuffer bytes grew past the slack since the last one', () => {
    let bytes = 100;
    let gcs = 0;
    const sweeper = new BufferSweeper(50, () => bytes, () => { gcs++; bytes = 110; });
    expect(sweeper.enabled).toBe(true);
    bytes = 149;
    sweeper.check();
    expect(gcs).toBe(0);
    bytes = 150;
    sweeper.check();
    expect(gcs).toBe(1);
    expect(sweeper.count).toBe(1);
    bytes = 159; // the limit is now what was left after the GC (110) plus the slack
    sweeper.check();
    expect(gcs).toBe(1);
    bytes = 160;
    sweeper.check();
    expect(gcs).toBe(2);
  });

  it('does nothing without a gc function, and refuses a bad slack', () => {
    let reads = 0;
    const sweeper = new BufferSweeper(1, () => { reads++; return 1e12; }, null);
    sweeper.check();
    expect(sweeper.enabled).toBe(false);
    expect(sweeper.count).toBe(0);
    expect(() => new BufferSweeper(0)).toThrow(/slackBytes/);
  });

  it('gets V8\'s gc function here without leaving a global gc behind', () => {
    const before = typeof (globalThis as { gc?: unknown }).gc;
    expect(new BufferSweeper().enabled).toBe(true);
    expect(typeof (globalThis as { gc?: unknown }).gc).toBe(before);
  });
});

describe('AsyncStoreWriter: checks for spent buffers after every batch and every retention chunk', () => {
  it('asks its sweeper once per write and per prune, while the puts are queued', async () => {
    const { dir, remove } = tempDir();
    let bytes = 0;
    let gcs = 0;
    // Every check sees 1 MiB more than the last; a GC at every 2 MiB.
    const sweeper = new BufferSweeper(2 * 2 ** 20, () => (bytes += 2 ** 20), () => { gcs++; });
    const writer = new AsyncStoreWriter(resolveRecorderOptions({
      path: dir, batchRecords: 100, batchMs: 50, retentionMs: 0, diskBudgetBytes: 0, dlqMaxPerSource: 1,
      mapSizeBytes: 64 * 2 ** 20, symbols: [], durability: 'os',
    }), sweeper);
    try {
      const checksAtStart = bytes / 2 ** 20; // the constructor's own reading
      for (let k = 0; k < 6; k++) {
        const r = await writer.write(new Uint8Array(encode(makeTicks(100, { t0: 1.7e15 + k * 100, seq0: k * 100 }))));
        expect(r.ok).toBe(true);
      }
      expect(bytes / 2 ** 20 - checksAtStart).toBeGreaterThanOrEqual(6);
      expect((await writer.prune(2e15, 1000)).deleted).toBe(600);
      const checks = bytes / 2 ** 20 - checksAtStart;
      expect(checks).toBeGreaterThanOrEqual(7);
      expect(gcs).toBeGreaterThanOrEqual(2);
      expect(writer.fullGcs()).toBe(gcs);
    } finally {
      await writer.close();
      remove();
    }
  });
});

describe('recorder worker: ArrayBuffers stay bounded at a steady load', () => {
  // At ~90 k records/s (a busy production host, not a backlog) V8 ran no full
  // GC on its own in the recorder: its ArrayBuffers grew ~3.8 MiB/s for as
  // long as we measured (288 MiB after 70 s). With a 4 MiB slack the sweeper
  // keeps the growth to about that.
  it('~540 k records at ~90 k/s: ArrayBuffers stay within the slack of where they started', async () => {
    const { dir, remove } = tempDir();
    const producers = standardProducers({ exchanges: 3, shards: 2, perExchange: 108_000, perShard: 108_000 });
    const slack = 4 * 2 ** 20;
    const rig = buildRig({
      dir, log: pino({ level: 'warn' }), producers, perTick: 18, intervalMs: 1, capacity: 65_536,
      recorder: { batchRecords: 1000, batchMs: 50, durability: 'os', gcSlackBytes: slack },
    });
    const s = rig.system;
    try {
      await s.start();
      const arrayBuffers = async (): Promise<number> => ((await s.stats('recorder'))?.memory as { arrayBuffers: number }).arrayBuffers;
      const before = await arrayBuffers();
      let peak = before;
      await waitFor(async () => {
        peak = Math.max(peak, await arrayBuffers());
        return (s.counters()['recorder.recordsCommitted'] ?? 0) >= 540_000;
      }, 'every record committed', 60_000, 50);
      // Without the sweeper: ~50 B × 540 k = ~26 MiB of spent write buffers
      // whenever V8 runs no full GC of its own (most runs we measured, not all).
      expect(peak - before).toBeLessThan(slack + 6 * 2 ** 20);
      expect((await s.stats('recorder'))?.actor?.['fullGcs']).toEqual(expect.any(Number)); // the sweeper is on
    } finally {
      await s.terminate();
      remove();
    }
  });
});

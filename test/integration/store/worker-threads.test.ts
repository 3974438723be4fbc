import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { spawnWorker } from '../../../src/runtime/worker/spawn-worker.js';
import { openDeadLetterStore } from '../../../src/market/store/dead-letter-store.js';
import { openTickStore } from '../../../src/market/store/tick-store.js';
import { byTickKey, kT0, makeTicks, tempDir } from './store-fixtures.js';

describe('stores across threads', () => {
  it('two worker threads write the same environment while the main thread reads it', async () => {
    const { dir, remove } = tempDir();
    const reader = openTickStore({ path: dir });
    try {
      // Two writers with disjoint time ranges: LMDB serialises their transactions.
      const t0s = [kT0, kT0 + 1e9];
      const workers = t0s.map((t0, w) => spawnWorker(new URL('./store-worker.ts', import.meta.url), {
        workerData: { dir, batches: 5, batchSize: 400 * (w + 1), t0 },
      }));
      const results = await Promise.all(workers.map(async (w) => {
        const [msg] = (await once(w, 'message')) as [{ written: number; dlqId: string }];
        const [code] = (await once(w, 'exit')) as [number];
        return { ...msg, code };
      }));
      expect(results.map((r) => r.code)).toEqual([0, 0]);
      const want = t0s.flatMap((t0, w) => Array.from({ length: 5 }, (_, b) => {
        const size = 400 * (w + 1);
        return makeTicks(size, { t0: t0 + b * size, seq0: b * size });
      }).flat()).sort(byTickKey);
      expect([...reader.rangeTicks()]).toEqual(want);
      expect(reader.counts().ticks).toBe(2000 + 4000);
      expect(reader.lastCommit()).toMatchObject({ batches: 10, totalRecords: 2000 + 4000 });
      const dlq = openDeadLetterStore({ path: dir });
      try {
        expect(dlq.list({ source: 'worker' }).map((e) => e.id).sort()).toEqual(results.map((r) => r.dlqId).sort());
      } finally {
        await dlq.close();
      }
    } finally {
      await reader.close();
      remove();
    }
  });
});

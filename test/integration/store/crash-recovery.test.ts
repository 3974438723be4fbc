import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import type { Durability } from '../../../src/market/store/store-options.js';
import { openTickStore } from '../../../src/market/store/tick-store.js';
import type { Tick } from '../../../src/market/tick.js';
import { byTickKey, encode, kT0, makeTicks, tempDir } from './store-fixtures.js';

const kBatch = 2000; // crash-writer.ts's kCrashBatchSize (not imported: importing would run the child's main)
const here = path.dirname(fileURLToPath(import.meta.url));
const repoRoot = path.resolve(here, '../../..');

/**
 * SIGKILLs a writer mid-load once it has reported `killAfter` committed
 * batches; resolves with the highest batch number it reported.
 */
function runAndKill(dir: string, durability: Durability, killAfter: number): Promise<number> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(here, 'crash-writer.ts'), dir, durability], {
      cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let lastReported = -1, buffered = '', stderr = '', killed = false;
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        const m = /^committed (\d+)$/.exec(line);
        if (m) lastReported = Number(m[1]);
        else if (line.startsWith('failed')) reject(new Error(line));
        if (!killed && lastReported + 1 >= killAfter) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      if (signal === 'SIGKILL' && killed) resolve(lastReported);
      else reject(new Error(`writer exited on its own (code ${code}, signal ${signal}) before the kill: ${stderr}`));
    });
  });
}

function batchOf(t: Tick): number {
  return Math.floor((t.recvTs - kT0) / kBatch);
}

describe.each<Durability>(['fsync', 'os'])('a writer killed with SIGKILL mid-load (durability %s)', (durability) => {
  it('leaves a consistent store holding every reported batch, whole, and at most one more', async () => {
    const { dir, remove } = tempDir();
    try {
      const lastReported = await runAndKill(dir, durability, 25);
      expect(lastReported).toBeGreaterThanOrEqual(24);

      const store = openTickStore({ path: dir, durability });
      try {
        const perBatch = new Map<number, number>();
        let n = 0;
        for (const t of store.rangeTicks()) {
          perBatch.set(batchOf(t), (perBatch.get(batchOf(t)) ?? 0) + 1);
          n++;
        }
        const batches = [...perBatch.keys()].sort((a, b) => a - b);
        // Atomic batches: each present batch is complete.
        expect([...perBatch.values()].every((c) => c === kBatch)).toBe(true);
        // Contiguous from 0, every reported batch present, at most the one in flight beyond.
        expect(batches).toEqual(batches.map((_, i) => i));
        expect(batches.length - 1).toBeGreaterThanOrEqual(lastReported);
        expect(batches.length - 1).toBeLessThanOrEqual(lastReported + 1);
        // Internal consistency: counts, commit stamp and contents agree.
        expect(store.counts().ticks).toBe(n);
        expect(store.lastCommit()).toMatchObject({ batches: batches.length, totalRecords: n });
        const expected = batches.flatMap((b) => makeTicks(kBatch, { symbols: 8, exchanges: 3, t0: kT0 + b * kBatch, seq0: b * kBatch }));
        expect([...store.rangeTicks({ symbolId: 5 })]).toEqual(expected.filter((t) => t.symbolId === 5).sort(byTickKey));
        // And it takes new writes where the dead writer stopped.
        expect(store.writeBatch(encode(makeTicks(10, { t0: kT0 + 1e9 })))).toMatchObject({ ok: true, ticks: 10 });
        expect(store.lastCommit()).toMatchObject({ batches: batches.length + 1 });
      } finally {
        await store.close();
      }
    } finally {
      remove();
    }
  });
});

import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { openTickStore } from '../../../src/market/store/tick-store.js';
import { kHostCapacity, kHostRecorder, kHostShape, kKillRunTotals } from './recorder-host-plan.js';
import { checkStore, kSymbols, standardProducers, tempDir } from './recorder-rig.js';

// SIGKILL of the whole process mid-load, then a restart (issue 5). A child
// process runs the real recorder and five producers (recorder-host.ts) and
// reports what was written to each ring, released and committed every 10 ms;
// the test kills it with SIGKILL under load. Shown: the store opens and is
// consistent; per stream and symbol it holds a contiguous prefix of what was
// written, bit-exact, covering at least everything released before the last
// report; the loss is within the configured bound (what a ring can hold
// unreleased, rings.exchangeToRecorder.capacity; in time, batchMs plus a
// commit). Then the host runs again over the same store to completion and
// stops cleanly: every record is there exactly once.
//
// Why per symbol: the recorder keeps two batches in flight and puts each
// batch grouped by symbol (src/market/store/symbol-grouping.ts), and lmdb-js
// may end a transaction inside the newer batch (where its write thread
// caught up with the puts). Killed right after such a transaction, a stream
// holds, for each symbol, a prefix of that symbol's records, but the cut
// points of its symbols differ by at most the two batches in flight.

const host = fileURLToPath(new URL('./recorder-host.ts', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../..', import.meta.url));

interface Snapshot {
  readonly written: Record<string, number>;
  readonly released: Record<string, number>;
  readonly committed: number;
  readonly stopped?: boolean;
  readonly clean?: boolean;
}

/** Runs the host; calls `until` on every report and SIGKILLs the host when it returns true. Resolves with the last report and how it ended. */
function runHost(dir: string, mode: 'kill' | 'complete', totals: { perExchange: number; perShard: number }, until: (s: Snapshot) => boolean): Promise<{ last: Snapshot; code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', host, dir, mode, String(totals.perExchange), String(totals.perShard)], {
      cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let last: Snapshot | undefined, buffered = '', stderr = '', killed = false;
    const timer = setTimeout(() => { child.kill('SIGKILL'); reject(new Error(`host did not finish in 60 s: ${stderr}`)); }, 60_000);
    child.stderr.on('data', (d: Buffer) => { stderr += d.toString(); });
    child.stdout.on('data', (d: Buffer) => {
      buffered += d.toString();
      let nl: number;
      while ((nl = buffered.indexOf('\n')) >= 0) {
        const line = buffered.slice(0, nl);
        buffered = buffered.slice(nl + 1);
        if (!line.startsWith('{"written"') && !line.startsWith('{"stopped"')) continue;
        if (killed) continue;
        last = JSON.parse(line) as Snapshot;
        if (mode === 'kill' && until(last)) {
          killed = true;
          child.kill('SIGKILL');
        }
      }
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      if (last === undefined) reject(new Error(`host reported nothing (code ${code}, signal ${signal}): ${stderr}`));
      else resolve({ last, code, signal });
    });
  });
}

let cleanup: (() => void) | undefined;
afterEach(() => {
  cleanup?.();
  cleanup = undefined;
});

describe('recorder: SIGKILL of the whole process mid-load, then a restart', () => {
  it('the store opens consistent, holds every released record, loses at most the unreleased tail; a restart completes it', async () => {
    const { dir, remove } = tempDir();
    cleanup = remove;
    const producers = standardProducers({ ...kHostShape, ...kKillRunTotals });
    const total = Object.fromEntries(producers.map((p) => [p.port, p.total]));

    const killed = await runHost(dir, 'kill', kKillRunTotals, (s) => s.committed >= 40_000);
    expect(killed.signal).toBe('SIGKILL');
    const last = killed.last;
    for (const p of producers) expect(last.written[p.port], `${p.port} still producing at the kill`).toBeLessThan(p.total);

    // Consistent: it opens, its counts agree with a full scan, and every record is accounted for.
    const store = openTickStore({ path: dir });
    const counts = store.counts();
    expect(store.symbolNames()).toEqual(kSymbols);
    await store.close();
    const check = await checkStore(dir, producers, total);
    expect(check.mismatches).toEqual([]);
    expect(check.strays).toBe(0);
    expect({ ticks: check.ticks, spreads: check.spreads, gaps: check.gaps }).toEqual(counts);

    let lostSinceReport = 0;
    for (const p of producers) {
      const { stored, firstMissing } = check.perPort[p.port]!;
      expect(firstMissing, `${p.port}: some records were still in flight`).not.toBeNull();
      // Per symbol a contiguous prefix: nothing of a symbol stored after its first hole.
      expect(check.afterHoleBySymbol[p.port], `${p.port}: per symbol a contiguous prefix`).toBe(0);
      // Across symbols, the cut points differ by at most the two batches in flight.
      expect(stored - firstMissing!, `${p.port}: stored beyond the stream's first hole`).toBeLessThanOrEqual(2 * kHostRecorder.maxBatchRecords);
      // Everything released (committed) before the last report is on disk.
      expect(stored, `${p.port}: every released record survived`).toBeGreaterThanOrEqual(last.released[p.port]!);
      // The loss bound: a ring holds at most `capacity` unreleased records.
      expect(last.written[p.port]! - stored, `${p.port}: loss within the ring's capacity`).toBeLessThanOrEqual(kHostCapacity);
      lostSinceReport += Math.max(0, last.written[p.port]! - stored);
    }
    expect(lostSinceReport).toBeLessThanOrEqual(producers.length * kHostCapacity);

    // Restart: the same host over the same store, run to completion (a little
    // past what the killed run stored) and stopped gracefully.
    const stored = (kind: 'exchange' | 'shard') => Math.max(...producers.filter((p) => p.stream.kind === kind).map((p) => check.perPort[p.port]!.stored));
    const again = { perExchange: stored('exchange') + 20_000, perShard: stored('shard') + 5_000 };
    const completed = await runHost(dir, 'complete', again, () => false);
    expect(completed.code).toBe(0);
    expect(completed.last).toMatchObject({ stopped: true, clean: true });
    const rerun = standardProducers({ ...kHostShape, ...again });
    const after = await checkStore(dir, rerun, Object.fromEntries(rerun.map((p) => [p.port, p.total])));
    expect(after.mismatches).toEqual([]);
    expect(after.strays).toBe(0);
    for (const p of rerun) expect(after.perPort[p.port], p.port).toEqual({ stored: p.total, firstMissing: null, beyond: 0 });
  });
});

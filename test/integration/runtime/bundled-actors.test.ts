import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bundleWorkerEntry, kWorkerEntries } from '../../../scripts/actor-bundles.js';
import { ActorSystem, Topology } from '../../../src/runtime/index.js';
import { captureLog } from '../../support/log-capture.js';
import { waitFor } from '../../support/wait-for.js';

// What `npm run build` does to every worker entry (scripts/actor-bundles.ts),
// done here to sources: the bundles must run as actors under the real
// supervisor, started directly (no tsx), and a restarted bundle must resume
// from the rings exactly where its predecessor stopped.

const kRoot = fileURLToPath(new URL('../../../', import.meta.url));
let outDir = '';

beforeAll(() => {
  outDir = mkdtempSync(path.join(os.tmpdir(), 'ringmaster-bundles-'));
});
afterAll(() => {
  rmSync(outDir, { recursive: true, force: true });
});

describe('actors bundled into one file each', () => {
  it('every worker entry of the build bundles, and none pulls in the host side of the runtime', async () => {
    const results = await Promise.all(kWorkerEntries.map((entry) => bundleWorkerEntry({ entry, inDir: kRoot, inExt: '.ts', outDir })));
    for (const r of results) {
      expect(r.bytes, r.entry).toBeGreaterThan(0);
      // The supervisor's pure backoff curve is shared with the exchange's breaker; the rest is host side.
      const hostSide = r.inputs.filter((i) => /src\/runtime\/(system\/|supervisor\/(?!backoff\.ts$)|index\.ts$)/.test(i));
      expect(hostSide, `${r.entry} loads host-side runtime modules`).toEqual([]);
    }
    // The bench victim is the bare worker side of the runtime: no state
    // machines, and no zod (the actor host reads commands without it).
    const victim = results.find((r) => r.entry.endsWith('restart-victim.actor'))!;
    expect(victim.inputs.filter((i) => /\/(xstate|zod)\/|src\/runtime\/machines\//.test(i))).toEqual([]);
  });

  it('a bundled consumer crashed three times resumes where it stopped: nothing lost, nothing twice', async () => {
    const [producer, consumer] = await Promise.all(
      ['test/fixtures/runtime/seq-producer', 'test/fixtures/runtime/seq-consumer'].map((entry) =>
        bundleWorkerEntry({ entry, inDir: kRoot, inExt: '.ts', outDir })),
    );
    const child = { heartbeat: { intervalMs: 50, ttlMs: 1500 }, backoff: { initialMs: 0, maxMs: 0, jitter: 0 } };
    const topology = new Topology()
      .actor({ name: 'p', entry: pathToFileURL(producer!.outfile).href, counters: ['produced'], config: { perTick: 40, intervalMs: 1 }, child })
      .actor({ name: 'c', entry: pathToFileURL(consumer!.outfile).href, counters: ['consumed', 'gaps', 'corrupt'], child })
      .connect('p.out', 'c.in', { capacity: 1024, policy: 'block', blockTimeoutMs: 5 });
    const { log, lines } = captureLog();
    const system = new ActorSystem({ topology, log, chaos: true });
    try {
      await system.start();
      const consumed = (): number => system.counters()['c.consumed'] ?? 0;
      for (let crash = 1; crash <= 3; crash++) {
        const before = consumed();
        await waitFor(() => consumed() > before + 500, `load before crash ${crash}`);
        await system.inject('c', 'crash');
        await waitFor(() => {
          const c = system.actors().find((a) => a.name === 'c')!;
          return c.state === 'running' && c.incarnation === crash + 1;
        }, `incarnation ${crash + 1} running`);
      }
      const before = consumed();
      await waitFor(() => consumed() > before + 500, 'load after the last restart');
      const report = await system.stop();
      expect(report.clean).toBe(true);
      const ring = report.rings['p.out->c.in']!;
      expect(ring.read).toBe(ring.written);
      expect(ring.dropped).toBe(0);
      expect(system.counters()['c.gaps']).toBe(0);
      expect(system.counters()['c.corrupt']).toBe(0);
      const fails = lines.filter((l) => l.category === 'supervisor' && l.action === 'fail');
      expect(fails.map((l) => [l.actor, l.reason])).toEqual([['c', 'error'], ['c', 'error'], ['c', 'error']]);
    } finally {
      await system.terminate();
    }
  });
});

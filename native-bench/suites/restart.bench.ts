import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { ActorSystem, Topology } from '../../src/runtime/index.js';
import { workerEntryExt } from '../../src/runtime/worker/worker-entry.js';
import type { Measurement } from '../report/aggregate.js';
import { summarizeLatency } from '../report/stats.js';
import type { BenchSuite } from './bench-suite.js';
import { BenchWorker } from './bench-workers.js';

/**
 * Restart latency through the real supervisor (ActorSystem, one_for_one),
 * kRestarts crashes per run of a consumer actor fed continuously by another:
 *   crash → running:       inject('crash') until the supervisor logs the
 *                          replacement's `ready` transition
 *   crash → first record:  until the replacement has handled a record (a
 *                          shared counter it bumps once per incarnation)
 * Backoff is 0 ms, so the figure is the mechanism (failure detection, spawn,
 * module load, init, ready), not the restart policy. The baseline is a bare
 * worker thread's start (spawn → first message), measured in the same run.
 * With 20 samples, p99 is the slowest restart of the run.
 */
const kSuite = 'restart';
const kRestarts = 20;
const kWaitLimitMs = 15_000;

const kNames = {
  running: (p: string) => `crash → replacement running ${p}`,
  firstRecord: (p: string) => `crash → first record processed ${p}`,
  bareWorker: (p: string) => `bare worker start ${p}`,
} as const;

// The actors start from their one-file bundles, as the host's actors do when
// compiled (src/runtime/worker/worker-entry.ts): the figure is the one a
// production restart sees.
const entry = (name: string): string => new URL(`../workers/${name}${workerEntryExt(import.meta.url)}`, import.meta.url).href;

export const restartSuite: BenchSuite = {
  name: kSuite,
  async prepare() {
    if (!existsSync(fileURLToPath(entry('restart-victim.actor')))) {
      return { ready: false, reason: 'bench actors are not built (run through `npm run bench`, whose build bundles them).' };
    }
    return { ready: true };
  },
  async runOnce() {
    const restarts = await measureRestarts();
    const bare = await measureBareWorkerStarts();
    const running = summarizeLatency(restarts.running);
    const first = summarizeLatency(restarts.firstRecord);
    const baseline = summarizeLatency(bare);
    const m = (name: string, value: number, baselineName?: string): Measurement => ({
      suite: kSuite, name, unit: 'ms', value, compareTo: baselineName === undefined ? [] : [{ name: baselineName }],
    });
    return {
      measurements: [
        m(kNames.running('p50'), running.p50, kNames.bareWorker('p50')),
        m(kNames.running('p99'), running.p99, kNames.bareWorker('p99')),
        m(kNames.firstRecord('p50'), first.p50, kNames.bareWorker('p50')),
        m(kNames.firstRecord('p99'), first.p99, kNames.bareWorker('p99')),
        m(kNames.bareWorker('p50'), baseline.p50),
        m(kNames.bareWorker('p99'), baseline.p99),
      ],
      notes: [`${kRestarts} crashes per run (uncaught throw in the worker, chaos 'crash'), backoff 0 ms; with ${kRestarts} samples p99 is the slowest of the run.`],
    };
  },
};

async function measureRestarts(): Promise<{ running: number[]; firstRecord: number[] }> {
  // The supervisor's transition lines are the event source: `ready` of the
  // victim marks the replacement running. Written synchronously by pino.
  let onReady: ((at: number) => void) | null = null;
  const log = pino({ level: 'info' }, {
    write(line: string) {
      if (onReady === null || !line.includes('"supervisor"')) return;
      const rec = JSON.parse(line) as { category?: string; action?: string; actor?: string };
      if (rec.category === 'supervisor' && rec.action === 'ready' && rec.actor === 'victim') onReady(performance.now());
    },
  });
  const topology = new Topology()
    .actor({ name: 'feeder', entry: entry('restart-feeder.actor') })
    .actor({
      name: 'victim',
      entry: entry('restart-victim.actor'),
      counters: ['firstRecords'],
      child: { backoff: { initialMs: 0, maxMs: 0, jitter: 0, resetAfterMs: 0 } },
    })
    .connect('feeder.out', 'victim.in', { capacity: 4096, policy: 'block' });
  const system = new ActorSystem({
    topology,
    log,
    chaos: true,
    tree: { name: 'root', intensity: { maxRestarts: 10 * kRestarts, withinMs: 1000 }, children: ['feeder', 'victim'] },
  });
  const running: number[] = [];
  const firstRecord: number[] = [];
  try {
    await system.start();
    await until(() => firstRecords(system) >= 1, 'the victim handles its first record');
    for (let i = 0; i < kRestarts; i++) {
      const ready = new Promise<number>((resolve) => { onReady = resolve; });
      const crashedAt = performance.now();
      await system.inject('victim', 'crash');
      const readyAt = await withLimit(ready, 'the replacement reports ready');
      onReady = null;
      await until(() => firstRecords(system) >= i + 2, 'the replacement handles a record');
      running.push(readyAt - crashedAt);
      firstRecord.push(performance.now() - crashedAt);
    }
  } finally {
    await system.stop(5_000).catch(() => system.terminate());
  }
  return { running, firstRecord };
}

async function measureBareWorkerStarts(): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < kRestarts; i++) {
    const started = performance.now();
    const worker = await BenchWorker.start('empty.worker', {});
    times.push(performance.now() - started);
    await worker.join();
  }
  return times;
}

function firstRecords(system: ActorSystem): number {
  return system.counters()['victim.firstRecords'] ?? 0;
}

/** Polls `done` on every event-loop turn (the supervisor needs the loop) until true. */
async function until(done: () => boolean, what: string): Promise<void> {
  const deadline = performance.now() + kWaitLimitMs;
  while (!done()) {
    if (performance.now() > deadline) throw new Error(`restart bench: timed out waiting until ${what}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}

async function withLimit<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const limit = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`restart bench: timed out waiting until ${what}`)), kWaitLimitMs);
  });
  try {
    return await Promise.race([promise, limit]);
  } finally {
    clearTimeout(timer);
  }
}

import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { kDefaultSymbols } from '../../src/host/config/index.js';
import { kExchangeNames } from '../../src/market/exchange-ids.js';
import { BenchWorker } from '../suites/bench-workers.js';
import { runLatencyPhase, type LatencyResult } from './latency-phase.js';
import { runPeerPhase, type PeerResult } from './peer-phase.js';
import { SimulatorChild } from './simulator-child.js';
import { runThroughputPhase, type PhaseContext, type ThroughputResult } from './throughput-phase.js';

/**
 * One e2e run: a simulator process, then three phases against it, one after
 * the other so they never share the two cores:
 *   1. throughput (throughput-phase.ts): ramp, sustain, shutdown at load;
 *   2. latency (latency-phase.ts): fixed rates and the max, restarts;
 *   3. baseline (peer-phase.ts): the conventional pipeline, same rates.
 * Working files live in a temp directory. The stores are removed after each
 * phase; the logs are removed after a clean run, and kept (named in the
 * notes, or in the error) after a failed check, a restart nobody injected,
 * or a throw.
 */
export const kLatencyRates = [10_000, 50_000, 100_000, 250_000] as const;

export interface E2eRunResult {
  readonly throughput: ThroughputResult;
  readonly latency: LatencyResult;
  /** The rates of latency.steps; the last is the max sustained rate (when one passed). */
  readonly latencyRates: readonly number[];
  readonly peer: PeerResult;
  readonly bareWorkerStartMs: number;
  /** The run's directory (host and simulator logs) when kept because a check failed. */
  readonly keptLogs: string | undefined;
  readonly shardCount: number;
}

export async function runE2e(options: { sustainSeconds: number; stepSeconds: number; log: (line: string) => void }): Promise<E2eRunResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ringmaster-e2e-'));
  const exchanges = [...kExchangeNames];
  const symbols = [...kDefaultSymbols];
  const sim = await SimulatorChild.start({ symbols, exchanges, logFile: path.join(dir, 'simulator.log') });
  const shardCount = 2; // the shipped default (shards.count)
  try {
    const ctx: PhaseContext = { sim, exchanges, symbols, dir, stepSeconds: options.stepSeconds, log: options.log };
    const throughput = await runThroughputPhase(ctx, options.sustainSeconds);
    rmSync(path.join(dir, 'data-throughput'), { recursive: true, force: true });

    const max = Math.round(throughput.maxSustainedRate / 1000) * 1000;
    const latencyRates = max > 0 ? [...kLatencyRates, max] : [...kLatencyRates];
    const latency = await runLatencyPhase(ctx, latencyRates, [
      { actor: `exchange.${exchanges[exchanges.length - 1]!}`, dataCounter: `exchange.${exchanges[exchanges.length - 1]!}.dataFrames` },
      { actor: 'shard.0', dataCounter: 'shard.0.ticksIn' },
      { actor: 'recorder', dataCounter: 'recorder.ticksCommitted' },
    ]);
    rmSync(path.join(dir, 'data-latency'), { recursive: true, force: true });

    const peer = await runPeerPhase(ctx, latencyRates, shardCount, options.sustainSeconds);
    const bareWorkerStartMs = await bareWorkerStart();
    await sim.stop();
    const suspicious = [...throughput.identity, ...latency.identity].some((row) => !row.ok)
      || throughput.unplannedRestarts.length > 0 || latency.unplannedRestarts.length > 0;
    if (!suspicious) rmSync(dir, { recursive: true, force: true });
    return { throughput, latency, latencyRates, peer, bareWorkerStartMs, shardCount, keptLogs: suspicious ? dir : undefined };
  } catch (err) {
    await sim.stop();
    const message = err instanceof Error ? err.message : String(err);
    throw new Error(`${message} (logs kept in ${dir})`);
  }
}

async function bareWorkerStart(): Promise<number> {
  const t0 = performance.now();
  const w = await BenchWorker.start('empty.worker', {});
  const ms = performance.now() - t0;
  await w.join();
  return ms;
}

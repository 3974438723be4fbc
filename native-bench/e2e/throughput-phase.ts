import path from 'node:path';
import type { ExchangeName } from '../../src/market/exchange-ids.js';
import { e2eConfig } from './e2e-config.js';
import { HostChild } from './host-child.js';
import { HostProbe, type ProbeWindow } from './host-probe.js';
import { checkLossIdentity, type IdentityRow } from './loss-identity.js';
import type { SimulatorChild } from './simulator-child.js';
import { judgeStep, type StepVerdict } from './step-judge.js';
import { StoreAudit } from './store-audit.js';
import { sleep, waitUntil } from './wait.js';

/**
 * Phase 1 of an e2e run: the shipped config (debounce 250 ms, fsync
 * recorder) fed by the simulator process over WebSockets.
 *
 *   ramp      rates in kRampRates, `stepSeconds` each, until a step fails
 *             (step-judge.ts); CPU per thread and RSS are read on every step
 *   sustain   the highest passing rate for `sustainSeconds`; on failure 15 %
 *             lower, at most twice more
 *   shutdown  at kShutdownRate: graceful shutdown, timed inside the host
 *   audit     the loss identity per exchange over the whole phase
 */
export const kRampRates = [50_000, 100_000, 150_000, 200_000, 250_000, 300_000, 400_000, 500_000] as const;
export const kShutdownRate = 100_000;
const kWarmRate = 3_000;
const kSettleMs = 1_000;

export interface RampStep {
  readonly targetRate: number;
  readonly window: ProbeWindow;
  readonly verdict: StepVerdict;
}

export interface ThroughputResult {
  readonly ramp: readonly RampStep[];
  /** The sustained step (the last tried), or undefined when no rate passed the ramp. */
  readonly sustain: RampStep | undefined;
  /** Ticks per second recorded during a passed sustain run; 0 when none passed. */
  readonly maxSustainedRate: number;
  readonly shutdownMs: number;
  readonly shutdownExitCode: number;
  readonly identity: readonly IdentityRow[];
  readonly startupMs: number;
}

export interface PhaseContext {
  readonly sim: SimulatorChild;
  readonly exchanges: readonly ExchangeName[];
  readonly symbols: readonly string[];
  readonly dir: string;
  readonly stepSeconds: number;
  readonly log: (line: string) => void;
}

export async function runThroughputPhase(ctx: PhaseContext, sustainSeconds: number): Promise<ThroughputResult> {
  const dataDir = path.join(ctx.dir, 'data-throughput');
  const host = await HostChild.start(e2eConfig({ dataDir, urls: ctx.sim.urls, exchanges: ctx.exchanges, symbols: ctx.symbols }), {
    logFile: path.join(ctx.dir, 'host-throughput.log'),
  });
  try {
    const probe = new HostProbe(host, ctx.sim, ctx.exchanges);
    await warmUp(ctx, host);

    const step = async (targetRate: number, seconds: number): Promise<RampStep> => {
      await ctx.sim.setTotalRate(targetRate);
      await sleep(kSettleMs);
      const a = await probe.read();
      await sleep(seconds * 1000);
      const b = await probe.read();
      const w = probe.window(a, b);
      const verdict = judgeStep({
        targetRate, sentRate: w.sentRate, processedRate: w.recordedRate, skipped: w.skipped,
        dropped: w.recorderDropped, backlog: w.recorderBacklog, capacity: w.recorderCapacity,
      });
      ctx.log(`throughput ${targetRate}/s: sent ${Math.round(w.sentRate)}/s, recorded ${Math.round(w.recordedRate)}/s, ${verdict.pass ? 'pass' : `FAIL: ${verdict.reason}`}`);
      return { targetRate, window: w, verdict };
    };

    const ramp: RampStep[] = [];
    for (const rate of kRampRates) {
      const s = await step(rate, ctx.stepSeconds);
      ramp.push(s);
      if (!s.verdict.pass) break;
    }

    let sustain: RampStep | undefined;
    let candidate = [...ramp].reverse().find((s) => s.verdict.pass)?.targetRate;
    for (let attempt = 0; candidate !== undefined && attempt < 3; attempt++) {
      await drainBacklog(ctx, probe, candidate);
      sustain = await step(candidate, sustainSeconds);
      if (sustain.verdict.pass) break;
      candidate = Math.round((candidate * 0.85) / 1000) * 1000;
    }
    const maxSustainedRate = sustain?.verdict.pass === true ? sustain.window.recordedRate : 0;

    await ctx.sim.setTotalRate(kShutdownRate);
    await sleep(2 * kSettleMs);
    const stopped = await host.shutdown('e2e: graceful shutdown at load');
    await ctx.sim.setTotalRate(0);
    const identity = await auditIdentity(dataDir, ctx, stopped.snapshot);
    return {
      ramp, sustain, maxSustainedRate, shutdownMs: stopped.durationMs, shutdownExitCode: stopped.exitCode, identity,
      startupMs: host.started.startupMs,
    };
  } finally {
    await ctx.sim.setTotalRate(0).catch(() => {});
    await host.stop();
  }
}

/** Every exchange connected and delivering: dataFrames > 0 each. */
export async function warmUp(ctx: PhaseContext, host: HostChild): Promise<void> {
  await ctx.sim.setTotalRate(kWarmRate);
  await waitUntil(async () => {
    const s = await host.snapshot();
    return ctx.exchanges.every((x) => (s.counters[`exchange.${x}.dataFrames`] ?? 0) > 0);
  }, 'every exchange delivering ticks', 30_000);
}

/** After a failed ramp step the recorder may be behind: run at `rate` until its backlog is small again. */
async function drainBacklog(ctx: PhaseContext, probe: HostProbe, rate: number): Promise<void> {
  await ctx.sim.setTotalRate(rate);
  await waitUntil(async () => {
    const r = await probe.read();
    const w = probe.window(r, r);
    return w.recorderBacklog < Math.max(1024, w.recorderCapacity / 16);
  }, 'the recorder backlog to drain', 60_000).catch(() => ctx.log('throughput: recorder backlog did not drain within 60 s'));
}

export async function auditIdentity(dataDir: string, ctx: PhaseContext, snapshot: { counters: Readonly<Record<string, number>>; rings: Readonly<Record<string, import('../../src/runtime/index.js').RingStats>> }, terminations?: Partial<Record<ExchangeName, number>>): Promise<IdentityRow[]> {
  const audit = StoreAudit.open({ path: dataDir, symbolCount: ctx.symbols.length, exchanges: ctx.exchanges });
  const store = audit?.counts() ?? {};
  await audit?.close();
  return checkLossIdentity({ exchanges: ctx.exchanges, counters: snapshot.counters, rings: snapshot.rings, store, ...(terminations === undefined ? {} : { terminations }) });
}

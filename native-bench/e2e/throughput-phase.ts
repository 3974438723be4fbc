import path from 'node:path';
import type { ExchangeName } from '../../src/market/exchange-ids.js';
import type { RingStats } from '../../src/runtime/index.js';
import { e2eConfig } from './e2e-config.js';
import { HostChild } from './host-child.js';
import { HostProbe, type ProbeWindow } from './host-probe.js';
import { checkLossIdentity, recorderEdge, type IdentityRow } from './loss-identity.js';
import { auditRestartLog } from './restart-log-audit.js';
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
 *   sustain   after the backlog of the failed step has drained, the highest
 *             passing rate for `sustainSeconds`; on failure 15 % lower, at
 *             most twice more
 *   shutdown  at kShutdownRate: graceful shutdown, timed inside the host;
 *             drops at the recorder edge counted from just before it
 *   audit     the loss identity per exchange over the whole phase (drops in
 *             an overloaded ramp step are counted, so they are accounted for)
 */
export const kRampRates = [100_000, 150_000, 200_000, 250_000, 300_000, 400_000, 500_000] as const;
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
  /** Ticks per second recorded in the best passing ramp step; 0 when none passed. */
  readonly rampMaxRate: number;
  readonly shutdownMs: number;
  /** Records dropped at the recorder edges from just before the shutdown to its end. */
  readonly shutdownDropped: number;
  readonly shutdownExitCode: number;
  readonly identity: readonly IdentityRow[];
  /** Supervisor `fail` lines during the phase (nothing is injected in it), e.g. a watchdog kill. */
  readonly unplannedRestarts: readonly string[];
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

    const best = [...ramp].reverse().find((s) => s.verdict.pass);
    let sustain: RampStep | undefined;
    let candidate = best?.targetRate;
    for (let attempt = 0; candidate !== undefined && attempt < 3; attempt++) {
      await drainBacklog(ctx, probe);
      sustain = await step(candidate, sustainSeconds);
      if (sustain.verdict.pass) break;
      candidate = Math.round((candidate * 0.85) / 1000) * 1000;
    }
    const maxSustainedRate = sustain?.verdict.pass === true ? sustain.window.recordedRate : 0;

    await drainBacklog(ctx, probe);
    await ctx.sim.setTotalRate(kShutdownRate);
    await sleep(2 * kSettleMs);
    const before = await host.snapshot();
    const stopped = await host.shutdown('e2e: graceful shutdown at load');
    await ctx.sim.setTotalRate(0);
    let shutdownDropped = 0;
    for (const x of ctx.exchanges) shutdownDropped += (recorderEdge(stopped.snapshot.rings, x)?.dropped ?? 0) - (recorderEdge(before.rings, x)?.dropped ?? 0);
    const identity = await auditIdentity(dataDir, ctx, stopped.snapshot);
    const unplannedRestarts = auditRestartLog([], await host.supervisorLines()).unplanned;
    return {
      ramp, sustain, maxSustainedRate, rampMaxRate: best?.window.recordedRate ?? 0,
      shutdownMs: stopped.durationMs, shutdownDropped, shutdownExitCode: stopped.exitCode, identity, unplannedRestarts,
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

/** After an overloaded step the rings hold a backlog: run at the warm-up rate until every ring is nearly empty. */
async function drainBacklog(ctx: PhaseContext, probe: HostProbe): Promise<void> {
  await ctx.sim.setTotalRate(kWarmRate);
  await waitUntil(async () => {
    const r = await probe.read();
    return Object.values(r.snapshot.rings).every((ring) => ring.fill < Math.max(256, ring.capacity / 64));
  }, 'the rings to drain', 60_000).catch(() => ctx.log('throughput: the rings did not drain within 60 s'));
}

/** The loss identity of a stopped host: its final counters and rings against what its store holds. */
export async function auditIdentity(
  dataDir: string,
  ctx: PhaseContext,
  snapshot: { readonly counters: Readonly<Record<string, number>>; readonly rings: Readonly<Record<string, RingStats>> },
): Promise<IdentityRow[]> {
  const audit = StoreAudit.open({ path: dataDir, symbolCount: ctx.symbols.length, exchanges: ctx.exchanges });
  const store = audit?.counts() ?? {};
  await audit?.close();
  return checkLossIdentity({ exchanges: ctx.exchanges, counters: snapshot.counters, rings: snapshot.rings, store });
}

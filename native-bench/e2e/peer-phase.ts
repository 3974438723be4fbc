import { cpuWindow, readCpu, type CpuWindow } from './cpu-meter.js';
import { measurePeerExchangeStart, PeerPipeline } from './peer/peer-pipeline.js';
import { rssBytes } from './proc-stats.js';
import { judgeStep } from './step-judge.js';
import { kRampRates, kShutdownRate, type PhaseContext } from './throughput-phase.js';
import { sleep } from './wait.js';

/**
 * Phase 3 of an e2e run: the baseline pipeline (peer/peer-pipeline.ts) on
 * the same simulator, same symbols, same shard count, at the same rates:
 * latency per step, CPU per thread at kShutdownRate, the ramp's highest
 * passing rate (same rule as ringmaster, processed = ticks the shards
 * handled; it has no recorder, so it cannot drop), shutdown at load, and
 * the start of one exchange worker until its first tick.
 */
export interface PeerLatencyStep {
  readonly targetRate: number;
  readonly sentRate: number;
  readonly latenciesUs: Float64Array;
}

export interface PeerResult {
  readonly steps: readonly PeerLatencyStep[];
  readonly maxRate: number;
  readonly cpuAtShutdownRate: { readonly exchanges: number; readonly shards: number; readonly process: number; readonly seconds: number } | undefined;
  readonly rssGrowthBytes: number;
  readonly shutdownMs: number;
  readonly exchangeStartMs: number;
}

const kSettleMs = 1_000;

export async function runPeerPhase(ctx: PhaseContext, rates: readonly number[], shardCount: number): Promise<PeerResult> {
  const rssBefore = rssBytes(process.pid) ?? Number.NaN;
  await ctx.sim.setTotalRate(kRampRates[0]);
  const venue = ctx.exchanges[ctx.exchanges.length - 1]!;
  const exchangeStartMs = await measurePeerExchangeStart(ctx.sim.urls[venue]!, venue, ctx.symbols);
  const peer = await PeerPipeline.start({ urls: ctx.sim.urls, venues: ctx.exchanges, symbols: ctx.symbols, shardCount });
  try {
    await peer.firstTicks();
    const steps: PeerLatencyStep[] = [];
    for (const rate of rates) {
      await ctx.sim.setTotalRate(rate);
      await sleep(kSettleMs);
      const s0 = await ctx.sim.totals();
      const t0 = performance.now();
      const latenciesUs = await peer.measureLatency(() => sleep(ctx.stepSeconds * 1000));
      const s1 = await ctx.sim.totals();
      steps.push({ targetRate: rate, sentRate: (s1.sent - s0.sent) / ((performance.now() - t0) / 1000), latenciesUs });
    }

    let maxRate = 0;
    let cpuAtShutdownRate: PeerResult['cpuAtShutdownRate'];
    for (const rate of kRampRates) {
      await ctx.sim.setTotalRate(rate);
      await sleep(kSettleMs);
      const threads = peer.threads();
      const named = new Map<string, number>();
      threads.exchanges.forEach((tid, i) => { if (tid > 0) named.set(`exchange${i}`, tid); });
      threads.shards.forEach((tid, i) => { if (tid > 0) named.set(`shard${i}`, tid); });
      const a = { s: await ctx.sim.totals(), p: peer.ticksProcessed(), at: performance.now(), cpu: readCpu(process.pid, named) };
      await sleep(ctx.stepSeconds * 1000);
      const b = { s: await ctx.sim.totals(), p: peer.ticksProcessed(), at: performance.now(), cpu: readCpu(process.pid, named) };
      const seconds = (b.at - a.at) / 1000;
      const sentRate = (b.s.sent - a.s.sent) / seconds;
      const processedRate = (b.p - a.p) / seconds;
      if (rate === kShutdownRate) cpuAtShutdownRate = roleCores(cpuWindow(a.cpu, b.cpu));
      const verdict = judgeStep({ targetRate: rate, sentRate, processedRate, skipped: b.s.skipped - a.s.skipped, dropped: 0, backlog: 0, capacity: 0 });
      ctx.log(`peer ${rate}/s: sent ${Math.round(sentRate)}/s, processed ${Math.round(processedRate)}/s, ${verdict.pass ? 'pass' : `FAIL: ${verdict.reason}`}`);
      if (!verdict.pass) break;
      maxRate = processedRate;
    }

    await ctx.sim.setTotalRate(kShutdownRate);
    await sleep(2 * kSettleMs);
    const rssGrowthBytes = (rssBytes(process.pid) ?? Number.NaN) - rssBefore;
    const shutdownMs = await peer.stop();
    return { steps, maxRate, cpuAtShutdownRate, rssGrowthBytes, shutdownMs, exchangeStartMs };
  } catch (err) {
    await peer.terminate();
    throw err;
  } finally {
    await ctx.sim.setTotalRate(0).catch(() => {});
  }
}

function roleCores(w: CpuWindow): { exchanges: number; shards: number; process: number; seconds: number } {
  let exchanges = 0;
  let shards = 0;
  for (const [name, cores] of w.cores) {
    if (name.startsWith('exchange')) exchanges += cores;
    else if (name.startsWith('shard')) shards += cores;
  }
  return { exchanges, shards, process: w.processCores, seconds: w.seconds };
}

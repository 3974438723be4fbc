import { cpuWindow, readCpu, type CpuWindow } from './cpu-meter.js';
import { measurePeerExchangeStart, PeerPipeline } from './peer/peer-pipeline.js';
import { rssBreakdown } from './proc-stats.js';
import { judgeStep, type StepVerdict } from './step-judge.js';
import { kRampRates, kShutdownRate, type PhaseContext } from './throughput-phase.js';
import { sleep, waitUntil } from './wait.js';

/**
 * Phase 3 of an e2e run: the baseline pipeline (peer/peer-pipeline.ts) on
 * the same simulator, same symbols, same shard count, put through the same
 * steps as ringmaster: latency at each rate, the ramp (CPU per thread read
 * at kShutdownRate), a sustain run at its best ramp rate, shutdown at load,
 * and the start of one exchange worker until its first tick. Same step rule
 * (step-judge.ts) with processed = ticks the shards handled; it has no
 * recorder, so it cannot drop, only fall behind.
 */
export interface PeerLatencyStep {
  readonly targetRate: number;
  readonly sentRate: number;
  readonly latenciesUs: Float64Array;
}

export interface PeerStep {
  readonly targetRate: number;
  readonly sentRate: number;
  readonly processedRate: number;
  readonly verdict: StepVerdict;
  readonly cpu: CpuWindow;
}

export interface PeerResult {
  readonly steps: readonly PeerLatencyStep[];
  readonly ramp: readonly PeerStep[];
  /** Ticks per second processed in the best passing ramp step; 0 when none passed. */
  readonly rampMaxRate: number;
  /** Ticks per second processed in a passed sustain run; 0 when none passed. */
  readonly sustainedRate: number;
  readonly cpuAtShutdownRate: { readonly exchanges: number; readonly shards: number; readonly process: number } | undefined;
  /** Growth of this (the bench's) process while the peer ran at kShutdownRate, bytes. */
  readonly rssGrowth: { readonly rss: number; readonly anon: number };
  readonly shutdownMs: number;
  readonly exchangeStartMs: number;
}

const kSettleMs = 1_000;
const kDrainRate = 3_000;

export async function runPeerPhase(ctx: PhaseContext, rates: readonly number[], shardCount: number, sustainSeconds: number): Promise<PeerResult> {
  const memBefore = rssBreakdown(process.pid);
  await ctx.sim.setTotalRate(kDrainRate);
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

    const step = async (rate: number, seconds: number): Promise<PeerStep> => {
      await ctx.sim.setTotalRate(rate);
      await sleep(kSettleMs);
      const named = peerThreads(peer);
      const a = { s: await ctx.sim.totals(), p: peer.ticksProcessed(), at: performance.now(), cpu: readCpu(process.pid, named) };
      await sleep(seconds * 1000);
      const b = { s: await ctx.sim.totals(), p: peer.ticksProcessed(), at: performance.now(), cpu: readCpu(process.pid, named) };
      const elapsed = (b.at - a.at) / 1000;
      const sentRate = (b.s.sent - a.s.sent) / elapsed;
      const processedRate = (b.p - a.p) / elapsed;
      const verdict = judgeStep({ targetRate: rate, sentRate, processedRate, skipped: b.s.skipped - a.s.skipped, dropped: 0, backlog: 0, capacity: 0 });
      ctx.log(`peer ${rate}/s: sent ${Math.round(sentRate)}/s, processed ${Math.round(processedRate)}/s, ${verdict.pass ? 'pass' : `FAIL: ${verdict.reason}`}`);
      return { targetRate: rate, sentRate, processedRate, verdict, cpu: cpuWindow(a.cpu, b.cpu) };
    };
    const drain = async (): Promise<void> => {
      await ctx.sim.setTotalRate(kDrainRate);
      // Caught up when the shards have processed every frame received so far (a few acks are not ticks).
      const received = peer.framesIn();
      await waitUntil(() => peer.ticksProcessed() >= received - 100, 'the peer queues to drain', 60_000)
        .catch(() => ctx.log('peer: queues did not drain within 60 s'));
    };

    const ramp: PeerStep[] = [];
    for (const rate of kRampRates) {
      const s = await step(rate, ctx.stepSeconds);
      ramp.push(s);
      if (!s.verdict.pass) break;
    }
    const at = ramp.find((s) => s.targetRate === kShutdownRate);
    const best = [...ramp].reverse().find((s) => s.verdict.pass);
    let sustainedRate = 0;
    let candidate = best?.targetRate;
    for (let attempt = 0; candidate !== undefined && attempt < 3; attempt++) {
      await drain();
      const s = await step(candidate, sustainSeconds);
      if (s.verdict.pass) {
        sustainedRate = s.processedRate;
        break;
      }
      candidate = Math.round((candidate * 0.85) / 1000) * 1000;
    }

    await drain();
    await ctx.sim.setTotalRate(kShutdownRate);
    await sleep(2 * kSettleMs);
    const memAt = rssBreakdown(process.pid);
    const shutdownMs = await peer.stop();
    return {
      steps,
      ramp,
      rampMaxRate: best?.processedRate ?? 0,
      sustainedRate,
      cpuAtShutdownRate: at === undefined ? undefined : roleCores(at.cpu),
      rssGrowth: { rss: (memAt?.rss ?? Number.NaN) - (memBefore?.rss ?? Number.NaN), anon: (memAt?.anon ?? Number.NaN) - (memBefore?.anon ?? Number.NaN) },
      shutdownMs,
      exchangeStartMs,
    };
  } catch (err) {
    await peer.terminate();
    throw err;
  } finally {
    await ctx.sim.setTotalRate(0).catch(() => {});
  }
}

function peerThreads(peer: PeerPipeline): Map<string, number> {
  const threads = peer.threads();
  const named = new Map<string, number>();
  threads.exchanges.forEach((tid, i) => { if (tid > 0) named.set(`exchange${i}`, tid); });
  threads.shards.forEach((tid, i) => { if (tid > 0) named.set(`shard${i}`, tid); });
  return named;
}

function roleCores(w: CpuWindow): { exchanges: number; shards: number; process: number } {
  let exchanges = 0;
  let shards = 0;
  for (const [name, cores] of w.cores) {
    if (name.startsWith('exchange')) exchanges += cores;
    else if (name.startsWith('shard')) shards += cores;
  }
  return { exchanges, shards, process: w.processCores };
}

import path from 'node:path';
import { e2eConfig } from './e2e-config.js';
import { HostChild } from './host-child.js';
import { HostProbe, type ProbeWindow } from './host-probe.js';
import type { RestartTiming } from './host-messages.js';
import type { IdentityRow } from './loss-identity.js';
import { auditRestartLog, type InjectedFault } from './restart-log-audit.js';
import { StoreAudit } from './store-audit.js';
import { auditIdentity, warmUp, type PhaseContext } from './throughput-phase.js';
import { sleep, waitUntil } from './wait.js';
import { WakeProbe } from './wake-probe.js';

/**
 * Phase 2 of an e2e run: tick-to-spread latency at fixed offered rates, and
 * restart latency, on a host whose shards publish every change
 * (shards.debounceMs 0) and whose supervisors restart at once (backoff 0):
 *
 *   - debounce 0: every published spread is computed in the loop round of
 *     the tick that moved it, so its record's `ts` (that tick's receive
 *     stamp in the exchange actor) and `computedTs` (the shard's clock when
 *     it computed the spread) give the tick-to-spread latency of that tick.
 *     With the default 250 ms most spreads wait out the debounce, which
 *     would measure the debounce. Spreads are read back from the recorder's
 *     store after the run, for each step's window.
 *   - backoff 0: the restart figures are the mechanism (detect, spawn, load,
 *     init, reconnect or recover), not the policy; the shipped config adds
 *     100 ms ± 20 % for a first restart. chaos.enabled lets the bench crash
 *     an actor (ActorSystem.inject, no HTTP).
 */
export interface LatencyStep {
  readonly targetRate: number;
  readonly window: ProbeWindow;
  /** computedTs − ts of the spreads computed in the window, µs. */
  readonly latenciesUs: Float64Array;
  /** Atomics.notify → sleeping thread running, sampled in the bench process during the window, µs (wake-probe.ts). */
  readonly wakeUs: Float64Array;
}

export interface RestartFigures {
  readonly actor: string;
  readonly timing: RestartTiming;
}

export interface LatencyResult {
  readonly steps: readonly LatencyStep[];
  readonly restarts: readonly RestartFigures[];
  readonly identity: readonly IdentityRow[];
  /** Supervisor `fail` lines other than the injected crashes. */
  readonly unplannedRestarts: readonly string[];
}

export const kRestartRate = 50_000;
const kSettleMs = 1_000;

export async function runLatencyPhase(ctx: PhaseContext, rates: readonly number[], restartActors: readonly { actor: string; dataCounter: string }[]): Promise<LatencyResult> {
  const dataDir = path.join(ctx.dir, 'data-latency');
  const host = await HostChild.start(
    e2eConfig({ dataDir, urls: ctx.sim.urls, exchanges: ctx.exchanges, symbols: ctx.symbols, debounceMs: 0, backoffInitialMs: 0, chaos: true }),
    { logFile: path.join(ctx.dir, 'host-latency.log') },
  );
  const windows: { targetRate: number; window: ProbeWindow; sinceUs: number; untilUs: number; wakeUs: Float64Array }[] = [];
  const restarts: RestartFigures[] = [];
  const injected: InjectedFault[] = [];
  let snapshot;
  let unplannedRestarts: readonly string[] = [];
  const wake = await WakeProbe.start();
  try {
    const probe = new HostProbe(host, ctx.sim, ctx.exchanges);
    await warmUp(ctx, host);
    for (const rate of rates) {
      await ctx.sim.setTotalRate(rate);
      await sleep(kSettleMs);
      const a = await probe.read();
      wake.begin();
      await sleep(ctx.stepSeconds * 1000);
      const wakeUs = wake.end();
      const b = await probe.read();
      windows.push({ targetRate: rate, window: probe.window(a, b), sinceUs: a.atMs * 1000, untilUs: b.atMs * 1000, wakeUs });
      ctx.log(`latency ${rate}/s: sent ${Math.round(probe.window(a, b).sentRate)}/s`);
    }
    await ctx.sim.setTotalRate(kRestartRate);
    for (const r of restartActors) {
      await sleep(kSettleMs);
      injected.push({ actor: r.actor, fault: 'crash', atMs: Date.now() });
      const timing = await host.measureRestart(r.actor, 'crash', r.dataCounter);
      restarts.push({ actor: r.actor, timing });
      ctx.log(`restart ${r.actor}: ready ${timing.readyMs.toFixed(1)} ms, data ${timing.dataMs.toFixed(1)} ms`);
      await waitUntil(async () => (await host.snapshot()).actors.every((a) => a.state === 'running'), 'every actor running', 30_000);
    }
    await ctx.sim.setTotalRate(0);
    snapshot = (await host.shutdown('e2e: latency phase done')).snapshot;
    unplannedRestarts = auditRestartLog(injected, await host.supervisorLines()).unplanned;
  } finally {
    await ctx.sim.setTotalRate(0).catch(() => {});
    await host.stop();
    await wake.stop();
  }
  const audit = StoreAudit.open({ path: dataDir, symbolCount: ctx.symbols.length, exchanges: ctx.exchanges });
  const steps = windows.map((w) => ({
    targetRate: w.targetRate,
    window: w.window,
    latenciesUs: audit?.spreadLatenciesUs(w.sinceUs, w.untilUs) ?? new Float64Array(0),
    wakeUs: w.wakeUs,
  }));
  await audit?.close();
  const identity = await auditIdentity(dataDir, ctx, snapshot);
  return { steps, restarts, identity, unplannedRestarts };
}

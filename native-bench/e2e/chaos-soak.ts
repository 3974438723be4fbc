import type { ExchangeName } from '../../src/market/exchange-ids.js';
import { postChaos } from './chaos-client.js';
import { ChaosPlan, type ChaosFault } from './chaos-plan.js';
import type { HostSnapshot, SupervisorLine } from './host-messages.js';
import { leastSquaresSlope } from './linear-trend.js';
import type { RssBreakdown } from './proc-stats.js';
import { checkLossIdentity, type IdentityRow } from './loss-identity.js';
import { auditRestartLog, type InjectedFault, type RestartAudit } from './restart-log-audit.js';
import { StoreAudit } from './store-audit.js';
import { sleep, waitUntil } from './wait.js';

/**
 * The chaos soak (issue 7): under steady load, every `intervalMs` a seeded
 * random actor is killed, crashed or hung through the ops server's chaos
 * endpoint, as an operator would; the next fault waits until the victim
 * runs again. At the end the host shuts down gracefully and the soak checks:
 *
 *   - the host never stopped by itself (no escalation) and shut down cleanly;
 *   - per exchange, the loss identity (loss-identity.ts), allowing one frame
 *     per outside termination of that exchange's actor;
 *   - every restart left its restart log (restart-log-audit.ts); restarts
 *     nobody injected (a watchdog finding a thread silent) are listed in the
 *     summary as findings, not failures: the supervisor did its job;
 *   - RSS: sampled every second, its least-squares slope (reported; the
 *     first fifth of the samples, start-up and first allocations, is left
 *     out), for the whole RSS and for its anonymous part (heaps, buffers: what
 *     a leak grows; the rest is mostly LMDB's map, bounded by
 *     recorder.mapResidencyBytes except while a shard reads the store to recover).
 *
 * The host is anything that satisfies SoakTarget: a host process (the
 * `npm run soak` script) or a host in this process (the CI soak test).
 */
export interface SoakTarget {
  readonly opsPort: number;
  readonly adminToken: string;
  readonly exchanges: readonly ExchangeName[];
  readonly dataDir: string;
  readonly symbolCount: number;
  snapshot(): Promise<HostSnapshot>;
  supervisorLines(): Promise<readonly SupervisorLine[]>;
  memory(): RssBreakdown | undefined;
  /** True once the host stopped by itself. */
  exited(): boolean;
  shutdown(reason: string): Promise<{ exitCode: number; durationMs: number; snapshot: HostSnapshot }>;
}

export interface SoakOptions {
  readonly durationMs: number;
  readonly intervalMs: number;
  readonly seed: number;
  /** Actors to fault (default: every actor of the host). */
  readonly actors?: readonly string[];
  /** Faults allowed per actor (default: kill, crash, hang for all). */
  readonly faults?: Readonly<Record<string, readonly ChaosFault[]>>;
  /**
   * Longest a victim may take to run again (default 120 s). A shard rebuilds
   * its windows from the store before it runs, which takes longer the more
   * the store holds (seconds per million ticks).
   */
  readonly recoveryTimeoutMs?: number;
  readonly log?: (line: string) => void;
}

export interface SoakSummary {
  readonly ok: boolean;
  readonly problems: readonly string[];
  readonly durationMs: number;
  readonly faults: readonly InjectedFault[];
  /** Requests answered 409 (the victim was not running yet). */
  readonly notRunning: number;
  readonly exitedEarly: boolean;
  readonly shutdownExitCode: number;
  readonly shutdownMs: number;
  readonly identity: readonly IdentityRow[];
  readonly restarts: RestartAudit;
  readonly rss: RssTrend;
  readonly rssAnon: RssTrend;
}

export interface RssTrend {
  readonly firstMiB: number;
  readonly lastMiB: number;
  readonly maxMiB: number;
  /** Without the first fifth of the samples. */
  readonly slopeMiBPerMin: number;
  /** Over the second half only: flat memory shows ~0 here even if warm-up took long. */
  readonly slopeLateHalfMiBPerMin: number;
  readonly samples: number;
}

export async function runChaosSoak(target: SoakTarget, o: SoakOptions): Promise<SoakSummary> {
  const log = o.log ?? (() => {});
  const started = Date.now();
  const rss: { t: number; mib: number }[] = [];
  const anon: { t: number; mib: number }[] = [];
  const sampler = setInterval(() => {
    const m = target.memory();
    if (m === undefined) return;
    const t = (Date.now() - started) / 60_000;
    rss.push({ t, mib: m.rss / 2 ** 20 });
    anon.push({ t, mib: m.anon / 2 ** 20 });
  }, 1000);
  const faults: InjectedFault[] = [];
  let notRunning = 0;
  const problems: string[] = [];
  try {
    await waitUntil(async () => {
      const s = await target.snapshot();
      return target.exchanges.every((x) => (s.counters[`exchange.${x}.dataFrames`] ?? 0) > 0);
    }, 'every exchange delivering ticks', 30_000);
    const actors = o.actors ?? (await target.snapshot()).actors.map((a) => a.name);
    const plan = new ChaosPlan(actors, o.seed, o.faults);
    const deadline = started + o.durationMs;
    while (Date.now() + o.intervalMs <= deadline && !target.exited()) {
      const next = Date.now() + o.intervalMs;
      const step = plan.next();
      const before = (await target.snapshot()).actors.find((a) => a.name === step.actor);
      const atMs = Date.now();
      const status = await postChaos(target.opsPort, target.adminToken, step.actor, step.fault);
      if (status === 202) {
        faults.push({ actor: step.actor, fault: step.fault, atMs });
        log(`${new Date(atMs).toISOString()} ${step.fault} ${step.actor}`);
        await waitUntil(async () => {
          const a = (await target.snapshot()).actors.find((x) => x.name === step.actor);
          return target.exited() || (a !== undefined && a.state === 'running' && a.incarnation > (before?.incarnation ?? 0));
        }, `${step.actor} running again after ${step.fault}`, o.recoveryTimeoutMs ?? 120_000).catch((err: Error) => problems.push(err.message));
      } else if (status === 409) {
        notRunning++;
      } else {
        problems.push(`POST /admin/chaos/${step.actor}/${step.fault} answered ${status}`);
        break;
      }
      await sleep(Math.max(0, next - Date.now()));
    }
  } catch (err) {
    problems.push(err instanceof Error ? err.message : String(err));
  } finally {
    clearInterval(sampler);
  }

  const exitedEarly = target.exited();
  if (exitedEarly) problems.push('the host stopped by itself during the soak (escalation?)');
  let stopped: Awaited<ReturnType<SoakTarget['shutdown']>> | undefined;
  try {
    stopped = await target.shutdown('chaos soak done');
    if (stopped.exitCode !== 0) problems.push(`shutdown exit code ${stopped.exitCode} (not clean)`);
  } catch (err) {
    problems.push(`shutdown failed: ${err instanceof Error ? err.message : String(err)} (no final counters: the identity cannot be checked)`);
  }

  let identity: IdentityRow[] = [];
  if (stopped !== undefined) {
    const terminations: Partial<Record<ExchangeName, number>> = {};
    for (const f of faults) {
      if (f.fault !== 'kill' || !f.actor.startsWith('exchange.')) continue;
      const x = f.actor.slice('exchange.'.length) as ExchangeName;
      terminations[x] = (terminations[x] ?? 0) + 1;
    }
    const audit = StoreAudit.open({ path: target.dataDir, symbolCount: target.symbolCount, exchanges: target.exchanges });
    const store = audit?.counts() ?? {};
    await audit?.close();
    identity = checkLossIdentity({ exchanges: target.exchanges, counters: stopped.snapshot.counters, rings: stopped.snapshot.rings, store, terminations });
    for (const row of identity) problems.push(...row.problems.map((p) => `${row.exchange}: ${p}`));
  }

  const restarts = auditRestartLog(faults, await target.supervisorLines().catch(() => []));
  problems.push(...restarts.missing.map((m) => `restart log: ${m}`));

  return {
    ok: problems.length === 0,
    problems,
    durationMs: Date.now() - started,
    faults,
    notRunning,
    exitedEarly,
    shutdownExitCode: stopped?.exitCode ?? Number.NaN,
    shutdownMs: stopped?.durationMs ?? Number.NaN,
    identity,
    restarts,
    rss: trend(rss),
    rssAnon: trend(anon),
  };
}

function trend(samples: readonly { t: number; mib: number }[]): RssTrend {
  const steady = samples.slice(Math.floor(samples.length / 5));
  const late = samples.slice(Math.floor(samples.length / 2));
  return {
    slopeLateHalfMiBPerMin: leastSquaresSlope(late.map((s) => s.t), late.map((s) => s.mib)),
    firstMiB: samples[0]?.mib ?? Number.NaN,
    lastMiB: samples[samples.length - 1]?.mib ?? Number.NaN,
    maxMiB: samples.length === 0 ? Number.NaN : Math.max(...samples.map((s) => s.mib)),
    slopeMiBPerMin: leastSquaresSlope(steady.map((s) => s.t), steady.map((s) => s.mib)),
    samples: samples.length,
  };
}

import type { Logger } from 'pino';
import type { ActorStats, ActorSystem } from '../../runtime/index.js';
import type { ActorRuntimeMetrics } from './status-source.js';

export interface ActorMetricsPollerOptions {
  readonly system: Pick<ActorSystem, 'actors' | 'stats'>;
  /** Default 2000: a stats RPC per running actor per interval, off the hot path. */
  readonly intervalMs?: number;
  readonly log?: Logger;
}

/**
 * Polls every running actor's stats() RPC and keeps the latest heap use and
 * event-loop utilisation per actor, for /metrics and /health to read
 * synchronously. One call in flight per actor: a hung actor's call stays
 * pending until the watchdog terminates the worker (then it rejects), and
 * is never stacked up. An actor that stopped keeps its last figures until it
 * runs again.
 *
 * ELU is read from the stats when the actor reports it, as
 * `eventLoopUtilization` (top level, or in the actor-specific part): a
 * number in 0..1 over the actor's own interval (performance.eventLoopUtilization).
 */
export class ActorMetricsPoller {
  private readonly latest = new Map<string, ActorRuntimeMetrics>();
  /** The whole last answer per actor: the market status (connection, windows, commits) reads it. */
  private readonly latestStats = new Map<string, ActorStats>();
  private readonly inFlight = new Set<string>();
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;

  constructor(private readonly options: ActorMetricsPollerOptions) {
    this.intervalMs = options.intervalMs ?? 2_000;
    if (!Number.isInteger(this.intervalMs) || this.intervalMs < 10) {
      throw new RangeError(`ActorMetricsPoller: intervalMs must be an integer >= 10, got ${String(options.intervalMs)}`);
    }
  }

  start(): this {
    this.timer ??= setInterval(() => void this.pollOnce(), this.intervalMs);
    this.timer.unref();
    void this.pollOnce();
    return this;
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The actor's last stats() answer, undefined before its first. */
  stats(name: string): ActorStats | undefined {
    return this.latestStats.get(name);
  }

  snapshot(): Record<string, ActorRuntimeMetrics> {
    return Object.fromEntries(this.latest);
  }

  /** One round over the running actors; resolves when every started call settled. */
  async pollOnce(): Promise<void> {
    // Starting actors too: the RPC is served before init runs, and a shard
    // rebuilding its windows in init reports `recovering` that way.
    const running = this.options.system
      .actors()
      .filter((a) => (a.state === 'running' || a.state === 'starting') && !this.inFlight.has(a.name));
    await Promise.all(running.map((a) => this.pollActor(a.name)));
  }

  private async pollActor(name: string): Promise<void> {
    this.inFlight.add(name);
    try {
      const stats = await this.options.system.stats(name);
      if (stats !== undefined) {
        this.latest.set(name, metricsOf(stats));
        this.latestStats.set(name, stats);
      }
    } catch (err) {
      // The worker died mid-call (its supervisor handles that); keep the last figures.
      this.options.log?.debug({ category: 'ops', actor: name, err }, 'stats poll failed');
    } finally {
      this.inFlight.delete(name);
    }
  }
}

function metricsOf(stats: ActorStats): ActorRuntimeMetrics {
  const elu = (stats as { eventLoopUtilization?: unknown }).eventLoopUtilization ?? stats.actor['eventLoopUtilization'];
  return {
    heapUsedBytes: stats.memory.heapUsed,
    ...(typeof elu === 'number' && Number.isFinite(elu) ? { eventLoopUtilization: elu } : {}),
  };
}

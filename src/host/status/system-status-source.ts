import type { ActorSystem, RingStats, Topology } from '../../runtime/index.js';
import type {
  ActorRuntimeMetrics,
  ActorStatus,
  AdminActions,
  ChaosFault,
  ExchangeStatus,
  RecorderStatus,
  ShardStatus,
  SpreadView,
  StatusSource,
} from './status-source.js';

/**
 * The runtime's part of a StatusSource, read from a live ActorSystem
 * (actors, rings, shared counters); the market parts (exchanges, shards,
 * recorder, spreads, bounds) come from the providers the host passes in.
 * A provider left out reads as empty (no recorder: null).
 */
export interface SystemStatusSourceOptions {
  readonly system: Pick<ActorSystem, 'actors' | 'rings' | 'counters'>;
  /** For each actor's restart type; without it every actor counts as permanent. */
  readonly topology?: Pick<Topology, 'get'>;
  readonly startedAtMs: number;
  readonly now?: () => number;
  readonly exchanges?: () => Record<string, ExchangeStatus>;
  readonly shards?: () => Record<string, ShardStatus>;
  readonly recorder?: () => RecorderStatus | null;
  readonly spreads?: () => readonly SpreadView[];
  readonly actorMetrics?: () => Record<string, ActorRuntimeMetrics>;
  readonly bounds?: () => Record<string, unknown>;
}

export class SystemStatusSource implements StatusSource {
  private readonly now: () => number;

  constructor(private readonly options: SystemStatusSourceOptions) {
    this.now = options.now ?? Date.now;
  }

  uptimeMs(): number {
    return this.now() - this.options.startedAtMs;
  }

  actors(): ActorStatus[] {
    const topology = this.options.topology;
    return this.options.system.actors().map((a) => {
      const restart = topology?.get(a.name).child.restart;
      return restart === undefined ? a : { ...a, restart };
    });
  }

  rings(): Record<string, RingStats> {
    return this.options.system.rings();
  }

  counters(): Record<string, number> {
    return this.options.system.counters();
  }

  exchanges(): Record<string, ExchangeStatus> {
    return this.options.exchanges?.() ?? {};
  }

  shards(): Record<string, ShardStatus> {
    return this.options.shards?.() ?? {};
  }

  recorder(): RecorderStatus | null {
    return this.options.recorder?.() ?? null;
  }

  spreads(): readonly SpreadView[] {
    return this.options.spreads?.() ?? [];
  }

  actorMetrics(): Record<string, ActorRuntimeMetrics> {
    return this.options.actorMetrics?.() ?? {};
  }

  bounds(): Record<string, unknown> {
    return this.options.bounds?.() ?? {};
  }
}

/** Admin actions carried out by the supervision tree, exactly as a real failure would be. */
export class SystemAdminActions implements AdminActions {
  readonly replayDeadLetters?: () => Promise<{ replayed: number }>;

  constructor(
    private readonly system: Pick<ActorSystem, 'restart' | 'inject'>,
    replayDeadLetters?: () => Promise<{ replayed: number }>,
  ) {
    if (replayDeadLetters !== undefined) this.replayDeadLetters = replayDeadLetters;
  }

  restartActor(name: string): Promise<void> {
    return this.system.restart(name);
  }

  chaos(name: string, fault: ChaosFault): Promise<void> {
    return this.system.inject(name, fault);
  }
}

import type { ActorStats, ActorSystem } from '../../runtime/index.js';
import type { RingmasterConfig } from '../config/schema.js';
import type { ExchangeStatus, RecorderStatus, ShardStatus, SpreadView } from '../status/status-source.js';
import { exchangeActorName, kRecorderActor, type PipelinePlan } from './pipeline-topology.js';
import type { SpreadBoard } from './spread-board.js';

/** Latest stats() answer per actor, as the poller keeps them. */
export type StatsLookup = (actor: string) => ActorStats | undefined;

/**
 * The market half of the ops surface, derived from what actors report over
 * RPC (polled, never per tick), the spreads the shards publish to the host
 * thread, and the config's bounds. Pure reads: no I/O here.
 */
export class PipelineStatus {
  constructor(
    private readonly config: RingmasterConfig,
    private readonly plan: PipelinePlan,
    private readonly system: Pick<ActorSystem, 'rings'>,
    private readonly stats: StatsLookup,
    private readonly spreadsBoard: SpreadBoard,
    private readonly now: () => number = Date.now,
  ) {}

  exchanges(): Record<string, ExchangeStatus> {
    const now = this.now();
    const out: Record<string, ExchangeStatus> = {};
    for (const [name, c] of Object.entries(this.config.exchanges)) {
      const s = c.enabled ? actorPart(this.stats(exchangeActorName(name as never))) : {};
      const age = (key: string) => (typeof s[key] === 'number' ? now - (s[key] as number) : null);
      out[name] = {
        enabled: c.enabled,
        connection: c.enabled ? String(s['connection'] ?? 'unknown') : 'disabled',
        breaker: c.enabled ? String(s['breaker'] ?? 'unknown') : 'disabled',
        lastMessageAgeMs: age('lastMessageAtMs'),
        lastDataAgeMs: age('lastDataAtMs'),
        staleAfterMs: c.staleAfterMs,
      };
    }
    return out;
  }

  shards(): Record<string, ShardStatus> {
    const out: Record<string, ShardStatus> = {};
    for (const name of this.plan.shardNames) {
      const s = actorPart(this.stats(name));
      out[name] = {
        state: (s['state'] as ShardStatus['state'] | undefined) ?? 'recovering',
        windows: num(s['windows']),
        spreads: num(s['spreads']),
        ticks: num(s['ticks']),
        recomputeRatio: num(s['recomputeRatio']),
      };
    }
    return out;
  }

  recorder(): RecorderStatus {
    const s = actorPart(this.stats(kRecorderActor));
    const rings = this.system.rings();
    // Lag: records waiting in the recorder's input rings (published, not yet committed and released).
    let lag = 0;
    for (const [name, r] of Object.entries(rings)) if (name.includes(`->${kRecorderActor}.`)) lag += r.fill;
    return {
      lagRecords: lag,
      lastCommitAtMs: typeof s['lastCommitAtMs'] === 'number' ? (s['lastCommitAtMs'] as number) : null,
      committedRecords: num(s['committedRecords']),
      diskBytes: num(s['diskBytes']),
      diskBudgetBytes: this.config.recorder.diskBudgetBytes,
      refusing: s['refusing'] === true,
      storeRemaps: num(s['storeRemaps']),
    };
  }

  spreads(): SpreadView[] {
    return this.spreadsBoard.list().map((r) => ({ ...r, ts: r.ts / 1000 }));
  }

  bounds(): Record<string, unknown> {
    const c = this.config;
    return {
      rings: c.rings,
      windows: {
        windowMs: c.shards.windowMs,
        windowCapacity: c.shards.windowCapacity,
        maxWindowsPerShard: c.shards.maxWindows,
        shards: c.shards.count,
      },
      publication: { debounceMs: c.shards.debounceMs, batchMaxUpdates: c.shards.batchMaxUpdates, batchMaxDelayMs: c.shards.batchMaxDelayMs },
      recorder: {
        batchRecords: c.recorder.batchRecords,
        batchMs: c.recorder.batchMs,
        retentionMs: c.recorder.retentionMs,
        diskBudgetBytes: c.recorder.diskBudgetBytes,
        mapResidencyBytes: c.recorder.mapResidencyBytes,
        dlqMaxPerSource: c.recorder.dlqMaxPerSource,
      },
      frames: Object.fromEntries(Object.entries(c.exchanges).map(([n, x]) => [n, { maxFrameBytes: x.maxFrameBytes }])),
      http: { maxBodyBytes: c.http.maxBodyBytes },
      log: { maxRepeatsPerMinute: c.log.maxRepeatsPerMinute },
      spreadsBoardRows: this.spreadsBoard.size,
    };
  }
}

function actorPart(stats: ActorStats | undefined): Record<string, unknown> {
  return (stats?.actor ?? {}) as Record<string, unknown>;
}

function num(v: unknown): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : 0;
}

import type { RingStats } from '../../runtime/index.js';
import type { ActorStatus, ExchangeStatus, RecorderStatus, ShardStatus } from '../status/status-source.js';
import { bytes, limitSeconds, percent, seconds } from './format-units.js';
import type { HealthThresholds } from './health-thresholds.js';

export type HealthStatus = 'healthy' | 'degraded' | 'unhealthy';

/** What the verdict is drawn from: one status snapshot plus the drops each ring took lately. */
export interface HealthInput {
  readonly atMs: number;
  readonly actors: readonly ActorStatus[];
  readonly rings: Readonly<Record<string, RingStats>>;
  /** Drops per ring within thresholds.ringDropWindowMs (RingDropTracker). */
  readonly recentRingDrops: Readonly<Record<string, number>>;
  readonly exchanges: Readonly<Record<string, ExchangeStatus>>;
  readonly shards: Readonly<Record<string, ShardStatus>>;
  readonly recorder: RecorderStatus | null;
}

export interface HealthAssessment {
  readonly status: HealthStatus;
  /** Each names the thing and the figure; the unhealthy ones first. Empty when healthy. */
  readonly reasons: readonly string[];
}

type Finding = readonly [severity: Exclude<HealthStatus, 'healthy'>, reason: string];

/**
 * The verdict of /health, as a pure function of one snapshot.
 *
 * unhealthy: the process cannot do its job without an operator: a permanent
 *   actor was given up on (restart intensity exceeded) or escalated; the
 *   recorder refuses data (disk budget reached).
 * degraded: it works, with a hole someone should look at: an actor restarting,
 *   starting, stopped or with late heartbeats; an exchange stale, without data,
 *   disconnected or with its breaker not closed; a ring dropping or nearly
 *   full; a shard not ok; the recorder behind, not committing, or near its
 *   disk budget; a non-permanent actor given up on.
 * healthy: none of these.
 */
export function assessHealth(input: HealthInput, t: HealthThresholds): HealthAssessment {
  const findings: Finding[] = [
    ...input.actors.flatMap((a) => actorFindings(a, t)),
    ...Object.entries(input.exchanges).flatMap(([name, e]) => exchangeFindings(name, e, t)),
    ...Object.entries(input.rings).flatMap(([name, r]) => ringFindings(name, r, input.recentRingDrops[name] ?? 0, t)),
    ...Object.entries(input.shards).flatMap(([name, s]): Finding[] => (s.state === 'ok' ? [] : [['degraded', `shard ${name}: ${s.state}`]])),
    ...(input.recorder === null ? [] : recorderFindings(input.recorder, input.atMs, t)),
  ];
  const unhealthy = findings.filter(([s]) => s === 'unhealthy').map(([, r]) => r);
  const degraded = findings.filter(([s]) => s === 'degraded').map(([, r]) => r);
  const status: HealthStatus = unhealthy.length > 0 ? 'unhealthy' : degraded.length > 0 ? 'degraded' : 'healthy';
  return { status, reasons: [...unhealthy, ...degraded] };
}

function actorFindings(a: ActorStatus, t: HealthThresholds): Finding[] {
  const who = `actor ${a.name}`;
  const restarts = `${a.restarts} restart${a.restarts === 1 ? '' : 's'}`;
  const last = a.lastFailure === null ? '' : `; last failure: ${describeFailure(a.lastFailure)}`;
  switch (a.state) {
    case 'running':
      return a.heartbeatAgeMs !== null && a.heartbeatAgeMs > t.heartbeatLateMs
        ? [['degraded', `${who}: heartbeat ${seconds(a.heartbeatAgeMs)} old (late after ${limitSeconds(t.heartbeatLateMs)})`]]
        : [];
    case 'given_up':
    case 'escalated': {
      const verdict = a.state === 'given_up' ? 'given up' : 'escalated';
      const severity = (a.restart ?? 'permanent') === 'permanent' ? 'unhealthy' : 'degraded';
      return [[severity, `${who}: ${verdict} after ${restarts}${last}`]];
    }
    case 'failed':
    case 'backoff':
      return [['degraded', `${who}: restarting (${a.state}, attempt ${a.attempt}, ${restarts}${last})`]];
    case 'starting':
      return [['degraded', `${who}: starting${a.restarts > 0 ? ` (${restarts}${last})` : ''}`]];
    case 'idle':
    case 'stopping':
    case 'stopped':
      return (a.restart ?? 'permanent') === 'temporary' && a.lastFailure === null ? [] : [['degraded', `${who}: ${a.state}${last}`]];
  }
}

function describeFailure(f: NonNullable<ActorStatus['lastFailure']>): string {
  const code = f.exitCode === null ? '' : ` (exit code ${f.exitCode})`;
  const message = f.message === null ? '' : ` "${f.message.length > 120 ? `${f.message.slice(0, 117)}...` : f.message}"`;
  return `${f.reason}${code}${message}`;
}

function exchangeFindings(name: string, e: ExchangeStatus, t: HealthThresholds): Finding[] {
  if (!e.enabled) return [];
  const who = `exchange ${name}`;
  const out: Finding[] = [];
  if (!t.connectedStates.includes(e.connection)) out.push(['degraded', `${who}: connection ${e.connection}`]);
  if (e.breaker !== 'closed') out.push(['degraded', `${who}: breaker ${e.breaker}`]);
  if (e.lastDataAgeMs === null) out.push(['degraded', `${who}: no data yet`]);
  else if (e.lastDataAgeMs > e.staleAfterMs) {
    out.push(['degraded', `${who}: no data for ${seconds(e.lastDataAgeMs)} (stale after ${limitSeconds(e.staleAfterMs)})`]);
  }
  return out;
}

function ringFindings(name: string, r: RingStats, recentDrops: number, t: HealthThresholds): Finding[] {
  const out: Finding[] = [];
  if (recentDrops > 0) out.push(['degraded', `ring ${name}: ${recentDrops} drops in the last ${limitSeconds(t.ringDropWindowMs)}`]);
  if (r.capacity > 0 && r.fill / r.capacity > t.ringFullFraction) {
    out.push(['degraded', `ring ${name}: ${percent(r.fill / r.capacity)} full (${r.fill} of ${r.capacity})`]);
  }
  return out;
}

function recorderFindings(r: RecorderStatus, atMs: number, t: HealthThresholds): Finding[] {
  const budget = r.diskBudgetBytes > 0 ? ` (${bytes(r.diskBytes)} of ${bytes(r.diskBudgetBytes)})` : '';
  if (r.refusing) return [['unhealthy', `recorder: refusing new data: disk budget reached${budget}`]];
  const out: Finding[] = [];
  if (r.lagRecords > t.recorderLagRecords) out.push(['degraded', `recorder: ${r.lagRecords} records behind (over ${t.recorderLagRecords})`]);
  if (r.lagRecords > 0) {
    const quietMs = r.lastCommitAtMs === null ? null : atMs - r.lastCommitAtMs;
    if (quietMs !== null && quietMs > t.recorderCommitStaleMs) {
      out.push(['degraded', `recorder: no commit for ${seconds(quietMs)} with ${r.lagRecords} records waiting`]);
    }
  }
  if (r.diskBudgetBytes > 0 && r.diskBytes / r.diskBudgetBytes > t.diskBudgetWarnFraction) {
    out.push(['degraded', `recorder: disk at ${percent(r.diskBytes / r.diskBudgetBytes)} of budget${budget}`]);
  }
  return out;
}

import type { StatusSnapshot } from '../status/status-snapshot.js';
import type { HealthAssessment } from './assess-health.js';

/**
 * The body of GET /health (DESIGN.md §6): the verdict with its reasons,
 * uptime, memory, and per actor / exchange / ring / shard / recorder the
 * figures an operator checks first, plus every configured bound. Plain
 * data, stable keys: scripts read it.
 */
export function healthReport(
  snapshot: StatusSnapshot,
  assessment: HealthAssessment & { readonly recentRingDrops: Readonly<Record<string, number>> },
  bounds: Readonly<Record<string, unknown>>,
  memory: NodeJS.MemoryUsage,
): Record<string, unknown> {
  const shards = Object.values(snapshot.shards);
  return {
    status: assessment.status,
    reasons: assessment.reasons,
    at: new Date(snapshot.atMs).toISOString(),
    uptimeMs: snapshot.uptimeMs,
    memory: { rssBytes: memory.rss, heapUsedBytes: memory.heapUsed, heapTotalBytes: memory.heapTotal, externalBytes: memory.external },
    actors: Object.fromEntries(
      snapshot.actors.map((a) => [
        a.name,
        {
          state: a.state,
          restart: a.restart ?? 'permanent',
          incarnation: a.incarnation,
          restarts: a.restarts,
          attempt: a.attempt,
          lastFailure: a.lastFailure === null ? null : { ...a.lastFailure, at: new Date(a.lastFailure.atMs).toISOString() },
          runningSinceMs: a.runningSince,
          heartbeatAgeMs: a.heartbeatAgeMs,
          threadId: a.threadId ?? null,
          ...snapshot.actorMetrics[a.name],
        },
      ]),
    ),
    exchanges: snapshot.exchanges,
    rings: Object.fromEntries(
      Object.entries(snapshot.rings).map(([name, r]) => [
        name,
        {
          capacity: r.capacity,
          fill: r.fill,
          highWatermark: r.highWatermark,
          written: r.written,
          read: r.read,
          dropped: r.dropped,
          droppedRecently: assessment.recentRingDrops[name] ?? 0,
          conflated: r.conflated,
          pending: r.pending,
        },
      ]),
    ),
    shards: snapshot.shards,
    windows: shards.reduce((n, s) => n + s.windows, 0),
    spreads: shards.reduce((n, s) => n + s.spreads, 0),
    recorder:
      snapshot.recorder === null
        ? null
        : {
            ...snapshot.recorder,
            lastCommitAt: snapshot.recorder.lastCommitAtMs === null ? null : new Date(snapshot.recorder.lastCommitAtMs).toISOString(),
            lastCommitAgeMs: snapshot.recorder.lastCommitAtMs === null ? null : snapshot.atMs - snapshot.recorder.lastCommitAtMs,
          },
    bounds,
  };
}

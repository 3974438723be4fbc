import type { Registry } from 'prom-client';
import { emitEnum, scrapedCounter, scrapedGauge } from './family-helpers.js';
import type { ScrapeView } from './scrape-view.js';

/** Every lifecycle state (src/runtime/machines/child-lifecycle-machine.ts), so the enum series are stable. */
const kActorStates = ['idle', 'starting', 'running', 'failed', 'backoff', 'stopping', 'stopped', 'given_up', 'escalated'] as const;

/** Supervision and per-actor runtime figures: state, restarts, heartbeat, ELU, heap. */
export function registerActorFamilies(registry: Registry, view: () => ScrapeView, prefix: string): void {
  scrapedGauge(registry, view, `${prefix}actor_state`, 'Lifecycle state of each actor: 1 for the current state, 0 for the others.', ['actor', 'state'], (v, emit) => {
    for (const a of v.snapshot.actors) emitEnum(emit, { actor: a.name }, 'state', kActorStates, a.state);
  });
  scrapedCounter(registry, view, `${prefix}supervisor_restarts_total`, 'Restarts of each actor by its supervisor since the host started.', ['actor'], (v, emit) => {
    for (const a of v.snapshot.actors) emit({ actor: a.name }, a.restarts);
  });
  scrapedGauge(registry, view, `${prefix}actor_incarnation`, 'Incarnation (worker generation) of each actor; 1 until its first restart.', ['actor'], (v, emit) => {
    for (const a of v.snapshot.actors) emit({ actor: a.name }, a.incarnation);
  });
  scrapedGauge(
    registry,
    view,
    `${prefix}actor_heartbeat_age_seconds`,
    'Age of the last heartbeat each live actor wrote to shared memory.',
    ['actor'],
    (v, emit) => {
      for (const a of v.snapshot.actors) if (a.heartbeatAgeMs !== null) emit({ actor: a.name }, a.heartbeatAgeMs / 1000);
    },
  );
  scrapedGauge(
    registry,
    view,
    `${prefix}actor_event_loop_utilization_ratio`,
    "Event-loop utilisation of each actor's worker thread over the last stats poll (0..1).",
    ['actor'],
    (v, emit) => {
      for (const [actor, m] of Object.entries(v.snapshot.actorMetrics)) if (m.eventLoopUtilization !== undefined) emit({ actor }, m.eventLoopUtilization);
    },
  );
  scrapedGauge(registry, view, `${prefix}actor_heap_used_bytes`, "V8 heap used by each actor's worker thread at the last stats poll.", ['actor'], (v, emit) => {
    for (const [actor, m] of Object.entries(v.snapshot.actorMetrics)) if (m.heapUsedBytes !== undefined) emit({ actor }, m.heapUsedBytes);
  });
}

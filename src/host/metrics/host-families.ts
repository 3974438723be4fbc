import type { Registry } from 'prom-client';
import { emitEnum, scrapedGauge } from './family-helpers.js';
import type { ScrapeView } from './scrape-view.js';

const kHealthStates = ['healthy', 'degraded', 'unhealthy'] as const;

/** The process as a whole: uptime, the /health verdict and /ready, as numbers alerts can use. */
export function registerHostFamilies(registry: Registry, view: () => ScrapeView, prefix: string): void {
  scrapedGauge(registry, view, `${prefix}uptime_seconds`, 'Time since the host started.', [], (v, emit) => emit({}, v.snapshot.uptimeMs / 1000));
  scrapedGauge(registry, view, `${prefix}health_status`, 'The /health verdict: 1 for the current status (healthy, degraded, unhealthy).', ['status'], (v, emit) =>
    emitEnum(emit, {}, 'status', kHealthStates, v.health.status),
  );
  scrapedGauge(registry, view, `${prefix}health_reasons`, 'Number of reasons /health gives for its verdict.', [], (v, emit) => emit({}, v.health.reasons.length));
  scrapedGauge(registry, view, `${prefix}ready`, 'Whether /ready answers 200: every permanent actor is running.', [], (v, emit) => emit({}, v.ready ? 1 : 0));
}

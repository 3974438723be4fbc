import { collectDefaultMetrics, Counter, Registry } from 'prom-client';
import { assessReadiness } from '../health/assess-readiness.js';
import { HealthMonitor } from '../health/health-monitor.js';
import { readStatus } from '../status/status-snapshot.js';
import type { StatusSource } from '../status/status-source.js';
import { registerActorFamilies } from './actor-families.js';
import { ActorCounterFamilies } from './actor-counter-families.js';
import { registerHostFamilies } from './host-families.js';
import { registerMarketFamilies } from './market-families.js';
import { registerRingFamilies } from './ring-families.js';
import type { ScrapeView } from './scrape-view.js';

export const kMetricPrefix = 'ringmaster_';

const kMisnamedDefaultGauges = ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'] as const;

export type BadRequestReason =
  | 'not_found'
  | 'method_not_allowed'
  | 'unauthorized'
  | 'admin_disabled'
  | 'chaos_disabled'
  | 'body_too_large'
  | 'bad_request'
  | 'conflict';

export interface OpsMetricsOptions {
  readonly source: StatusSource;
  /** Shared with /health so both judge ring drops over the same samples. */
  readonly health?: HealthMonitor;
  readonly now?: () => number;
  /** Node process metrics (CPU, memory, event-loop lag, GC) under the same prefix. Default true. */
  readonly processMetrics?: boolean;
}

/**
 * The /metrics registry (Prometheus text format, every name prefixed
 * `ringmaster_`; the families are listed in docs/operations.md). Nothing is
 * counted per tick: render() reads the StatusSource once (shared-memory
 * counters, ring headers, supervision state) and every family copies from
 * that one reading. Only the HTTP counters below are incremented live, by
 * the ops server itself.
 */
export class OpsMetrics {
  readonly registry = new Registry();
  readonly contentType: string = Registry.PROMETHEUS_CONTENT_TYPE;
  readonly health: HealthMonitor;
  readonly httpRequests: Counter<'route' | 'code'>;
  readonly badRequests: Counter<'reason'>;
  private readonly counterFamilies: ActorCounterFamilies;
  private readonly now: () => number;
  private current: ScrapeView | undefined;

  constructor(private readonly options: OpsMetricsOptions) {
    this.now = options.now ?? Date.now;
    this.health = options.health ?? new HealthMonitor();
    const view = (): ScrapeView => {
      if (this.current === undefined) throw new Error('OpsMetrics: families are collected only through render()');
      return this.current;
    };
    registerHostFamilies(this.registry, view, kMetricPrefix);
    registerActorFamilies(this.registry, view, kMetricPrefix);
    registerRingFamilies(this.registry, view, kMetricPrefix);
    registerMarketFamilies(this.registry, view, kMetricPrefix);
    this.counterFamilies = new ActorCounterFamilies(this.registry, view, kMetricPrefix);
    this.httpRequests = new Counter({
      name: `${kMetricPrefix}http_requests_total`,
      help: 'Requests to the ops HTTP server by route pattern and status code.',
      labelNames: ['route', 'code'],
      registers: [this.registry],
    });
    this.badRequests = new Counter({
      name: `${kMetricPrefix}http_bad_requests_total`,
      help: 'Requests the ops HTTP server refused, by reason (unknown path, wrong method, bad or missing token, body too large...).',
      labelNames: ['reason'],
      registers: [this.registry],
    });
    if (options.processMetrics ?? true) {
      collectDefaultMetrics({ register: this.registry, prefix: kMetricPrefix });
      // prom-client names these gauges *_total, which Prometheus reserves for
      // counters (promtool flags them); the per-type families they sum remain.
      for (const name of kMisnamedDefaultGauges) this.registry.removeSingleMetric(`${kMetricPrefix}${name}`);
    }
  }

  /** One scrape: read the source once, then render every family from that reading. */
  async render(): Promise<string> {
    const snapshot = readStatus(this.options.source, this.now);
    const health = this.health.assess(snapshot);
    this.current = {
      snapshot,
      health,
      ready: assessReadiness(snapshot.actors).ready,
      connectedStates: this.health.thresholds.connectedStates,
    };
    this.counterFamilies.sync(snapshot.counters);
    // Every family's collect() runs synchronously inside metrics() before its
    // first await, so a concurrent render() cannot swap `current` mid-scrape.
    return this.registry.metrics();
  }

  countBadRequest(reason: BadRequestReason): void {
    this.badRequests.inc({ reason });
  }
}

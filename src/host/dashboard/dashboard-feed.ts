import type { Logger } from 'pino';
import type { TemplatedApp } from 'uWebSockets.js';
import type { HealthMonitor } from '../health/health-monitor.js';
import { readStatus } from '../status/status-snapshot.js';
import type { StatusSource } from '../status/status-source.js';
import { dashboardFrame } from './dashboard-frame.js';

export const kDashboardTopic = 'dashboard';

export interface DashboardFeedOptions {
  readonly app: TemplatedApp;
  readonly source: StatusSource;
  readonly health: HealthMonitor;
  readonly log: Logger;
  readonly now: () => number;
  /** Default 500. */
  readonly intervalMs?: number;
}

/**
 * Pushes a DashboardFrame to every dashboard WebSocket every intervalMs,
 * with one uWS publish (one serialisation, however many viewers). With no
 * viewer it reads nothing: the dashboard costs nothing when closed.
 */
export class DashboardFeed {
  private timer: NodeJS.Timeout | undefined;
  private readonly intervalMs: number;

  constructor(private readonly options: DashboardFeedOptions) {
    this.intervalMs = options.intervalMs ?? 500;
    if (!Number.isInteger(this.intervalMs) || this.intervalMs < 10) {
      throw new RangeError(`dashboard intervalMs must be an integer >= 10, got ${String(options.intervalMs)}`);
    }
  }

  start(): void {
    this.timer ??= setInterval(() => this.tick(), this.intervalMs);
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The current frame as JSON (also sent alone to a viewer that just connected). */
  frameText(): string {
    const snapshot = readStatus(this.options.source, this.options.now);
    return JSON.stringify(dashboardFrame(snapshot, this.options.health.assess(snapshot)));
  }

  private tick(): void {
    const { app, log } = this.options;
    if (app.numSubscribers(kDashboardTopic) === 0) return;
    try {
      app.publish(kDashboardTopic, this.frameText());
    } catch (err) {
      log.error({ category: 'ops', err }, 'dashboard frame failed');
    }
  }
}

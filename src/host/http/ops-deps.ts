import type { Logger } from 'pino';
import type { HealthMonitor } from '../health/health-monitor.js';
import type { BadRequestReason, OpsMetrics } from '../metrics/ops-metrics.js';
import type { AdminActions, StatusSource } from '../status/status-source.js';
import type { Reply } from './reply.js';

/** What the route handlers share: the source, one health monitor, one metrics registry, the admin settings. */
export interface OpsDeps {
  readonly source: StatusSource;
  readonly metrics: OpsMetrics;
  readonly health: HealthMonitor;
  readonly admin: AdminActions | undefined;
  /** null: admin endpoints disabled. */
  readonly adminToken: string | null;
  readonly chaosEnabled: boolean;
  readonly maxBodyBytes: number;
  readonly log: Logger;
  readonly now: () => number;
}

/** A refused request: counted by reason, answered in JSON with a message for a person. */
export function refuse(
  deps: OpsDeps,
  reply: Reply,
  status: number,
  reason: BadRequestReason,
  message: string,
  headers?: Readonly<Record<string, string>>,
  closeConnection = false,
): void {
  deps.metrics.countBadRequest(reason);
  reply.json(status, { error: message }, headers, closeConnection);
}

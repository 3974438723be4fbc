/** The ops surface (docs/operations.md): HTTP server, and the contract it reads through. */
export { startOpsServer, type OpsServer, type OpsServerOptions } from './ops-server.js';
export type { ActorRuntimeMetrics, ActorStatus, AdminActions, ChaosFault, ExchangeStatus, RecorderStatus, ShardStatus, SpreadView, StatusSource } from '../status/status-source.js';
export { SystemAdminActions, SystemStatusSource, type SystemStatusSourceOptions } from '../status/system-status-source.js';
export { ActorMetricsPoller, type ActorMetricsPollerOptions } from '../status/actor-metrics-poller.js';
export type { HealthThresholds } from '../health/health-thresholds.js';

/**
 * Where /health draws the line between healthy, degraded and unhealthy.
 * Defaults are data; `healthThresholds(partial)` merges and validates, and a
 * bad value fails fast naming the key.
 *
 *   heartbeatLateMs         2000   an actor whose last heartbeat is older is degraded
 *                                  (the watchdog's TTL, default 2 s, terminates it anyway)
 *   ringDropWindowMs        60000  drops counted within this window mean "drops rising"
 *   ringFullFraction        0.9    a ring fuller than this is degraded (a consumer falls behind)
 *   recorderLagRecords      100000 more records waiting for the recorder is degraded
 *   recorderCommitStaleMs   30000  no commit for this long while records wait is degraded
 *   diskBudgetWarnFraction  0.9    disk use above this share of the budget is degraded
 *                                  (at the budget the recorder refuses data: unhealthy)
 *   connectedStates         ['connected']  exchange connection states that count as up
 */
export interface HealthThresholds {
  readonly heartbeatLateMs: number;
  readonly ringDropWindowMs: number;
  readonly ringFullFraction: number;
  readonly recorderLagRecords: number;
  readonly recorderCommitStaleMs: number;
  readonly diskBudgetWarnFraction: number;
  readonly connectedStates: readonly string[];
}

export const kDefaultHealthThresholds: HealthThresholds = Object.freeze({
  heartbeatLateMs: 2_000,
  ringDropWindowMs: 60_000,
  ringFullFraction: 0.9,
  recorderLagRecords: 100_000,
  recorderCommitStaleMs: 30_000,
  diskBudgetWarnFraction: 0.9,
  connectedStates: Object.freeze(['connected']),
});

export function healthThresholds(partial: Partial<HealthThresholds> = {}): HealthThresholds {
  const t = { ...kDefaultHealthThresholds, ...partial };
  for (const key of ['heartbeatLateMs', 'ringDropWindowMs', 'recorderLagRecords', 'recorderCommitStaleMs'] as const) {
    if (!Number.isFinite(t[key]) || t[key] <= 0) throw new RangeError(`health.${key}: must be a positive number, got ${String(t[key])}`);
  }
  for (const key of ['ringFullFraction', 'diskBudgetWarnFraction'] as const) {
    if (!(t[key] > 0 && t[key] <= 1)) throw new RangeError(`health.${key}: must be in (0, 1], got ${String(t[key])}`);
  }
  if (!Array.isArray(t.connectedStates) || t.connectedStates.length === 0) {
    throw new RangeError('health.connectedStates: must name at least one connection state');
  }
  return Object.freeze(t);
}

import type { HealthAssessment } from '../health/assess-health.js';
import type { StatusSnapshot } from '../status/status-snapshot.js';

/**
 * One push to the dashboard: every row keyed (`k`) so the page can patch
 * the row it already has instead of redrawing the table. Rows come in a
 * stable order (by key), so a row never jumps between frames.
 */
export interface DashboardFrame {
  readonly t: number;
  readonly status: HealthAssessment['status'];
  readonly reasons: readonly string[];
  readonly uptimeMs: number;
  readonly spreads: ReadonlyArray<{
    k: string;
    symbol: string;
    buy: string;
    sell: string;
    bps: number;
    mid: number;
    ageMs: number;
    min: number | null;
    max: number | null;
    mean: number | null;
  }>;
  readonly actors: ReadonlyArray<{ k: string; state: string; restarts: number; incarnation: number; hbMs: number | null; lastFailure: string | null }>;
  readonly rings: ReadonlyArray<{ k: string; fill: number; capacity: number; highWatermark: number; dropped: number; conflated: number }>;
  readonly exchanges: ReadonlyArray<{ k: string; connection: string; breaker: string; dataAgeMs: number | null; stale: boolean }>;
}

const byKey = (a: { k: string }, b: { k: string }) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0);

export function dashboardFrame(s: StatusSnapshot, health: HealthAssessment): DashboardFrame {
  return {
    t: s.atMs,
    status: health.status,
    reasons: health.reasons,
    uptimeMs: s.uptimeMs,
    spreads: s.spreads
      .map((p) => ({
        k: `${p.symbol} ${p.buy}>${p.sell}`,
        symbol: p.symbol,
        buy: p.buy,
        sell: p.sell,
        bps: p.spreadBps,
        mid: p.mid,
        ageMs: Math.max(0, s.atMs - p.ts),
        min: p.window?.min ?? null,
        max: p.window?.max ?? null,
        mean: p.window?.mean ?? null,
      }))
      .sort(byKey),
    actors: s.actors
      .map((a) => ({
        k: a.name,
        state: a.state,
        restarts: a.restarts,
        incarnation: a.incarnation,
        hbMs: a.heartbeatAgeMs,
        lastFailure: a.lastFailure === null ? null : `${a.lastFailure.reason}${a.lastFailure.message === null ? '' : `: ${a.lastFailure.message}`}`,
      }))
      .sort(byKey),
    rings: Object.entries(s.rings)
      .map(([k, r]) => ({ k, fill: r.fill, capacity: r.capacity, highWatermark: r.highWatermark, dropped: r.dropped, conflated: r.conflated }))
      .sort(byKey),
    exchanges: Object.entries(s.exchanges)
      .filter(([, e]) => e.enabled)
      .map(([k, e]) => ({
        k,
        connection: e.connection,
        breaker: e.breaker,
        dataAgeMs: e.lastDataAgeMs,
        stale: e.lastDataAgeMs === null || e.lastDataAgeMs > e.staleAfterMs,
      }))
      .sort(byKey),
  };
}

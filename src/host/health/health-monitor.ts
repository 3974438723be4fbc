import type { StatusSnapshot } from '../status/status-snapshot.js';
import { assessHealth, type HealthAssessment } from './assess-health.js';
import { healthThresholds, type HealthThresholds } from './health-thresholds.js';
import { RingDropTracker } from './ring-drop-tracker.js';

/**
 * The one stateful piece of health: it remembers ring drop counters between
 * readings (so "drops rising" can be judged) and applies the pure rules.
 * /health, /metrics and the dashboard share one monitor, so they agree.
 */
export class HealthMonitor {
  readonly thresholds: HealthThresholds;
  private readonly drops: RingDropTracker;

  constructor(thresholds?: Partial<HealthThresholds>) {
    this.thresholds = healthThresholds(thresholds);
    this.drops = new RingDropTracker(this.thresholds.ringDropWindowMs);
  }

  assess(snapshot: StatusSnapshot): HealthAssessment & { readonly recentRingDrops: Readonly<Record<string, number>> } {
    const recentRingDrops = this.drops.recentDrops(snapshot.rings, snapshot.atMs);
    return { ...assessHealth({ ...snapshot, recentRingDrops }, this.thresholds), recentRingDrops };
  }
}

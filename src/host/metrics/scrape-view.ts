import type { HealthAssessment } from '../health/assess-health.js';
import type { StatusSnapshot } from '../status/status-snapshot.js';

/**
 * What one scrape reads: one status snapshot and the health verdict drawn
 * from it. Taken once per scrape, before any family is collected, so every
 * family of one exposition describes the same moment.
 */
export interface ScrapeView {
  readonly snapshot: StatusSnapshot;
  readonly health: HealthAssessment;
  readonly ready: boolean;
  /** Exchange connection states that count as connected (health thresholds). */
  readonly connectedStates: readonly string[];
}

/**
 * Spaces connection attempts to one exchange at least `minIntervalMs` apart,
 * whatever the breaker says: the exchanges limit new connections per IP
 * (FeedLimits.minConnectIntervalMs), and a reconnect storm must not get the
 * host banned. Shared by every connection of one exchange actor. Pure: times
 * are passed in.
 */
export class ConnectPacer {
  private lastAttemptAt = Number.NEGATIVE_INFINITY;

  constructor(readonly minIntervalMs: number) {
    if (!Number.isFinite(minIntervalMs) || minIntervalMs < 0) {
      throw new RangeError(`minConnectIntervalMs: must be a finite number >= 0, got ${String(minIntervalMs)}`);
    }
  }

  /** How long to wait from `nowMs` before the next attempt may start (0: now). */
  delayFrom(nowMs: number): number {
    return Math.max(0, this.lastAttemptAt + this.minIntervalMs - nowMs);
  }

  /** An attempt starts now; the next one waits minIntervalMs. */
  recordAttempt(nowMs: number): void {
    this.lastAttemptAt = nowMs;
  }
}

/**
 * Decides when a feed is stale: no DATA message for `staleAfterMs` since the
 * connection opened or since the last data message. Pure: times are passed
 * in, nothing is scheduled here (feed-connection.ts arms one timer at
 * `deadline()` and asks again when it fires).
 *
 * Only market data counts. Acks, pongs and notices prove the socket is
 * alive (the keepalive's business), not that the feed is: a connection that
 * answers pings but sends no quotes is stale once the threshold passes, and
 * a quiet feed is left alone until then. The threshold is per exchange
 * (exchanges.<name>.staleAfterMs), so a naturally quiet venue gets a longer one.
 *
 * Hot path: `dataSeen` is one store, no timer work.
 */
export class StaleFeedWatchdog {
  private lastDataAt = 0;
  private running = false;

  constructor(readonly staleAfterMs: number) {
    if (!Number.isFinite(staleAfterMs) || staleAfterMs <= 0) {
      throw new RangeError(`staleAfterMs: must be a positive number, got ${String(staleAfterMs)}`);
    }
  }

  /** The connection opened at `nowMs`: the feed has staleAfterMs to send data. */
  start(nowMs: number): void {
    this.lastDataAt = nowMs;
    this.running = true;
  }

  stop(): void {
    this.running = false;
  }

  get isRunning(): boolean {
    return this.running;
  }

  dataSeen(nowMs: number): void {
    this.lastDataAt = nowMs;
  }

  /** When the feed becomes stale if no data arrives before. */
  deadline(): number {
    return this.lastDataAt + this.staleAfterMs;
  }

  isStale(nowMs: number): boolean {
    return this.running && nowMs >= this.deadline();
  }
}

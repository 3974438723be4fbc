import type { ShardClockKind } from './shard-options.js';

/**
 * The shard's notion of "now", in µs since the epoch (shard-options.ts
 * explains the two kinds). observe() is called with the receive time of every
 * restored and live record; only the data clock cares.
 */
export interface ShardClock {
  readonly kind: ShardClockKind;
  nowUs(): number;
  observe(recvTs: number): void;
}

/** The clock ShardCore uses by default, so computedTs and health agree with it. */
export class WallClock implements ShardClock {
  readonly kind = 'wall' as const;

  nowUs(): number {
    return (performance.timeOrigin + performance.now()) * 1000;
  }

  observe(): void {}
}

/** Now is the newest receive time seen; NaN until the first record. */
export class DataClock implements ShardClock {
  readonly kind = 'data' as const;
  latestUs = NaN;

  nowUs(): number {
    return this.latestUs;
  }

  observe(recvTs: number): void {
    // NaN-safe max: a NaN recvTs never moves the clock.
    if (recvTs > this.latestUs || (Number.isNaN(this.latestUs) && Number.isFinite(recvTs))) this.latestUs = recvTs;
  }
}

export function createShardClock(kind: ShardClockKind): WallClock | DataClock {
  return kind === 'data' ? new DataClock() : new WallClock();
}

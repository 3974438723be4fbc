/**
 * The one clock every timer of an exchange actor runs on: the stale-feed
 * watchdog, keepalive pings, connection pacing, planned reconnects and the
 * breaker's backoff (xstate takes the same object as its `clock`). Tests pass
 * xstate's SimulatedClock, which has exactly this shape, and step time.
 *
 * `now()` is milliseconds; in production it is monotonic and epoch-based
 * (performance.timeOrigin + performance.now()), so stats can report it as a
 * time of day and a wall-clock step cannot fake a stale feed.
 */
export interface TimerClock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(id: unknown): void;
}

export const systemTimerClock: TimerClock = {
  now: () => performance.timeOrigin + performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (id) => clearTimeout(id as NodeJS.Timeout),
};

/** Receive time stamped on ticks: µs since the epoch, sub-millisecond resolution. */
export function systemMicros(): number {
  return (performance.timeOrigin + performance.now()) * 1000;
}

/**
 * One re-armable timeout on a TimerClock: arming again replaces the previous
 * deadline. Used where a deadline moves (watchdog, idle ping) without a
 * clearTimeout/setTimeout per received frame: the owner re-arms only when
 * the timer fires early.
 */
export class OneShotTimer {
  private id: unknown = undefined;

  constructor(
    private readonly clock: TimerClock,
    private readonly fire: () => void,
  ) {}

  get armed(): boolean {
    return this.id !== undefined;
  }

  arm(ms: number): void {
    this.cancel();
    this.id = this.clock.setTimeout(() => {
      this.id = undefined;
      this.fire();
    }, Math.max(0, ms));
  }

  cancel(): void {
    if (this.id === undefined) return;
    this.clock.clearTimeout(this.id);
    this.id = undefined;
  }
}

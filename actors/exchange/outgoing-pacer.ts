import type { TimerClock } from './timer-clock.js';

/**
 * Spaces the messages one connection sends (subscribe requests, application
 * pings) at least `1000 / maxPerSecond` ms apart: Binance drops a connection
 * that sends more than 5 messages a second, OKX and Bybit have their own
 * limits (FeedLimits.maxOutgoingMessagesPerSecond). A message that may go
 * now is sent synchronously; the rest wait in FIFO order on one timer.
 * `clear()` forgets the queue (the socket is gone; a new one resubscribes).
 */
export class OutgoingPacer {
  private readonly queue: string[] = [];
  private lastSentAt = Number.NEGATIVE_INFINITY;
  private timer: unknown = undefined;
  readonly intervalMs: number;

  constructor(
    maxPerSecond: number,
    private readonly clock: TimerClock,
    private readonly send: (text: string) => void,
  ) {
    if (!Number.isFinite(maxPerSecond) || maxPerSecond <= 0) {
      throw new RangeError(`maxOutgoingMessagesPerSecond: must be a positive number, got ${String(maxPerSecond)}`);
    }
    this.intervalMs = 1000 / maxPerSecond;
  }

  get queued(): number {
    return this.queue.length;
  }

  enqueue(text: string): void {
    this.queue.push(text);
    this.drain();
  }

  clear(): void {
    this.queue.length = 0;
    if (this.timer !== undefined) this.clock.clearTimeout(this.timer);
    this.timer = undefined;
  }

  private drain(): void {
    if (this.timer !== undefined) return;
    while (this.queue.length > 0) {
      const now = this.clock.now();
      const wait = this.lastSentAt + this.intervalMs - now;
      if (wait > 0) {
        this.timer = this.clock.setTimeout(() => {
          this.timer = undefined;
          this.drain();
        }, wait);
        return;
      }
      this.lastSentAt = now;
      this.send(this.queue.shift()!);
    }
  }
}

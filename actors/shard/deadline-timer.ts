/**
 * One setTimeout for the earliest pending deadline (µs on the shard's wall
 * clock): the debounce due time of a symbol or the age limit of an open
 * batch, whichever ShardCore reports first (nextDeadlineUs). Arming for a
 * later deadline than the one already armed keeps the armed timer (it fires,
 * polls, and re-arms for whatever is then next), so a stream of ticks costs
 * a comparison per batch, not a timer per batch.
 *
 * The runtime's loop parks at most loop.parkMs with the thread blocked, so a
 * timer can fire up to parkMs late; the host sets parkMs <= batchMaxDelayMs.
 */
export class DeadlineTimer {
  private timer: NodeJS.Timeout | undefined;
  private armedAtUs = Infinity;
  private closed = false;
  fired = 0;

  constructor(private readonly onDeadline: () => void) {}

  /** Makes sure the timer fires no later than deadlineUs (Infinity: nothing pending). */
  armAt(deadlineUs: number, nowUs: number): void {
    if (this.closed || !(deadlineUs < this.armedAtUs)) return;
    clearTimeout(this.timer);
    this.armedAtUs = deadlineUs;
    const delayMs = Math.max(0, Math.ceil((deadlineUs - nowUs) / 1000));
    this.timer = setTimeout(this.fire, delayMs);
  }

  /** No more firing (drain, stop). */
  close(): void {
    this.closed = true;
    clearTimeout(this.timer);
    this.timer = undefined;
    this.armedAtUs = Infinity;
  }

  private readonly fire = (): void => {
    this.timer = undefined;
    this.armedAtUs = Infinity;
    this.fired++;
    this.onDeadline();
  };
}

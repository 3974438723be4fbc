/**
 * Paces data frames for several venues from one timer. Each tick adds
 * `rate × elapsed` to a venue's budget and asks it to send the whole frames
 * in it, so the mean rate holds whatever the timer's jitter, and one timer
 * callback carries many frames (which the endpoint corks per connection).
 *
 * The budget never holds more than kMaxBacklogMs of frames: after the event
 * loop was blocked, the pump catches up by at most that much instead of
 * flooding. The tick period follows the highest rate (1 ms at 1000 frames/s
 * and above, up to kIdleTickMs when slow) so an idle simulator costs little.
 */
export interface PumpTarget {
  readonly rate: number;
  pump(frames: number): void;
}

const kMaxBacklogMs = 50;
const kIdleTickMs = 50;

export class PacedFramePump {
  private readonly targets: readonly PumpTarget[];
  private readonly budgets: Float64Array;
  private timer: NodeJS.Timeout | undefined;
  private last = 0;
  private running = false;

  constructor(targets: readonly PumpTarget[]) {
    this.targets = targets;
    this.budgets = new Float64Array(targets.length);
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.last = performance.now();
    this.schedule();
  }

  stop(): void {
    this.running = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private schedule(): void {
    let maxRate = 0;
    for (const t of this.targets) maxRate = Math.max(maxRate, t.rate);
    const period = maxRate <= 0 ? kIdleTickMs : Math.min(kIdleTickMs, Math.max(1, Math.floor(1000 / maxRate)));
    this.timer = setTimeout(() => this.tick(), period);
  }

  private tick(): void {
    if (!this.running) return;
    const now = performance.now();
    const elapsedMs = now - this.last;
    this.last = now;
    for (let i = 0; i < this.targets.length; i++) {
      const t = this.targets[i]!;
      const cap = (t.rate * kMaxBacklogMs) / 1000 + 1;
      const budget = Math.min(cap, this.budgets[i]! + (t.rate * elapsedMs) / 1000);
      const frames = Math.floor(budget);
      this.budgets[i] = budget - frames;
      t.pump(frames);
    }
    if (this.running) this.schedule();
  }
}

/**
 * Restart intensity (DESIGN.md §4): a supervisor tolerates at most
 * `maxRestarts` restarts within any `withinMs`; the restart that makes it
 * `maxRestarts + 1` escalates.
 *
 * Window contract: a restart recorded at time t counts against every later
 * restart at time `now` with `now - t < withinMs`, i.e. it slides out exactly
 * `withinMs` after it happened. Times come from one monotonic clock
 * (performance.now() in the mechanism, a simulated clock in tests) and must
 * not go backwards.
 *
 * Memory is bounded: only the last `maxRestarts` restart times are kept, in a
 * ring. That is enough, because the new restart exceeds the intensity exactly
 * when the oldest of those is still inside the window.
 */
export interface IntensityOptions {
  readonly maxRestarts: number;
  readonly withinMs: number;
}

export class IntensityWindow {
  readonly maxRestarts: number;
  readonly withinMs: number;
  /** The last `maxRestarts` restart times; once full, `#next` is the oldest. */
  readonly #times: Float64Array;
  #next = 0;
  #size = 0;
  #lastMs = Number.NEGATIVE_INFINITY;

  constructor({ maxRestarts, withinMs }: IntensityOptions) {
    if (!Number.isInteger(maxRestarts) || maxRestarts < 0) {
      throw new RangeError(`IntensityWindow: maxRestarts must be an integer >= 0, got ${maxRestarts}`);
    }
    if (!Number.isFinite(withinMs) || withinMs <= 0) {
      throw new RangeError(`IntensityWindow: withinMs must be a finite number > 0, got ${withinMs}`);
    }
    this.maxRestarts = maxRestarts;
    this.withinMs = withinMs;
    this.#times = new Float64Array(maxRestarts);
  }

  /**
   * Records a restart at `nowMs` and returns true when it exceeds the
   * intensity (it would be restart number maxRestarts + 1 inside the window).
   * The restart is recorded either way.
   */
  record(nowMs: number): boolean {
    if (!(nowMs >= this.#lastMs)) {
      throw new RangeError(`IntensityWindow.record: time went backwards (${nowMs} after ${this.#lastMs})`);
    }
    this.#lastMs = nowMs;
    const capacity = this.maxRestarts;
    if (capacity === 0) return true;
    const exceeded = this.#size === capacity && nowMs - this.#times[this.#next]! < this.withinMs;
    this.#times[this.#next] = nowMs;
    this.#next = (this.#next + 1) % capacity;
    if (this.#size < capacity) this.#size += 1;
    return exceeded;
  }

  /** Forgets every recorded restart (e.g. after the supervisor itself restarted). */
  reset(): void {
    this.#next = 0;
    this.#size = 0;
    this.#lastMs = Number.NEGATIVE_INFINITY;
  }
}

import type { Doorbell } from '../ring/doorbell.js';
import type { WaitStrategy } from './wait-strategy.js';

/** Polls between clock reads: the clock costs more than a poll. */
const kPollsPerClockRead = 256;

/**
 * Polls hasWork() until it is true or maxWaitMs has passed; never sleeps, so
 * producers never pay a notify. In waitAsync() it yields to the event loop
 * (setImmediate) between rounds of polls instead of blocking it.
 */
export class BusySpinWaitStrategy implements WaitStrategy {
  readonly name = 'busy-spin';

  wait(_doorbell: Doorbell, hasWork: () => boolean, maxWaitMs: number): void {
    const deadline = performance.now() + maxWaitMs;
    for (;;) {
      for (let i = 0; i < kPollsPerClockRead; i++) if (hasWork()) return;
      if (performance.now() >= deadline) return;
    }
  }

  async waitAsync(_doorbell: Doorbell, hasWork: () => boolean, maxWaitMs: number): Promise<void> {
    const deadline = performance.now() + maxWaitMs;
    for (;;) {
      for (let i = 0; i < kPollsPerClockRead; i++) if (hasWork()) return;
      if (performance.now() >= deadline) return;
      await new Promise<void>((resolve) => setImmediate(resolve));
    }
  }
}

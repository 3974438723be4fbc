import type { Doorbell } from '../ring/doorbell.js';
import type { WaitStrategy } from './wait-strategy.js';

export const kDefaultSpins = 1024;

/**
 * Polls hasWork() `spins` times, then sleeps on the doorbell: a burst that
 * arrives within the spin costs no syscall on either side, an idle consumer
 * costs no CPU.
 */
export class SpinThenWaitStrategy implements WaitStrategy {
  readonly name = 'spin-then-wait';

  constructor(readonly spins: number = kDefaultSpins) {
    if (!Number.isInteger(spins) || spins < 0) {
      throw new RangeError(`spins must be an integer >= 0, got ${String(spins)}`);
    }
  }

  wait(doorbell: Doorbell, hasWork: () => boolean, maxWaitMs: number): void {
    for (let i = 0; i < this.spins; i++) if (hasWork()) return;
    doorbell.prepareSleep();
    if (hasWork()) doorbell.cancelSleep();
    else doorbell.sleep(maxWaitMs);
  }

  async waitAsync(doorbell: Doorbell, hasWork: () => boolean, maxWaitMs: number): Promise<void> {
    for (let i = 0; i < this.spins; i++) if (hasWork()) return;
    doorbell.prepareSleep();
    if (hasWork()) doorbell.cancelSleep();
    else await doorbell.sleepAsync(maxWaitMs);
  }
}

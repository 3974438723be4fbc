import type { Doorbell } from '../ring/doorbell.js';
import type { WaitStrategy } from './wait-strategy.js';

/** Sleeps on the doorbell at once (after the lost-wake-up re-check): least CPU, most latency. */
export class SleepingWaitStrategy implements WaitStrategy {
  readonly name = 'sleeping';

  wait(doorbell: Doorbell, hasWork: () => boolean, maxWaitMs: number): void {
    if (hasWork()) return;
    doorbell.prepareSleep();
    if (hasWork()) doorbell.cancelSleep();
    else doorbell.sleep(maxWaitMs);
  }

  async waitAsync(doorbell: Doorbell, hasWork: () => boolean, maxWaitMs: number): Promise<void> {
    if (hasWork()) return;
    doorbell.prepareSleep();
    if (hasWork()) doorbell.cancelSleep();
    else await doorbell.sleepAsync(maxWaitMs);
  }
}

import type { Doorbell } from '../ring/doorbell.js';
import { BusySpinWaitStrategy } from './busy-spin-wait-strategy.js';
import { SleepingWaitStrategy } from './sleeping-wait-strategy.js';
import { SpinThenWaitStrategy, kDefaultSpins } from './spin-then-wait-strategy.js';

/**
 * How a consumer waits for its next record, chosen in config per edge. A
 * strategy is stateless and may be shared.
 *
 * Contract of wait()/waitAsync(): return when hasWork() is true, when
 * maxWaitMs has passed, or early for no reason (a spurious wake); the caller
 * loops and re-checks its own stop conditions. A strategy that sleeps must do
 * it on the doorbell, in this order, so no wake-up is lost:
 *   doorbell.prepareSleep(); if (hasWork()) doorbell.cancelSleep(); else doorbell.sleep(ms);
 * hasWork() is called often: it should be a few Atomics.loads (e.g. the
 * consumer's rings' available()), never allocate.
 *
 * wait() blocks the thread (Atomics.wait): for worker loops. waitAsync() never
 * blocks the event loop (Atomics.waitAsync, setImmediate): for threads that
 * also serve I/O.
 */
export interface WaitStrategy {
  readonly name: string;
  wait(doorbell: Doorbell, hasWork: () => boolean, maxWaitMs: number): void;
  waitAsync(doorbell: Doorbell, hasWork: () => boolean, maxWaitMs: number): Promise<void>;
}

/**
 * - busy-spin: polls without sleeping; lowest latency, burns a core. Never
 *   asks for a doorbell notify.
 * - spin-then-wait: polls `spins` times (default 1024, a few microseconds),
 *   then sleeps on the doorbell. The default for market edges.
 * - sleeping: sleeps on the doorbell at once; lowest CPU, a syscall per idle gap.
 */
export type WaitStrategyConfig = { kind: 'busy-spin' } | { kind: 'spin-then-wait'; spins?: number } | { kind: 'sleeping' };

export function createWaitStrategy(config: WaitStrategyConfig): WaitStrategy {
  switch (config?.kind) {
    case 'busy-spin':
      return new BusySpinWaitStrategy();
    case 'spin-then-wait':
      return new SpinThenWaitStrategy(config.spins ?? kDefaultSpins);
    case 'sleeping':
      return new SleepingWaitStrategy();
    default:
      throw new RangeError(
        `wait strategy kind must be one of busy-spin, spin-then-wait, sleeping, got ${String((config as { kind?: unknown } | undefined)?.kind)}`,
      );
  }
}

import { createActor, type Actor } from 'xstate';
import { breakerMachine, type BreakerSettings, type BreakerState } from '../../src/runtime/machines/breaker-machine.js';
import type { ConnectPacer } from './connect-pacer.js';
import type { TimerClock } from './timer-clock.js';

export interface ReconnectControllerOptions {
  readonly breaker: BreakerSettings;
  readonly clock: TimerClock;
  /** Uniform in [0, 1) for the breaker's jitter. */
  readonly random: () => number;
  /** Shared by every connection of the exchange: the per-IP connection-rate limit. */
  readonly pacer: ConnectPacer;
  /** Starts one connection attempt. Called only when no other socket of this connection exists. */
  readonly connect: () => void;
  /** Breaker transitions, for the log. */
  readonly onBreaker?: (state: BreakerState, backoffMs: number) => void;
}

/**
 * When to (re)connect one connection, on the xstate circuit breaker
 * (breaker-machine.ts) and the exchange's connection pacing:
 *
 *   - `start()` makes the first attempt (paced);
 *   - `succeeded()`: the attempt proved itself (an ack or data arrived):
 *     SUCCESS, which closes a half_open breaker and clears failure counts;
 *   - `lost(failure)`: the socket is gone, fully closed. A failure (refused,
 *     dropped, stale, no pong) is a FAILURE: below the threshold the breaker
 *     stays closed and the next attempt goes at once (paced); at the
 *     threshold it opens and the attempt waits for half_open after the
 *     backoff (1 s, 2 s, 4 s, 8 s, then 15 s by default, with jitter). A
 *     planned replacement or a shutdown is not a failure;
 *   - `stop()` cancels everything (drain).
 *
 * Every delay runs on the injected clock, so tests step it. The controller
 * never opens a socket while another one of its connection exists: the
 * owner calls `lost` only after the old socket's close event.
 */
export class ReconnectController {
  private readonly breaker: Actor<typeof breakerMachine>;
  private attemptTimer: unknown = undefined;
  private stopped = false;
  private waitingForHalfOpen = false;
  private attempts = 0;
  /** When the pending attempt will start (clock ms), or null. */
  private pendingAt: number | null = null;

  constructor(private readonly o: ReconnectControllerOptions) {
    const machine = breakerMachine.provide({
      actions: {
        notifyOpen: ({ context }) => o.onBreaker?.('open', context.backoffMs),
        notifyClosed: ({ context }) => o.onBreaker?.('closed', context.backoffMs),
        // The breaker allows one trial now: make it (paced).
        notifyHalfOpen: ({ context }) => {
          o.onBreaker?.('half_open', context.backoffMs);
          if (this.waitingForHalfOpen) {
            this.waitingForHalfOpen = false;
            this.schedule();
          }
        },
      },
    });
    this.breaker = createActor(machine, {
      clock: o.clock,
      input: { failureThreshold: o.breaker.failureThreshold, backoff: o.breaker.backoff, random: o.random },
    });
  }

  start(): void {
    this.breaker.start();
    this.schedule();
  }

  /** Connection attempts made so far (the first included). */
  get attemptCount(): number {
    return this.attempts;
  }

  get breakerState(): BreakerState {
    return this.breaker.getSnapshot().value as BreakerState;
  }

  /** Delay of the breaker's current (or latest) opening. */
  get backoffMs(): number {
    return this.breaker.getSnapshot().context.backoffMs;
  }

  get consecutiveFailures(): number {
    return this.breaker.getSnapshot().context.consecutiveFailures;
  }

  /** Clock time at which the next attempt is due, or null when none is scheduled (or it waits for half_open). */
  get nextAttemptAt(): number | null {
    return this.pendingAt;
  }

  succeeded(): void {
    if (this.stopped) return;
    this.breaker.send({ type: 'SUCCESS' });
  }

  lost(failure: boolean): void {
    if (this.stopped) return;
    if (failure) this.breaker.send({ type: 'FAILURE' });
    if (this.breakerState === 'open') {
      this.waitingForHalfOpen = true;
      return;
    }
    this.schedule();
  }

  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    this.cancelTimer();
    this.breaker.stop();
  }

  private schedule(): void {
    if (this.stopped || this.attemptTimer !== undefined) return;
    const now = this.o.clock.now();
    const delay = this.o.pacer.delayFrom(now);
    if (delay === 0) {
      this.attempt(now);
      return;
    }
    this.pendingAt = now + delay;
    this.attemptTimer = this.o.clock.setTimeout(() => {
      this.attemptTimer = undefined;
      this.pendingAt = null;
      this.schedule();
    }, delay);
  }

  private attempt(now: number): void {
    this.pendingAt = null;
    this.attempts++;
    this.o.pacer.recordAttempt(now);
    this.o.connect();
  }

  private cancelTimer(): void {
    if (this.attemptTimer !== undefined) this.o.clock.clearTimeout(this.attemptTimer);
    this.attemptTimer = undefined;
    this.pendingAt = null;
  }
}

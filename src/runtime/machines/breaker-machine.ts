/**
 * A generic circuit breaker (used by exchange connections for reconnects; the
 * runtime knows nothing of what it guards).
 *
 *   closed ──FAILURE × failureThreshold (consecutive)──▶ open
 *   open ──after backoffMs──▶ half_open        (one trial is allowed now)
 *   half_open ──SUCCESS──▶ closed               (counts reset)
 *   half_open ──FAILURE──▶ open                 (the next backoff is longer)
 *   any ──RESET──▶ closed                       (counts reset)
 *   closed ──SUCCESS──▶ closed                  (consecutive failures reset)
 *
 * FAILURE and SUCCESS while open are ignored: nothing is tried while open.
 * The n-th consecutive opening waits backoffDelay(backoff, n) (backoff.ts):
 * by default 1 s, 2 s, 4 s, 8 s, then 15 s each time, spread by ±20 %
 * jitter. The delay is a delayed transition read from context.backoffMs, so
 * a SimulatedClock steps it; `random` is injectable for the jitter.
 *
 * Settings (input; each optional, defaults in kDefaultBreakerSettings):
 *   failureThreshold  1: integer >= 1, consecutive failures that open it; 1
 *                     means every failure waits out a backoff
 *   backoff           initialMs 1000, maxMs 15000, multiplier 2, jitter 0.2
 *                     (same rules as a child's backoff: integers >= 0, maxMs
 *                     >= initialMs, multiplier >= 1, jitter in [0, 1])
 *
 * Effects (entry actions; defaults do nothing): notifyOpen, notifyHalfOpen
 * (the user makes its one trial here), notifyClosed.
 */
import { assign, setup } from 'xstate';
import { backoffDelay, type BackoffCurve } from '../supervisor/backoff.js';

export interface BreakerSettings {
  readonly failureThreshold: number;
  readonly backoff: BackoffCurve;
}

export interface BreakerInput {
  readonly failureThreshold?: number;
  readonly backoff?: Partial<BackoffCurve>;
  /** Uniform in [0, 1) for jitter; defaults to Math.random. */
  readonly random?: () => number;
}

export interface BreakerContext {
  readonly settings: BreakerSettings;
  readonly random: () => number;
  /** Failures in a row while closed. */
  readonly consecutiveFailures: number;
  /** Openings since the breaker last closed; the backoff attempt number. */
  readonly openings: number;
  /** Delay of the current (or latest) opening. */
  readonly backoffMs: number;
}

export type BreakerEvent = { readonly type: 'SUCCESS' } | { readonly type: 'FAILURE' } | { readonly type: 'RESET' };

export type BreakerState = 'closed' | 'open' | 'half_open';

export const kDefaultBreakerSettings: BreakerSettings = Object.freeze({
  failureThreshold: 1,
  backoff: Object.freeze({ initialMs: 1000, maxMs: 15_000, multiplier: 2, jitter: 0.2 }),
});

/** Defaults merged with `input`; throws RangeError naming the bad option. */
export function breakerSettings(input: Omit<BreakerInput, 'random'> = {}): BreakerSettings {
  const failureThreshold = input.failureThreshold ?? kDefaultBreakerSettings.failureThreshold;
  const backoff = { ...kDefaultBreakerSettings.backoff, ...definedOnly(input.backoff ?? {}) };
  check(Number.isInteger(failureThreshold) && failureThreshold >= 1, 'failureThreshold', failureThreshold, 'an integer >= 1');
  check(Number.isInteger(backoff.initialMs) && backoff.initialMs >= 0, 'backoff.initialMs', backoff.initialMs, 'an integer >= 0');
  check(Number.isInteger(backoff.maxMs) && backoff.maxMs >= backoff.initialMs, 'backoff.maxMs', backoff.maxMs, `an integer >= backoff.initialMs (${backoff.initialMs})`);
  check(Number.isFinite(backoff.multiplier) && backoff.multiplier >= 1, 'backoff.multiplier', backoff.multiplier, 'a finite number >= 1');
  check(backoff.jitter >= 0 && backoff.jitter <= 1, 'backoff.jitter', backoff.jitter, 'a fraction in [0, 1]');
  return Object.freeze({ failureThreshold, backoff: Object.freeze(backoff) });
}

export const breakerMachine = setup({
  types: {
    context: {} as BreakerContext,
    events: {} as BreakerEvent,
    input: {} as BreakerInput,
  },
  actions: {
    notifyOpen: () => {},
    notifyHalfOpen: () => {},
    notifyClosed: () => {},
    countFailure: assign(({ context }) => ({ consecutiveFailures: context.consecutiveFailures + 1 })),
    clearFailures: assign({ consecutiveFailures: 0 }),
    scheduleProbe: assign(({ context }) => {
      const openings = context.openings + 1;
      return { openings, backoffMs: backoffDelay(context.settings.backoff, openings, context.random) };
    }),
    resetCounts: assign({ consecutiveFailures: 0, openings: 0, backoffMs: 0 }),
  },
  guards: {
    thresholdReached: ({ context }) => context.consecutiveFailures + 1 >= context.settings.failureThreshold,
  },
  delays: {
    probeBackoff: ({ context }) => context.backoffMs,
  },
}).createMachine({
  id: 'breaker',
  initial: 'closed',
  context: ({ input }) => ({
    settings: breakerSettings(input),
    random: input.random ?? Math.random,
    consecutiveFailures: 0,
    openings: 0,
    backoffMs: 0,
  }),
  on: {
    RESET: { target: '.closed', actions: 'resetCounts' },
  },
  states: {
    closed: {
      entry: 'notifyClosed',
      on: {
        FAILURE: [
          { guard: 'thresholdReached', target: 'open', actions: ['countFailure', 'scheduleProbe'] },
          { actions: 'countFailure' },
        ],
        SUCCESS: { actions: 'clearFailures' },
      },
    },
    open: {
      entry: 'notifyOpen',
      after: { probeBackoff: 'half_open' },
    },
    half_open: {
      entry: 'notifyHalfOpen',
      on: {
        SUCCESS: { target: 'closed', actions: 'resetCounts' },
        FAILURE: { target: 'open', actions: 'scheduleProbe' },
      },
    },
  },
});

export type BreakerMachine = typeof breakerMachine;

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as Partial<T>;
}

function check(ok: boolean, option: string, value: unknown, allowed: string): void {
  if (!ok) throw new RangeError(`breaker: ${option} is ${String(value)}; it must be ${allowed}`);
}

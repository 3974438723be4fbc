/**
 * Exponential backoff with jitter, shared by child restarts and the circuit
 * breaker. Pure: the random source is a parameter.
 *
 * Attempt n (1-based) has the nominal delay min(maxMs, initialMs ×
 * multiplier^(n-1)); jitter spreads it uniformly over nominal × [1 - jitter,
 * 1 + jitter), floored to whole milliseconds. So every delay lies in
 * [0, maxMs × (1 + jitter)], and with jitter 0 the delays are exactly the
 * nominal ones (1000, 2000, 4000, 8000, 15000, 15000 for the breaker).
 */
import type { BackoffSpec } from './child-spec.js';

export type BackoffCurve = Pick<BackoffSpec, 'initialMs' | 'maxMs' | 'multiplier' | 'jitter'>;

/** `random` returns a number in [0, 1), like Math.random; values outside are clamped. */
export function backoffDelay(curve: BackoffCurve, attempt: number, random: () => number = Math.random): number {
  if (!Number.isInteger(attempt) || attempt < 1) {
    throw new RangeError(`backoffDelay: attempt must be an integer >= 1, got ${attempt}`);
  }
  return Math.floor(nominalDelay(curve, attempt) * jitterFactor(curve.jitter, random()));
}

/** The delay before jitter. Overflow (a huge attempt) saturates at maxMs. */
export function nominalDelay(curve: BackoffCurve, attempt: number): number {
  if (curve.initialMs === 0) return 0;
  return Math.min(curve.maxMs, curve.initialMs * curve.multiplier ** (attempt - 1));
}

/**
 * The attempt number for the restart after a failure. `prevAttempt` is the
 * attempt of the previous restart (0 if the child never restarted);
 * `runningForMs` is how long the child had been running (ready) when it
 * failed, 0 if it failed while starting. A run of at least resetAfterMs counts
 * as stable, so the count starts over.
 */
export function nextAttempt(prevAttempt: number, runningForMs: number, spec: Pick<BackoffSpec, 'resetAfterMs'>): number {
  return runningForMs >= spec.resetAfterMs ? 1 : prevAttempt + 1;
}

function jitterFactor(jitter: number, sample: number): number {
  const unit = Math.min(1, Math.max(0, sample));
  return 1 + jitter * (2 * unit - 1);
}

/**
 * Whether a child that ended is restarted: a pure table over restart type ×
 * exit reason (the OTP rule).
 *
 *   permanent  restarted after every end except a requested shutdown
 *   transient  restarted only after an abnormal end (not normal, not shutdown)
 *   temporary  never restarted
 *
 * A restart that is wanted still counts against the supervisor's intensity
 * (intensity-window.ts); one that is not wanted does not.
 */
import type { RestartType } from './child-spec.js';
import type { ExitReason } from './exit-reason.js';

export const kRestartTable: Readonly<Record<RestartType, Readonly<Record<ExitReason, boolean>>>> = Object.freeze({
  permanent: Object.freeze({
    normal: true,
    shutdown: false,
    error: true,
    exit_nonzero: true,
    out_of_memory: true,
    hung: true,
  }),
  transient: Object.freeze({
    normal: false,
    shutdown: false,
    error: true,
    exit_nonzero: true,
    out_of_memory: true,
    hung: true,
  }),
  temporary: Object.freeze({
    normal: false,
    shutdown: false,
    error: false,
    exit_nonzero: false,
    out_of_memory: false,
    hung: false,
  }),
});

export function shouldRestart(type: RestartType, reason: ExitReason): boolean {
  return kRestartTable[type][reason];
}

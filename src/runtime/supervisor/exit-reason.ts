/**
 * Why a supervised worker ended (DESIGN.md §4). The mechanism observes a
 * worker's `error` and `exit` events and whether it asked the worker to stop,
 * and classifies the end once, here; everything downstream (restart decision,
 * log lines, health) speaks in these reasons.
 *
 *   normal         exited with code 0 without being asked to
 *   shutdown       the supervisor asked it to stop (drain, terminate); the
 *                  exit code does not matter: terminate() reports 1
 *   error          emitted `error` (an uncaught exception in the worker)
 *   exit_nonzero   exited with a non-zero code and no `error` event
 *   out_of_memory  hit its resourceLimits (ERR_WORKER_OUT_OF_MEMORY)
 *   hung           missed heartbeats for the TTL; the supervisor terminated it
 *
 * normal and shutdown are the normal ends; the other four are abnormal.
 */
export type ExitReason = 'normal' | 'shutdown' | 'error' | 'exit_nonzero' | 'out_of_memory' | 'hung';

export const kExitReasons: readonly ExitReason[] = Object.freeze([
  'normal',
  'shutdown',
  'error',
  'exit_nonzero',
  'out_of_memory',
  'hung',
]);

/** Node's error code on the `error` event of a worker that exceeded its resourceLimits. */
export const kOutOfMemoryCode = 'ERR_WORKER_OUT_OF_MEMORY';

export interface WorkerEnd {
  /** The value of the worker's `error` event, if it emitted one (usually an Error with `code`). */
  readonly errorEvent?: unknown;
  /** The code from the worker's `exit` event. */
  readonly exitCode: number;
  /** The supervisor asked this worker to stop (graceful drain or terminate). */
  readonly stopRequested: boolean;
  /** The supervisor terminated this worker because its heartbeat went stale. */
  readonly hungDetected?: boolean;
}

/**
 * Classifies a worker's end. Precedence, first match wins: hung (the
 * supervisor's own verdict; termination follows it), out_of_memory, error
 * (a crash is reported even if it happened while stopping), shutdown,
 * normal (exit 0), exit_nonzero.
 */
export function classifyExit(end: WorkerEnd): ExitReason {
  if (end.hungDetected === true) return 'hung';
  if (end.errorEvent !== undefined) return errorCode(end.errorEvent) === kOutOfMemoryCode ? 'out_of_memory' : 'error';
  if (end.stopRequested) return 'shutdown';
  return end.exitCode === 0 ? 'normal' : 'exit_nonzero';
}

/** normal and shutdown are the ends a transient child is not restarted after. */
export function isAbnormal(reason: ExitReason): boolean {
  return reason !== 'normal' && reason !== 'shutdown';
}

function errorCode(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? (value as { code?: unknown }).code : undefined;
}

/**
 * The one structured log line per supervision transition (DESIGN.md §4):
 *
 *   {category:"supervisor", action, actor, reason, exitCode, attempt, backoffMs, downtimeMs}
 *
 * Every key is present on every line (null when it does not apply), so ops
 * can grep and parse restart logs without guessing. Pure: the mechanism
 * hands the record to pino.
 *
 * Actions written by the child lifecycle machine:
 *   start     the supervisor starts the child (first start, or from stopped)
 *   ready     the worker reported ready; after a failure, downtimeMs is the
 *             total time it was down
 *   fail      the worker ended unexpectedly (reason, exitCode)
 *   backoff   a restart is scheduled in backoffMs (attempt is its number)
 *   restart   the backoff elapsed; the worker is being spawned again
 *   give_up   no restart wanted (temporary, or transient after a normal end)
 *   escalate  restart intensity exceeded; the supervisor escalates
 *   stop      the supervisor asked the worker to stop
 *   stopped   the worker is gone after a stop
 * The mechanism may write supervisor-level lines (e.g. its own escalate) with
 * the same helper.
 */
import type { ExitReason } from '../supervisor/exit-reason.js';

export type ChildTransitionAction =
  | 'start'
  | 'ready'
  | 'fail'
  | 'backoff'
  | 'restart'
  | 'give_up'
  | 'escalate'
  | 'stop'
  | 'stopped';

export interface SupervisorTransitionRecord {
  readonly category: 'supervisor';
  readonly action: string;
  readonly actor: string;
  readonly reason: ExitReason | null;
  readonly exitCode: number | null;
  /** Restart attempt the child is on; 0 before its first restart. */
  readonly attempt: number;
  readonly backoffMs: number | null;
  /** How long the child has been down because of a failure; null while it is up. */
  readonly downtimeMs: number | null;
}

export interface TransitionFields {
  readonly action: string;
  readonly actor: string;
  readonly reason?: ExitReason | null;
  readonly exitCode?: number | null;
  readonly attempt?: number;
  readonly backoffMs?: number | null;
  readonly downtimeMs?: number | null;
}

export function transitionLogRecord(fields: TransitionFields): SupervisorTransitionRecord {
  return {
    category: 'supervisor',
    action: fields.action,
    actor: fields.actor,
    reason: fields.reason ?? null,
    exitCode: fields.exitCode ?? null,
    attempt: fields.attempt ?? 0,
    backoffMs: fields.backoffMs ?? null,
    downtimeMs: fields.downtimeMs ?? null,
  };
}

/**
 * Lifecycle of one supervised child, as the supervisor sees it (DESIGN.md §4).
 * Plain xstate data: the machine decides, the mechanism acts. Every effect is
 * a named action the mechanism supplies with `machine.provide({ actions,
 * guards })`; the defaults do nothing, except `intensityExceeded`, which
 * throws until provided (a supervisor that never escalates is a wiring bug,
 * not a default).
 *
 *   idle ──START──▶ starting ──READY──▶ running
 *                    │  ▲                 │
 *                FAIL│  │after backoffMs  │FAIL
 *                    ▼  │                 ▼
 *                  failed ──▶ backoff ◀── failed
 *                    ├──▶ given_up   (final: restart not wanted)
 *                    └──▶ escalated  (final: intensity exceeded)
 *   starting|running ──STOP──▶ stopping ──STOPPED|FAIL──▶ stopped ──START──▶ starting
 *   idle|backoff ──STOP──▶ stopped
 *
 * `failed` is transient: restartWanted (the restart table over restart type ×
 * reason) is checked first, then intensityExceeded, which is evaluated exactly
 * once per wanted restart, so the mechanism may record the restart in its
 * supervisor's IntensityWindow inside it. The backoff is a delayed transition
 * whose delay is context.backoffMs, so a SimulatedClock steps it.
 *
 * Event contract for the mechanism: FAIL and STOPPED are sent after the
 * worker has exited (a hung worker is terminated first, then FAIL{reason:
 * 'hung'}), so spawnWorker never overlaps a previous worker; events about a
 * previous worker must be filtered out by the mechanism.
 *
 * Effects (entry actions unless noted):
 *   spawnWorker      entering starting
 *   notifyRunning    entering running
 *   notifyBackoff    entering backoff (a rest_for_one supervisor stops later
 *                    siblings here)
 *   terminateWorker  entering stopping: drain, then terminate after shutdownMs
 *   notifyStopped    entering stopped
 *   notifyGivenUp    entering given_up
 *   escalate         entering escalated
 *   logTransition    on every transition, with a SupervisorTransitionRecord
 *                    as params: the mechanism writes it as one log line
 *
 * Time comes from input.now (monotonic ms, same clock as the actor's), and
 * jitter from input.random, so tests run without real time or chance.
 */
import { assign, not, setup } from 'xstate';
import { backoffDelay, nextAttempt } from '../supervisor/backoff.js';
import { kDefaultBackoff, type BackoffSpec, type RestartType } from '../supervisor/child-spec.js';
import type { ExitReason } from '../supervisor/exit-reason.js';
import { shouldRestart } from '../supervisor/restart-decision.js';
import {
  transitionLogRecord,
  type ChildTransitionAction,
  type SupervisorTransitionRecord,
} from './transition-log-record.js';

export interface ChildLifecycleInput {
  readonly name: string;
  readonly restartType: RestartType;
  /** Defaults to kDefaultBackoff. */
  readonly backoff?: BackoffSpec;
  /** Monotonic milliseconds; defaults to performance.now. Use the actor's clock. */
  readonly now?: () => number;
  /** Uniform in [0, 1) for jitter; defaults to Math.random. */
  readonly random?: () => number;
}

export interface ChildFailure {
  readonly reason: ExitReason;
  readonly exitCode: number | null;
  readonly message: string | null;
  readonly atMs: number;
}

export interface ChildLifecycleContext {
  readonly name: string;
  readonly restartType: RestartType;
  readonly backoff: BackoffSpec;
  readonly now: () => number;
  readonly random: () => number;
  /** Attempt number of the latest restart; 0 before the first. */
  readonly attempt: number;
  /** Restarts performed over this machine's life. */
  readonly restarts: number;
  /** Delay of the pending (or latest) restart. */
  readonly backoffMs: number;
  readonly lastFailure: ChildFailure | null;
  /** When the child went down by failure; null while up or stopped on request. */
  readonly downSince: number | null;
  /** When the child became ready; null while not running. */
  readonly runningSince: number | null;
  /** How long it had been running when it last failed (attempt reset rule). */
  readonly ranForMs: number;
}

export type ChildLifecycleEvent =
  | { readonly type: 'START' }
  | { readonly type: 'READY' }
  | { readonly type: 'FAIL'; readonly reason: ExitReason; readonly exitCode: number | null; readonly error?: unknown }
  | { readonly type: 'STOP' }
  | { readonly type: 'STOPPED'; readonly exitCode?: number | null };

export type ChildLifecycleState =
  | 'idle'
  | 'starting'
  | 'running'
  | 'failed'
  | 'backoff'
  | 'stopping'
  | 'stopped'
  | 'given_up'
  | 'escalated';

type Args = { readonly context: ChildLifecycleContext; readonly event: ChildLifecycleEvent };

/** The log record for `action`, read from the context after this transition's updates. */
export function childTransitionRecord(
  action: ChildTransitionAction,
  context: ChildLifecycleContext,
  event: ChildLifecycleEvent,
): SupervisorTransitionRecord {
  const failure = context.downSince === null ? null : context.lastFailure;
  const stopping = action === 'stop' || action === 'stopped';
  let reason: ExitReason | null = failure?.reason ?? null;
  let exitCode: number | null = failure?.exitCode ?? null;
  if (event.type === 'FAIL') {
    reason = event.reason;
    exitCode = event.exitCode;
  } else if (stopping) {
    reason = 'shutdown';
    exitCode = event.type === 'STOPPED' ? (event.exitCode ?? null) : null;
  }
  return transitionLogRecord({
    action,
    actor: context.name,
    reason,
    exitCode,
    attempt: context.attempt,
    backoffMs: action === 'backoff' || action === 'restart' ? context.backoffMs : null,
    downtimeMs: stopping || context.downSince === null ? null : context.now() - context.downSince,
  });
}

const log = (action: ChildTransitionAction) => ({
  type: 'logTransition' as const,
  params: ({ context, event }: Args) => childTransitionRecord(action, context, event),
});

export const childLifecycleMachine = setup({
  types: {
    context: {} as ChildLifecycleContext,
    events: {} as ChildLifecycleEvent,
    input: {} as ChildLifecycleInput,
  },
  actions: {
    spawnWorker: () => {},
    notifyRunning: () => {},
    notifyBackoff: () => {},
    terminateWorker: () => {},
    notifyStopped: () => {},
    notifyGivenUp: () => {},
    escalate: () => {},
    logTransition: (_args, _record: SupervisorTransitionRecord) => {},
    recordFailure: assign(({ context, event }) => {
      if (event.type !== 'FAIL') return {};
      const now = context.now();
      return {
        lastFailure: { reason: event.reason, exitCode: event.exitCode, message: messageOf(event.error), atMs: now },
        downSince: context.downSince ?? now,
        ranForMs: context.runningSince === null ? 0 : now - context.runningSince,
        runningSince: null,
      };
    }),
    scheduleRestart: assign(({ context }) => {
      const attempt = nextAttempt(context.attempt, context.ranForMs, context.backoff);
      return { attempt, backoffMs: backoffDelay(context.backoff, attempt, context.random) };
    }),
    countRestart: assign(({ context }) => ({ restarts: context.restarts + 1 })),
    markRunning: assign(({ context }) => ({ runningSince: context.now(), downSince: null })),
    markStopped: assign({ runningSince: null, downSince: null }),
  },
  guards: {
    restartWanted: ({ context }) =>
      context.lastFailure !== null && shouldRestart(context.restartType, context.lastFailure.reason),
    intensityExceeded: (): boolean => {
      throw new Error('childLifecycleMachine: guard intensityExceeded must be provided by the supervisor');
    },
  },
  delays: {
    restartBackoff: ({ context }) => context.backoffMs,
  },
}).createMachine({
  id: 'childLifecycle',
  initial: 'idle',
  context: ({ input }) => ({
    name: input.name,
    restartType: input.restartType,
    backoff: input.backoff ?? kDefaultBackoff,
    now: input.now ?? (() => performance.now()),
    random: input.random ?? Math.random,
    attempt: 0,
    restarts: 0,
    backoffMs: 0,
    lastFailure: null,
    downSince: null,
    runningSince: null,
    ranForMs: 0,
  }),
  states: {
    idle: {
      on: {
        START: { target: 'starting', actions: [log('start')] },
        STOP: { target: 'stopped', actions: [log('stopped')] },
      },
    },
    starting: {
      entry: 'spawnWorker',
      on: {
        READY: { target: 'running', actions: [log('ready'), 'markRunning'] },
        FAIL: { target: 'failed', actions: ['recordFailure', log('fail')] },
        STOP: { target: 'stopping', actions: [log('stop')] },
      },
    },
    running: {
      entry: 'notifyRunning',
      on: {
        FAIL: { target: 'failed', actions: ['recordFailure', log('fail')] },
        STOP: { target: 'stopping', actions: [log('stop')] },
      },
    },
    failed: {
      // Guards run in order and stop at the first that passes, so
      // intensityExceeded is asked only about restarts that are wanted.
      always: [
        { guard: not('restartWanted'), target: 'given_up', actions: [log('give_up')] },
        { guard: 'intensityExceeded', target: 'escalated', actions: [log('escalate')] },
        { target: 'backoff', actions: ['scheduleRestart', log('backoff')] },
      ],
    },
    backoff: {
      entry: 'notifyBackoff',
      after: {
        restartBackoff: { target: 'starting', actions: ['countRestart', log('restart')] },
      },
      on: {
        STOP: { target: 'stopped', actions: [log('stopped')] },
      },
    },
    stopping: {
      entry: 'terminateWorker',
      on: {
        STOPPED: { target: 'stopped', actions: [log('stopped')] },
        // Died while draining: it is stopped all the same; the line keeps the reason.
        FAIL: { target: 'stopped', actions: ['recordFailure', log('stopped')] },
      },
    },
    stopped: {
      entry: ['markStopped', 'notifyStopped'],
      on: {
        START: { target: 'starting', actions: [log('start')] },
      },
    },
    given_up: { type: 'final', entry: 'notifyGivenUp' },
    escalated: { type: 'final', entry: 'escalate' },
  },
});

export type ChildLifecycleMachine = typeof childLifecycleMachine;

function messageOf(error: unknown): string | null {
  if (error === undefined || error === null) return null;
  return error instanceof Error ? error.message : String(error);
}

/**
 * Lifecycle of an actor as its own worker sees it: the actor host drives it,
 * and its named actions tell the supervisor where the actor is.
 *
 *   init ──READY──▶ running ──DRAIN──▶ draining ──DRAINED──▶ stopped (final)
 *   init ──DRAIN──▶ draining        (a stop during start-up still drains what exists)
 *   init|running|draining ──FAIL──▶ failed (final)
 *
 * Effects (entry actions; defaults do nothing, the host provides them):
 *   announceReady    entering running: tell the supervisor READY
 *   beginDrain       entering draining: stop intake, flush, then send DRAINED
 *   announceStopped  entering stopped: the worker may exit 0
 *   reportFailure    entering failed: report context.failure, exit non-zero
 * The drain deadline is the supervisor's (ChildSpec.shutdownMs), not this
 * machine's: a worker that never drains is terminated from outside.
 */
import { assign, setup } from 'xstate';

export interface ActorLifecycleInput {
  readonly name: string;
}

export interface ActorLifecycleContext {
  readonly name: string;
  /** Message of the failure that ended the actor; null unless failed. */
  readonly failure: string | null;
}

export type ActorLifecycleEvent =
  | { readonly type: 'READY' }
  | { readonly type: 'DRAIN' }
  | { readonly type: 'DRAINED' }
  | { readonly type: 'FAIL'; readonly error: unknown };

export type ActorLifecycleState = 'init' | 'running' | 'draining' | 'stopped' | 'failed';

export const actorLifecycleMachine = setup({
  types: {
    context: {} as ActorLifecycleContext,
    events: {} as ActorLifecycleEvent,
    input: {} as ActorLifecycleInput,
  },
  actions: {
    announceReady: () => {},
    beginDrain: () => {},
    announceStopped: () => {},
    reportFailure: () => {},
    recordFailure: assign(({ event }) =>
      event.type === 'FAIL' ? { failure: event.error instanceof Error ? event.error.message : String(event.error) } : {},
    ),
  },
}).createMachine({
  id: 'actorLifecycle',
  initial: 'init',
  context: ({ input }) => ({ name: input.name, failure: null }),
  on: {
    // Root-level: FAIL in init, running or draining; final states take no events.
    FAIL: { target: '.failed', actions: 'recordFailure' },
  },
  states: {
    init: {
      on: { READY: 'running', DRAIN: 'draining' },
    },
    running: {
      entry: 'announceReady',
      on: { DRAIN: 'draining' },
    },
    draining: {
      entry: 'beginDrain',
      on: { DRAINED: 'stopped' },
    },
    stopped: { type: 'final', entry: 'announceStopped' },
    failed: { type: 'final', entry: 'reportFailure' },
  },
});

export type ActorLifecycleMachine = typeof actorLifecycleMachine;

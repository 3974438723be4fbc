import type { Logger } from 'pino';
import { createActor, type Actor } from 'xstate';
import {
  childLifecycleMachine,
  type ChildLifecycleState,
} from '../machines/child-lifecycle-machine.js';
import type { SupervisorTransitionRecord } from '../machines/transition-log-record.js';
import type { ChildSpec } from './child-spec.js';
import type { ChildExit, WorkerChild } from './worker-child.js';

/** What /health shows of one supervised actor. */
export interface ChildLifecycleView {
  readonly state: ChildLifecycleState;
  readonly incarnation: number;
  readonly restarts: number;
  readonly attempt: number;
  readonly lastFailure: { readonly reason: string; readonly exitCode: number | null; readonly atMs: number; readonly message: string | null } | null;
  readonly runningSince: number | null;
}

/** The supervisor's side of one child's effects (the machine decides, these act). */
export interface LifecycleHooks {
  /** Records a wanted restart in the supervisor's intensity window; true = exceeded. */
  intensityExceeded(child: ChildLifecycle): boolean;
  /** A restart was scheduled (rest_for_one stops the later siblings here). */
  onBackoff(child: ChildLifecycle): void;
  onRunning(child: ChildLifecycle): void;
  onStopped(child: ChildLifecycle): void;
  onChildEscalate(child: ChildLifecycle): void;
}

/**
 * One supervised child: the xstate lifecycle machine (policy, timing, the
 * restart log) bound to a WorkerChild (mechanism). Worker events become
 * machine events; machine effects become worker calls. Every transition is
 * logged as exactly one line by the machine's logTransition action.
 */
export class ChildLifecycle {
  private actor: Actor<typeof childLifecycleMachine>;
  /** Restarts across machine generations (a sub-tree restart makes a new machine). */
  private restartsBefore = 0;

  constructor(
    readonly worker: WorkerChild,
    private readonly log: Logger,
    private readonly now: () => number,
    private readonly random: () => number,
    private readonly hooks: LifecycleHooks,
  ) {
    this.actor = this.createMachineActor();
  }

  get name(): string {
    return this.worker.name;
  }

  get spec(): ChildSpec {
    return this.worker.spec;
  }

  get state(): ChildLifecycleState {
    return this.actor.getSnapshot().value as ChildLifecycleState;
  }

  view(): ChildLifecycleView {
    const ctx = this.actor.getSnapshot().context;
    return {
      state: this.state,
      incarnation: this.worker.incarnation,
      restarts: this.restartsBefore + ctx.restarts,
      attempt: ctx.attempt,
      lastFailure: ctx.lastFailure,
      runningSince: ctx.runningSince,
    };
  }

  start(): void {
    if (this.state === 'given_up' || this.state === 'escalated') this.renew();
    this.actor.send({ type: 'START' });
  }

  stop(): void {
    this.actor.send({ type: 'STOP' });
  }

  /** Resolves once the machine is in one of `states` (checked synchronously first). */
  until(states: readonly ChildLifecycleState[]): Promise<ChildLifecycleState> {
    if (states.includes(this.state)) return Promise.resolve(this.state);
    return new Promise((resolve) => {
      const sub = this.actor.subscribe((snap) => {
        const s = snap.value as ChildLifecycleState;
        if (states.includes(s)) {
          sub.unsubscribe();
          resolve(s);
        }
      });
    });
  }

  /** Called by the WorkerChild for every exit of every incarnation. */
  onWorkerExit(exit: ChildExit): void {
    if (exit.incarnation !== this.worker.incarnation) return; // about an older worker
    if (this.state === 'stopping' && (exit.reason === 'shutdown' || exit.reason === 'normal')) {
      this.actor.send({ type: 'STOPPED', exitCode: exit.exitCode });
    } else {
      this.actor.send({ type: 'FAIL', reason: exit.reason, exitCode: exit.exitCode, error: exit.error });
    }
  }

  /** A fresh machine (after the child's sub-tree was restarted as a whole). */
  private renew(): void {
    this.restartsBefore += this.actor.getSnapshot().context.restarts;
    this.actor.stop();
    this.actor = this.createMachineActor();
  }

  private createMachineActor(): Actor<typeof childLifecycleMachine> {
    const machine = childLifecycleMachine.provide({
      actions: {
        spawnWorker: () => {
          const incarnation = this.worker.incarnation + 1;
          this.worker.spawn().then(
            () => {
              if (this.worker.incarnation === incarnation) this.actor.send({ type: 'READY' });
            },
            () => {}, // the exit arrives through onWorkerExit
          );
        },
        terminateWorker: () => {
          void this.worker.stop();
        },
        notifyRunning: () => this.hooks.onRunning(this),
        notifyBackoff: () => this.hooks.onBackoff(this),
        // No restart follows these three: a thread the worker started ahead
        // of one (see WorkerChild) has no use.
        notifyStopped: () => {
          this.worker.discardPrepared();
          this.hooks.onStopped(this);
        },
        notifyGivenUp: () => this.worker.discardPrepared(),
        escalate: () => {
          this.worker.discardPrepared();
          this.hooks.onChildEscalate(this);
        },
        logTransition: ({ context }, record: SupervisorTransitionRecord) => {
          const line = { ...record, incarnation: this.worker.incarnation };
          if (record.action === 'fail' || record.action === 'escalate') {
            this.log.warn({ ...line, error: context.lastFailure?.message ?? null }, `${record.actor}: ${record.action}`);
          } else {
            this.log.info(line, `${record.actor}: ${record.action}`);
          }
        },
      },
      guards: {
        intensityExceeded: () => this.hooks.intensityExceeded(this),
      },
    });
    const actor = createActor(machine, {
      input: {
        name: this.worker.name,
        restartType: this.worker.spec.restart,
        backoff: this.worker.spec.backoff,
        now: this.now,
        random: this.random,
      },
    });
    actor.start();
    return actor;
  }
}

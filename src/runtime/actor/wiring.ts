import type { FullPolicy } from '../ring/full-policy.js';
import type { WaitStrategyConfig } from '../wait/wait-strategy.js';

/**
 * Everything a worker receives at spawn time, in one place (the only message
 * that crosses threads outside the control channel). The host builds one per
 * actor from the topology; a replacement worker receives the very same
 * buffers, which is how rings, counters and heartbeat slots outlive a crash.
 */
export interface ActorWiring {
  readonly name: string;
  /** Increases on every spawn of this actor; written to its heartbeat slot. */
  readonly incarnation: number;
  readonly inputs: Readonly<Record<string, InputWiring>>;
  readonly outputs: Readonly<Record<string, OutputWiring>>;
  /** This actor's wake word, shared by every ring that feeds it. */
  readonly doorbell: SharedArrayBuffer;
  readonly heartbeat: { readonly board: SharedArrayBuffer; readonly slot: number; readonly intervalMs: number };
  readonly counters: { readonly board: SharedArrayBuffer; readonly names: readonly string[] };
  readonly loop: RunLoopOptions;
  /** Whether fault-injection commands (crash, hang, exit, oom) are honoured. */
  readonly chaos: boolean;
  /** pino level of the worker's logger (the host's own level, so one setting rules every thread). */
  readonly logLevel: string;
  /** Actor-specific configuration, opaque to the runtime (structured-clonable). */
  readonly config: unknown;
  /**
   * Present when the worker was started ahead of its turn (while the previous
   * incarnation was still exiting): runActor waits on it before touching any
   * shared buffer (src/runtime/worker/start-gate.ts).
   */
  readonly startGate?: SharedArrayBuffer;
}

export interface InputWiring {
  readonly ring: SharedArrayBuffer;
  /** `manual`: the actor calls release() itself (e.g. after a durable commit). */
  readonly release: 'auto' | 'manual';
}

export interface OutputWiring {
  readonly ring: SharedArrayBuffer;
  /** The consumer's doorbell, rung after a publish when the consumer sleeps. */
  readonly doorbell: SharedArrayBuffer;
  readonly policy: FullPolicy;
  readonly batchSize: number;
  readonly conflateKeys: number;
  readonly blockTimeoutMs: number;
}

export interface RunLoopOptions {
  /** Most records taken from one input per poll. */
  readonly pollBatch: number;
  /** Longest stretch of work before the loop yields to the event loop (control messages, timers). */
  readonly sliceMs: number;
  /** Longest single sleep when idle; bounds how late a control message is seen. */
  readonly parkMs: number;
  readonly wait: WaitStrategyConfig;
}

export const kDefaultRunLoop: RunLoopOptions = {
  pollBatch: 256,
  sliceMs: 4,
  parkMs: 20,
  wait: { kind: 'spin-then-wait' },
};

import type { RingStats } from '../../src/runtime/index.js';

/**
 * What the e2e host process (host-process.ts) and its parent (host-child.ts)
 * exchange, typed in one place. Requests carry `type`; replies are the
 * values below (child-rpc.ts carries them).
 *
 *   start {config}             → HostStarted     config: a RingmasterConfigInput (plain object)
 *   snapshot                   → HostSnapshot
 *   inject {actor, fault}      → null            kill | crash | hang, through ActorSystem.inject
 *   measureRestart {actor, fault, dataCounter, timeoutMs} → RestartTiming
 *   supervisorLines {from}     → SupervisorLine[]   lines captured since index `from`
 *   shutdown {reason}          → HostShutdown    graceful, timed inside the host process
 *   stop                       → null            after shutdown; the process then ends
 *
 * Event: `{type: 'exited', exitCode}` when the host stopped by itself
 * (escalation at the root supervisor) before any shutdown request.
 */
export interface HostStarted {
  readonly pid: number;
  readonly opsPort: number;
  readonly startupMs: number;
}

export interface ActorSnapshot {
  readonly name: string;
  readonly state: string;
  readonly incarnation: number;
  readonly restarts: number;
  readonly threadId: number | undefined;
}

export interface HostSnapshot {
  /** Date.now() in the host process when the snapshot was read. */
  readonly atMs: number;
  readonly counters: Readonly<Record<string, number>>;
  readonly rings: Readonly<Record<string, RingStats>>;
  readonly actors: readonly ActorSnapshot[];
}

export interface RestartTiming {
  /** Fault injected → the supervisor's `ready` line for the replacement, ms. */
  readonly readyMs: number;
  /** Fault injected → the replacement moved its data counter, ms. */
  readonly dataMs: number;
}

/** One supervisor transition line as the host logged it (docs/runtime.md), plus when it was captured. */
export interface SupervisorLine {
  readonly action: string;
  readonly actor: string;
  readonly reason: string | null;
  readonly exitCode: number | null;
  readonly attempt: number | null;
  readonly backoffMs: number | null;
  readonly downtimeMs: number | null;
  readonly time: number;
}

export interface HostShutdown {
  readonly exitCode: number;
  /** host.shutdown() called → resolved, measured in the host process, ms. */
  readonly durationMs: number;
  readonly snapshot: HostSnapshot;
}

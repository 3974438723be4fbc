import { MessageChannel, type Worker } from 'node:worker_threads';
import type { Remote } from 'comlink';
import type { ActorRpc, DrainReport } from '../actor/actor-rpc.js';
import type { ActorWiring } from '../actor/wiring.js';
import { decodeControl, encodeControl, type ControlMessage } from '../control/control-messages.js';
import { createRpcClient } from '../control/rpc-client.js';
import { spawnWorker } from '../worker/spawn-worker.js';
import type { ChildSpec } from './child-spec.js';
import { classifyExit, type ExitReason } from './exit-reason.js';

/** How one incarnation of a child ended. */
export interface ChildExit {
  readonly reason: ExitReason;
  readonly exitCode: number;
  readonly error?: Error;
  readonly incarnation: number;
}

/**
 * The mechanism at the bottom of the supervision tree: spawns one worker for
 * a child spec, watches it (error, exit, missed heartbeats are reported by the
 * supervisor's watchdog through markHung), stops or terminates it. It makes
 * no decisions: every exit is reported once through `onExit`, and the
 * supervisor's pure planner decides what happens next.
 */
export class WorkerChild {
  incarnation = 0;
  private worker: Worker | undefined;
  private rpcClient: ReturnType<typeof createRpcClient<ActorRpc>> | undefined;
  private error: Error | undefined;
  private stopRequested = false;
  private hung = false;
  private exited: Promise<ChildExit> | undefined;
  /** Time (ms) the current incarnation was spawned and reported ready. */
  spawnedAt = 0;
  readyAt = 0;
  /** How the latest incarnation ended; undefined while it runs. */
  lastExit: ChildExit | undefined;

  constructor(
    readonly spec: ChildSpec,
    private readonly wiring: (incarnation: number) => ActorWiring,
    private readonly onExit: (child: WorkerChild, exit: ChildExit) => void,
    private readonly now: () => number = Date.now,
  ) {}

  get name(): string {
    return this.spec.name;
  }

  get alive(): boolean {
    return this.worker !== undefined;
  }

  get threadId(): number | undefined {
    return this.worker?.threadId;
  }

  get rpc(): Remote<ActorRpc> | undefined {
    return this.rpcClient?.remote;
  }

  /**
   * Spawns a new incarnation; resolves when it reports ready, rejects with
   * the exit if it dies first. The exit is reported through onExit either way.
   */
  spawn(): Promise<void> {
    if (this.worker !== undefined) throw new Error(`${this.name}: spawn while incarnation ${this.incarnation} is alive`);
    this.incarnation++;
    this.error = undefined;
    this.stopRequested = false;
    this.hung = false;
    this.spawnedAt = this.now();
    this.readyAt = 0;
    this.lastExit = undefined;
    const incarnation = this.incarnation;
    const channel = new MessageChannel();
    const limits = this.spec.resourceLimits;
    const worker = spawnWorker(this.spec.entry, {
      workerData: { ...this.wiring(incarnation), rpcPort: channel.port2 },
      transferList: [channel.port2],
      ...(limits === undefined ? {} : { resourceLimits: limits }),
      // Worker stdout/stderr go straight to the process's: pino lines from
      // every thread land in one stream.
      stdout: false,
      stderr: false,
    });
    this.worker = worker;
    this.rpcClient = createRpcClient<ActorRpc>(channel.port1);
    let markReady: () => void = () => {};
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    // Always listen for `error`: without a listener a worker's throw takes the whole process down.
    worker.on('error', (err) => {
      this.error ??= err;
    });
    worker.on('message', (data: Uint8Array) => {
      const msg = decodeControl(data);
      if (msg.ok && msg.message.type === 'ready' && msg.message.incarnation === incarnation) {
        this.readyAt = this.now();
        markReady();
      }
    });
    this.exited = new Promise<ChildExit>((resolve) => {
      worker.once('exit', (exitCode) => {
        const exit: ChildExit = {
          reason: classifyExit({ errorEvent: this.error, exitCode, stopRequested: this.stopRequested, hungDetected: this.hung }),
          exitCode,
          ...(this.error === undefined ? {} : { error: this.error }),
          incarnation,
        };
        this.rpcClient?.rejectAll(new Error(`actor ${this.name} (incarnation ${incarnation}) exited: ${exit.reason}`));
        channel.port1.close();
        this.worker = undefined;
        this.rpcClient = undefined;
        this.lastExit = exit;
        resolve(exit);
        this.onExit(this, exit);
      });
    });
    return Promise.race([
      ready,
      this.exited.then((exit) => {
        throw Object.assign(new Error(`${this.name} exited before ready: ${exit.reason} (code ${exit.exitCode})`), { exit });
      }),
    ]);
  }

  send(message: ControlMessage): void {
    this.worker?.postMessage(encodeControl(message));
  }

  /** Asks the actor to drain (see ActorRpc.drain); undefined when it is not alive. */
  async drain(timeoutMs: number): Promise<DrainReport | undefined> {
    const rpc = this.rpc;
    if (rpc === undefined) return undefined;
    return rpc.drain(timeoutMs);
  }

  /**
   * Graceful stop: the actor finishes its round, runs its stop hook and exits
   * 0. Past shutdownMs it is terminated. Resolves with its exit.
   */
  async stop(timeoutMs = this.spec.shutdownMs): Promise<ChildExit | undefined> {
    const worker = this.worker;
    const exited = this.exited;
    if (worker === undefined || exited === undefined) return undefined;
    this.stopRequested = true;
    this.send({ type: 'stop' });
    let timer: NodeJS.Timeout | undefined;
    const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
    const first = await Promise.race([exited, timedOut]);
    clearTimeout(timer);
    if (first === 'timeout') await worker.terminate();
    return exited;
  }

  /** Hard stop, no hooks run. `stopRequested` says whether the exit is a planned one. */
  async terminate(planned: boolean): Promise<ChildExit | undefined> {
    const worker = this.worker;
    const exited = this.exited;
    if (worker === undefined || exited === undefined) return undefined;
    if (planned) this.stopRequested = true;
    await worker.terminate();
    return exited;
  }

  /** The watchdog found no heartbeat for the TTL: terminate, reported as `hung`. */
  markHung(): void {
    if (this.worker === undefined || this.hung || this.stopRequested) return;
    this.hung = true;
    void this.worker.terminate();
  }
}

import { MessageChannel, type Worker } from 'node:worker_threads';
import type { Remote } from 'comlink';
import type { ActorRpc, DrainReport } from '../actor/actor-rpc.js';
import type { ActorWiring } from '../actor/wiring.js';
import { decodeControl, encodeControl, type ControlMessage } from '../control/control-messages.js';
import { createRpcClient } from '../control/rpc-client.js';
import { settleWithin } from '../control/with-timeout.js';
import { Doorbell } from '../ring/doorbell.js';
import { spawnWorker } from '../worker/spawn-worker.js';
import { allocateStartGate, openStartGate } from '../worker/start-gate.js';
import type { ChildSpec } from './child-spec.js';
import { classifyExit, type ExitReason } from './exit-reason.js';

/** How one incarnation of a child ended. */
export interface ChildExit {
  readonly reason: ExitReason;
  readonly exitCode: number;
  readonly error?: Error;
  readonly incarnation: number;
}

/** How long a killed worker has to leave by itself before it is terminated (see terminate()). */
const kKillGraceMs = 250;

/** A thread started for the next incarnation ahead of its turn, held at its start gate. */
interface PreparedThread {
  readonly incarnation: number;
  readonly worker: Worker;
  readonly channel: MessageChannel;
  readonly doorbell: Doorbell;
  readonly gate: SharedArrayBuffer;
  /** It errored or exited while waiting: never adopted. */
  failed: boolean;
}

/**
 * The mechanism at the bottom of the supervision tree: spawns one worker for
 * a child spec, watches it (error, exit, missed heartbeats are reported by the
 * supervisor's watchdog through markHung), stops or terminates it. It makes
 * no decisions: every exit is reported once through `onExit`, and the
 * supervisor's pure planner decides what happens next.
 *
 * Restart latency: once the current worker is known to be going down
 * abnormally (it emitted `error`, the watchdog found it hung, or it is
 * being killed), the next incarnation's thread is started at once, held at
 * a start gate (src/runtime/worker/start-gate.ts): Node's boot and the
 * actor's module load overlap the old thread's teardown and the restart
 * backoff. Nothing is decided early: spawn(), which the lifecycle machine
 * calls only after the old worker's `exit` and its restart decision,
 * adopts that thread and opens its gate, so the replacement touches no
 * ring before its predecessor is gone. A prepared thread the machine never
 * asks for (no restart, escalation, shutdown) is discarded. It is unref'd
 * until adopted, so it never holds the process open.
 */
export class WorkerChild {
  incarnation = 0;
  private worker: Worker | undefined;
  /** The actor's wake word, rung after each control message (see send()). */
  private doorbell: Doorbell | undefined;
  private prepared: PreparedThread | undefined;
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

  /** Thread id of the next incarnation's thread while it waits at its start gate (see the class comment). */
  get preparedThreadId(): number | undefined {
    return this.prepared?.worker.threadId;
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
    const prepared = this.takePrepared(incarnation);
    const { worker, channel, doorbell } = prepared ?? this.startThread(incarnation, undefined);
    this.worker = worker;
    this.doorbell = doorbell;
    this.rpcClient = createRpcClient<ActorRpc>(channel.port1);
    let markReady: () => void = () => {};
    const ready = new Promise<void>((resolve) => (markReady = resolve));
    // Always listen for `error`: without a listener a worker's throw takes the whole process down.
    worker.on('error', (err) => {
      this.error ??= err;
      // The thread is going down (Node terminates a worker after `error`).
      if (this.worker === worker) this.prepareNext();
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
        this.doorbell = undefined;
        this.rpcClient = undefined;
        this.lastExit = exit;
        resolve(exit);
        this.onExit(this, exit);
      });
    });
    // Listeners are on: let the prepared thread run the actor.
    if (prepared !== undefined) openStartGate(prepared.gate);
    return Promise.race([
      ready,
      this.exited.then((exit) => {
        throw Object.assign(new Error(`${this.name} exited before ready: ${exit.reason} (code ${exit.exitCode})`), { exit });
      }),
    ]);
  }

  /**
   * Posts a control message, then rings the actor's doorbell: an idle actor
   * parks its loop on it for up to parkMs, blocking its event loop, and
   * would read the message only after that; a doorbell ring with nothing in
   * the rings just makes it look once more and yield.
   */
  send(message: ControlMessage): void {
    const worker = this.worker;
    if (worker === undefined) return;
    worker.postMessage(encodeControl(message));
    this.doorbell?.ring();
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
    this.discardPrepared();
    const worker = this.worker;
    const exited = this.exited;
    if (worker === undefined || exited === undefined) return undefined;
    this.stopRequested = true;
    this.send({ type: 'stop' });
    return exitOrTerminate(worker, exited, timeoutMs);
  }

  /**
   * Hard stop, no hooks run. `stopRequested` says whether the exit is a planned one.
   *
   * Asked first, then forced: a worker terminated from outside stops at
   * whatever instruction it is on, and lmdb-js (prebuilt against an older
   * node-addon-api) aborts the whole process when that is inside one of its
   * native calls (seen as "FATAL ERROR: Error::ThrowAsJavaScriptException
   * napi_throw" under a recorder kill). The `exit` command makes the worker
   * leave at its next turn boundary instead, exit code 1, nothing flushed;
   * one that does not answer within kKillGraceMs (hung, or stuck in a long
   * native call) is terminated.
   */
  async terminate(planned: boolean): Promise<ChildExit | undefined> {
    if (planned) this.discardPrepared();
    const worker = this.worker;
    const exited = this.exited;
    if (worker === undefined || exited === undefined) return undefined;
    if (planned) this.stopRequested = true;
    else this.prepareNext();
    this.send({ type: 'exit' });
    return exitOrTerminate(worker, exited, kKillGraceMs);
  }

  /** The watchdog found no heartbeat for the TTL: terminate, reported as `hung`. */
  markHung(): void {
    if (this.worker === undefined || this.hung || this.stopRequested) return;
    this.hung = true;
    this.prepareNext();
    void this.worker.terminate();
  }

  /** Terminates a thread prepared for a restart that will not happen (given up, escalated, stopped). */
  discardPrepared(): void {
    const prepared = this.prepared;
    this.prepared = undefined;
    if (prepared === undefined) return;
    prepared.channel.port1.close();
    void prepared.worker.terminate();
  }

  private startThread(incarnation: number, gate: SharedArrayBuffer | undefined): { worker: Worker; channel: MessageChannel; doorbell: Doorbell } {
    const channel = new MessageChannel();
    const limits = this.spec.resourceLimits;
    const wiring = this.wiring(incarnation);
    const worker = spawnWorker(this.spec.entry, {
      workerData: { ...wiring, rpcPort: channel.port2, ...(gate === undefined ? {} : { startGate: gate }) },
      transferList: [channel.port2],
      ...(limits === undefined ? {} : { resourceLimits: limits }),
      // Worker stdout/stderr go straight to the process's: pino lines from
      // every thread land in one stream.
      stdout: false,
      stderr: false,
    });
    return { worker, channel, doorbell: new Doorbell(wiring.doorbell) };
  }

  /** Starts the next incarnation's thread, gated, unless a restart is not in question. */
  private prepareNext(): void {
    if (this.prepared !== undefined || this.stopRequested || this.spec.restart === 'temporary') return;
    const gate = allocateStartGate();
    const incarnation = this.incarnation + 1;
    const { worker, channel, doorbell } = this.startThread(incarnation, gate);
    worker.unref();
    const prepared: PreparedThread = { incarnation, worker, channel, doorbell, gate, failed: false };
    // Stays on after adoption: the adopting spawn() adds its own listeners.
    const fail = (): void => {
      prepared.failed = true;
    };
    worker.on('error', fail);
    worker.once('exit', fail);
    this.prepared = prepared;
  }

  /** The prepared thread, if it is for `incarnation` and still waiting; any other is discarded. */
  private takePrepared(incarnation: number): PreparedThread | undefined {
    const prepared = this.prepared;
    if (prepared === undefined) return undefined;
    if (prepared.failed || prepared.incarnation !== incarnation) {
      this.discardPrepared();
      return undefined;
    }
    this.prepared = undefined;
    prepared.worker.ref();
    return prepared;
  }
}

/** The worker's exit; it is terminated from outside if it has not exited by itself within `ms`. */
async function exitOrTerminate(worker: Worker, exited: Promise<ChildExit>, ms: number): Promise<ChildExit> {
  if ((await settleWithin(exited, ms)) === 'timeout') await worker.terminate();
  return exited;
}

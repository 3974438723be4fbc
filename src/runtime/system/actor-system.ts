import { pino, type Logger } from 'pino';
import type { ActorStats, DrainReport } from '../actor/actor-rpc.js';
import type { FaultKind } from '../actor/fault-injection.js';
import { settleWithin } from '../control/with-timeout.js';
import { readRingStats, type RingStats } from '../ring/ring-buffer.js';
import { CounterBoard } from '../shared/counter-board.js';
import { HeartbeatBoard } from '../shared/heartbeat-board.js';
import { childSpec, supervisorSpec, type ChildSpec, type SupervisorSpec } from '../supervisor/child-spec.js';
import type { ChildLifecycle, ChildLifecycleView } from '../supervisor/child-lifecycle.js';
import { SupervisorNode } from '../supervisor/supervisor-node.js';
import { transitionLogRecord } from '../machines/transition-log-record.js';
import { WorkerChild as WorkerChildImpl } from '../supervisor/worker-child.js';
import { allocate, wiringFor, type Allocation } from './allocation.js';
import { HostEndpoint, type EndpointHandler, type EndpointOptions } from './host-endpoint.js';
import type { Topology } from './topology.js';

/**
 * A worker that has not reported ready yet gets this long before its
 * heartbeat counts: loading a module (tsx from source: ~100 ms; a cold disk:
 * more) is not a hang. init() itself beats as soon as the host starts.
 */
const kStartGraceMs = 5_000;

/** The supervision tree by actor name; leaves are actor names from the topology. */
export interface TreeDecl {
  readonly name: string;
  readonly strategy?: 'one_for_one' | 'rest_for_one';
  readonly intensity?: { maxRestarts?: number; withinMs?: number };
  readonly children: ReadonlyArray<string | TreeDecl>;
}

export interface ActorSystemOptions {
  readonly topology: Topology;
  /** Default: one `root` one_for_one supervisor over every actor in declaration order. */
  readonly tree?: TreeDecl;
  readonly log?: Logger;
  /** Honour fault-injection commands (chaos drills, tests). */
  readonly chaos?: boolean;
  /** pino level for the workers' loggers; default: the host logger's level. */
  readonly workerLogLevel?: string;
  /** How often the watchdog reads the heartbeat board. */
  readonly watchdogIntervalMs?: number;
  readonly now?: () => number;
  readonly random?: () => number;
  /** The root supervisor gave up (restart intensity exceeded at the top). */
  readonly onEscalate?: (reason: string) => void;
}

export interface StopReport {
  /** Every actor drained and exited 0, and every ring is empty. */
  readonly clean: boolean;
  readonly durationMs: number;
  readonly actors: Record<string, { drained: boolean; exitCode: number | null; records?: number }>;
  readonly rings: Record<string, RingStats>;
}

export interface ActorView extends ChildLifecycleView {
  readonly name: string;
  readonly heartbeatAgeMs: number | null;
  readonly threadId: number | undefined;
}

/**
 * A running actor system: the topology's buffers, the supervision tree over
 * its workers, the heartbeat watchdog, and the graceful stop. The runtime's
 * public face (docs/runtime.md); it knows nothing of markets.
 */
export class ActorSystem {
  readonly log: Logger;
  private readonly topology: Topology;
  private readonly alloc: Allocation;
  private readonly root: SupervisorNode;
  private readonly children = new Map<string, ChildLifecycle>();
  private readonly heartbeats: HeartbeatBoard;
  private readonly counterBoard: CounterBoard;
  private readonly now: () => number;
  private watchdog: NodeJS.Timeout | undefined;
  private readonly endpoints: Map<string, HostEndpoint>;
  private readonly endpointHandlers = new Map<string, EndpointHandler>();
  private stopping: Promise<StopReport> | undefined;

  constructor(private readonly options: ActorSystemOptions) {
    this.topology = options.topology;
    this.topology.flowOrder(); // fail fast on a cycle
    this.log = options.log ?? pino();
    this.now = options.now ?? Date.now;
    this.alloc = allocate(this.topology);
    this.heartbeats = new HeartbeatBoard(this.alloc.heartbeatBoard);
    this.counterBoard = new CounterBoard(this.alloc.counterBoard);
    const spawned = this.topology.actors.filter((a) => !a.external);
    const spec = supervisorSpec(this.treeSpec(options.tree ?? { name: 'root', children: spawned.map((a) => a.name) }));
    this.endpoints = new Map(
      this.topology.actors
        .filter((a) => a.external)
        .map((a) => [
          a.name,
          new HostEndpoint(a.name, new Map(this.topology.inputsOf(a.name).map((e) => [e.to.port, this.alloc.rings.get(e.name)!])), this.alloc.doorbells.get(a.name)!),
        ]),
    );
    this.root = new SupervisorNode(spec, {
      log: this.log,
      now: this.now,
      random: options.random ?? Math.random,
      makeChild: (child, onExit) =>
        new WorkerChildImpl(
          child,
          (incarnation) =>
            wiringFor(this.topology, this.alloc, child.name, {
              incarnation,
              heartbeatIntervalMs: child.heartbeat.intervalMs,
              chaos: options.chaos ?? false,
              // Workers log at the host logger's level unless told otherwise.
              logLevel: options.workerLogLevel ?? this.log.level,
            }),
          (_worker, exit) => onExit(exit),
          this.now,
        ),
    });
    this.root.onEscalate = (reason) => {
      this.stopWatchdog();
      options.onEscalate?.(reason);
    };
    for (const c of this.root.children()) this.children.set(c.name, c);
  }

  /** Starts every actor in tree order; resolves when all reported ready. */
  async start(): Promise<void> {
    await this.root.start();
    const interval = this.options.watchdogIntervalMs ?? Math.min(...[...this.children.values()].map((c) => c.spec.heartbeat.intervalMs));
    this.watchdog = setInterval(() => this.checkHeartbeats(), interval);
  }

  /**
   * Graceful stop (DESIGN.md §4, issue "Graceful stop"): no more restarts;
   * then, in data-flow order, each actor drains (outside input stops, its
   * inputs are emptied, its outputs published) and exits. Producers go first,
   * so when a consumer drains, nothing more can arrive. Bounded by timeoutMs;
   * the report says whether it was clean.
   */
  stop(timeoutMs = 10_000): Promise<StopReport> {
    this.stopping ??= this.stopInOrder(timeoutMs);
    return this.stopping;
  }

  private async stopInOrder(timeoutMs: number): Promise<StopReport> {
    const started = this.now();
    const deadline = started + timeoutMs;
    this.stopWatchdog();
    this.root.freeze();
    const actors: StopReport['actors'] = {};
    for (const name of this.topology.flowOrder()) {
      const endpoint = this.endpoints.get(name);
      if (endpoint !== undefined) {
        // Host-thread endpoint: its producers have exited; take what is left.
        await endpoint.stop();
        const handler = this.endpointHandlers.get(name);
        if (handler !== undefined) endpoint.drainNow(handler);
        continue;
      }
      const child = this.children.get(name)!;
      const left = Math.max(1, deadline - this.now());
      let report: DrainReport | undefined;
      try {
        report = await child.worker.drain(left);
      } catch (err) {
        this.log.warn({ category: 'supervisor', action: 'drain_failed', actor: name, err }, 'drain failed');
      }
      // The stop goes through the lifecycle machine (logged like every transition).
      child.stop();
      const stopped = await settleWithin(child.until(['stopped', 'given_up', 'escalated']), Math.max(1, deadline - this.now()));
      if (stopped === 'timeout') await child.worker.terminate(true);
      const exit = child.worker.lastExit;
      actors[name] = {
        drained: report?.drained ?? false,
        exitCode: exit?.exitCode ?? null,
        ...(report === undefined ? {} : { records: report.records }),
      };
    }
    const rings = this.rings();
    const clean =
      Object.values(actors).every((a) => a.drained && a.exitCode === 0) && Object.values(rings).every((r) => r.fill === 0);
    const durationMs = this.now() - started;
    this.log.info({ category: 'supervisor', action: 'system_stopped', actor: 'system', clean, durationMs }, 'actor system stopped');
    return { clean, durationMs, actors, rings };
  }

  /** Hard stop of everything, for tests' cleanup and fatal paths. */
  async terminate(): Promise<void> {
    this.stopWatchdog();
    this.root.freeze();
    for (const e of this.endpoints.values()) await e.stop();
    await Promise.all(
      [...this.children.values()].map(async (c) => {
        // Through the machine (stop → stopped lines), but without waiting for a drain.
        if (c.worker.alive && (c.state === 'running' || c.state === 'starting')) c.stop();
        await c.worker.terminate(true);
      }),
    );
  }

  /**
   * Starts consuming the rings of a host-thread endpoint (Topology.endpoint)
   * into `handler`, on the event loop.
   */
  consume(endpoint: string, handler: EndpointHandler, options?: EndpointOptions): HostEndpoint {
    const e = this.endpoints.get(endpoint);
    if (e === undefined) throw new RangeError(`unknown endpoint "${endpoint}"`);
    this.endpointHandlers.set(endpoint, handler);
    e.start(handler, options);
    return e;
  }

  rings(): Record<string, RingStats> {
    return Object.fromEntries([...this.alloc.rings].map(([name, sab]) => [name, readRingStats(sab)]));
  }

  counters(): Record<string, number> {
    return this.counterBoard.snapshot();
  }

  actors(): ActorView[] {
    const now = this.now();
    return [...this.children.values()].map((child) => {
      const worker = child.worker;
      const slot = this.alloc.heartbeatSlots.get(worker.name)!;
      const last = this.heartbeats.lastBeat(slot);
      return {
        ...child.view(),
        name: worker.name,
        heartbeatAgeMs: worker.alive && last > 0 ? now - last : null,
        threadId: worker.threadId,
      };
    });
  }

  /** Typed RPC stats of one running actor. */
  async stats(actor: string): Promise<ActorStats | undefined> {
    return this.child(actor).worker.rpc?.stats();
  }

  /** Fault injection (chaos drills): `kill` terminates from outside, the rest run inside the worker. */
  async inject(actor: string, fault: FaultKind | 'kill'): Promise<void> {
    const { worker } = this.child(actor);
    if (fault === 'kill') await worker.terminate(false);
    else worker.send({ type: 'chaos', fault });
  }

  /** Admin restart: terminates the actor; its supervisor restarts it like any failure. */
  async restart(actor: string): Promise<void> {
    await this.child(actor).worker.terminate(false);
  }

  private child(actor: string): ChildLifecycle {
    const c = this.children.get(actor);
    if (c === undefined) throw new RangeError(`unknown actor "${actor}"`);
    return c;
  }

  private checkHeartbeats(): void {
    const now = this.now();
    for (const { worker } of this.children.values()) {
      if (!worker.alive || worker.readyAt === 0 && now - worker.spawnedAt < kStartGraceMs) continue;
      const slot = this.alloc.heartbeatSlots.get(worker.name)!;
      const last = Math.max(this.heartbeats.lastBeat(slot), worker.spawnedAt);
      if (now - last > worker.spec.heartbeat.ttlMs) {
        this.log.warn(
          { ...transitionLogRecord({ action: 'hung', actor: worker.name, reason: 'hung' }), heartbeatAgeMs: now - last },
          `${worker.name} missed heartbeats for ${now - last} ms: terminating`,
        );
        worker.markHung();
      }
    }
  }

  private stopWatchdog(): void {
    clearInterval(this.watchdog);
    this.watchdog = undefined;
  }

  private treeSpec(tree: TreeDecl): SupervisorSpec {
    return {
      kind: 'supervisor',
      name: tree.name,
      strategy: tree.strategy ?? 'one_for_one',
      intensity: { maxRestarts: tree.intensity?.maxRestarts ?? 5, withinMs: tree.intensity?.withinMs ?? 10_000 },
      children: tree.children.map((c): ChildSpec | SupervisorSpec => {
        if (typeof c !== 'string') return this.treeSpec(c);
        const decl = this.topology.get(c);
        return childSpec({ ...decl.child, name: decl.name, entry: decl.entry });
      }),
    } as SupervisorSpec;
  }
}

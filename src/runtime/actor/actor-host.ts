import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import { isMainThread, parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { pino, type Logger } from 'pino';
import type { ControlMessage } from '../control/control-messages.js';
import { encodeMsgpack } from '../control/msgpack-codec.js';
import { exposeRpc } from '../control/rpc-server.js';
import { Doorbell } from '../ring/doorbell.js';
import { RingConsumer } from '../ring/ring-consumer.js';
import { RingProducer } from '../ring/ring-producer.js';
import { CounterBoard } from '../shared/counter-board.js';
import { HeartbeatBoard } from '../shared/heartbeat-board.js';
import { createWaitStrategy } from '../wait/wait-strategy.js';
import { passStartGate } from '../worker/start-gate.js';
import type { ActorContext, ActorDefinition, ActorInput, CounterHandle } from './actor-definition.js';
import { readSupervisorCommand } from './command-reader.js';
import { injectFault, type FaultKind } from './fault-injection.js';
import { RunLoop } from './run-loop.js';
import type { ActorRpc, DrainReport, ActorStats } from './actor-rpc.js';
import type { ActorWiring } from './wiring.js';

/**
 * Worker-side entry of every actor: call it once at the top level of the
 * actor's module. It wires rings, counters and the heartbeat from workerData,
 * runs init, reports ready, runs the loop, and answers the supervisor:
 * stats()/drain() over typed RPC, stop and chaos over control messages.
 *
 * Lifecycle: init → running → draining → stopped. A failure in any phase is
 * left to surface as the worker's `error`/exit, which the supervisor handles:
 * the worker never tries to heal itself.
 */
export function runActor<Config>(def: ActorDefinition<Config>): void {
  if (isMainThread || parentPort === null) {
    throw new Error('runActor must be called inside a worker thread started by the ringmaster supervisor');
  }
  const wiring = workerData as ActorWiring & { rpcPort: MessagePort };
  // Started while the previous incarnation was still exiting: wait for the
  // supervisor to see it gone before touching rings, counters or heartbeats.
  if (wiring.startGate !== undefined) passStartGate(wiring.startGate);
  void new ActorHost(def as ActorDefinition<unknown>, wiring, parentPort).start();
}

type Phase = 'init' | 'running' | 'draining' | 'stopped';

class ActorHost {
  private phase: Phase = 'init';
  private readonly log: Logger;
  private readonly heartbeats: HeartbeatBoard;
  private readonly abort = new AbortController();
  private readonly inputs: ActorInput[];
  private readonly outputs: Record<string, RingProducer>;
  private readonly loop: RunLoop;
  private readonly ctx: ActorContext<unknown>;
  private beatTimer: NodeJS.Timeout | undefined;
  private stopping: Promise<void> | undefined;
  private lastElu: EventLoopUtilization = performance.eventLoopUtilization();

  constructor(
    private readonly def: ActorDefinition<unknown>,
    private readonly wiring: ActorWiring & { rpcPort: MessagePort },
    private readonly port: MessagePort,
  ) {
    this.log = pino({ level: wiring.logLevel, base: { actor: wiring.name, incarnation: wiring.incarnation } });
    this.heartbeats = new HeartbeatBoard(wiring.heartbeat.board);
    this.inputs = Object.entries(wiring.inputs).map(([name, w]) => {
      const consumer = new RingConsumer(w.ring);
      return { name, consumer, manual: w.release === 'manual', release: () => consumer.release() };
    });
    this.outputs = Object.fromEntries(
      Object.entries(wiring.outputs).map(([name, w]) => [
        name,
        new RingProducer(w.ring, w.doorbell, {
          policy: w.policy,
          batchSize: w.batchSize,
          conflateKeys: w.conflateKeys,
          blockTimeoutMs: w.blockTimeoutMs,
        }),
      ]),
    );
    const doorbell = new Doorbell(wiring.doorbell);
    this.loop = new RunLoop(
      def as ActorDefinition<never>,
      this.inputs,
      Object.values(this.outputs),
      doorbell,
      createWaitStrategy(wiring.loop.wait),
      wiring.loop,
    );
    this.ctx = {
      name: wiring.name,
      incarnation: wiring.incarnation,
      config: wiring.config,
      inputs: Object.fromEntries(this.inputs.map((i) => [i.name, i])),
      outputs: this.outputs,
      counters: counterHandles(new CounterBoard(wiring.counters.board), wiring.name, wiring.counters.names),
      log: this.log,
      signal: this.abort.signal,
    };
  }

  async start(): Promise<void> {
    this.beat();
    this.beatTimer = setInterval(() => this.beat(), this.wiring.heartbeat.intervalMs);
    this.port.on('message', (data: Uint8Array) => this.onControl(data));
    exposeRpc<ActorRpc>({ stats: () => this.stats(), drain: (timeoutMs) => this.drain(timeoutMs) }, this.wiring.rpcPort);
    await this.def.init?.(this.ctx);
    this.phase = 'running';
    // Ready goes out before the loop's first slice: a backlog left in the
    // input rings by the predecessor would otherwise hold the report back by
    // up to sliceMs. The loop starts in this same task, so "ready" is true.
    this.send({ type: 'ready', incarnation: this.wiring.incarnation });
    this.loop.start();
  }

  private beat(): void {
    this.heartbeats.beat(this.wiring.heartbeat.slot, Date.now());
  }

  private onControl(data: Uint8Array): void {
    const msg = readSupervisorCommand(data);
    if (!msg.ok) {
      this.log.warn({ category: 'control', reason: msg.error }, 'undecodable control message ignored');
      return;
    }
    switch (msg.message.type) {
      case 'stop':
        void this.stop();
        break;
      case 'exit':
        // The supervisor is killing this actor: leave at this turn boundary,
        // nothing flushed, as a terminate would, but never inside a native call.
        process.exit(1);
        break;
      case 'chaos':
        if (this.wiring.chaos) injectFault(msg.message.fault as FaultKind);
        else this.log.warn({ category: 'control', fault: msg.message.fault }, 'chaos command refused: chaos disabled');
        break;
      default:
        break;
    }
  }

  private stats(): ActorStats {
    // Utilisation since the previous stats() call: the poller's interval.
    const elu = performance.eventLoopUtilization();
    const delta = performance.eventLoopUtilization(elu, this.lastElu);
    this.lastElu = elu;
    return {
      eventLoopUtilization: delta.utilization,
      name: this.wiring.name,
      incarnation: this.wiring.incarnation,
      phase: this.phase,
      loop: this.loop.stats(),
      memory: process.memoryUsage(),
      actor: this.def.stats?.() ?? {},
    };
  }

  /**
   * Stop taking outside input, then run the loop until every input ring is
   * empty and every output is published. The supervisor calls this on
   * consumers only after their producers have stopped, so "empty" is final.
   */
  private async drain(timeoutMs: number): Promise<DrainReport> {
    if (this.phase === 'running') {
      this.phase = 'draining';
      this.abort.abort();
      await this.def.drain?.();
    }
    await this.loop.stop();
    const drained = await this.loop.drainInputs(Date.now() + timeoutMs);
    return { drained, records: this.loop.recordsHandled };
  }

  private stop(): Promise<void> {
    this.stopping ??= (async () => {
      await this.loop.stop();
      for (const output of Object.values(this.outputs)) output.publish();
      await this.def.stop?.();
      this.phase = 'stopped';
      clearInterval(this.beatTimer);
      this.send({ type: 'stopped', incarnation: this.wiring.incarnation });
      this.log.flush();
      // Exit with 0 explicitly: a lingering handle (socket, timer) in actor
      // code must not turn a clean stop into a shutdown timeout.
      process.exit(0);
    })();
    return this.stopping;
  }

  private send(message: ControlMessage): void {
    // encodeControl() without loading the control schemas (zod, see
    // command-reader.ts): the ControlMessage type is the sending side's contract.
    this.port.postMessage(encodeMsgpack(message));
  }
}

/**
 * Handles keyed by the actor's own counter names. The board qualifies them as
 * `actor.counter`, and actor names may contain dots (`shard.0`), so the
 * prefix is stripped by the actor's name, never by searching for a dot.
 */
function counterHandles(board: CounterBoard, actor: string, qualified: readonly string[]): Record<string, CounterHandle> {
  const prefix = `${actor}.`;
  return Object.fromEntries(qualified.map((q) => [q.startsWith(prefix) ? q.slice(prefix.length) : q, board.counterHandle(q)]));
}

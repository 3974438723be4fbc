import type { Logger } from 'pino';
import type { RingConsumer } from '../ring/ring-consumer.js';
import type { RingProducer } from '../ring/ring-producer.js';

/**
 * What an actor program supplies; the runtime (actor-host.ts) owns the thread,
 * the loop, the lifecycle and the control channel. Every hook is optional.
 *
 * Hot-path contract: onRecord and produce run on the worker's loop and must
 * not block on I/O or throw for expected conditions (count a bad record, do
 * not throw). A throw there is a crash: the supervisor restarts the actor and
 * the replacement resumes from the last released ring position.
 */
export interface ActorDefinition<Config = unknown> {
  /** Runs once per incarnation before the actor reports ready. */
  init?(ctx: ActorContext<Config>): void | Promise<void>;
  /** One record from input `input`, at `offset` in `view` (valid only during the call). */
  onRecord?(view: DataView, offset: number, input: string): void;
  /** After a loop round that handled records, before outputs are published. */
  afterBatch?(): void;
  /** Called every loop round by loop-driven sources; returns how many records it produced. */
  produce?(): number;
  /** Stop taking outside input (sockets, timers); the runtime then drains inputs and publishes outputs. */
  drain?(): void | Promise<void>;
  /** Release resources (sockets, databases) before the thread exits. */
  stop?(): void | Promise<void>;
  /** Actor-specific figures for stats(); runtime figures are added by the host. */
  stats?(): Record<string, unknown>;
}

export interface ActorInput {
  readonly name: string;
  readonly consumer: RingConsumer;
  /** True when the actor releases records itself (wiring `release: 'manual'`). */
  readonly manual: boolean;
  /** Manual-release inputs only: release everything read so far. */
  release(): void;
}

export interface CounterHandle {
  add(n: number): void;
  value(): number;
}

export interface ActorContext<Config = unknown> {
  readonly name: string;
  readonly incarnation: number;
  readonly config: Config;
  readonly inputs: Readonly<Record<string, ActorInput>>;
  readonly outputs: Readonly<Record<string, RingProducer>>;
  readonly counters: Readonly<Record<string, CounterHandle>>;
  readonly log: Logger;
  /** Aborted when the actor starts draining; long-running init work should watch it. */
  readonly signal: AbortSignal;
}

/** Identity helper that types a definition; the worker entry passes it to runActor. */
export function defineActor<Config = unknown>(def: ActorDefinition<Config>): ActorDefinition<Config> {
  return def;
}

import type { Doorbell } from '../ring/doorbell.js';
import type { RingProducer } from '../ring/ring-producer.js';
import type { WaitStrategy } from '../wait/wait-strategy.js';
import type { ActorDefinition, ActorInput } from './actor-definition.js';
import type { RunLoopOptions } from './wiring.js';

/**
 * The worker's consume/produce loop. One round: poll every input (up to
 * pollBatch each), let a loop-driven source produce, publish every output
 * once. The loop yields to the event loop at least every sliceMs so control
 * messages, timers and heartbeats run; when a round finds no work it parks on
 * the actor's doorbell (bounded by parkMs) through the configured wait
 * strategy, so an idle actor costs no CPU and a busy one no syscalls.
 *
 * A hang inside onRecord or produce stops the yields, hence the heartbeats:
 * that is how the supervisor finds a hung actor.
 *
 * Parking blocks the thread (Atomics.wait) for at most parkMs, so an actor
 * with inputs and timers of its own (a debounce flush) sees those timers up
 * to parkMs late; keep parkMs below the finest timer such an actor needs.
 */
export class RunLoop {
  private running = false;
  private stopped: Promise<void> = Promise.resolve();
  private handled = 0;
  private rounds = 0;
  private parks = 0;
  /** One bound handler per input, made once, so polling allocates nothing. */
  private readonly handlers: Array<(view: DataView, offset: number) => void>;

  constructor(
    private readonly def: ActorDefinition<never>,
    private readonly inputs: readonly ActorInput[],
    private readonly outputs: readonly RingProducer[],
    private readonly doorbell: Doorbell,
    private readonly wait: WaitStrategy,
    private readonly options: RunLoopOptions,
  ) {
    this.handlers = inputs.map((input) => {
      const name = input.name;
      return (view: DataView, offset: number) => def.onRecord?.(view, offset, name);
    });
  }

  /** Records handled by onRecord since this incarnation started. */
  get recordsHandled(): number {
    return this.handled;
  }

  stats(): { records: number; rounds: number; parks: number } {
    return { records: this.handled, rounds: this.rounds, parks: this.parks };
  }

  /**
   * Starts the loop if the actor has anything for it to do. An actor with no
   * inputs and no produce hook is purely event-driven (sockets, timers): a
   * loop would only park and block the very callbacks that feed it.
   */
  start(): void {
    if (this.inputs.length === 0 && this.def.produce === undefined) return;
    if (this.running) return;
    this.running = true;
    this.stopped = this.loop();
  }

  /** Stops after the current round; resolves once the loop has returned. */
  async stop(): Promise<void> {
    this.running = false;
    this.doorbell.ring();
    await this.stopped;
  }

  /** Runs rounds until every input is empty and no output holds pending records. */
  async drainInputs(deadline: number): Promise<boolean> {
    while (Date.now() < deadline) {
      if (this.round() === 0 && this.idle()) return true;
      await yieldToEventLoop();
    }
    return this.idle();
  }

  private idle(): boolean {
    for (const input of this.inputs) if (input.consumer.available() > 0) return false;
    for (const input of this.inputs) if (input.consumer.unreleased > 0) return false;
    for (const output of this.outputs) if (output.pendingCount > 0) return false;
    return true;
  }

  private readonly hasWork = (): boolean => {
    if (!this.running) return true;
    for (const input of this.inputs) if (input.consumer.available() > 0) return true;
    return false;
  };

  private async loop(): Promise<void> {
    const { sliceMs, parkMs } = this.options;
    const canPark = this.def.produce === undefined;
    let sliceStart = performance.now();
    while (this.running) {
      const n = this.round();
      if (n === 0) {
        // Records waiting that the round did not take: the actor holds an
        // input back (the recorder while two batches commit). Parking would
        // return at once and the loop would spin; the event loop must run
        // instead, since whatever lets the actor go on arrives through it.
        const declined = this.hasWork();
        if (canPark && !declined) {
          this.parks++;
          this.wait.wait(this.doorbell, this.hasWork, parkMs);
        }
        // A wake with work runs its round at once: a setImmediate between the
        // doorbell and the round would add an event-loop turn (timers, I/O
        // polling) to every woken record's latency. The event loop gets its
        // turn when the park ended idle or the slice is used up.
        if (declined || !canPark || !this.hasWork() || performance.now() - sliceStart >= sliceMs) {
          await yieldToEventLoop();
          sliceStart = performance.now();
        }
      } else if (performance.now() - sliceStart >= sliceMs) {
        await yieldToEventLoop();
        sliceStart = performance.now();
      }
    }
  }

  /** One round; returns the number of records handled or produced. */
  private round(): number {
    this.rounds++;
    const def = this.def;
    let n = 0;
    if (def.onRecord !== undefined) {
      const max = this.options.pollBatch;
      for (let i = 0; i < this.inputs.length; i++) {
        const input = this.inputs[i]!;
        const handler = this.handlers[i]!;
        // Manual inputs are released by the actor itself, after its own commit.
        n += input.manual ? input.consumer.read(handler, max) : input.consumer.poll(handler, max);
      }
      this.handled += n;
    }
    if (n > 0) def.afterBatch?.();
    if (def.produce !== undefined) n += def.produce();
    for (const output of this.outputs) output.publish();
    return n;
  }
}

export function yieldToEventLoop(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

import { Doorbell } from '../ring/doorbell.js';
import { RingConsumer } from '../ring/ring-consumer.js';
import { createWaitStrategy, type WaitStrategy, type WaitStrategyConfig } from '../wait/wait-strategy.js';

export type EndpointHandler = (view: DataView, offset: number, port: string) => void;

export interface EndpointOptions {
  /** Most records taken from one ring per poll. */
  readonly pollBatch?: number;
  /** Longest single wait when idle (Atomics.waitAsync: the event loop keeps running). */
  readonly maxWaitMs?: number;
  readonly wait?: WaitStrategyConfig;
}

/**
 * The host-thread end of rings declared with Topology.endpoint(). Consumes
 * on the event loop: drains every input in batches, and when all are empty
 * waits on its doorbell with Atomics.waitAsync, so the host's HTTP server and
 * timers keep running while it waits.
 */
export class HostEndpoint {
  readonly inputs: ReadonlyMap<string, RingConsumer>;
  private readonly doorbell: Doorbell;
  private running = false;
  private done: Promise<void> = Promise.resolve();
  private handled = 0;
  /** One bound handler per input, made once per handler, so a poll round allocates nothing. */
  private bound: Array<[RingConsumer, (view: DataView, offset: number) => void]> = [];
  private boundFor: EndpointHandler | undefined;

  constructor(name: string, inputs: ReadonlyMap<string, SharedArrayBuffer>, doorbell: SharedArrayBuffer) {
    void name;
    this.inputs = new Map([...inputs].map(([port, ring]) => [port, new RingConsumer(ring)]));
    this.doorbell = new Doorbell(doorbell);
  }

  get recordsHandled(): number {
    return this.handled;
  }

  /** Starts consuming into `handler` (valid view/offset only during the call). */
  start(handler: EndpointHandler, options: EndpointOptions = {}): void {
    if (this.running) throw new Error('HostEndpoint already started');
    this.running = true;
    const wait = createWaitStrategy(options.wait ?? { kind: 'sleeping' });
    this.done = this.loop(handler, options.pollBatch ?? 256, options.maxWaitMs ?? 50, wait);
  }

  async stop(): Promise<void> {
    this.running = false;
    this.doorbell.ring();
    await this.done;
  }

  /** Reads whatever is in the rings now (graceful stop: after producers exited). */
  drainNow(handler: EndpointHandler, pollBatch = 1024): number {
    let total = 0;
    for (;;) {
      const n = this.pollAll(handler, pollBatch);
      total += n;
      if (n === 0) return total;
    }
  }

  private readonly hasWork = (): boolean => {
    if (!this.running) return true;
    for (const c of this.inputs.values()) if (c.available() > 0) return true;
    return false;
  };

  private pollAll(handler: EndpointHandler, max: number): number {
    if (this.boundFor !== handler) {
      this.boundFor = handler;
      this.bound = [...this.inputs].map(([port, consumer]) => [consumer, (view: DataView, off: number) => handler(view, off, port)]);
    }
    let n = 0;
    for (const [consumer, onRecord] of this.bound) n += consumer.poll(onRecord, max);
    this.handled += n;
    return n;
  }

  private async loop(handler: EndpointHandler, max: number, maxWaitMs: number, wait: WaitStrategy): Promise<void> {
    while (this.running) {
      if (this.pollAll(handler, max) === 0) await wait.waitAsync(this.doorbell, this.hasWork, maxWaitMs);
      else await new Promise<void>((r) => setImmediate(r));
    }
  }
}

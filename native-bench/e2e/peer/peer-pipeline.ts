import { once } from 'node:events';
import { MessageChannel, type MessagePort, type Worker } from 'node:worker_threads';
import { spawnWorker } from '../../../src/runtime/worker/spawn-worker.js';
import type { ExchangeName } from '../../../src/market/exchange-ids.js';
import { siblingEntry } from '../sibling-entry.js';
import {
  kFramesIn, kPeerCounterBytes, kTicksIn, kTid, type PeerCommand, type PeerEvent, type PeerExchangeData, type PeerShardData,
} from './peer-messages.js';

/**
 * The baseline pipeline of the e2e bench, measured in the same run as
 * ringmaster: what a Node.js service built the usual way does with the same
 * simulator feed. One worker per venue (ws + JSON.parse + one postMessage
 * per tick), `shardCount` shard workers (latest book, spreads, latency
 * samples), no recorder. Runs in the bench process itself: its CPU is then
 * read as the process's minus the bench's idle share (it is the only load).
 */
export interface PeerPipelineOptions {
  readonly urls: Readonly<Partial<Record<ExchangeName, string>>>;
  readonly venues: readonly ExchangeName[];
  readonly symbols: readonly string[];
  readonly shardCount: number;
}

interface PeerWorker {
  readonly worker: Worker;
  readonly counters: Float64Array;
  readonly events: PeerEvent[];
}

export class PeerPipeline {
  private constructor(
    private readonly exchanges: readonly PeerWorker[],
    private readonly shards: readonly PeerWorker[],
  ) {}

  /** Starts every worker; resolves once every venue delivered its first tick. */
  static async start(o: PeerPipelineOptions): Promise<PeerPipeline> {
    const links: MessagePort[][] = o.venues.map(() => []); // [venue][shard] exchange side
    const shardInputs: MessagePort[][] = Array.from({ length: o.shardCount }, () => []);
    for (let v = 0; v < o.venues.length; v++) {
      for (let s = 0; s < o.shardCount; s++) {
        const { port1, port2 } = new MessageChannel();
        links[v]!.push(port1);
        shardInputs[s]!.push(port2);
      }
    }
    const shards = shardInputs.map((inputs) => {
      const counters = new SharedArrayBuffer(kPeerCounterBytes);
      const workerData: PeerShardData = { symbolCount: o.symbols.length, venues: o.venues.length, inputs, counters };
      return track(spawnWorker(siblingEntry(import.meta.url, 'peer-shard.worker'), { workerData, transferList: inputs }), counters);
    });
    const exchanges = o.venues.map((venue, v) => {
      const url = o.urls[venue];
      if (url === undefined) throw new RangeError(`peer pipeline: no simulator URL for ${venue}`);
      const counters = new SharedArrayBuffer(kPeerCounterBytes);
      const workerData: PeerExchangeData = { venue, venueIndex: v, url, symbols: o.symbols, shards: links[v]!, counters };
      return track(spawnWorker(siblingEntry(import.meta.url, 'peer-exchange.worker'), { workerData, transferList: links[v]! }), counters);
    });
    const pipeline = new PeerPipeline(exchanges, shards);
    await Promise.all(exchanges.map((w) => nextEvent(w, 'connected')));
    return pipeline;
  }

  /** Frames received by the exchange workers so far. */
  framesIn(): number {
    return this.exchanges.reduce((sum, w) => sum + w.counters[kFramesIn]!, 0);
  }

  /** Ticks the shards have processed so far. */
  ticksProcessed(): number {
    return this.shards.reduce((sum, w) => sum + w.counters[kTicksIn]!, 0);
  }

  /** OS thread ids of the workers by role, for their CPU time (0 where unknown). */
  threads(): { exchanges: number[]; shards: number[] } {
    return { exchanges: this.exchanges.map((w) => w.counters[kTid]!), shards: this.shards.map((w) => w.counters[kTid]!) };
  }

  async firstTicks(): Promise<void> {
    await Promise.all(this.exchanges.map((w) => nextEvent(w, 'firstTick')));
  }

  /** Latency samples (µs) of every tick that computed a spread while `window` ran. */
  async measureLatency(window: () => Promise<void>): Promise<Float64Array> {
    for (const s of this.shards) s.worker.postMessage({ type: 'measure', on: true } satisfies PeerCommand);
    await window();
    const parts: Float64Array[] = [];
    for (const s of this.shards) {
      s.worker.postMessage({ type: 'measure', on: false } satisfies PeerCommand);
      s.worker.postMessage({ type: 'collect' } satisfies PeerCommand);
      const e = await nextEvent(s, 'samples');
      if (e.type === 'samples') parts.push(e.latenciesUs);
    }
    const all = new Float64Array(parts.reduce((n, p) => n + p.length, 0));
    let at = 0;
    for (const p of parts) {
      all.set(p, at);
      at += p.length;
    }
    return all;
  }

  /** Exchange workers close their sockets first, then shards finish their queues: resolves with the time it took, ms. */
  async stop(): Promise<number> {
    const t0 = performance.now();
    for (const w of this.exchanges) w.worker.postMessage({ type: 'stop' } satisfies PeerCommand);
    for (const w of this.shards) w.worker.postMessage({ type: 'stop' } satisfies PeerCommand);
    await Promise.all([...this.exchanges, ...this.shards].map((w) => exitOf(w.worker)));
    return performance.now() - t0;
  }

  /** Cleanup after a failure. */
  async terminate(): Promise<void> {
    await Promise.all([...this.exchanges, ...this.shards].map((w) => w.worker.terminate()));
  }
}

/** Time for a peer exchange worker to start, connect, subscribe and deliver its first tick, ms (a restart's baseline). */
export async function measurePeerExchangeStart(url: string, venue: ExchangeName, symbols: readonly string[]): Promise<number> {
  const { port1, port2 } = new MessageChannel();
  port2.on('message', () => {}); // a shard that takes the ticks and drops them
  const counters = new SharedArrayBuffer(kPeerCounterBytes);
  const t0 = performance.now();
  const workerData: PeerExchangeData = { venue, venueIndex: 0, url, symbols, shards: [port1], counters };
  const w = track(spawnWorker(siblingEntry(import.meta.url, 'peer-exchange.worker'), { workerData, transferList: [port1] }), counters);
  try {
    await nextEvent(w, 'firstTick');
    return performance.now() - t0;
  } finally {
    w.worker.postMessage({ type: 'stop' } satisfies PeerCommand);
    await exitOf(w.worker);
    port2.close();
  }
}

function track(worker: Worker, counters: SharedArrayBuffer): PeerWorker {
  const events: PeerEvent[] = [];
  worker.on('message', (e: PeerEvent) => events.push(e));
  worker.on('error', () => {});
  return { worker, counters: new Float64Array(counters), events };
}

async function nextEvent(w: PeerWorker, type: PeerEvent['type'], timeoutMs = 15_000): Promise<PeerEvent> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const i = w.events.findIndex((e) => e.type === type);
    if (i >= 0) return w.events.splice(i, 1)[0]!;
    if (performance.now() > deadline) throw new Error(`peer pipeline: no "${type}" from a worker within ${timeoutMs} ms`);
    await new Promise((r) => setTimeout(r, 2));
  }
}

async function exitOf(worker: Worker): Promise<void> {
  const timer = setTimeout(() => void worker.terminate(), 10_000);
  try {
    if (worker.threadId >= 0) await once(worker, 'exit');
  } finally {
    clearTimeout(timer);
  }
}

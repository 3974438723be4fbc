import type { ExchangeName } from '../../src/market/exchange-ids.js';
import { cpuWindow, readCpu, type CpuReading, type CpuWindow } from './cpu-meter.js';
import type { HostChild } from './host-child.js';
import type { HostSnapshot } from './host-messages.js';
import { recorderEdge } from './loss-identity.js';
import { processCpuNs, rssBreakdown, type RssBreakdown } from './proc-stats.js';
import type { SimulatorChild } from './simulator-child.js';

/**
 * Reads a host process under load at two moments and says what happened in
 * between: frames the simulator sent and skipped, ticks that reached the
 * recorder (released from the exchange → recorder rings, i.e. committed),
 * drops and conflation, CPU per thread, RSS. All rates are per wall second.
 */
export interface ProbeReading {
  readonly atMs: number;
  readonly sent: number;
  readonly skipped: number;
  readonly snapshot: HostSnapshot;
  readonly cpu: CpuReading;
  /** CPU time of the simulator process, ns. */
  readonly simulatorCpuNs: number;
  readonly rss: RssBreakdown | undefined;
}

export interface ProbeWindow {
  readonly seconds: number;
  /** Data frames (= ticks) the simulator sent per second. */
  readonly sentRate: number;
  /** Frames the simulator skipped because a client's socket buffer was full. */
  readonly skipped: number;
  /** Records released by the recorder from the exchange edges per second (committed to the store). */
  readonly recordedRate: number;
  /** Drops on the exchange → recorder edges. */
  readonly recorderDropped: number;
  /** Records still waiting on the exchange → recorder edges at the end. */
  readonly recorderBacklog: number;
  readonly recorderCapacity: number;
  /** Ticks conflated on the exchange → shard edges (by design under overload; not a loss at the recorder). */
  readonly shardConflated: number;
  /** Spread updates the shards published per second (each goes to the recorder and to the host). */
  readonly spreadsRate: number;
  readonly cpu: CpuWindow;
  /** The simulator process's CPU seconds per second. */
  readonly simulatorCores: number;
  /** The host process's memory at the end of the window. */
  readonly rss: RssBreakdown | undefined;
}

export class HostProbe {
  constructor(
    private readonly host: HostChild,
    private readonly sim: SimulatorChild,
    private readonly exchanges: readonly ExchangeName[],
  ) {}

  async read(): Promise<ProbeReading> {
    const [totals, snapshot] = await Promise.all([this.sim.totals(), this.host.snapshot()]);
    const tids = this.host.threadIds();
    const named = new Map<string, number>([['main', this.host.pid]]);
    for (const a of snapshot.actors) {
      const tid = a.threadId === undefined ? undefined : tids.get(a.threadId);
      if (tid !== undefined) named.set(a.name, tid);
    }
    return {
      atMs: Date.now(),
      sent: totals.sent,
      skipped: totals.skipped,
      snapshot,
      cpu: readCpu(this.host.pid, named),
      simulatorCpuNs: processCpuNs(this.sim.pid) ?? Number.NaN,
      rss: rssBreakdown(this.host.pid),
    };
  }

  window(a: ProbeReading, b: ProbeReading): ProbeWindow {
    const seconds = (b.atMs - a.atMs) / 1000;
    let recorded = 0;
    let dropped = 0;
    let backlog = 0;
    let capacity = 0;
    for (const x of this.exchanges) {
      const ea = recorderEdge(a.snapshot.rings, x);
      const eb = recorderEdge(b.snapshot.rings, x);
      if (ea === undefined || eb === undefined) continue;
      recorded += eb.read - ea.read;
      dropped += eb.dropped - ea.dropped;
      backlog += eb.fill;
      capacity += eb.capacity;
    }
    let conflated = 0;
    for (const [name, rb] of Object.entries(b.snapshot.rings)) {
      if (!name.startsWith('exchange.') || !name.includes('.shard')) continue;
      conflated += rb.conflated - (a.snapshot.rings[name]?.conflated ?? 0);
    }
    let spreads = 0;
    for (const [name, v] of Object.entries(b.snapshot.counters)) {
      if (name.startsWith('shard.') && name.endsWith('.spreadsPublished')) spreads += v - (a.snapshot.counters[name] ?? 0);
    }
    return {
      seconds,
      sentRate: (b.sent - a.sent) / seconds,
      skipped: b.skipped - a.skipped,
      recordedRate: recorded / seconds,
      recorderDropped: dropped,
      recorderBacklog: backlog,
      recorderCapacity: capacity,
      shardConflated: conflated,
      spreadsRate: spreads / seconds,
      cpu: cpuWindow(a.cpu, b.cpu),
      simulatorCores: (b.simulatorCpuNs - a.simulatorCpuNs) / 1e9 / seconds,
      rss: b.rss,
    };
  }
}

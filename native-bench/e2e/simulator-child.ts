import type { SimulatorStats } from '../../actors/simulator/simulator-server.js';
import type { ExchangeName } from '../../src/market/exchange-ids.js';
import { ChildRpc } from './child-rpc.js';
import { siblingEntry } from './sibling-entry.js';

export interface SimulatorChildOptions {
  readonly symbols: readonly string[];
  readonly exchanges: readonly ExchangeName[];
  readonly seed?: number;
  readonly logFile?: string;
}

/**
 * The parent's handle on a simulator process (simulator-process.ts). Rates
 * are given as total ticks per second over every venue, split evenly: the
 * simulator sends one tick per data frame.
 */
export class SimulatorChild {
  private constructor(
    private readonly rpc: ChildRpc,
    readonly urls: Readonly<Partial<Record<ExchangeName, string>>>,
    readonly exchanges: readonly ExchangeName[],
  ) {}

  static async start(options: SimulatorChildOptions): Promise<SimulatorChild> {
    const simOptions = { symbols: options.symbols, exchanges: options.exchanges, seed: options.seed ?? 1, rate: 0 };
    const rpc = new ChildRpc({
      name: 'simulator process',
      entry: siblingEntry(import.meta.url, 'simulator-process'),
      args: [JSON.stringify(simOptions)],
      ...(options.logFile === undefined ? {} : { logFile: options.logFile }),
    });
    try {
      const listening = await rpc.nextEvent('listening');
      return new SimulatorChild(rpc, listening.urls as Partial<Record<ExchangeName, string>>, options.exchanges);
    } catch (err) {
      await rpc.kill();
      throw err;
    }
  }

  get pid(): number {
    return this.rpc.pid;
  }

  /** Total ticks per second over every venue (each venue gets an equal share). */
  async setTotalRate(ticksPerSecond: number): Promise<void> {
    await this.rpc.request({ type: 'setRate', framesPerSecond: ticksPerSecond / this.exchanges.length });
  }

  async stats(): Promise<SimulatorStats> {
    return this.rpc.request<SimulatorStats>({ type: 'stats' });
  }

  /** Data frames sent, summed over venues, and frames skipped for backpressure. */
  async totals(): Promise<{ sent: number; skipped: number; perVenue: Partial<Record<ExchangeName, number>> }> {
    const s = await this.stats();
    let sent = 0;
    let skipped = 0;
    const perVenue: Partial<Record<ExchangeName, number>> = {};
    for (const [name, e] of Object.entries(s.exchanges) as [ExchangeName, NonNullable<SimulatorStats['exchanges'][ExchangeName]>][]) {
      sent += e.framesSent;
      skipped += e.framesDropped;
      perVenue[name] = e.framesSent;
    }
    return { sent, skipped, perVenue };
  }

  /** Closes every socket and waits for the process to end (killed after 5 s). */
  async stop(): Promise<void> {
    if (!this.rpc.alive) return;
    try {
      await this.rpc.request({ type: 'stop' }, 5_000);
      await Promise.race([this.rpc.exited, new Promise((r) => setTimeout(r, 5_000).unref())]);
    } catch {
      // fall through to the kill
    }
    await this.rpc.kill();
  }
}

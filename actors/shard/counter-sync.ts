import type { ShardCore } from '../../src/market/shard-core.js';
import type { CounterHandle } from '../../src/runtime/index.js';
import type { kShardCounterNames } from './counters.js';
import type { SpreadRingWriter } from './spread-ring-writer.js';
import type { TickRecordAdapter } from './tick-record-adapter.js';

type ShardCounterName = (typeof kShardCounterNames)[number];

/**
 * Moves the shard's running tallies into its shared counters (counters.ts),
 * once per loop batch and per timer flush, not per record: each flush adds
 * the difference since the previous one (the counters are shared memory and
 * outlive the worker, so they keep counting across restarts).
 *
 *   ticksIn, gapsIn        records read from the input rings (all of them)
 *   spreadsComputed        spreads computed from live ticks
 *   spreadsPublished       spread updates written to the outputs
 *   recomputes             exact recomputes of window sums
 *   windowEvictions        whole windows evicted by the maxWindows cap
 *   staleQuotesExcluded    quotes left out of a spread for age
 *   crossedExcluded        crossed quotes received (never in a spread)
 *   recoveredTicks         ticks restored from the store after a (re)start
 *
 * Window and book figures count from the end of recovery: restoring is not
 * live work. A counter the host did not declare is skipped.
 */
export class CounterSync {
  private readonly sources: ReadonlyArray<readonly [ShardCounterName, () => number]>;
  private readonly handles: ReadonlyArray<CounterHandle | undefined>;
  private readonly last: number[];

  constructor(
    counters: Readonly<Record<string, CounterHandle>>,
    core: ShardCore,
    adapter: TickRecordAdapter,
    writer: SpreadRingWriter,
    recoveredTicks: () => number,
  ) {
    this.sources = [
      ['ticksIn', () => adapter.ticks],
      ['gapsIn', () => adapter.gaps],
      ['spreadsComputed', () => adapter.computed],
      ['spreadsPublished', () => writer.written],
      ['recomputes', () => core.windows.recomputes],
      ['windowEvictions', () => core.windows.windowEvictions],
      ['staleQuotesExcluded', () => adapter.staleExcluded],
      ['crossedExcluded', () => core.book.crossedQuotes],
      ['recoveredTicks', recoveredTicks],
    ];
    this.handles = this.sources.map(([name]) => counterHandle(counters, name));
    this.last = this.sources.map(([, read]) => read());
  }

  /** A shared counter's value (all incarnations), or undefined when the host did not declare it. */
  value(name: ShardCounterName): number | undefined {
    return this.handles[this.sources.findIndex(([n]) => n === name)]?.value();
  }

  /**
   * Takes the current values as zero, except `keep` (call when recovery
   * ends with keep = ['recoveredTicks']: restoring counts there only).
   */
  baseline(keep: readonly ShardCounterName[] = []): void {
    this.sources.forEach(([name, read], i) => {
      if (!keep.includes(name)) this.last[i] = read();
    });
  }

  flush(): void {
    for (let i = 0; i < this.sources.length; i++) {
      const v = this.sources[i]![1]();
      const d = v - this.last[i]!;
      if (d !== 0) {
        this.handles[i]?.add(d);
        this.last[i] = v;
      }
    }
  }
}

/** The runtime keys each handle by its name inside the actor (the actor's own name stripped). */
function counterHandle(counters: Readonly<Record<string, CounterHandle>>, name: string): CounterHandle | undefined {
  return Object.hasOwn(counters, name) ? counters[name] : undefined;
}

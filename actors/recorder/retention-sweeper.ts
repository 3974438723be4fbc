import type { CounterHandle } from '../../src/runtime/index.js';
import type { AsyncStoreWriter } from './async-store-writer.js';
import type { ThrottledLog } from './throttled-log.js';

/**
 * Retention by age, off the hot path: every intervalMs, deletes records whose
 * key time (recvTs, or computedTs for spreads) is older than retentionMs, in
 * chunks of at most chunkRecords per transaction with a turn of the event
 * loop between chunks, so ring reads, commits, heartbeats and stats() never
 * wait behind a long delete. retentionMs 0 disables it.
 */
export interface RetentionStats {
  /** When the last complete sweep ended (ms since the epoch); null before the first. */
  readonly lastRunAtMs: number | null;
  /** Records deleted by the last complete sweep. */
  readonly deleted: number;
  /** Records deleted by this incarnation (the `pruned` counter holds the all-time total). */
  readonly deletedTotal: number;
  /** Delete transactions run by this incarnation (each at most chunkRecords). */
  readonly chunks: number;
}

export class RetentionSweeper {
  private timer: NodeJS.Timeout | undefined;
  private running: Promise<void> | undefined;
  private stopped = false;
  private lastRunAtMs: number | null = null;
  private lastDeleted = 0;
  private deletedTotal = 0;
  private chunks = 0;

  constructor(
    private readonly writer: AsyncStoreWriter,
    private readonly o: { readonly retentionMs: number; readonly intervalMs: number; readonly chunkRecords: number },
    private readonly pruned: CounterHandle,
    private readonly log: ThrottledLog,
    private readonly nowMs: () => number = Date.now,
  ) {}

  start(): void {
    if (this.o.retentionMs > 0) this.schedule();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
  }

  stats(): RetentionStats {
    return { lastRunAtMs: this.lastRunAtMs, deleted: this.lastDeleted, deletedTotal: this.deletedTotal, chunks: this.chunks };
  }

  private schedule(): void {
    if (this.stopped) return;
    this.timer = setTimeout(() => {
      this.running = this.sweep().finally(() => {
        this.running = undefined;
        this.schedule();
      });
    }, this.o.intervalMs);
  }

  private async sweep(): Promise<void> {
    const cutoffUs = (this.nowMs() - this.o.retentionMs) * 1000;
    let deleted = 0;
    try {
      for (;;) {
        const r = await this.writer.prune(cutoffUs, this.o.chunkRecords);
        if (r.deleted > 0) this.chunks++;
        deleted += r.deleted;
        this.deletedTotal += r.deleted;
        this.pruned.add(r.deleted);
        if (!r.more || this.stopped) break;
        await new Promise((resolve) => setImmediate(resolve));
      }
    } catch (err) {
      this.log.error('retention-failed', { err: err instanceof Error ? err.message : String(err) }, 'retention sweep failed; retrying at the next interval');
      return;
    }
    this.lastRunAtMs = this.nowMs();
    this.lastDeleted = deleted;
  }
}

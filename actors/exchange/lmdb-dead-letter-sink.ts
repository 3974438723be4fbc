import type { Logger } from 'pino';
import { openDeadLetterStore, type LmdbDeadLetterStore } from '../../src/market/store/dead-letter-store.js';
import { MemoryDeadLetterSink, type DeadLetterSink, type DeadLetterSinkStats } from './dead-letter-sink.js';
import type { TimerClock } from './timer-clock.js';

/** Most dead letters waiting in memory for the next write; past it the oldest are dropped (counted). */
const kMaxPending = 4096;
/** Most entries written in one flush (one LMDB transaction). */
const kFlushBatch = 256;

export interface LmdbDeadLetterSinkOptions {
  /** The recorder's LMDB directory: what `ringmaster dlq list|replay --data DIR` reads. */
  readonly path: string;
  readonly source: string;
  readonly maxPerSource: number;
  readonly flushMs: number;
  /** Must equal the recorder's: every opener of one LMDB directory passes the same. Default fsync. */
  readonly durability?: 'fsync' | 'os';
  readonly clock: TimerClock;
  readonly log: Logger;
  /** Called for each entry lost before it was stored (queue overflow or failed write). */
  readonly onDropped?: (n: number) => void;
}

/**
 * Dead letters into the recorder's LMDB environment (src/market/store/
 * dead-letter-store.ts), which this worker opens itself: lmdb-js shares one
 * native environment between every thread of a process that opens the path
 * (tested in test/integration/store/worker-threads.test.ts and here in
 * test/integration/exchange/). The store bounds each source to maxPerSource,
 * evicting the oldest.
 *
 * `add` only queues (bounded, oldest dropped first); a timer writes the
 * queue every `flushMs` in one asynchronous lmdb-js transaction, committed
 * off the JS thread. Batching keeps a flood of bad frames from costing a
 * transaction each, and it keeps LMDB writes in flight for as short a time
 * as possible: terminating a worker while its writes are in flight can abort
 * the whole process inside the native addon (measured: a worker killed
 * mid-write brought node down in 2 of 3 runs of 40 kills; an open but idle
 * handle never did). A graceful stop writes what is left and closes.
 *
 * The store is open only while a flush writes: the recorder unmaps the
 * store's pages from the process's RSS by closing and reopening it
 * (recorder.mapResidencyBytes), which frees the map only when no thread holds
 * the environment open, and an exchange actor that kept its handle for the
 * rare dead letter would pin every page the recorder ever wrote. Reopening
 * costs about a millisecond per flush, and flushes are at most one per flushMs.
 *
 * If the store cannot be opened the sink logs once and keeps the newest
 * entries in memory, so bad input still never stops the actor.
 */
export class LmdbDeadLetterSink implements DeadLetterSink {
  private readonly pending: MemoryDeadLetterSink;
  /** Open only while a flush writes (top comment). */
  private store: LmdbDeadLetterStore | null = null;
  /** The store could not be opened when the sink started: dead letters stay in memory. */
  private readonly unavailable: boolean;
  private error: string | undefined;
  private timer: unknown = undefined;
  private inFlight: Promise<void> | null = null;
  private written = 0;
  private failed = 0;
  private closed = false;
  /** The handle opened at start, being closed. */
  private releasing: Promise<void> = Promise.resolve();

  constructor(private readonly o: LmdbDeadLetterSinkOptions) {
    this.pending = new MemoryDeadLetterSink(o.source, Math.min(o.maxPerSource, kMaxPending));
    // Opened once at start so that a bad path is reported now, not at the first bad frame.
    const store = this.open();
    this.unavailable = store === null;
    if (store === null) {
      o.log.error({ category: 'exchange', action: 'dead_letter_store_unavailable', path: o.path, err: this.error },
        'dead-letter store cannot be opened; dead letters are kept in memory only');
    } else {
      this.releasing = this.release(store);
    }
  }

  add(reason: string, raw: string | Uint8Array, receivedAtUs: number): void {
    // The store assigns the UUIDv7 when it writes the entry.
    const copy = typeof raw === 'string' ? raw : Uint8Array.from(raw);
    const evicted = this.pending.push({ id: '', source: this.o.source, reason, receivedAtUs, raw: copy });
    if (this.unavailable) return;
    if (evicted !== undefined) this.o.onDropped?.(1);
    if (this.timer === undefined && this.inFlight === null && !this.closed) {
      this.timer = this.o.clock.setTimeout(() => {
        this.timer = undefined;
        void this.flush();
      }, this.o.flushMs);
    }
  }

  stats(): DeadLetterSinkStats {
    const p = this.pending.stats();
    return {
      kind: 'lmdb', added: p.added, held: p.held, evicted: p.evicted, written: this.written, failed: this.failed,
      ...(this.error === undefined ? {} : { error: this.error }),
    };
  }

  /** Writes one batch; resolves when it is committed. Never rejects. */
  flush(): Promise<void> {
    if (this.inFlight !== null) return this.inFlight;
    if (this.unavailable || this.pending.size === 0) return Promise.resolve();
    const batch = this.pending.takeOldest(kFlushBatch);
    const store = this.store ?? this.open();
    if (store === null) {
      this.failed += batch.length;
      this.o.onDropped?.(batch.length);
      this.o.log.warn({ category: 'exchange', action: 'dead_letter_write_failed', failures: batch.length, err: this.error }, 'dead letters not stored: the store cannot be opened');
      return Promise.resolve();
    }
    this.inFlight = Promise.all(
      batch.map((e) => store.add({ source: e.source, reason: e.reason, raw: e.raw, receivedAt: e.receivedAtUs })),
    ).then(async (results) => {
      for (const r of results) {
        if (r.ok) this.written++;
        else this.failed++;
      }
      const failures = results.filter((r) => !r.ok).length;
      if (failures > 0) {
        this.o.onDropped?.(failures);
        this.o.log.warn({ category: 'exchange', action: 'dead_letter_write_failed', failures, err: results.find((r) => !r.ok) }, 'dead letters not stored');
      }
      if (this.pending.size === 0) await this.release(store); // idle: let go of the store (top comment)
    }).finally(() => {
      this.inFlight = null;
      // More arrived meanwhile: next batch after the usual pause.
      if (this.pending.size > 0 && !this.closed && this.timer === undefined) {
        this.timer = this.o.clock.setTimeout(() => {
          this.timer = undefined;
          void this.flush();
        }, this.o.flushMs);
      }
    });
    return this.inFlight;
  }

  /** Writes everything still queued, then closes the store. Must be awaited before the worker exits. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.timer !== undefined) this.o.clock.clearTimeout(this.timer);
    this.timer = undefined;
    if (this.unavailable) return;
    if (this.inFlight !== null) await this.inFlight;
    while (this.pending.size > 0) await this.flush();
    if (this.store !== null) await this.release(this.store);
    await this.releasing;
  }

  private open(): LmdbDeadLetterStore | null {
    try {
      this.store = openDeadLetterStore({ path: this.o.path, maxPerSource: this.o.maxPerSource, durability: this.o.durability ?? 'fsync' });
    } catch (err) {
      this.error = err instanceof Error ? err.message : String(err);
    }
    return this.store;
  }

  /** Closes a handle; never rejects (a failed close leaves the environment open, which costs only RSS). */
  private async release(store: LmdbDeadLetterStore): Promise<void> {
    if (this.store === store) this.store = null;
    try {
      await store.close();
    } catch (err) {
      this.o.log.warn({ category: 'exchange', action: 'dead_letter_store_close_failed', err: err instanceof Error ? err.message : String(err) }, 'closing the dead-letter store failed');
    }
  }
}

import { requireInteger } from '../windows/require-option.js';

export interface BatcherOptions {
  /** Flush as soon as a batch holds this many items; default 64. */
  readonly maxItems?: number;
  /** Flush a batch once its first item is this old (checked on commit and poll); default 20 ms. */
  readonly maxDelayMs?: number;
}

export const kBatchDefaults = { maxItems: 64, maxDelayMs: 20 } as const;

/** Receives a batch: items[0 .. count-1]. The items are reused afterwards: copy what you keep. */
export type BatchSink<T> = (items: readonly T[], count: number) => void;

/**
 * Micro-batches output: a batch flushes when it holds maxItems items or when
 * its oldest item is maxDelayMs old, whichever comes first. Items are a pool
 * of maxItems objects made once and filled in place (claim, fill, commit), so
 * batching allocates nothing. Time is passed in (µs); the owner calls
 * poll(now) from a timer set for deadlineUs, and flush() on shutdown.
 */
export class CountOrAgeBatcher<T> {
  readonly maxItems: number;
  readonly maxDelayUs: number;
  batches = 0;
  items = 0;

  private readonly pool: T[];
  private count = 0;
  private openedAt = Infinity;

  constructor(options: BatcherOptions, makeItem: () => T, private readonly sink: BatchSink<T>, path = 'publish.batch') {
    this.maxItems = requireInteger(`${path}.maxItems`, options.maxItems ?? kBatchDefaults.maxItems, 1, 1 << 16);
    this.maxDelayUs = requireInteger(`${path}.maxDelayMs`, options.maxDelayMs ?? kBatchDefaults.maxDelayMs, 0, 60_000) * 1000;
    this.pool = Array.from({ length: this.maxItems }, makeItem);
  }

  /** The next item to fill; the first item of a batch stamps the batch's age. Follow with commit(). */
  claim(nowUs: number): T {
    if (this.count === 0) this.openedAt = nowUs;
    return this.pool[this.count]!;
  }

  /** Counts the claimed item; flushes when the batch is full or old enough. */
  commit(nowUs: number): void {
    this.count++;
    if (this.count === this.maxItems || nowUs - this.openedAt >= this.maxDelayUs) this.flush();
  }

  /** Flushes when the open batch is maxDelayMs old. True when it flushed. */
  poll(nowUs: number): boolean {
    if (this.count === 0 || nowUs - this.openedAt < this.maxDelayUs) return false;
    this.flush();
    return true;
  }

  flush(): void {
    if (this.count === 0) return;
    const n = this.count;
    this.count = 0;
    this.openedAt = Infinity;
    this.batches++;
    this.items += n;
    this.sink(this.pool, n);
  }

  /** Items in the open batch. */
  get pending(): number {
    return this.count;
  }

  /** When the open batch must flush (µs), Infinity when none is open. */
  get deadlineUs(): number {
    return this.openedAt + this.maxDelayUs;
  }
}

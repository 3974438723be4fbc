import type { LmdbTickStore } from '../../src/market/store/tick-store.js';
import type { GapMarker, Tick } from '../../src/market/tick.js';

export type StoredRecord = Tick | GapMarker;

/** One stream of the store: the ticks, or the gap markers, of one (symbol, exchange). */
export interface StoreStream {
  readonly kind: 'tick' | 'gap';
  readonly symbolId: number;
  readonly exchangeId: number;
}

/**
 * Walks one stream of the recorder's store in key order (recvTs, seq), a
 * chunk at a time. Each refill is a short range read (one read snapshot,
 * ended when the chunk is taken), so a restore never holds a snapshot open
 * across its awaits, and any number of cursors costs no LMDB readers.
 *
 * A refill restarts at the last recvTs read (the store's sinceUs is
 * inclusive) and skips keys up to the last one taken, so records committed
 * meanwhile are picked up and none is read twice. More than a chunk of
 * records on one recvTs would make no progress; the chunk then doubles.
 */
export class StoreStreamCursor {
  private buffer: StoredRecord[] = [];
  private at = 0;
  private lastTs = -Infinity;
  private lastSeq = -1;
  private exhausted = false;
  private chunk: number;

  constructor(
    private readonly store: LmdbTickStore,
    readonly stream: StoreStream,
    private readonly sinceUs: number,
    chunk = 1024,
  ) {
    this.chunk = chunk;
  }

  /** The next record, or undefined when the stream is exhausted. */
  peek(): StoredRecord | undefined {
    if (this.at < this.buffer.length) return this.buffer[this.at];
    if (this.exhausted) return undefined;
    this.refill();
    return this.buffer[this.at];
  }

  advance(): void {
    const r = this.peek();
    if (r === undefined) return;
    this.lastTs = r.recvTs;
    this.lastSeq = r.seq;
    this.at++;
  }

  private refill(): void {
    for (;;) {
      const from = this.lastTs === -Infinity ? this.sinceUs : Math.max(this.sinceUs, this.lastTs);
      const q = { symbolId: this.stream.symbolId, exchangeId: this.stream.exchangeId, limit: this.chunk, ...(Number.isFinite(from) ? { sinceUs: from } : {}) };
      const read: StoredRecord[] = [...(this.stream.kind === 'tick' ? this.store.rangeTicks(q) : this.store.rangeGaps(q))];
      const fresh = read.filter((r) => r.recvTs > this.lastTs || (r.recvTs === this.lastTs && r.seq > this.lastSeq));
      if (fresh.length > 0 || read.length < this.chunk) {
        this.buffer = fresh;
        this.at = 0;
        this.exhausted = fresh.length === 0;
        return;
      }
      this.chunk *= 2; // a full chunk of already-taken keys on one recvTs
    }
  }
}

import type { LmdbTickStore } from '../../src/market/store/tick-store.js';
import { kAllSymbols } from '../../src/market/tick.js';
import { StoreStreamCursor, type StoredRecord } from './store-stream-cursor.js';

/**
 * The recorder's records for a shard's symbols, in receive order: a k-way
 * merge (binary heap) of one cursor per stream:
 *   - the whole-connection gaps of each exchange (symbol kAllSymbols),
 *   - per owned symbol and exchange: its gap markers, then its ticks.
 * Order: recvTs ascending; equal recvTs go in the stream order above (a gap
 * before the ticks it precedes, exchanges in the given order), so the merge
 * is deterministic. ShardCore.restore() over this order rebuilds what a core
 * that saw the same records live, in receive order, holds (shard-core.ts).
 *
 * Memory: one chunk per stream. Time: O(log streams) per record.
 */
export class MergedStoreReplay {
  private readonly cursors: StoreStreamCursor[];
  /** Heap of cursor indices, ordered by (head recvTs, cursor index). */
  private readonly heap: number[] = [];

  /**
   * sinceUs: where every stream starts (inclusive), or where each symbol's
   * streams start (replay-plan.ts); the whole-connection gaps then start at
   * the earliest of them.
   */
  constructor(
    store: LmdbTickStore, symbolIds: readonly number[], exchangeIds: readonly number[],
    sinceUs: number | ((symbolId: number) => number), chunk?: number,
  ) {
    const sinceOf = typeof sinceUs === 'number' ? () => sinceUs : sinceUs;
    const cursors: StoreStreamCursor[] = [];
    let earliest = typeof sinceUs === 'number' ? sinceUs : Infinity;
    for (const symbolId of symbolIds) {
      const since = sinceOf(symbolId);
      earliest = Math.min(earliest, since);
      for (const exchangeId of exchangeIds) {
        for (const kind of ['gap', 'tick'] as const) cursors.push(new StoreStreamCursor(store, { kind, symbolId, exchangeId }, since, chunk));
      }
    }
    const connectionGaps = earliest === Infinity ? [] // no symbol: nothing a gap could touch
      : exchangeIds.map((exchangeId) => new StoreStreamCursor(store, { kind: 'gap', symbolId: kAllSymbols, exchangeId }, earliest, chunk));
    this.cursors = [...connectionGaps, ...cursors];
    for (let i = 0; i < this.cursors.length; i++) if (this.cursors[i]!.peek() !== undefined) this.push(i);
  }

  get streams(): number {
    return this.cursors.length;
  }

  /** Fills `out` with up to `max` records in merged order; returns how many (0: done). */
  next(out: StoredRecord[], max: number): number {
    out.length = 0;
    while (out.length < max && this.heap.length > 0) {
      const i = this.heap[0]!;
      const c = this.cursors[i]!;
      out.push(c.peek()!);
      c.advance();
      if (c.peek() === undefined) {
        const last = this.heap.pop()!;
        if (this.heap.length > 0) {
          this.heap[0] = last;
          this.siftDown(0);
        }
      } else {
        this.siftDown(0);
      }
    }
    return out.length;
  }

  private less(a: number, b: number): boolean {
    const ta = this.cursors[a]!.peek()!.recvTs;
    const tb = this.cursors[b]!.peek()!.recvTs;
    return ta < tb || (ta === tb && a < b);
  }

  private push(i: number): void {
    const h = this.heap;
    h.push(i);
    let k = h.length - 1;
    while (k > 0) {
      const parent = (k - 1) >> 1;
      if (!this.less(h[k]!, h[parent]!)) break;
      [h[k], h[parent]] = [h[parent]!, h[k]!];
      k = parent;
    }
  }

  private siftDown(k: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * k + 1;
      const r = l + 1;
      let m = k;
      if (l < h.length && this.less(h[l]!, h[m]!)) m = l;
      if (r < h.length && this.less(h[r]!, h[m]!)) m = r;
      if (m === k) return;
      [h[k], h[m]] = [h[m]!, h[k]!];
      k = m;
    }
  }
}

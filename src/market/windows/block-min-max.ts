import { kBlockMask, kBlockShift, kBlockSize } from './window-arena-plan.js';
import type { WindowArena } from './window-arena.js';
import type { WindowConfig } from './window-config.js';

/**
 * Exact sliding min and max of a window in O(1) amortised per point, with
 * monotonic deques over *blocks* of kBlockSize points instead of over points.
 *
 * A window's ring is cut into blocks of 64 positions. Its live points fall
 * into three parts, and min/max is the min/max of the three summaries:
 *   - the oldest block (partly evicted): suffix min/max arrays, filled by one
 *     backward scan when the block becomes the oldest (so sufMax[k] is the max
 *     of the block's points at offsets k.. scanEnd-1);
 *   - the closed blocks between: each block's min/max, kept in a monotonic
 *     deque of block numbers (max deque: block maxima strictly decreasing from
 *     front to back; the front is the largest);
 *   - the open block (the newest, still filling): running min/max (openMin/
 *     openMax, ±Infinity when empty).
 * When the oldest block is also the open block, points that arrived after its
 * last scan sit in the open accumulator, and a rescan happens when eviction
 * passes scanEnd or when the block closes.
 *
 * Cost: each point is scanned at most twice while its block is the oldest
 * (once when the block becomes the oldest or passes scanEnd, once when it
 * closes), and each block enters and leaves a deque once: O(1) amortised.
 * Memory: 12 bytes per block against 4 per point for deques of point indices.
 *
 * Contract with the store: onPush after the point is written (count includes
 * it); onEvict after the head has moved, with count > 0 (the store calls
 * reset when a window empties); read with count > 0. Positions are ring
 * positions within the window (0 .. capacity-1).
 */
export class BlockMinMax {
  /** Results of the last read(). */
  min = NaN;
  max = NaN;

  private readonly a: WindowArena;
  private readonly capacity: number;
  private readonly blocks: number;

  constructor(arena: WindowArena, config: WindowConfig) {
    this.a = arena;
    this.capacity = config.capacity;
    this.blocks = config.blocksPerWindow;
  }

  reset(w: number): void {
    const a = this.a;
    a.minHead[w] = 0;
    a.minLen[w] = 0;
    a.maxHead[w] = 0;
    a.maxLen[w] = 0;
    a.scanEnd[w] = 0;
    a.openMin[w] = Infinity;
    a.openMax[w] = -Infinity;
  }

  onPush(w: number, pos: number, headPos: number, count: number, v: number): void {
    const a = this.a;
    if (v < a.openMin[w]!) a.openMin[w] = v;
    if (v > a.openMax[w]!) a.openMax[w] = v;
    if ((pos & kBlockMask) !== kBlockMask) return;
    // The block of pos is full: it closes.
    if (count <= kBlockSize) {
      // It is also the oldest block: one scan now covers what the open accumulator held.
      this.scan(w, headPos, kBlockSize);
    } else {
      this.pushClosedBlock(w, pos >>> kBlockShift, a.openMin[w]!, a.openMax[w]!);
    }
    a.openMin[w] = Infinity;
    a.openMax[w] = -Infinity;
  }

  onEvict(w: number, headPos: number, count: number): void {
    const a = this.a;
    const off = headPos & kBlockMask;
    if (off === 0) {
      // The head entered the next block: it leaves the deques (if still there) and becomes the oldest.
      const block = headPos >>> kBlockShift;
      const base = w * this.blocks;
      if (a.maxLen[w]! > 0 && a.maxDeque[base + a.maxHead[w]!] === block) this.popFront(a.maxHead, a.maxLen, w);
      if (a.minLen[w]! > 0 && a.minDeque[base + a.minHead[w]!] === block) this.popFront(a.minHead, a.minLen, w);
      if (count < kBlockSize) {
        // Not full, so it is the open block as well.
        this.scan(w, headPos, count);
        a.openMin[w] = Infinity;
        a.openMax[w] = -Infinity;
      } else {
        this.scan(w, headPos, kBlockSize);
      }
    } else if (off >= a.scanEnd[w]!) {
      // Only when the oldest block is the open block: every scanned point has left.
      this.scan(w, headPos, off + count);
      a.openMin[w] = Infinity;
      a.openMax[w] = -Infinity;
    }
  }

  read(w: number, headPos: number): void {
    const a = this.a;
    let mn = a.openMin[w]!;
    let mx = a.openMax[w]!;
    const off = headPos & kBlockMask;
    if (off < a.scanEnd[w]!) {
      const s = w * kBlockSize + off;
      if (a.sufMin[s]! < mn) mn = a.sufMin[s]!;
      if (a.sufMax[s]! > mx) mx = a.sufMax[s]!;
    }
    const base = w * this.blocks;
    if (a.minLen[w]! > 0) {
      const m = a.blockMin[base + a.minDeque[base + a.minHead[w]!]!]!;
      if (m < mn) mn = m;
    }
    if (a.maxLen[w]! > 0) {
      const m = a.blockMax[base + a.maxDeque[base + a.maxHead[w]!]!]!;
      if (m > mx) mx = m;
    }
    this.min = mn;
    this.max = mx;
  }

  /** Suffix min/max of the head's block over block offsets [head offset, end). */
  private scan(w: number, headPos: number, end: number): void {
    const a = this.a;
    const off = headPos & kBlockMask;
    const src = w * this.capacity + (headPos - off);
    const dst = w * kBlockSize;
    let mn = Infinity;
    let mx = -Infinity;
    for (let k = end - 1; k >= off; k--) {
      const v = a.values[src + k]!;
      if (v < mn) mn = v;
      if (v > mx) mx = v;
      a.sufMin[dst + k] = mn;
      a.sufMax[dst + k] = mx;
    }
    a.scanEnd[w] = end;
  }

  private pushClosedBlock(w: number, block: number, mn: number, mx: number): void {
    const a = this.a;
    const blocks = this.blocks;
    const base = w * blocks;
    a.blockMin[base + block] = mn;
    a.blockMax[base + block] = mx;
    // Max deque: drop blocks from the back whose max can no longer be the window's max.
    let head = a.maxHead[w]!;
    let len = a.maxLen[w]!;
    while (len > 0 && a.blockMax[base + a.maxDeque[base + ((head + len - 1) % blocks)]!]! <= mx) len--;
    a.maxDeque[base + ((head + len) % blocks)] = block;
    a.maxLen[w] = len + 1;
    head = a.minHead[w]!;
    len = a.minLen[w]!;
    while (len > 0 && a.blockMin[base + a.minDeque[base + ((head + len - 1) % blocks)]!]! >= mn) len--;
    a.minDeque[base + ((head + len) % blocks)] = block;
    a.minLen[w] = len + 1;
  }

  private popFront(heads: Uint32Array, lens: Uint32Array, w: number): void {
    const next = heads[w]! + 1;
    heads[w] = next === this.blocks ? 0 : next;
    lens[w] = lens[w]! - 1;
  }
}

import { BlockMinMax } from './block-min-max.js';
import { ddAdd, ddScaledVariance } from './double-double.js';
import { LruList } from './lru-list.js';
import { kDeltaEscape } from './window-arena-plan.js';
import { WindowArena } from './window-arena.js';
import { resolveWindowConfig, type WindowConfig, type WindowOptions } from './window-config.js';
import type { WindowStats } from './window-stats.js';

/** Recompute a window's sums once Σx² falls below this fraction of its peak since the last recompute. */
const kShrinkRecompute = 2 ** -20;

/**
 * Rolling windows keyed by small integers, all in one typed-array arena
 * (window-arena-plan.ts). Options and the window-edge rule: window-config.ts.
 *
 * Per point: a Float32 value and a u16 time delta (window-arena-plan.ts);
 * points are pushed in time order per window. A point stamped earlier than
 * the newest point of its (non-empty) window is stamped at the newest point's
 * time instead (counted in clampedTimes): per-window time never goes back.
 *
 * Bounds, each counted when it bites:
 *   time      points with t <= now - windowMs leave on the next push or read
 *             of their window (timeEvictions);
 *   capacity  a push into a full window evicts its oldest point (capacityEvictions);
 *   windows   a push for a new key when maxWindows are alive takes the slot of
 *             the least recently *updated* window, reads do not count as
 *             updates (windowEvictions).
 *
 * Costs: push and read are O(1) amortised and allocate nothing (min/max:
 * block-min-max.ts; mean and stddev: double-double.ts, with the exact
 * recompute every config.recomputeEvery pushes and when Σx² shrinks 2^20-fold
 * below its peak since the last recompute, both counted in recomputes).
 * Checked against an exact reference: test/property/market/rolling-window.property.test.ts.
 * Values are stored Float32-rounded (-0 as 0). Non-finite values (or values
 * whose Float32 rounding is infinite) and keys
 * outside [0, keySpace) are rejected and counted, never thrown.
 */
export class RollingWindowStore {
  readonly config: WindowConfig;

  pushes = 0;
  rejected = 0;
  clampedTimes = 0;
  timeEvictions = 0;
  capacityEvictions = 0;
  windowEvictions = 0;
  recomputes = 0;

  private readonly a: WindowArena;
  private readonly minMax: BlockMinMax;
  private readonly lru: LruList;
  private readonly capacity: number;
  private readonly unitUs: number;
  private readonly windowUnits: number;
  private readonly escapeSlots: number;
  private readonly keySpace: number;
  private readonly recomputeEvery: number;
  private allocated = 0;

  constructor(options: Partial<WindowOptions> & { readonly keySpace: number }, path = 'window') {
    const config = resolveWindowConfig(options, path);
    this.config = config;
    this.a = new WindowArena(config);
    this.a.keySlot.fill(-1);
    this.a.slotKey.fill(-1);
    this.minMax = new BlockMinMax(this.a, config);
    this.lru = new LruList(this.a.lruPrev, this.a.lruNext);
    this.capacity = config.capacity;
    this.unitUs = config.timeUnitUs;
    this.windowUnits = config.windowUnits;
    this.escapeSlots = config.escapeSlots;
    this.keySpace = config.keySpace;
    this.recomputeEvery = config.recomputeEvery;
  }

  /** Bytes of the arena: the store's whole typed-array footprint. */
  get arenaBytes(): number {
    return this.a.byteLength;
  }

  /** Windows alive (including windows that time has emptied but no one has evicted). */
  get windowCount(): number {
    return this.allocated;
  }

  /** Key held by a slot in [0, windowCount). */
  keyAt(slot: number): number {
    return this.a.slotKey[slot] ?? -1;
  }

  has(key: number): boolean {
    return (this.a.keySlot[key] ?? -1) >= 0;
  }

  /** Adds a point; false (counted) when the key or value is rejected. */
  push(key: number, tsUs: number, value: number): boolean {
    const a = this.a;
    const v = Math.fround(value) + 0; // + 0: -0 is stored as 0
    if (!(key >= 0 && key < this.keySpace) || !Number.isFinite(v) || !Number.isFinite(tsUs)) {
      this.rejected++;
      return false;
    }
    let w = a.keySlot[key]!;
    if (w < 0) w = this.acquire(key);
    else this.lru.touch(w);

    let t = Math.floor(tsUs / this.unitUs);
    if (a.count[w]! > 0 && t < a.tailUnits[w]!) {
      t = a.tailUnits[w]!;
      this.clampedTimes++;
    }
    this.evictThrough(w, t - this.windowUnits);
    if (a.count[w] === this.capacity) {
      this.evictOldest(w);
      this.capacityEvictions++;
    }

    const n = a.count[w]!;
    const head = a.headPos[w]!;
    let pos = head + n;
    if (pos >= this.capacity) pos -= this.capacity;
    const at = w * this.capacity + pos;
    a.values[at] = v;
    if (n === 0) {
      a.headUnits[w] = t;
      a.deltas[at] = 0;
    } else {
      const d = t - a.tailUnits[w]!;
      if (d < kDeltaEscape) {
        a.deltas[at] = d;
      } else {
        a.deltas[at] = kDeltaEscape;
        const e = a.escHead[w]! + a.escCount[w]!;
        a.escapes[w * this.escapeSlots + (e % this.escapeSlots)] = d;
        a.escCount[w] = a.escCount[w]! + 1;
      }
    }
    a.tailUnits[w] = t;
    if (!(tsUs <= a.lastTs[w]!)) a.lastTs[w] = tsUs;
    a.count[w] = n + 1;
    ddAdd(a.s1Hi, a.s1Lo, w, v);
    ddAdd(a.s2Hi, a.s2Lo, w, v * v);
    if (a.s2Hi[w]! > a.s2Peak[w]!) a.s2Peak[w] = a.s2Hi[w]!;
    this.minMax.onPush(w, pos, head, n + 1, v);
    this.pushes++;
    const since = a.sinceRecompute[w]! + 1;
    if (since >= this.recomputeEvery) this.recompute(w);
    else a.sinceRecompute[w] = since;
    return true;
  }

  /**
   * Writes the stats of key's window as of nowUs into out (evicting points
   * that time has pushed out first). False, and out untouched, when the key
   * has no window.
   */
  read(key: number, nowUs: number, out: WindowStats): boolean {
    const a = this.a;
    const w = a.keySlot[key] ?? -1;
    if (w < 0) return false;
    this.evictThrough(w, Math.floor(nowUs / this.unitUs) - this.windowUnits);
    const n = a.count[w]!;
    out.count = n;
    out.lastUpdateTs = a.lastTs[w]!;
    if (n === 0) {
      out.last = out.min = out.max = out.mean = out.stddev = NaN;
      return true;
    }
    const head = a.headPos[w]!;
    let last = head + n - 1;
    if (last >= this.capacity) last -= this.capacity;
    out.last = a.values[w * this.capacity + last]!;
    this.minMax.read(w, head);
    out.min = this.minMax.min;
    out.max = this.minMax.max;
    if (out.min === out.max) {
      out.mean = out.min;
      out.stddev = 0;
    } else {
      out.mean = (a.s1Hi[w]! + a.s1Lo[w]!) / n;
      out.stddev = Math.sqrt(ddScaledVariance(a.s1Hi[w]!, a.s1Lo[w]!, a.s2Hi[w]!, a.s2Lo[w]!, n) / n / n);
    }
    return true;
  }

  /**
   * True when key's window, as of nowUs, holds capacity points: then it holds
   * the newest `capacity` points pushed, whatever came before them. A
   * restarted shard proves a shortened replay with it
   * (actors/shard/replay-plan.ts). Evicts by time first, as read() does.
   */
  isFull(key: number, nowUs: number): boolean {
    const a = this.a;
    const w = a.keySlot[key] ?? -1;
    if (w < 0) return false;
    this.evictThrough(w, Math.floor(nowUs / this.unitUs) - this.windowUnits);
    return a.count[w] === this.capacity;
  }

  /** Evicts every point stamped at or before cutoff (time units). */
  private evictThrough(w: number, cutoff: number): void {
    const a = this.a;
    const n = a.count[w]!;
    if (n === 0 || a.headUnits[w]! > cutoff) return;
    if (a.tailUnits[w]! <= cutoff) {
      this.timeEvictions += n;
      this.resetWindow(w);
      return;
    }
    // The newest point stays, so the loop ends before the window empties.
    while (a.headUnits[w]! <= cutoff) {
      this.evictOldest(w);
      this.timeEvictions++;
    }
  }

  private evictOldest(w: number): void {
    const a = this.a;
    const n = a.count[w]! - 1;
    if (n === 0) {
      this.resetWindow(w);
      return;
    }
    const base = w * this.capacity;
    const v = a.values[base + a.headPos[w]!]!;
    ddAdd(a.s1Hi, a.s1Lo, w, -v);
    ddAdd(a.s2Hi, a.s2Lo, w, -(v * v));
    let head = a.headPos[w]! + 1;
    if (head === this.capacity) head = 0;
    a.headPos[w] = head;
    a.count[w] = n;
    let d = a.deltas[base + head]!;
    if (d === kDeltaEscape) {
      const e = a.escHead[w]!;
      d = a.escapes[w * this.escapeSlots + e]!;
      a.escHead[w] = e + 1 === this.escapeSlots ? 0 : e + 1;
      a.escCount[w] = a.escCount[w]! - 1;
    }
    a.headUnits[w] = a.headUnits[w]! + d;
    this.minMax.onEvict(w, head, n);
    if (a.s2Hi[w]! < a.s2Peak[w]! * kShrinkRecompute) this.recompute(w);
  }

  /** Exact sums from the live points; restarts the drift budget. */
  private recompute(w: number): void {
    const a = this.a;
    a.s1Hi[w] = a.s1Lo[w] = a.s2Hi[w] = a.s2Lo[w] = 0;
    const base = w * this.capacity;
    let pos = a.headPos[w]!;
    for (let i = a.count[w]!; i > 0; i--) {
      const v = a.values[base + pos]!;
      ddAdd(a.s1Hi, a.s1Lo, w, v);
      ddAdd(a.s2Hi, a.s2Lo, w, v * v);
      if (++pos === this.capacity) pos = 0;
    }
    a.s2Peak[w] = a.s2Hi[w]!;
    a.sinceRecompute[w] = 0;
    this.recomputes++;
  }

  private resetWindow(w: number): void {
    const a = this.a;
    a.count[w] = 0;
    a.headPos[w] = 0;
    a.escHead[w] = 0;
    a.escCount[w] = 0;
    a.s1Hi[w] = a.s1Lo[w] = a.s2Hi[w] = a.s2Lo[w] = a.s2Peak[w] = 0;
    a.sinceRecompute[w] = 0;
    this.minMax.reset(w);
  }

  /** A slot for a new key: a never-used one, else the least recently updated window's. */
  private acquire(key: number): number {
    const a = this.a;
    let w: number;
    if (this.allocated < this.config.maxWindows) {
      w = this.allocated++;
    } else {
      w = this.lru.leastRecent;
      a.keySlot[a.slotKey[w]!] = -1;
      this.lru.remove(w);
      this.windowEvictions++;
    }
    a.keySlot[key] = w;
    a.slotKey[w] = key;
    a.lastTs[w] = NaN;
    this.resetWindow(w);
    this.lru.pushFront(w);
    return w;
  }
}

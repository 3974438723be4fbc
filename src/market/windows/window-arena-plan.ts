import type { WindowConfig } from './window-config.js';

/**
 * Layout of the window arena: one ArrayBuffer carved into typed-array regions,
 * struct-of-arrays, indexed by window slot (every region named here; no other
 * module computes an offset). Window w owns
 *
 *   values  [w*capacity, (w+1)*capacity)           f32  point values, a ring
 *   deltas  [w*capacity, (w+1)*capacity)           u16  time since the previous point,
 *                                                       in time units; kDeltaEscape means
 *                                                       "look in the escape ring"
 *   escapes [w*escapeSlots, ...)                   u32  escaped deltas, a FIFO ring
 *   blockMin/blockMax [w*blocks, ...)              f32  min/max of each closed block
 *   minDeque/maxDeque [w*blocks, ...)              u16  monotonic deques of block numbers
 *   sufMin/sufMax [w*kBlockSize, ...)              f32  suffix min/max of the oldest block
 *   and one element of each per-window scalar region (head, count, sums, ...).
 *   keySlot [0, keySpace)                          i32  key → slot, -1 when none
 *
 * Bytes per point: 4 (value) + 2 (delta) = 6, plus 12 per 64-point block
 * (0.19 per point) and a few hundred bytes per window. A monotonic deque of
 * point indices would add 4 bytes per point (two u16 rings): at 300 windows of
 * 30k points that is 36 MB that block deques avoid (block-min-max.ts).
 */

/** Points per min/max block. A power of two so that position → block is a shift. */
export const kBlockSize = 64;
export const kBlockShift = 6;
export const kBlockMask = kBlockSize - 1;
/** Deltas of kDeltaEscape units or more live in the escape ring; this value marks them. */
export const kDeltaEscape = 0xffff;

const kF64 = 8;
const kU32 = 4;
const kU16 = 2;

type Sizing = 'window' | 'point' | 'block' | 'blockOffset' | 'escape' | 'key';

/** Every region: element size and what its length counts. Ordered by element size, so no padding. */
const kRegions = {
  headUnits: [kF64, 'window'], // time of the oldest point, units since the epoch
  tailUnits: [kF64, 'window'], // time of the newest point, units since the epoch
  lastTs: [kF64, 'window'], // µs of the last push, as given (not quantised)
  s1Hi: [kF64, 'window'], // Σx as a double-double (hi, lo)
  s1Lo: [kF64, 'window'],
  s2Hi: [kF64, 'window'], // Σx² as a double-double
  s2Lo: [kF64, 'window'],
  s2Peak: [kF64, 'window'], // largest s2Hi since the last recompute
  openMin: [kF64, 'window'], // min/max of the open (newest, filling) block; ±Infinity when empty
  openMax: [kF64, 'window'],
  values: [kU32, 'point'],
  escapes: [kU32, 'escape'],
  blockMin: [kU32, 'block'],
  blockMax: [kU32, 'block'],
  sufMin: [kU32, 'blockOffset'],
  sufMax: [kU32, 'blockOffset'],
  headPos: [kU32, 'window'], // ring position of the oldest point
  count: [kU32, 'window'],
  escHead: [kU32, 'window'],
  escCount: [kU32, 'window'],
  minHead: [kU32, 'window'],
  minLen: [kU32, 'window'],
  maxHead: [kU32, 'window'],
  maxLen: [kU32, 'window'],
  scanEnd: [kU32, 'window'], // sufMin/sufMax are valid for block offsets below this
  sinceRecompute: [kU32, 'window'],
  slotKey: [kU32, 'window'], // i32: key held by the slot, -1 when free
  lruPrev: [kU32, 'window'], // i32
  lruNext: [kU32, 'window'], // i32
  keySlot: [kU32, 'key'], // i32
  deltas: [kU16, 'point'],
  minDeque: [kU16, 'block'],
  maxDeque: [kU16, 'block'],
} as const satisfies Record<string, readonly [number, Sizing]>;

export type WindowRegionName = keyof typeof kRegions;

export interface ArenaRegion {
  /** Byte offset in the arena. */
  readonly offset: number;
  /** Number of elements. */
  readonly length: number;
}

export interface WindowArenaPlan {
  readonly totalBytes: number;
  readonly regions: Readonly<Record<WindowRegionName, ArenaRegion>>;
}

export function planWindowArena(c: WindowConfig): WindowArenaPlan {
  const per: Record<Sizing, number> = {
    window: c.maxWindows,
    point: c.maxWindows * c.capacity,
    block: c.maxWindows * c.blocksPerWindow,
    blockOffset: c.maxWindows * kBlockSize,
    escape: c.maxWindows * c.escapeSlots,
    key: c.keySpace,
  };
  const regions = {} as Record<WindowRegionName, ArenaRegion>;
  let offset = 0;
  for (const name of Object.keys(kRegions) as WindowRegionName[]) {
    const [bytes, sizing] = kRegions[name];
    offset = Math.ceil(offset / bytes) * bytes;
    const length = per[sizing];
    regions[name] = { offset, length };
    offset += length * bytes;
  }
  return { totalBytes: Math.ceil(offset / kF64) * kF64, regions };
}

export function windowArenaBytes(c: WindowConfig): number {
  return planWindowArena(c).totalBytes;
}

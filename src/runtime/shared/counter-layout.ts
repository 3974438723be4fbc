import { alignToCacheLine, kCacheLine } from './cache-line.js';

/**
 * Binary layout of the counter board (DESIGN.md §3): the hot-path counters
 * of every actor in one SharedArrayBuffer that outlives the actors. Every
 * offset used anywhere lives here; other modules touch the board only
 * through counter-board.ts.
 *
 * The board describes itself: the counter names are stored in it, so a
 * worker needs only the buffer, and the slot offsets are recomputed from
 * the names by counterSlotOffsets() on both sides.
 *
 *   header (one cache line)
 *     off  size  field
 *       0   i32  magic            kCounterMagic: catches a wrong buffer at construction
 *       4   i32  version          kCounterVersion
 *       8   i32  counterCount
 *      12   i32  namesByteLength  length of the names blob
 *      16   i32  slotsOffset      byte offset of the first counter slot
 *   names blob at kNamesOffset: UTF-8 JSON array of the names, in declaration order
 *   slots from slotsOffset: one i64 (8 bytes) per counter, grouped by owner
 *
 * Owner and false sharing: a name's owner is the text before its last
 * '.', as in `exchange.binance.ticksIn` (owner `exchange.binance`; actor
 * names may contain dots, counter names may not; names without a dot share
 * the owner '').
 * Each owner's counters are contiguous, 8 bytes apart, and every owner
 * starts on a fresh cache line: counters written by one actor thread share
 * lines, counters of different actors never do, so two actors counting
 * ticks do not bounce a line between cores.
 */
export const kCounterMagic = 0x52_4d_43_54; // "RMCT"
export const kCounterVersion = 1;

export const kMagicOffset = 0;
export const kVersionOffset = 4;
export const kCounterCountOffset = 8;
export const kNamesByteLengthOffset = 12;
export const kSlotsOffsetOffset = 16;
export const kHeaderSize = kCacheLine;

export const kNamesOffset = kHeaderSize;
/** Bytes per counter: one BigInt64 cell. */
export const kCounterSize = 8;

/** The owner part of a counter name (see the top comment). */
export function counterOwner(name: string): string {
  const dot = name.lastIndexOf('.');
  return dot < 0 ? '' : name.slice(0, dot);
}

/** Where the slots start, given the names blob length. */
export function counterSlotsOffset(namesByteLength: number): number {
  return alignToCacheLine(kNamesOffset + namesByteLength);
}

/**
 * Byte offset of each counter, in the order of `names`, for a board whose
 * slots start at `slotsOffset`. Pure: allocation and every reader call it
 * with the same names and get the same offsets.
 */
export function counterSlotOffsets(names: readonly string[], slotsOffset: number): { offsets: number[]; end: number } {
  const byOwner = new Map<string, number[]>();
  names.forEach((name, i) => {
    const owner = counterOwner(name);
    const group = byOwner.get(owner) ?? [];
    group.push(i);
    byOwner.set(owner, group);
  });
  const offsets = new Array<number>(names.length);
  let cursor = slotsOffset;
  for (const group of byOwner.values()) {
    cursor = alignToCacheLine(cursor);
    for (const i of group) {
      offsets[i] = cursor;
      cursor += kCounterSize;
    }
  }
  return { offsets, end: alignToCacheLine(cursor) };
}

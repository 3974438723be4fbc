import { kCacheLine } from './cache-line.js';

/**
 * Binary layout of the heartbeat board (DESIGN.md §3): one SharedArrayBuffer
 * for the whole host, one slot per actor, slot index assigned by the
 * supervisor. Every offset used anywhere lives here; other modules touch the
 * board only through heartbeat-board.ts.
 *
 *   header (one cache line)
 *     off  size  field
 *       0   i32  magic        kHeartbeatMagic: catches a wrong buffer at construction
 *       4   i32  version      kHeartbeatVersion
 *       8   i32  slotCount
 *   slot s at kHeaderSize + s * kSlotStride (one cache line each, so one
 *   actor's beat never invalidates the line another actor writes)
 *       0   i64  lastBeatMs   integer ms of the actor's clock; 0 = never beaten
 *       8   i64  beatCount    beats since the slot was last reset
 *      16   i32  incarnation  which spawn owns the slot (the supervisor's count)
 *      20   i32  state        HeartbeatState, written by the actor
 *      24   ..   padding to 64
 *
 * Memory ordering: every field is read and written with Atomics (seq-cst),
 * the i64 fields through a BigInt64Array, so no read is ever torn (a plain
 * Float64 access may tear by the ECMAScript memory model). resetSlot writes
 * the incarnation last, so a reader that sees the new incarnation also sees
 * the reset beat fields.
 */
export const kHeartbeatMagic = 0x52_4d_48_42; // "RMHB"
export const kHeartbeatVersion = 1;

export const kMagicOffset = 0;
export const kVersionOffset = 4;
export const kSlotCountOffset = 8;
export const kHeaderSize = kCacheLine;

export const kSlotStride = kCacheLine;
export const kLastBeatOffset = 0;
export const kBeatCountOffset = 8;
export const kIncarnationOffset = 16;
export const kStateOffset = 20;

/** lastBeatMs of a slot that has never beaten since its reset without a start time. */
export const kNeverBeat = 0;

/** What the actor says it is doing; the supervisor's lifecycle machine stays the authority. */
export const HeartbeatState = {
  Empty: 0,
  Starting: 1,
  Running: 2,
  Draining: 3,
  Stopping: 4,
  Stopped: 5,
} as const;
export type HeartbeatState = (typeof HeartbeatState)[keyof typeof HeartbeatState];

export function heartbeatBoardBytes(slots: number): number {
  return kHeaderSize + slots * kSlotStride;
}

export function slotByteOffset(slot: number, fieldOffset: number): number {
  return kHeaderSize + slot * kSlotStride + fieldOffset;
}

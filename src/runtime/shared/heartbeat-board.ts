import {
  HeartbeatState,
  heartbeatBoardBytes,
  kBeatCountOffset,
  kHeaderSize,
  kHeartbeatMagic,
  kHeartbeatVersion,
  kIncarnationOffset,
  kLastBeatOffset,
  kMagicOffset,
  kNeverBeat,
  kSlotCountOffset,
  kStateOffset,
  kVersionOffset,
  slotByteOffset,
} from './heartbeat-layout.js';

/**
 * Liveness in shared memory: each actor stamps its slot every interval and
 * the supervisor reads the stamps; no message per heartbeat.
 *
 * Writers: the actor owns lastBeat, beatCount and state of its slot; the
 * supervisor owns incarnation and resets the slot before each spawn. Time
 * is injected (every call takes `nowMs`) and stored as integer ms, so the
 * writer and the reader must use the same clock (Date.now() across threads;
 * tests use plain numbers).
 *
 * Cost: one BigInt allocation per beat (the i64 store), irrelevant at
 * heartbeat rates, and in exchange no torn reads (heartbeat-layout.ts).
 */
export function allocateHeartbeatBoard(slots: number): SharedArrayBuffer {
  if (!Number.isInteger(slots) || slots < 1) {
    throw new RangeError(`allocateHeartbeatBoard: slots must be a positive integer, got ${slots}`);
  }
  const sab = new SharedArrayBuffer(heartbeatBoardBytes(slots));
  const header = new Int32Array(sab, 0, kHeaderSize / 4);
  Atomics.store(header, kMagicOffset / 4, kHeartbeatMagic);
  Atomics.store(header, kVersionOffset / 4, kHeartbeatVersion);
  Atomics.store(header, kSlotCountOffset / 4, slots);
  return sab;
}

export class HeartbeatBoard {
  readonly slots: number;
  private readonly i32: Int32Array;
  private readonly i64: BigInt64Array;

  constructor(sab: SharedArrayBuffer) {
    if (!(sab instanceof SharedArrayBuffer) || sab.byteLength < kHeaderSize) {
      throw new TypeError('HeartbeatBoard: sab must be a SharedArrayBuffer from allocateHeartbeatBoard()');
    }
    this.i32 = new Int32Array(sab);
    this.i64 = new BigInt64Array(sab);
    const magic = Atomics.load(this.i32, kMagicOffset / 4);
    const version = Atomics.load(this.i32, kVersionOffset / 4);
    if (magic !== kHeartbeatMagic || version !== kHeartbeatVersion) {
      throw new TypeError(`HeartbeatBoard: not a heartbeat board (magic ${magic}, version ${version})`);
    }
    this.slots = Atomics.load(this.i32, kSlotCountOffset / 4);
    if (sab.byteLength < heartbeatBoardBytes(this.slots)) {
      throw new RangeError(`HeartbeatBoard: buffer of ${sab.byteLength} bytes is too small for ${this.slots} slots`);
    }
  }

  /**
   * The actor's stamp. With `incarnation`, stamps only while the slot still
   * belongs to that incarnation and returns false otherwise, so a worker
   * being replaced cannot keep its successor's slot looking alive.
   */
  beat(slot: number, nowMs: number, incarnation?: number): boolean {
    this.check(slot);
    if (incarnation !== undefined && Atomics.load(this.i32, this.at32(slot, kIncarnationOffset)) !== incarnation) {
      return false;
    }
    Atomics.store(this.i64, this.at64(slot, kLastBeatOffset), BigInt(Math.trunc(nowMs)));
    Atomics.add(this.i64, this.at64(slot, kBeatCountOffset), 1n);
    return true;
  }

  /** Integer ms of the last beat (or of the reset's start time); kNeverBeat (0) if neither. */
  lastBeat(slot: number): number {
    this.check(slot);
    return Number(Atomics.load(this.i64, this.at64(slot, kLastBeatOffset)));
  }

  /** ms since the last beat; Infinity when the slot has never beaten and was reset without a start time. */
  ageMs(slot: number, nowMs: number): number {
    const last = this.lastBeat(slot);
    return last === kNeverBeat ? Infinity : nowMs - last;
  }

  beatCount(slot: number): number {
    this.check(slot);
    return Number(Atomics.load(this.i64, this.at64(slot, kBeatCountOffset)));
  }

  incarnation(slot: number): number {
    this.check(slot);
    return Atomics.load(this.i32, this.at32(slot, kIncarnationOffset));
  }

  state(slot: number): HeartbeatState {
    this.check(slot);
    return Atomics.load(this.i32, this.at32(slot, kStateOffset)) as HeartbeatState;
  }

  setState(slot: number, state: HeartbeatState): void {
    this.check(slot);
    Atomics.store(this.i32, this.at32(slot, kStateOffset), state);
  }

  /**
   * Supervisor, before spawning `incarnation` into `slot`. Pass the spawn
   * time as `startMs` to count the new worker's age from its spawn (a grace
   * period for start-up); without it the slot reads as never beaten.
   */
  resetSlot(slot: number, incarnation: number, startMs: number = kNeverBeat): void {
    this.check(slot);
    if (!Number.isInteger(incarnation) || incarnation < 0 || incarnation > 0x7fff_ffff) {
      throw new RangeError(`HeartbeatBoard.resetSlot: incarnation must be an integer in [0, 2^31), got ${incarnation}`);
    }
    Atomics.store(this.i64, this.at64(slot, kLastBeatOffset), BigInt(Math.trunc(startMs)));
    Atomics.store(this.i64, this.at64(slot, kBeatCountOffset), 0n);
    Atomics.store(this.i32, this.at32(slot, kStateOffset), HeartbeatState.Starting);
    // Last: a reader that sees the new incarnation sees the fields above.
    Atomics.store(this.i32, this.at32(slot, kIncarnationOffset), incarnation);
  }

  private check(slot: number): void {
    if (!Number.isInteger(slot) || slot < 0 || slot >= this.slots) {
      throw new RangeError(`HeartbeatBoard: slot ${slot} is outside [0, ${this.slots})`);
    }
  }

  private at32(slot: number, fieldOffset: number): number {
    return slotByteOffset(slot, fieldOffset) / 4;
  }

  private at64(slot: number, fieldOffset: number): number {
    return slotByteOffset(slot, fieldOffset) / 8;
  }
}

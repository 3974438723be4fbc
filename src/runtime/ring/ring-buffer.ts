import {
  capacityProblem, kCapacityField, kConflatedStat, kDefaultRecordSize, kDroppedStat, kHeadSeq,
  kHighWatermarkStat, kLayoutVersionField, kMagicField, kPendingStat, kReadStat, kRecordSizeField,
  kRingLayoutVersion, kRingMagic, kTailSeq, kWrittenStat, recordSizeProblem, ringByteLength,
} from './ring-layout.js';

/**
 * A ring is nothing but its SharedArrayBuffer: the host allocates it once and
 * hands the same buffer to every incarnation of its producer and consumer, so
 * head, tail and counters survive an actor restart (DESIGN.md §2).
 */
export interface RingSpec {
  /** Number of slots: a power of 2 between 2 and 2^30. */
  capacity: number;
  /** Bytes per record, a multiple of 8; default 64 (one tick record). */
  recordSize?: number;
}

export function allocateRing(spec: RingSpec): SharedArrayBuffer {
  const recordSize = spec.recordSize ?? kDefaultRecordSize;
  const sab = new SharedArrayBuffer(ringByteLength(spec.capacity, recordSize));
  const config = new Uint32Array(sab);
  config[kCapacityField] = spec.capacity;
  config[kRecordSizeField] = recordSize;
  config[kLayoutVersionField] = kRingLayoutVersion;
  // Magic last: a buffer is only a ring once its config is complete.
  Atomics.store(config, kMagicField, kRingMagic);
  return sab;
}

export interface RingConfig {
  readonly capacity: number;
  readonly recordSize: number;
}

/**
 * Reads and checks the config line of `ring`. Throws TypeError when the buffer
 * is not a ring allocated by allocateRing (wrong magic, version or length).
 * `who` names the caller in the message.
 */
export function readRingConfig(ring: SharedArrayBuffer, who: string): RingConfig {
  if (!(ring instanceof SharedArrayBuffer)) throw new TypeError(`${who}: ring must be a SharedArrayBuffer`);
  if (ring.byteLength < ringByteLength(2, 8)) {
    throw new TypeError(`${who}: ring is ${ring.byteLength} bytes, too small to be a ring`);
  }
  const config = new Uint32Array(ring);
  if (Atomics.load(config, kMagicField) !== kRingMagic || config[kLayoutVersionField] !== kRingLayoutVersion) {
    throw new TypeError(`${who}: buffer is not a ring made by allocateRing (bad magic or layout version)`);
  }
  const capacity = config[kCapacityField] ?? 0;
  const recordSize = config[kRecordSizeField] ?? 0;
  const bad = capacityProblem(capacity) ?? recordSizeProblem(recordSize);
  if (bad !== null) throw new TypeError(`${who}: corrupt ring config: ${bad}`);
  if (ring.byteLength !== ringByteLength(capacity, recordSize)) {
    throw new TypeError(`${who}: ring is ${ring.byteLength} bytes, expected ${ringByteLength(capacity, recordSize)}`);
  }
  return { capacity, recordSize };
}

export interface RingStats {
  capacity: number;
  recordSize: number;
  /** Published but not yet released records. */
  fill: number;
  /** Records that entered the ring. */
  written: number;
  /** Records the consumer released. */
  read: number;
  dropped: number;
  conflated: number;
  highWatermark: number;
  /** Records held in the producer's conflation table at its last publish (not yet in the ring). */
  pending: number;
}

/**
 * A snapshot of the ring's counters, safe from any thread (health, metrics).
 * Counters are as of each side's last publish/release; fill is exact at the
 * moment head and tail are loaded. Allocates: not for the hot path.
 */
export function readRingStats(ring: SharedArrayBuffer): RingStats {
  const { capacity, recordSize } = readRingConfig(ring, 'readRingStats');
  const seqs = new Int32Array(ring);
  const stats = new Float64Array(ring);
  // Tail first: head only moves forward and never passes tail + capacity, so
  // reading it second can overstate fill by what moved in between (clamped),
  // never produce a negative, wrapped fill.
  const tail = Atomics.load(seqs, kTailSeq);
  const head = Atomics.load(seqs, kHeadSeq);
  return {
    capacity,
    recordSize,
    fill: Math.min((head - tail) >>> 0, capacity),
    written: stats[kWrittenStat] ?? 0,
    read: stats[kReadStat] ?? 0,
    dropped: stats[kDroppedStat] ?? 0,
    conflated: stats[kConflatedStat] ?? 0,
    highWatermark: stats[kHighWatermarkStat] ?? 0,
    pending: stats[kPendingStat] ?? 0,
  };
}

/**
 * Byte layout of an SPSC ring inside its SharedArrayBuffer, and of a consumer's
 * doorbell. Every offset the ring code uses lives here; no other module writes
 * a literal index into these buffers.
 *
 * A ring is six 64-byte cache lines of header, then `capacity` slots of
 * `recordSize` bytes. Each line has exactly one writer, so a store by one side
 * never invalidates a line the other side is polling (false sharing):
 *
 *   line  byte  writer     contents
 *     0      0  producer   head: i32, producer-published sequence (u32, wraps)
 *     1     64  consumer   tail: i32, consumer-released sequence (u32, wraps)
 *     2    128  producer   stats: f64 written, dropped, conflated, highWatermark, pending
 *     3    192  consumer   stats: f64 read
 *     4    256  host       config, written once by allocateRing: u32 magic, layout version,
 *                          capacity, recordSize
 *     5    320  both       producer-waiting word (i32) for the `block` policy: the producer
 *                          stores 1 before it sleeps, the consumer's release() swaps it to 0
 *                          and notifies. Own line: it is rare, and both sides write it.
 *     6    384  producer   slot 0; slot i at kSlotsOffset + i * recordSize
 *
 * Memory ordering: head and tail are read and written only with Atomics.load /
 * Atomics.store (sequentially consistent). A slot and the stats are written
 * with plain stores BEFORE the Atomics.store of head (producer) or tail
 * (consumer) that publishes them, and read AFTER the Atomics.load that saw that
 * value, so a reader that has seen a sequence also sees the bytes behind it.
 * Stats are f64 written by one side with one aligned 8-byte store; readers on
 * other threads may see a value one batch old, never a torn one on the 64-bit
 * targets Node runs on.
 *
 * Sequences are u32 and wrap at 2^32; capacity <= 2^30 keeps `(head - tail) >>> 0`
 * the fill for any reachable pair.
 */

export const kCacheLineSize = 64;

/** Default and tick-record size (DESIGN.md §2). */
export const kDefaultRecordSize = 64;
export const kMinRecordSize = 8;
export const kMaxRecordSize = 65_536;
export const kMinCapacity = 2;
export const kMaxCapacity = 2 ** 30;

/** 'RNG1' in ASCII: tells a ring SAB apart from any other SAB handed over by mistake. */
export const kRingMagic = 0x31474e52;
export const kRingLayoutVersion = 1;

// ---- line 0: head (Int32Array index) -------------------------------------
export const kHeadLineOffset = 0 * kCacheLineSize;
export const kHeadSeq = kHeadLineOffset / 4;

// ---- line 1: tail (Int32Array index) -------------------------------------
export const kTailLineOffset = 1 * kCacheLineSize;
export const kTailSeq = kTailLineOffset / 4;

// ---- line 2: producer stats (Float64Array indices) -----------------------
export const kProducerStatsLineOffset = 2 * kCacheLineSize;
/** Records that entered the ring (directly, or from the conflation table). */
export const kWrittenStat = kProducerStatsLineOffset / 8 + 0;
/** Records refused: ring full under `drop`, table full under `conflate`, timeout under `block`. */
export const kDroppedStat = kProducerStatsLineOffset / 8 + 1;
/** Pending records replaced by a newer record with the same key (`conflate`). */
export const kConflatedStat = kProducerStatsLineOffset / 8 + 2;
/** Largest fill seen by the producer at a publish. */
export const kHighWatermarkStat = kProducerStatsLineOffset / 8 + 3;
/** Records waiting in the producer's conflation table at the last publish. */
export const kPendingStat = kProducerStatsLineOffset / 8 + 4;

// ---- line 3: consumer stats (Float64Array index) -------------------------
export const kConsumerStatsLineOffset = 3 * kCacheLineSize;
/** Records the consumer has released. */
export const kReadStat = kConsumerStatsLineOffset / 8 + 0;

// ---- line 4: config (Uint32Array indices), read-only after allocation ----
export const kConfigLineOffset = 4 * kCacheLineSize;
export const kMagicField = kConfigLineOffset / 4 + 0;
export const kLayoutVersionField = kConfigLineOffset / 4 + 1;
export const kCapacityField = kConfigLineOffset / 4 + 2;
export const kRecordSizeField = kConfigLineOffset / 4 + 3;

// ---- line 5: producer-waiting word (Int32Array index) --------------------
export const kProducerWaitingLineOffset = 5 * kCacheLineSize;
export const kProducerWaiting = kProducerWaitingLineOffset / 4;
export const kProducerRunning = 0;
export const kProducerWaitingForRoom = 1;

// ---- slots ----------------------------------------------------------------
export const kHeaderSize = 6 * kCacheLineSize;
export const kSlotsOffset = kHeaderSize;

/** Byte offset of slot `index` (0 <= index < capacity). */
export function slotOffset(index: number, recordSize: number): number {
  return kSlotsOffset + index * recordSize;
}

/**
 * Total bytes of a ring. Throws RangeError naming the bad option, so callers
 * that size memory up front fail as early as allocateRing would.
 */
export function ringByteLength(capacity: number, recordSize: number = kDefaultRecordSize): number {
  const why = capacityProblem(capacity) ?? recordSizeProblem(recordSize);
  if (why !== null) throw new RangeError(why);
  return kHeaderSize + capacity * recordSize;
}

export function capacityProblem(capacity: number): string | null {
  const ok = Number.isInteger(capacity) && capacity >= kMinCapacity && capacity <= kMaxCapacity
    && (capacity & (capacity - 1)) === 0;
  return ok ? null : `capacity must be a power of 2 between 2 and 2^30, got ${String(capacity)}`;
}

export function recordSizeProblem(recordSize: number): string | null {
  const ok = Number.isInteger(recordSize) && recordSize >= kMinRecordSize && recordSize <= kMaxRecordSize
    && recordSize % 8 === 0;
  return ok ? null : `recordSize must be a multiple of 8 between 8 and 65536, got ${String(recordSize)}`;
}

// ---- doorbell: one consumer's wake word, in its own SharedArrayBuffer ----
/** One full line, so the word shares its line with nothing that another thread writes. */
export const kDoorbellByteLength = kCacheLineSize;
/** Int32Array index of the wake word. */
export const kDoorbellWord = 0;
export const kDoorbellAwake = 0;
export const kDoorbellAsleep = 1;

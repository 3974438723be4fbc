import { ConflationTable } from './conflation-table.js';
import { Doorbell } from './doorbell.js';
import { type FullPolicy, fullPolicies, isFullPolicy } from './full-policy.js';
import { readRingConfig } from './ring-buffer.js';
import {
  kConflatedStat, kDroppedStat, kHeadSeq, kHighWatermarkStat, kPendingStat, kProducerRunning,
  kProducerWaiting, kProducerWaitingForRoom, kTailSeq, kWrittenStat, slotOffset,
} from './ring-layout.js';

/**
 * Options of a ring's producer end. Defaults:
 *   batchSize       64     publish head at least every N commits (publish() ends a burst sooner);
 *                          at most capacity (the default shrinks to capacity on tiny rings)
 *   conflateKeys    4096   `conflate`: most keys held while full; a new key beyond counts dropped
 *   blockSpins      1024   `block`: polls of the tail before sleeping
 *   blockTimeoutMs  50     `block`: longest sleep for room before the record is dropped
 */
export interface ProducerOptions {
  policy: FullPolicy;
  batchSize?: number;
  conflateKeys?: number;
  blockSpins?: number;
  blockTimeoutMs?: number;
}

export type OfferOutcome = 'written' | 'conflated' | 'dropped' | 'pending';

export const producerDefaults = { batchSize: 64, conflateKeys: 4096, blockSpins: 1024, blockTimeoutMs: 50 } as const;

/**
 * The single writer of one ring. A new handle over the same SAB (a restarted
 * actor) resumes at the published head with the counters stored there;
 * records claimed or committed but never published, and records held for
 * conflation, die with the old handle: they never reached the ring.
 *
 * Hot path (tryClaim/commit, or offer while there is room): no allocation, no
 * atomics except one Atomics.load of the tail when the cached tail says full,
 * and one Atomics.store of head per batch.
 *
 * Batch path (tryClaimBatch/commitBatch, the Disruptor's next(n)/publish(lo, hi)):
 * the same protocol paid once per batch instead of once per record, so the
 * caller's loop over the claimed slots is nothing but its own stores.
 */
export class RingProducer {
  readonly view: DataView;
  readonly bytes: Uint8Array;
  /** Int32 view over the whole SAB: head, tail, waiting word, and slot words for conflated moves. */
  private readonly int32: Int32Array;
  private readonly stats: Float64Array;
  private readonly capacity: number;
  private readonly mask: number;
  private readonly recordSize: number;
  private readonly doorbell: Doorbell | null;
  private readonly policy: FullPolicy;
  private readonly batchSize: number;
  private readonly blockSpins: number;
  private readonly blockTimeoutMs: number;
  private readonly table: ConflationTable | null;

  /** Next sequence to write (u32). */
  private head: number;
  /** Last head stored in the SAB. */
  private publishedHead: number;
  /** Consumer's tail as last loaded; stale only towards "less room". */
  private cachedTail: number;
  private unpublished = 0;
  /** Slots claimed at head and not yet committed: 0, 1 after tryClaim(), up to the count tryClaimBatch() returned. */
  private claimedSlots = 0;
  private firstClaimOffset = -1;
  private written: number;
  private dropped: number;
  private conflated: number;
  private highWatermark: number;

  constructor(ring: SharedArrayBuffer, doorbell: SharedArrayBuffer | null, options: ProducerOptions) {
    const { capacity, recordSize } = readRingConfig(ring, 'RingProducer');
    if (!isFullPolicy(options.policy)) {
      throw new RangeError(`policy must be one of ${fullPolicies.join(', ')}, got ${String(options.policy)}`);
    }
    this.policy = options.policy;
    this.batchSize = checkInt('batchSize', options.batchSize ?? Math.min(producerDefaults.batchSize, capacity), 1, capacity);
    this.blockSpins = checkInt('blockSpins', options.blockSpins ?? producerDefaults.blockSpins, 0, 2 ** 31 - 1);
    this.blockTimeoutMs = options.blockTimeoutMs ?? producerDefaults.blockTimeoutMs;
    if (!Number.isFinite(this.blockTimeoutMs) || this.blockTimeoutMs < 0) {
      throw new RangeError(`blockTimeoutMs must be a finite number >= 0, got ${String(options.blockTimeoutMs)}`);
    }
    this.table = this.policy === 'conflate'
      ? new ConflationTable(options.conflateKeys ?? producerDefaults.conflateKeys, recordSize)
      : null;
    this.doorbell = doorbell === null ? null : new Doorbell(doorbell);

    this.view = new DataView(ring);
    this.bytes = new Uint8Array(ring);
    this.int32 = new Int32Array(ring);
    this.stats = new Float64Array(ring);
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.recordSize = recordSize;

    this.head = Atomics.load(this.int32, kHeadSeq) >>> 0;
    this.publishedHead = this.head;
    this.cachedTail = Atomics.load(this.int32, kTailSeq) >>> 0;
    this.written = this.stats[kWrittenStat]!;
    this.dropped = this.stats[kDroppedStat]!;
    this.conflated = this.stats[kConflatedStat]!;
    this.highWatermark = this.stats[kHighWatermarkStat]!;
  }

  /** Records held for conflation, waiting for room (always 0 unless policy is `conflate`). */
  get pendingCount(): number {
    return this.table === null ? 0 : this.table.length;
  }

  /**
   * Byte offset of the next free slot, or -1 when the ring is full (or held
   * conflated records still wait for room: they go first). No policy is
   * applied, but a full ring publishes what it holds so the consumer can make
   * room. Fill the slot through `view`/`bytes`, then commit().
   */
  tryClaim(): number {
    const off = this.table === null || this.table.length === 0 || this.movePending() ? this.freeSlot() : -1;
    this.claimedSlots = off >= 0 ? 1 : 0;
    if (off < 0) this.publishIfBehind();
    return off;
  }

  /** The claimed slot is filled. Publishes by itself every batchSize commits. */
  commit(): void {
    if (this.claimedSlots === 0) throw new Error('RingProducer.commit() without a successful tryClaim()');
    this.claimedSlots = 0;
    this.advance();
  }

  /**
   * Claims up to `max` (a positive integer) free slots at head and returns how
   * many: 0 when the ring is full, or held conflated records still wait for
   * room (as tryClaim(), a full ring publishes what it holds). The claimed
   * slots lie back to back from `claimOffset`: slot i at
   * `claimOffset + i * recordSize`. A claim is cut short where
   *   - the ring's last slot ends it (the next claim starts at slot 0),
   *   - the next publication falls due (batchSize - commits since the last
   *     publish), so commitBatch() publishes exactly where as many commit()
   *     calls would, and no record waits unpublished past batchSize,
   *   - free room ends (the tail is reloaded only when the cached one leaves
   *     less room than asked).
   * Fill the slots through `view`/`bytes`, then commitBatch(n).
   */
  tryClaimBatch(max: number): number {
    if (!Number.isInteger(max) || max < 1) {
      throw new RangeError(`tryClaimBatch: max must be a positive integer, got ${String(max)}`);
    }
    this.claimedSlots = 0;
    if (this.table !== null && this.table.length !== 0 && !this.movePending()) {
      this.publishIfBehind();
      return 0;
    }
    // Only held records moved in just now can reach batchSize without a publish.
    if (this.unpublished >= this.batchSize) this.publish();
    const index = this.head & this.mask;
    let n = this.batchSize - this.unpublished;
    if (this.capacity - index < n) n = this.capacity - index;
    if (max < n) n = max;
    let free = this.capacity - ((this.head - this.cachedTail) >>> 0);
    if (free < n) {
      this.cachedTail = Atomics.load(this.int32, kTailSeq) >>> 0;
      free = this.capacity - ((this.head - this.cachedTail) >>> 0);
      if (free < n) n = free;
    }
    if (n === 0) {
      this.publishIfBehind();
      return 0;
    }
    this.claimedSlots = n;
    this.firstClaimOffset = slotOffset(index, this.recordSize);
    return n;
  }

  /** Byte offset of the first slot of the last successful tryClaimBatch() (meaningless before one). */
  get claimOffset(): number {
    return this.firstClaimOffset;
  }

  /**
   * The first `n` slots of the last tryClaimBatch() are filled (0 <= n <=
   * claimed; the rest go back unclaimed). Publishes by itself when the
   * batch reaches batchSize commits since the last publish.
   */
  commitBatch(n: number): void {
    if (!Number.isInteger(n) || n < 0 || n > this.claimedSlots) {
      throw new Error(`RingProducer.commitBatch(${String(n)}) with ${this.claimedSlots} slot(s) claimed`);
    }
    this.claimedSlots = 0;
    this.head = (this.head + n) >>> 0;
    this.written += n;
    this.unpublished += n;
    if (this.unpublished >= this.batchSize) this.publish();
  }

  /**
   * Copies one record (the first recordSize bytes of `record`) into the ring,
   * or applies the full-ring policy. `key` matters only for `conflate` (u32,
   * e.g. the symbol id).
   */
  offer(record: Uint8Array, key: number): OfferOutcome {
    if (record.length < this.recordSize) {
      throw new RangeError(`offer: record has ${record.length} bytes, the ring's records have ${this.recordSize}`);
    }
    this.claimedSlots = 0;
    if (this.table === null || this.table.length === 0 || this.movePending()) {
      const off = this.freeSlot();
      if (off >= 0) {
        this.copyIn(record, off);
        this.advance();
        return 'written';
      }
    }
    switch (this.policy) {
      case 'drop':
        return this.drop();
      case 'conflate':
        return this.hold(record, key);
      case 'block':
        return this.blockThenWrite(record);
    }
  }

  /**
   * Ends a burst: moves held conflated records in while there is room, stores
   * the stats and then head (one Atomics.store), and rings the consumer's
   * doorbell if it sleeps and something new was published.
   */
  publish(): void {
    if (this.table !== null && this.table.length !== 0) this.movePending();
    const tail = Atomics.load(this.int32, kTailSeq) >>> 0;
    this.cachedTail = tail;
    const fill = (this.head - tail) >>> 0;
    if (fill > this.highWatermark) this.highWatermark = fill;
    // Stats before head: whoever sees the new head sees these counts.
    this.stats[kWrittenStat] = this.written;
    this.stats[kDroppedStat] = this.dropped;
    this.stats[kConflatedStat] = this.conflated;
    this.stats[kHighWatermarkStat] = this.highWatermark;
    this.stats[kPendingStat] = this.pendingCount;
    const advanced = this.head !== this.publishedHead;
    Atomics.store(this.int32, kHeadSeq, this.head | 0);
    this.publishedHead = this.head;
    this.unpublished = 0;
    if (advanced && this.doorbell !== null) this.doorbell.ring();
  }

  /** Offset of the slot at head, or -1 when full. Reloads the tail only when the cached one says full. */
  private freeSlot(): number {
    if (((this.head - this.cachedTail) >>> 0) >= this.capacity) {
      this.cachedTail = Atomics.load(this.int32, kTailSeq) >>> 0;
      if (((this.head - this.cachedTail) >>> 0) >= this.capacity) return -1;
    }
    return slotOffset(this.head & this.mask, this.recordSize);
  }

  private advance(): void {
    this.head = (this.head + 1) >>> 0;
    this.written++;
    if (++this.unpublished >= this.batchSize) this.publish();
  }

  private copyIn(record: Uint8Array, off: number): void {
    if (record.length === this.recordSize) {
      this.bytes.set(record, off);
    } else {
      for (let i = 0; i < this.recordSize; i++) this.bytes[off + i] = record[i]!;
    }
  }

  /** Moves held conflated records into the ring, oldest first. True when none is left. */
  private movePending(): boolean {
    const table = this.table!;
    while (table.length !== 0) {
      const off = this.freeSlot();
      if (off < 0) return false;
      table.moveOldestTo(this.int32, off >> 2);
      this.head = (this.head + 1) >>> 0;
      this.written++;
      this.unpublished++;
    }
    return true;
  }

  /** The ring is full: make sure the consumer can see everything already written. */
  private publishIfBehind(): void {
    if (this.head !== this.publishedHead) this.publish();
  }

  private drop(): OfferOutcome {
    this.dropped++;
    this.publishIfBehind();
    return 'dropped';
  }

  private hold(record: Uint8Array, key: number): OfferOutcome {
    const outcome = this.table!.hold(record, key);
    if (outcome === 'conflated') this.conflated++;
    else if (outcome === 'dropped') this.dropped++;
    this.publishIfBehind();
    return outcome;
  }

  /**
   * `block`: publish so the consumer can drain, spin on the tail, then sleep
   * on the producer-waiting word (the consumer's release() swaps it back and
   * notifies) until room appears or blockTimeoutMs has passed.
   */
  private blockThenWrite(record: Uint8Array): OfferOutcome {
    this.publishIfBehind();
    let off = this.freeSlot();
    for (let spin = 0; off < 0 && spin < this.blockSpins; spin++) off = this.freeSlot();
    if (off < 0) off = this.sleepForRoom();
    if (off < 0) return this.drop();
    this.copyIn(record, off);
    this.advance();
    return 'written';
  }

  private sleepForRoom(): number {
    const deadline = performance.now() + this.blockTimeoutMs;
    for (;;) {
      // Announce, then re-check: the consumer stores tail before it looks at this word.
      Atomics.store(this.int32, kProducerWaiting, kProducerWaitingForRoom);
      const off = this.freeSlot();
      const remaining = deadline - performance.now();
      if (off >= 0 || remaining <= 0) {
        Atomics.store(this.int32, kProducerWaiting, kProducerRunning);
        return off;
      }
      Atomics.wait(this.int32, kProducerWaiting, kProducerWaitingForRoom, remaining);
    }
  }
}

function checkInt(name: string, value: number, min: number, max: number): number {
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new RangeError(`${name} must be an integer between ${min} and ${max}, got ${String(value)}`);
  }
  return value;
}

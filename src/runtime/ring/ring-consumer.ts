import { readRingConfig } from './ring-buffer.js';
import {
  kHeadSeq, kProducerRunning, kProducerWaiting, kProducerWaitingForRoom, kReadStat, kTailSeq, slotOffset,
} from './ring-layout.js';

export type RecordHandler = (view: DataView, offset: number) => void;

/**
 * The single reader of one ring. Reading and releasing are separate steps: a
 * slot stays the consumer's (the producer cannot overwrite it) from read()
 * until release(). A new handle over the same SAB (a restarted actor) resumes
 * at the released tail, so records read but not released by its predecessor
 * are delivered again, and released ones never are. release() gives back
 * everything read; releaseCount(n) only the oldest n read records, for a
 * consumer that keeps several batches in flight.
 *
 * Per batch: one Atomics.load of head (when the cached head is exhausted), one
 * Atomics.store of tail, one Atomics.load of the producer-waiting word. No
 * allocation.
 */
export class RingConsumer {
  readonly view: DataView;
  private readonly int32: Int32Array;
  private readonly stats: Float64Array;
  private readonly capacity: number;
  private readonly mask: number;
  private readonly recordSize: number;

  /** Next sequence to read (u32). */
  private next: number;
  /** Last tail stored in the SAB. */
  private released: number;
  /** Producer's head as last loaded. */
  private cachedHead: number;
  private readCount: number;
  private firstReadOffset = -1;

  constructor(ring: SharedArrayBuffer) {
    const { capacity, recordSize } = readRingConfig(ring, 'RingConsumer');
    this.view = new DataView(ring);
    this.int32 = new Int32Array(ring);
    this.stats = new Float64Array(ring);
    this.capacity = capacity;
    this.mask = capacity - 1;
    this.recordSize = recordSize;
    this.next = Atomics.load(this.int32, kTailSeq) >>> 0;
    this.released = this.next;
    this.cachedHead = Atomics.load(this.int32, kHeadSeq) >>> 0;
    this.readCount = this.stats[kReadStat]!;
  }

  /** Records published but not yet read by this handle (loads head). */
  available(): number {
    this.cachedHead = Atomics.load(this.int32, kHeadSeq) >>> 0;
    return (this.cachedHead - this.next) >>> 0;
  }

  /** Records read but not yet released. */
  get unreleased(): number {
    return (this.next - this.released) >>> 0;
  }

  /** Reads up to `max` records, then releases everything read so far (tail stored once). */
  poll(handler: RecordHandler, max: number): number {
    const n = this.read(handler, max);
    this.release();
    return n;
  }

  /**
   * Hands up to `max` published records to `handler(view, offset)` in order,
   * without releasing them (the recorder releases after its transaction
   * commits). If `handler` throws, the records before the throwing one count
   * as read; the throwing one will be handed out again.
   */
  read(handler: RecordHandler, max: number): number {
    let ready = (this.cachedHead - this.next) >>> 0;
    if (ready < max) ready = this.available();
    const n = ready < max ? ready : max;
    for (let i = 0; i < n; i++) {
      handler(this.view, slotOffset(this.next & this.mask, this.recordSize));
      this.next = (this.next + 1) >>> 0;
    }
    return n > 0 ? n : 0;
  }

  /**
   * Batch read, the consumer's half of RingProducer.tryClaimBatch: takes up to
   * `max` published records as read, exactly as read() would, and returns how
   * many, with no call per record. They lie back to back from `readOffset`:
   * record i at `readOffset + i * recordSize`; a batch ends at the ring's
   * last slot (the next one starts at slot 0). They stay the consumer's until
   * release(); a new handle gets them again if this one dies before that.
   */
  readBatch(max: number): number {
    let ready = (this.cachedHead - this.next) >>> 0;
    if (ready < max) ready = this.available();
    const index = this.next & this.mask;
    let n = ready < max ? ready : max;
    if (this.capacity - index < n) n = this.capacity - index;
    if (!(n > 0)) return 0;
    this.firstReadOffset = slotOffset(index, this.recordSize);
    this.next = (this.next + n) >>> 0;
    return n;
  }

  /** Byte offset of the first record of the last non-empty readBatch() (meaningless before one). */
  get readOffset(): number {
    return this.firstReadOffset;
  }

  /**
   * Gives every read slot back to the producer: stores the read counter, then
   * tail (one Atomics.store), then wakes the producer if it sleeps for room.
   */
  release(): void {
    if (this.next === this.released) return;
    this.publishTail(this.next);
  }

  /**
   * Gives back only the oldest `count` read records (0 <= count <=
   * unreleased), exactly as release() does for all of them: read counter,
   * tail, then the producer's wake-up. The rest stay read and unreleased, so
   * a consumer can keep several batches in flight and release each once it
   * is done with it, in read order. A new handle resumes at the tail stored
   * here, so whatever was read after these `count` records is delivered
   * again. Throws RangeError past `unreleased` (a caller bug: it would give
   * back slots that were never read).
   */
  releaseCount(count: number): void {
    const unreleased = (this.next - this.released) >>> 0;
    if (!(Number.isInteger(count) && count >= 0 && count <= unreleased)) {
      throw new RangeError(`RingConsumer.releaseCount: count must be an integer between 0 and unreleased (${unreleased}), got ${String(count)}`);
    }
    if (count === 0) return;
    this.publishTail((this.released + count) >>> 0);
  }

  private publishTail(tail: number): void {
    this.readCount += (tail - this.released) >>> 0;
    this.stats[kReadStat] = this.readCount;
    Atomics.store(this.int32, kTailSeq, tail | 0);
    this.released = tail;
    // After the tail store (sequentially consistent): a producer that set the
    // word before our store either sees the new tail or is woken here.
    if (Atomics.load(this.int32, kProducerWaiting) === kProducerWaitingForRoom
      && Atomics.compareExchange(this.int32, kProducerWaiting, kProducerWaitingForRoom, kProducerRunning)
        === kProducerWaitingForRoom) {
      Atomics.notify(this.int32, kProducerWaiting);
    }
  }
}

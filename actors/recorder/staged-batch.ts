import { kTickRecordSize } from '../../src/market/tick-layout.js';
import type { RingConsumer } from '../../src/runtime/ring/ring-consumer.js';

/**
 * One batch of the recorder: a private copy of records read from its input
 * rings (lmdb-js must never see SharedArrayBuffer memory, tick-store.ts),
 * and how many of them came from each input, so that the batch can give
 * exactly its own records back to each ring once it is committed
 * (RingConsumer.releaseCount).
 *
 * Capacity: starts at `initialRecords` and doubles only when a loop round
 * overshoots it (the runtime hands a whole round of records to `add`, which
 * must take every one: a record handed out counts as read). It never needs
 * more than `maxRecords`, the sum of the input rings' capacities, since no
 * more can be read and unreleased at once. Memory is reused across batches.
 */
export type BatchState = 'staging' | 'writing' | 'written' | 'failed';

export class StagedBatch {
  state: BatchState = 'staging';
  /** When the first record arrived (ms, the recorder's clock); 0 while empty. */
  firstAtMs = 0;
  /** Records of each input in this batch, in the recorder's input order; set when the batch is sealed. */
  readonly perInput: Int32Array;
  /** The write in flight, while state is 'writing'. */
  done: Promise<void> | undefined;
  private words: Int32Array;
  private u8: Uint8Array;
  private count = 0;
  /** The ring the copy reads from, as 32-bit words; remade when a record comes from another ring. */
  private srcView: DataView | undefined;
  private src: Int32Array = new Int32Array(0);
  private srcBase = 0;

  constructor(initialRecords: number, private readonly maxRecords: number, inputs: number) {
    if (!Number.isInteger(initialRecords) || initialRecords <= 0) {
      throw new RangeError(`StagedBatch.initialRecords: ${initialRecords} must be a positive integer`);
    }
    if (!Number.isInteger(maxRecords) || maxRecords < initialRecords) {
      throw new RangeError(`StagedBatch.maxRecords: ${maxRecords} must be an integer >= initialRecords (${initialRecords})`);
    }
    this.perInput = new Int32Array(inputs);
    const buffer = new ArrayBuffer(initialRecords * kTickRecordSize);
    this.words = new Int32Array(buffer);
    this.u8 = new Uint8Array(buffer);
  }

  get length(): number {
    return this.count;
  }

  /** Records that fit without growing. */
  get room(): number {
    return this.words.length / kWordsPerRecord - this.count;
  }

  /**
   * A RecordHandler: copies the record at `view[offset]` bit-exactly (32-bit
   * words, so NaN payloads survive), growing the batch if it is full.
   */
  readonly add = (view: DataView, offset: number): void => {
    if (view !== this.srcView) {
      this.srcView = view;
      this.src = new Int32Array(view.buffer);
      this.srcBase = view.byteOffset;
    }
    if (this.room === 0) this.grow();
    const src = this.src, dst = this.words;
    const s = (this.srcBase + offset) >> 2, d = this.count * kWordsPerRecord;
    for (let w = 0; w < kWordsPerRecord; w++) dst[d + w] = src[s + w]!;
    this.count++;
  };

  /**
   * Takes up to `max` records from `consumer` as read (RingConsumer.readBatch:
   * no call per record) and copies them in with one block copy per run of
   * slots (two where the ring wraps). Returns how many.
   */
  addFrom(consumer: RingConsumer, max: number): number {
    while (this.room < max && this.words.length / kWordsPerRecord < this.maxRecords) this.grow();
    const want = Math.min(max, this.room);
    const ring = consumer.view.buffer;
    let taken = 0;
    while (taken < want) {
      const n = consumer.readBatch(want - taken);
      if (n === 0) break;
      this.u8.set(new Uint8Array(ring, consumer.readOffset, n * kTickRecordSize), this.count * kTickRecordSize);
      this.count += n;
      taken += n;
    }
    return taken;
  }

  /** The filled part; stays valid (and must stay untouched) until clear(). */
  bytes(): Uint8Array {
    return this.u8.subarray(0, this.count * kTickRecordSize);
  }

  /** Empties the batch for reuse; only once nothing reads its bytes any more. */
  clear(): void {
    this.count = 0;
    this.firstAtMs = 0;
    this.perInput.fill(0);
    this.state = 'staging';
    this.done = undefined;
  }

  private grow(): void {
    const records = this.words.length / kWordsPerRecord;
    if (records >= this.maxRecords) {
      throw new RangeError(`StagedBatch: full at ${records} records, more than the input rings can hold unreleased`);
    }
    const buffer = new ArrayBuffer(Math.min(this.maxRecords, records * 2) * kTickRecordSize);
    const words = new Int32Array(buffer);
    words.set(this.words.subarray(0, this.count * kWordsPerRecord));
    this.words = words;
    this.u8 = new Uint8Array(buffer);
  }
}

const kWordsPerRecord = kTickRecordSize / 4;

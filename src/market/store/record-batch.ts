import { kTickRecordSize } from '../tick-layout.js';

/**
 * A private, contiguous batch of 64-byte records, filled straight from a ring
 * consumer and handed to writeBatch:
 *
 *   const batch = new RecordBatch(4096);
 *   ring.read(batch.add, batch.room);   // copies, allocation-free
 *   const r = store.writeBatch(batch.bytes());
 *   if (r.ok) { ring.release(); batch.clear(); }
 *
 * Copying out of the ring is what lets the store keep values in private
 * memory (lmdb-js mis-stores values that live in a SharedArrayBuffer, see
 * tick-store.ts), and costs one 64-byte copy per record.
 */
export class RecordBatch {
  private readonly dst: DataView;
  private readonly u8: Uint8Array;
  private count = 0;

  constructor(readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity <= 0) throw new RangeError(`RecordBatch.capacity: ${capacity} must be a positive integer`);
    const buffer = new ArrayBuffer(capacity * kTickRecordSize);
    this.dst = new DataView(buffer);
    this.u8 = new Uint8Array(buffer);
  }

  get length(): number {
    return this.count;
  }

  /** Records that still fit: pass it as `max` to the ring's read(). */
  get room(): number {
    return this.capacity - this.count;
  }

  /** A RecordHandler: copies the record at `view[offset]` bit-exactly (u32 words, so NaN payloads survive). */
  readonly add = (view: DataView, offset: number): void => {
    if (this.count === this.capacity) throw new RangeError(`RecordBatch: full at ${this.capacity} records; read at most batch.room`);
    const base = this.count * kTickRecordSize;
    for (let b = 0; b < kTickRecordSize; b += 4) this.dst.setUint32(base + b, view.getUint32(offset + b, true), true);
    this.count++;
  };

  /** The filled part; valid until the next clear()/add(). */
  bytes(): Uint8Array {
    return this.u8.subarray(0, this.count * kTickRecordSize);
  }

  clear(): void {
    this.count = 0;
  }
}

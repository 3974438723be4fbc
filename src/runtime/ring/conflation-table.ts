/**
 * The producer-side holding area of the `conflate` policy: at most `maxKeys`
 * records, the newest per key, in the order their keys first arrived. Records
 * here are not in the ring yet (see full-policy.ts).
 *
 * Preallocated typed arrays only (records in a circular queue, key -> queue
 * position in an open-addressing hash with linear probing and backward-shift
 * deletion), so holding, replacing and moving records allocate nothing even
 * under sustained overload. Keys are taken as u32 (`key >>> 0`).
 */
export type HoldOutcome = 'conflated' | 'pending' | 'dropped';

const kEmpty = -1;
const kFibonacci = 0x9e3779b1;

export class ConflationTable {
  private readonly recordSize: number;
  private readonly wordsPerRecord: number;
  private readonly bytes: Uint8Array;
  private readonly words: Int32Array;
  /** Key of the record at each queue position. */
  private readonly keyAt: Uint32Array;
  private front = 0;
  private count = 0;
  // Hash: key -> queue position; kEmpty marks a free table slot.
  private readonly tableKeys: Uint32Array;
  private readonly tablePos: Int32Array;
  private readonly tableMask: number;
  private readonly hashShift: number;

  constructor(readonly maxKeys: number, recordSize: number) {
    if (!Number.isInteger(maxKeys) || maxKeys < 1 || maxKeys > 2 ** 24) {
      throw new RangeError(`conflateKeys must be an integer between 1 and 2^24, got ${String(maxKeys)}`);
    }
    this.recordSize = recordSize;
    this.wordsPerRecord = recordSize >> 2;
    this.words = new Int32Array(maxKeys * this.wordsPerRecord);
    this.bytes = new Uint8Array(this.words.buffer);
    this.keyAt = new Uint32Array(maxKeys);
    // At most half full, so probe runs stay short.
    const bits = Math.max(1, Math.ceil(Math.log2(maxKeys * 2)));
    this.tableKeys = new Uint32Array(1 << bits);
    this.tablePos = new Int32Array(1 << bits).fill(kEmpty);
    this.tableMask = (1 << bits) - 1;
    this.hashShift = 32 - bits;
  }

  get length(): number {
    return this.count;
  }

  /**
   * Holds `record` (its first recordSize bytes) under `key`: replaces the held
   * record of that key ('conflated'), appends a new key ('pending'), or refuses
   * it because maxKeys keys are already held ('dropped').
   */
  hold(record: Uint8Array, key: number): HoldOutcome {
    const k = key >>> 0;
    const t = this.find(k);
    if (t !== kEmpty) {
      this.copyIn(record, this.tablePos[t]!);
      return 'conflated';
    }
    if (this.count === this.maxKeys) return 'dropped';
    let pos = this.front + this.count;
    if (pos >= this.maxKeys) pos -= this.maxKeys;
    this.copyIn(record, pos);
    this.keyAt[pos] = k;
    this.insert(k, pos);
    this.count++;
    return 'pending';
  }

  /**
   * Copies the oldest held record into `dest` at Int32 index `destIndex` and
   * forgets it. Precondition: length > 0.
   */
  moveOldestTo(dest: Int32Array, destIndex: number): void {
    const pos = this.front;
    const src = pos * this.wordsPerRecord;
    for (let w = 0; w < this.wordsPerRecord; w++) dest[destIndex + w] = this.words[src + w]!;
    this.remove(this.find(this.keyAt[pos]!));
    this.front = pos + 1 === this.maxKeys ? 0 : pos + 1;
    this.count--;
  }

  private copyIn(record: Uint8Array, pos: number): void {
    const at = pos * this.recordSize;
    if (record.length === this.recordSize) {
      this.bytes.set(record, at);
    } else {
      for (let i = 0; i < this.recordSize; i++) this.bytes[at + i] = record[i]!;
    }
  }

  private home(k: number): number {
    return Math.imul(k, kFibonacci) >>> this.hashShift;
  }

  /** Table index holding `k`, or kEmpty. */
  private find(k: number): number {
    for (let i = this.home(k); ; i = (i + 1) & this.tableMask) {
      if (this.tablePos[i] === kEmpty) return kEmpty;
      if (this.tableKeys[i] === k) return i;
    }
  }

  private insert(k: number, pos: number): void {
    let i = this.home(k);
    while (this.tablePos[i] !== kEmpty) i = (i + 1) & this.tableMask;
    this.tableKeys[i] = k;
    this.tablePos[i] = pos;
  }

  /** Deletes table index `hole`, shifting later entries of its probe run back so lookups never stop early. */
  private remove(hole: number): void {
    const mask = this.tableMask;
    for (let j = (hole + 1) & mask; this.tablePos[j] !== kEmpty; j = (j + 1) & mask) {
      const home = this.home(this.tableKeys[j]!);
      // Entry j may move into the hole unless its home lies cyclically in (hole, j].
      const stays = hole <= j ? hole < home && home <= j : hole < home || home <= j;
      if (stays) continue;
      this.tableKeys[hole] = this.tableKeys[j]!;
      this.tablePos[hole] = this.tablePos[j]!;
      hole = j;
    }
    this.tablePos[hole] = kEmpty;
  }
}

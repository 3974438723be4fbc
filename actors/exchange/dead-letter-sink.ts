import { makeIdGenerator } from '../../src/market/store/dead-letter-codec.js';

/** One refused frame on its way to the dead-letter store. */
export interface DeadLetterEntry {
  /** UUIDv7, time-ordered. */
  readonly id: string;
  /** The exchange. */
  readonly source: string;
  /** A RejectReason name (kRejectReasonNames), e.g. `not_json`. */
  readonly reason: string;
  readonly receivedAtUs: number;
  /** The frame as received: text for text frames, bytes for binary ones. */
  readonly raw: string | Uint8Array;
}

export interface DeadLetterSinkStats {
  readonly kind: 'memory' | 'lmdb';
  /** Entries accepted by add(). */
  readonly added: number;
  /** Entries held now (memory) or waiting to be written (lmdb). */
  readonly held: number;
  /** Oldest entries pushed out by the bound. */
  readonly evicted: number;
  /** lmdb: entries committed to the store. */
  readonly written?: number;
  /** lmdb: entries a write failed for. */
  readonly failed?: number;
  /** lmdb: the store could not be opened; entries stay in memory only. */
  readonly error?: string;
}

/**
 * Where an exchange actor puts the frames its parser refused. The role:
 * `add` is called from the socket callback, so it never blocks, never
 * awaits and never throws; the sink is bounded and evicts oldest first.
 * `close` must be awaited before the worker exits (an LMDB handle).
 */
export interface DeadLetterSink {
  add(reason: string, raw: string | Uint8Array, receivedAtUs: number): void;
  stats(): DeadLetterSinkStats;
  close(): Promise<void>;
}

/**
 * A fixed-size ring of the newest `capacity` dead letters, in memory only
 * (config `deadLetters.path: null`, and the fallback when the store cannot
 * be opened). The raw frame is copied: ws may not keep its buffer ours.
 */
export class MemoryDeadLetterSink implements DeadLetterSink {
  private readonly slots: (DeadLetterEntry | undefined)[];
  private next = 0;
  private count = 0;
  private added = 0;
  private evicted = 0;
  private readonly nextId: () => string;

  constructor(
    readonly source: string,
    readonly capacity: number,
    nowMs: () => number = Date.now,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`deadLetters.maxPerSource: must be an integer >= 1, got ${String(capacity)}`);
    this.slots = new Array<DeadLetterEntry | undefined>(capacity);
    this.nextId = makeIdGenerator(nowMs);
  }

  add(reason: string, raw: string | Uint8Array, receivedAtUs: number): void {
    this.push({ id: this.nextId(), source: this.source, reason, receivedAtUs, raw: copyRaw(raw) });
  }

  /** Appends an entry; returns the evicted oldest one, if the ring was full. */
  push(entry: DeadLetterEntry): DeadLetterEntry | undefined {
    const old = this.count === this.capacity ? this.slots[this.next] : undefined;
    if (old !== undefined) this.evicted++;
    else this.count++;
    this.slots[this.next] = entry;
    this.next = (this.next + 1) % this.capacity;
    this.added++;
    return old;
  }

  /** Removes and returns up to `max` entries, oldest first. */
  takeOldest(max: number): DeadLetterEntry[] {
    const out: DeadLetterEntry[] = [];
    while (this.count > 0 && out.length < max) {
      const i = (this.next - this.count + this.capacity) % this.capacity;
      out.push(this.slots[i]!);
      this.slots[i] = undefined;
      this.count--;
    }
    return out;
  }

  /** Entries held, oldest first. */
  list(): DeadLetterEntry[] {
    const out: DeadLetterEntry[] = [];
    for (let k = this.count; k > 0; k--) out.push(this.slots[(this.next - k + this.capacity) % this.capacity]!);
    return out;
  }

  get size(): number {
    return this.count;
  }

  stats(): DeadLetterSinkStats {
    return { kind: 'memory', added: this.added, held: this.count, evicted: this.evicted };
  }

  async close(): Promise<void> {}
}

function copyRaw(raw: string | Uint8Array): string | Uint8Array {
  return typeof raw === 'string' ? raw : Uint8Array.from(raw);
}

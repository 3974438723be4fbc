import {
  counterSlotOffsets,
  counterSlotsOffset,
  kCounterCountOffset,
  kCounterMagic,
  kCounterSize,
  kCounterVersion,
  kHeaderSize,
  kMagicOffset,
  kNamesByteLengthOffset,
  kNamesOffset,
  kSlotsOffsetOffset,
  kVersionOffset,
} from './counter-layout.js';

/**
 * Hot-path counters in shared memory (ticks in, drops, parse errors, ... or
 * anything: the runtime knows no names). The host declares the names at
 * wiring time; actors add, the host's prom-client collectors read a
 * snapshot at scrape time. No message per tick, and a restarted actor
 * keeps counting from where its predecessor stopped, since the cells live
 * in the buffer, not in the worker.
 *
 * Representation: a BigInt64 cell per counter updated with Atomics.add,
 * chosen over a single-writer Float64 with plain `+=`:
 *   - no torn reads: the ECMAScript memory model lets a non-atomic Float64
 *     access tear, while Atomics on BigInt64 never do;
 *   - any number of writers (a drop can be counted by more than one thread);
 *   - exact to 2^63, where a float stops counting single events at 2^53.
 * Cost (Node 20, x86-64, one thread, uncontended; reproduce with
 * `npx tsx test/fixtures/control/counter-add-bench.ts`): add(n) with n in
 * [0, 1024) is ~11-13 ns, because those addends are preallocated BigInts;
 * larger n allocate one BigInt, ~20-27 ns; a plain Float64 `+=` is ~2-3 ns.
 * At one or two counters per tick and 100k ticks/s that is well under 1% of
 * a core, and a hot loop can still batch: count locally, add once per batch.
 */
export function allocateCounterBoard(names: readonly string[]): SharedArrayBuffer {
  validateNames(names);
  const blob = new TextEncoder().encode(JSON.stringify(names));
  const slotsOffset = counterSlotsOffset(blob.byteLength);
  const { end } = counterSlotOffsets(names, slotsOffset);
  const sab = new SharedArrayBuffer(end);
  const header = new Int32Array(sab, 0, kHeaderSize / 4);
  new Uint8Array(sab, kNamesOffset, blob.byteLength).set(blob);
  Atomics.store(header, kCounterCountOffset / 4, names.length);
  Atomics.store(header, kNamesByteLengthOffset / 4, blob.byteLength);
  Atomics.store(header, kSlotsOffsetOffset / 4, slotsOffset);
  Atomics.store(header, kVersionOffset / 4, kCounterVersion);
  Atomics.store(header, kMagicOffset / 4, kCounterMagic);
  return sab;
}

/** One counter: add() on the hot path, value() anywhere. */
export interface CounterHandle {
  /** Adds `n` (a finite number; fractions are truncated). Never throws for a finite n. */
  add(n: number): void;
  value(): number;
}

/** Addends that need no BigInt allocation: kSmallAddends[n] === BigInt(n). */
const kSmallAddendCount = 1024;
const kSmallAddends: readonly bigint[] = Array.from({ length: kSmallAddendCount }, (_, i) => BigInt(i));

class SharedCounter implements CounterHandle {
  constructor(
    private readonly cells: BigInt64Array,
    private readonly index: number,
  ) {}

  add(n: number): void {
    // Undefined unless n is an integer in [0, 1024): then allocate.
    const small = kSmallAddends[n];
    Atomics.add(this.cells, this.index, small ?? BigInt(Math.trunc(n)));
  }

  value(): number {
    return Number(Atomics.load(this.cells, this.index));
  }
}

export class CounterBoard {
  /** Counter names in declaration order. */
  readonly names: readonly string[];
  private readonly cells: BigInt64Array;
  private readonly indexByName = new Map<string, number>();

  constructor(sab: SharedArrayBuffer) {
    if (!(sab instanceof SharedArrayBuffer) || sab.byteLength < kHeaderSize) {
      throw new TypeError('CounterBoard: sab must be a SharedArrayBuffer from allocateCounterBoard()');
    }
    const header = new Int32Array(sab, 0, kHeaderSize / 4);
    const magic = Atomics.load(header, kMagicOffset / 4);
    const version = Atomics.load(header, kVersionOffset / 4);
    if (magic !== kCounterMagic || version !== kCounterVersion) {
      throw new TypeError(`CounterBoard: not a counter board (magic ${magic}, version ${version})`);
    }
    const count = Atomics.load(header, kCounterCountOffset / 4);
    const namesLength = Atomics.load(header, kNamesByteLengthOffset / 4);
    const slotsOffset = Atomics.load(header, kSlotsOffsetOffset / 4);
    // TextDecoder refuses views of shared memory: copy the blob out first.
    const blob = new Uint8Array(namesLength);
    blob.set(new Uint8Array(sab, kNamesOffset, namesLength));
    this.names = JSON.parse(new TextDecoder().decode(blob)) as string[];
    const { offsets, end } = counterSlotOffsets(this.names, slotsOffset);
    if (this.names.length !== count || sab.byteLength < end) {
      throw new RangeError(`CounterBoard: buffer of ${sab.byteLength} bytes does not hold its ${count} counters`);
    }
    this.cells = new BigInt64Array(sab);
    offsets.forEach((offset, i) => this.indexByName.set(this.names[i]!, offset / kCounterSize));
  }

  /** A handle on counter `name`; throws (naming the known counters) when the board has no such counter. */
  counterHandle(name: string): CounterHandle {
    return new SharedCounter(this.cells, this.indexOf(name));
  }

  value(name: string): number {
    return Number(Atomics.load(this.cells, this.indexOf(name)));
  }

  /** Every counter's current value, for a scrape. Each value is atomic; the set is not a single instant. */
  snapshot(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const [name, index] of this.indexByName) out[name] = Number(Atomics.load(this.cells, index));
    return out;
  }

  private indexOf(name: string): number {
    const index = this.indexByName.get(name);
    if (index === undefined) {
      throw new RangeError(`CounterBoard: no counter named "${name}"; known: ${this.names.join(', ') || '(none)'}`);
    }
    return index;
  }
}

function validateNames(names: readonly string[]): void {
  const seen = new Set<string>();
  names.forEach((name, i) => {
    if (typeof name !== 'string' || name.length === 0) {
      throw new TypeError(`allocateCounterBoard: names[${i}] must be a non-empty string, got ${JSON.stringify(name)}`);
    }
    if (seen.has(name)) throw new RangeError(`allocateCounterBoard: names[${i}] "${name}" is declared twice`);
    seen.add(name);
  });
}

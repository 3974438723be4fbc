import { RecordKind } from '../../tick-layout.js';
import type { Tick } from '../../tick.js';

/** A batch slot as the parser fills it, field by field. */
export type MutableTick = { -readonly [K in keyof Tick]: Tick[K] };

/**
 * The ticks of one parsed frame, in preallocated Tick objects that the parser
 * overwrites in place: parsing a frame allocates no tick. Entries are valid
 * until the parser's next call (see ParseResult). `at(i)` returns an object
 * that `writeTick` (tick-codec.ts) can encode straight into a ring slot.
 *
 * Filling is two steps, `next()` then `commit()`, so the parser writes each
 * number straight into the slot's field: a double passed as an argument to a
 * call V8 does not inline is boxed in a fresh heap object, one allocation
 * per price, which is what this avoids.
 */
export class TickBatch {
  private readonly items: MutableTick[];
  private count = 0;

  constructor(
    readonly capacity: number,
    readonly exchangeId: number,
  ) {
    if (!Number.isInteger(capacity) || capacity < 1) {
      throw new RangeError(`maxTicksPerFrame: must be an integer >= 1, got ${String(capacity)}`);
    }
    // Prices and times start as non-integer doubles so their fields hold doubles from the start.
    this.items = Array.from({ length: capacity }, () => ({
      kind: RecordKind.Tick,
      exchangeId,
      symbolId: 0,
      bid: NaN,
      ask: NaN,
      bidSize: NaN,
      askSize: NaN,
      exchangeTs: NaN,
      recvTs: NaN,
      seq: 0,
      flags: 0,
    }));
  }

  get length(): number {
    return this.count;
  }

  /** The i-th tick of the frame, 0 <= i < length. Overwritten by the next parse. */
  at(i: number): Tick {
    if (i < 0 || i >= this.count) throw new RangeError(`tick index ${i} outside 0..${this.count - 1}`);
    return this.items[i]!;
  }

  /** Copies of the ticks, for tests and cold paths that keep them. */
  toArray(): Tick[] {
    return this.items.slice(0, this.count).map((t) => ({ ...t }));
  }

  clear(): void {
    this.count = 0;
  }

  /**
   * The slot the next tick goes into, to fill field by field; undefined when
   * the batch is full. It joins the batch only on commit().
   */
  next(): MutableTick | undefined {
    return this.count === this.capacity ? undefined : this.items[this.count];
  }

  /** Appends the tick filled through next(). */
  commit(): void {
    if (this.count === this.capacity) throw new RangeError('TickBatch.commit: the batch is full');
    this.count++;
  }
}

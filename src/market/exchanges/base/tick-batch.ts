import { RecordKind } from '../../tick-layout.js';
import type { Tick } from '../../tick.js';

type MutableTick = { -readonly [K in keyof Tick]: Tick[K] };

/**
 * The ticks of one parsed frame, in preallocated Tick objects that the parser
 * overwrites in place: parsing a frame allocates no tick. Entries are valid
 * until the parser's next call (see ParseResult). `at(i)` returns an object
 * that `writeTick` (tick-codec.ts) can encode straight into a ring slot.
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
    this.items = Array.from({ length: capacity }, () => ({
      kind: RecordKind.Tick,
      exchangeId,
      symbolId: 0,
      bid: 0,
      ask: 0,
      bidSize: 0,
      askSize: 0,
      exchangeTs: 0,
      recvTs: 0,
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

  /** Appends one tick; false when the batch is full (the caller rejects the frame). */
  push(
    symbolId: number, bid: number, ask: number, bidSize: number, askSize: number,
    exchangeTs: number, recvTs: number, seq: number, flags: number,
  ): boolean {
    if (this.count === this.capacity) return false;
    const t = this.items[this.count++]!;
    t.symbolId = symbolId;
    t.bid = bid;
    t.ask = ask;
    t.bidSize = bidSize;
    t.askSize = askSize;
    t.exchangeTs = exchangeTs;
    t.recvTs = recvTs;
    t.seq = seq;
    t.flags = flags;
    return true;
  }
}

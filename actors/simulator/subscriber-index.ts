/**
 * How many connections of one venue subscribe to each symbol, and a fair
 * round-robin over the symbols that have any: the pump spends a venue's
 * frame budget only on symbols someone will receive.
 */
export class SubscriberIndex {
  private readonly counts: Uint32Array;
  private totalCount = 0;
  private cursor = 0;

  constructor(symbolCount: number) {
    this.counts = new Uint32Array(symbolCount);
  }

  /** Connection × symbol subscriptions. */
  get total(): number {
    return this.totalCount;
  }

  add(symbol: number): void {
    this.counts[symbol]!++;
    this.totalCount++;
  }

  remove(symbol: number): void {
    this.counts[symbol]!--;
    this.totalCount--;
  }

  /** The next symbol with a subscriber, round-robin; 0 when there is none (callers check `total`). */
  next(): number {
    const n = this.counts.length;
    for (let k = 0; k < n; k++) {
      const s = this.cursor;
      this.cursor = s + 1 === n ? 0 : s + 1;
      if (this.counts[s]! > 0) return s;
    }
    return 0;
  }

  /** The lowest symbol with a subscriber, or 0. */
  first(): number {
    const i = this.counts.findIndex((c) => c > 0);
    return i < 0 ? 0 : i;
  }
}

/**
 * The entries of one bbo-tbt push, validated and waiting to be applied, in
 * preallocated typed arrays: both the scanner and the JSON.parse path fill
 * it, and the parser applies it in one place. Capacity is the parser's
 * maxTicksPerFrame.
 */
export class BboEntries {
  count = 0;
  readonly ask: Float64Array;
  readonly askSize: Float64Array;
  readonly bid: Float64Array;
  readonly bidSize: Float64Array;
  readonly tsMs: Float64Array;
  /** -1 when the entry carries no seqId. */
  readonly seqId: Float64Array;

  constructor(readonly capacity: number) {
    this.ask = new Float64Array(capacity);
    this.askSize = new Float64Array(capacity);
    this.bid = new Float64Array(capacity);
    this.bidSize = new Float64Array(capacity);
    this.tsMs = new Float64Array(capacity);
    this.seqId = new Float64Array(capacity);
  }

  get full(): boolean {
    return this.count === this.capacity;
  }

  /** Appends one entry (the JSON.parse path; the scanner writes the slots directly). The caller checks `full` first. */
  push(ask: number, askSize: number, bid: number, bidSize: number, tsMs: number, seqId: number): void {
    const i = this.count++;
    this.ask[i] = ask;
    this.askSize[i] = askSize;
    this.bid[i] = bid;
    this.bidSize[i] = bidSize;
    this.tsMs[i] = tsMs;
    this.seqId[i] = seqId;
  }
}

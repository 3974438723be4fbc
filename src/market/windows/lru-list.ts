/**
 * Intrusive doubly-linked list of window slots, most recently updated first,
 * over two Int32Arrays owned by the arena (-1 ends the list). Touching a slot
 * is O(1) and allocates nothing; the slot to evict is the tail.
 */
export class LruList {
  private head = -1;
  private tail = -1;

  constructor(
    private readonly prev: Int32Array,
    private readonly next: Int32Array,
  ) {}

  /** Least recently updated slot, or -1 when the list is empty. */
  get leastRecent(): number {
    return this.tail;
  }

  pushFront(slot: number): void {
    this.prev[slot] = -1;
    this.next[slot] = this.head;
    if (this.head >= 0) this.prev[this.head] = slot;
    this.head = slot;
    if (this.tail < 0) this.tail = slot;
  }

  remove(slot: number): void {
    const p = this.prev[slot]!;
    const n = this.next[slot]!;
    if (p >= 0) this.next[p] = n;
    else this.head = n;
    if (n >= 0) this.prev[n] = p;
    else this.tail = p;
    this.prev[slot] = -1;
    this.next[slot] = -1;
  }

  touch(slot: number): void {
    if (this.head === slot) return;
    this.remove(slot);
    this.pushFront(slot);
  }
}

/** What one frame does to one side of a level-1 book. */
export const SideChange = {
  /** The frame says nothing about this side: keep the last top. */
  Keep: 0,
  /** A new top (in LevelOneSide.px/sz). */
  Replace: 1,
  /** The side is now empty: the top was deleted, or a snapshot sent no level. */
  Empty: 2,
} as const;
export type SideChange = (typeof SideChange)[keyof typeof SideChange];

/**
 * Folds the levels one frame sends for one side into a SideChange, by
 * Bybit's rules for orderbook.1: the first level with a size > 0 is the new
 * top; a size of 0 deletes that price, which empties the side when it is the
 * current top and no new top comes with it. Fed level by level (begin, add…,
 * end) by both the JSON.parse path and the scanner, so neither allocates and
 * both apply the same rule.
 */
export class LevelOneSide {
  /** The new top after end() returned Replace; NaN otherwise. */
  px = NaN;
  sz = NaN;
  private found = false;
  private deletesTop = false;
  private topPx = NaN;

  /**
   * Starts a side whose current top price is `tops[symbolId]` (NaN when
   * empty). Array and index, not the price: a double argument would be boxed.
   */
  begin(tops: Float64Array, symbolId: number): void {
    this.found = false;
    this.deletesTop = false;
    this.topPx = tops[symbolId]!;
    this.px = NaN;
    this.sz = NaN;
  }

  /** One validated level: price > 0, size >= 0. */
  add(px: number, sz: number): void {
    if (sz > 0) {
      if (!this.found) {
        this.found = true;
        this.px = px;
        this.sz = sz;
      }
    } else if (px === this.topPx) {
      this.deletesTop = true;
    }
  }

  end(isSnapshot: boolean): SideChange {
    if (this.found) return SideChange.Replace;
    return isSnapshot || this.deletesTop ? SideChange.Empty : SideChange.Keep;
  }
}

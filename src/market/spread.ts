/**
 * Cross-exchange spread: buy on exchange A at A's ask, sell on exchange B at
 * B's bid. In basis points of the mid of those two prices:
 *
 *   mid       = (buyAsk + sellBid) / 2
 *   spreadBps = (sellBid - buyAsk) / mid * 1e4
 *
 * Positive means B's bid is above A's ask (an arbitrage before fees). Taking
 * the mid of the two traded prices makes the spread antisymmetric in the two
 * legs and bounded: for positive prices |spreadBps| < 20000, so it is always
 * finite and fits a Float32 window with room to spare.
 */

/** Mid of the two legs; the price the spread is expressed against. */
export function spreadMid(buyAsk: number, sellBid: number): number {
  const m = buyAsk + sellBid;
  return m === Infinity ? buyAsk * 0.5 + sellBid * 0.5 : m * 0.5;
}

/**
 * Spread in basis points. Contract: buyAsk and sellBid are finite and > 0
 * (the book table only offers such quotes); otherwise NaN, never a throw.
 */
export function spreadBps(buyAsk: number, sellBid: number): number {
  if (!(buyAsk > 0 && sellBid > 0 && buyAsk < Infinity && sellBid < Infinity)) return NaN;
  let d = sellBid - buyAsk;
  let m = sellBid + buyAsk;
  if (m === Infinity) {
    d = sellBid * 0.5 - buyAsk * 0.5;
    m = sellBid * 0.5 + buyAsk * 0.5;
  }
  return (d / m) * 2e4;
}

/** Dense index of the ordered pair (buy, sell) among exchangeSlots exchanges. */
export function pairIndex(buyExchange: number, sellExchange: number, exchangeSlots: number): number {
  return buyExchange * exchangeSlots + sellExchange;
}

/** Position of the lowest set bit of a non-zero 32-bit mask. */
function lowestBit(mask: number): number {
  return 31 - Math.clz32(mask & -mask);
}

/**
 * Enumerates ordered exchange pairs without allocating: exchanges are bits of
 * a 32-bit mask (exchange id = bit position), the cursor is reused, and each
 * next() sets buy and sell.
 *
 *   cursor.resetTouching(mask, ex): the pairs that involve ex, (ex, y) then
 *     (y, ex) for every other y in mask: the pairs a tick from ex can change;
 *   cursor.resetAll(mask): every ordered pair (a, b), a != b, of the mask.
 *
 * Order is by ascending exchange id, so enumeration is deterministic.
 */
export class OrderedPairCursor {
  buy = -1;
  sell = -1;

  private touching = -1;
  /** Exchanges still to pair with (touching mode) or still to use as buy side (all mode). */
  private outer = 0;
  /** All mode: sell sides left for the current buy side. Touching mode: 1 when (y, ex) is due. */
  private inner = 0;
  private mask = 0;

  resetTouching(mask: number, exchange: number): void {
    this.touching = exchange;
    this.outer = (mask & ~(1 << exchange)) >>> 0;
    this.inner = 0;
    this.mask = mask >>> 0;
  }

  resetAll(mask: number): void {
    this.touching = -1;
    this.mask = mask >>> 0;
    this.outer = this.mask;
    this.inner = 0;
    this.buy = -1;
  }

  next(): boolean {
    if (this.touching >= 0) {
      if (this.inner === 1) {
        this.inner = 0;
        this.buy = this.sell;
        this.sell = this.touching;
        return true;
      }
      if (this.outer === 0) return false;
      const y = lowestBit(this.outer);
      this.outer = (this.outer & (this.outer - 1)) >>> 0;
      this.buy = this.touching;
      this.sell = y;
      this.inner = 1;
      return true;
    }
    while (this.inner === 0) {
      if (this.outer === 0) return false;
      this.buy = lowestBit(this.outer);
      this.outer = (this.outer & (this.outer - 1)) >>> 0;
      this.inner = (this.mask & ~(1 << this.buy)) >>> 0;
    }
    this.sell = lowestBit(this.inner);
    this.inner = (this.inner & (this.inner - 1)) >>> 0;
    return true;
  }
}

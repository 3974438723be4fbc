import type { ParseResult } from './parse-result.js';

/**
 * The pure half of an exchange adapter (the tardis-node "mapper"): turns one
 * WebSocket frame into normalised ticks, a control message or a counted
 * rejection. No I/O, no timers, no threads; its only state is bounded by the
 * symbol table (last sequence per symbol, and a book top where the exchange
 * sends deltas). One instance per connection.
 *
 * Contract:
 *   - `parse` never throws. Expected bad input comes back as `rejected` with a
 *     reason from the closed RejectReason set.
 *   - The returned object is reused by the next call (see ParseResult).
 *   - Ticks carry a per-connection `seq` (0, 1, 2, ... wrapping at 2^32)
 *     counted since construction or the last `reset()`.
 *   - `reset()` forgets all per-symbol state; call it on every (re)connect so
 *     the first update of each symbol reports SeqCheck.First.
 */
export interface ExchangeParser {
  readonly exchangeId: number;
  /**
   * @param frame text frame as UTF-8 bytes (what ws hands out: the fast input,
   *   scanned without decoding) or as a string
   * @param recvTsMicros local receive time, µs since the epoch, stamped on each tick
   * @param isBinary true for a binary WebSocket frame (none of our feeds sends one)
   */
  parse(frame: string | Uint8Array, recvTsMicros: number, isBinary?: boolean): ParseResult;
  reset(): void;
}

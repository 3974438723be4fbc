/**
 * A peer library's parser for one exchange channel, as the parse bench
 * drives it beside ours: the same raw frames in (Buffers, as `ws` hands them
 * over), the library's own path from bytes to a best bid/offer. Each peer
 * pays for its own UTF-8 decoding and JSON parsing, as ours pays for its
 * byte scan.
 */
export interface PeerParser {
  /**
   * Parses one frame. Returns a number for the bench to sink; the output must
   * also outlive the call (consumed or stored), so no work is optimised away.
   */
  parse(frame: Buffer): number;
  /**
   * The best bid/offer the last `parse` produced, handed out once (a second
   * call returns undefined), so a check never reads a stale quote. Not timed.
   */
  takeQuote(): PeerQuote | undefined;
  /** Forgets per-symbol state, as on a reconnect (each timed batch starts with this). */
  reset(): void;
}

export interface PeerQuote {
  readonly bid: number;
  readonly ask: number;
  readonly bidSize: number;
  readonly askSize: number;
}

const kFields = ['bid', 'ask', 'bidSize', 'askSize'] as const;

/**
 * Where `peer` differs from `ours`, or null when they agree. Doubles parsed
 * from the same decimal text by different code may differ in the last bit,
 * hence a relative tolerance of 1e-12 (a price of 64 000 is then exact to
 * about 1e-7).
 */
export function quoteMismatch(ours: PeerQuote, peer: PeerQuote | undefined): string | null {
  if (peer === undefined) return 'produced no quote';
  for (const f of kFields) {
    const a = ours[f];
    const b = peer[f];
    if (!(Math.abs(a - b) <= 1e-12 * Math.max(Math.abs(a), Math.abs(b)))) return `${f} ${String(b)}, ours ${String(a)}`;
  }
  return null;
}

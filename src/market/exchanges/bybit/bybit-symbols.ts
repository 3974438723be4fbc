import type { SymbolParts } from '../../symbol-table.js';
import { canonicalFromConcatenated } from '../base/quote-assets.js';

/** Bybit's spelling: `BTCUSDT` in topics and payloads. */
export function bybitSpelling(parts: SymbolParts): string {
  return parts.base + parts.quote;
}

/** `BTCUSDT` to `BTC-USDT` by the known quote assets; undefined when unsplittable. */
export function bybitToCanonical(spelling: string): string | undefined {
  return canonicalFromConcatenated(spelling);
}

import type { SymbolParts } from '../../symbol-table.js';
import { canonicalFromConcatenated } from '../base/quote-assets.js';

/** Binance's spelling: `BTCUSDT` in payloads (`s`), lower case in stream names. */
export function binanceSpelling(parts: SymbolParts): string {
  return parts.base + parts.quote;
}

/** `BTCUSDT` / `btcusdt` to `BTC-USDT` by the known quote assets; undefined when unsplittable. */
export function binanceToCanonical(spelling: string): string | undefined {
  return canonicalFromConcatenated(spelling);
}

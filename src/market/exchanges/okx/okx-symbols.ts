import type { SymbolParts } from '../../symbol-table.js';
import { kCanonicalSymbolPattern } from '../../symbol-table.js';

/** OKX's spot instId is already `BASE-QUOTE`. */
export function okxSpelling(parts: SymbolParts): string {
  return `${parts.base}-${parts.quote}`;
}

/** A spot instId is the canonical name; undefined for anything else (swaps: `BTC-USDT-SWAP`). */
export function okxToCanonical(instId: string): string | undefined {
  return kCanonicalSymbolPattern.test(instId) ? instId : undefined;
}

import type { SymbolParts } from '../../symbol-table.js';

/**
 * Quote assets that exchanges glue to the base without a separator
 * (`BTCUSDT`). Market knowledge, not exchange knowledge: a concatenated
 * spelling is split at the longest known quote suffix, so `ETHBUSD` is
 * ETH-BUSD, not ETHB-USD. Only cold paths use this (naming an unknown symbol,
 * config tooling); the hot path looks configured symbols up in a SymbolMap.
 */
export const kKnownQuoteAssets: readonly string[] = [
  'USDT', 'USDC', 'FDUSD', 'BUSD', 'TUSD', 'USDP', 'USDE', 'DAI', 'USD',
  'BTC', 'ETH', 'BNB', 'SOL', 'XRP', 'DOGE', 'TRX',
  'EUR', 'GBP', 'TRY', 'BRL', 'JPY', 'AUD', 'ARS', 'MXN', 'PLN', 'RON', 'UAH', 'ZAR', 'IDR', 'COP', 'CZK',
];

const kByLengthDesc = [...kKnownQuoteAssets].sort((a, b) => b.length - a.length);

/**
 * Splits an upper-case concatenated spelling at its longest known quote
 * suffix; undefined when no known quote ends it or the base would be empty.
 */
export function splitConcatenated(spelling: string, quotes: readonly string[] = kByLengthDesc): SymbolParts | undefined {
  const s = spelling.toUpperCase();
  let best: string | undefined;
  for (const q of quotes) {
    if (s.length > q.length && s.endsWith(q) && (best === undefined || q.length > best.length)) best = q;
  }
  if (best === undefined) return undefined;
  return { base: s.slice(0, s.length - best.length), quote: best };
}

/** `BTCUSDT` or `btcusdt` to `BTC-USDT`; undefined when it cannot be split. */
export function canonicalFromConcatenated(spelling: string): string | undefined {
  const parts = splitConcatenated(spelling);
  return parts === undefined ? undefined : `${parts.base}-${parts.quote}`;
}

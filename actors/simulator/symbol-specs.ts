import { SymbolTable } from '../../src/market/symbol-table.js';

/**
 * What the simulator knows about one configured symbol: its spellings on each
 * venue and the fixed-point scales its prices and sizes are quoted in. Prices
 * and sizes travel through the simulator as integers (ticks and lots) so that
 * frames print exact decimals without float formatting.
 */
export interface SymbolSpec {
  readonly index: number;
  /** Canonical `BASE-QUOTE`. */
  readonly name: string;
  /** `BTCUSDT`: Binance `s`, Bybit topic and `s`. */
  readonly concat: string;
  /** `btcusdt`: Binance stream names are lower case. */
  readonly lower: string;
  /** `BTC-USDT`: OKX instId is the canonical name. */
  readonly instId: string;
  readonly initialPrice: number;
  /** One tick is 10^-priceDecimals. */
  readonly priceDecimals: number;
  /** One lot is 10^-sizeDecimals of the base asset. */
  readonly sizeDecimals: number;
}

/** Rough USD prices so default quotes look familiar; anything else is derived from its name. */
const kReferenceUsd: Readonly<Record<string, number>> = {
  BTC: 60_000, ETH: 3_000, BNB: 550, SOL: 150, XRP: 0.55, DOGE: 0.15, ADA: 0.45, LTC: 80,
  AVAX: 30, LINK: 14, DOT: 6.5, TRX: 0.12, TON: 5.5, USDT: 1, USDC: 1, DAI: 1, FDUSD: 1,
};

/** Builds the specs in config order, so `index` equals the shared SymbolTable id. */
export function buildSymbolSpecs(names: readonly string[], prices: Readonly<Record<string, number>> = {}): SymbolSpec[] {
  const table = new SymbolTable(names);
  return table.names.map((name, index) => {
    const parts = table.parts(index)!;
    const initialPrice = prices[name] ?? referencePrice(parts.base, parts.quote);
    const magnitude = Math.floor(Math.log10(initialPrice));
    return {
      index,
      name,
      concat: parts.base + parts.quote,
      lower: (parts.base + parts.quote).toLowerCase(),
      instId: name,
      initialPrice,
      // About 1e-6 of the price per tick and a lot worth a few cents: close
      // to what the venues use, and small enough that spreads are in bps.
      priceDecimals: clamp(6 - magnitude, 0, 8),
      sizeDecimals: clamp(magnitude + 1, 0, 8),
    };
  });
}

function referencePrice(base: string, quote: string): number {
  const b = kReferenceUsd[base] ?? pseudoPrice(base);
  const q = kReferenceUsd[quote] ?? pseudoPrice(quote);
  return b / q;
}

/** A stable price in [1, 1000) from the asset's name, for assets we have no reference for. */
function pseudoPrice(asset: string): number {
  let h = 2166136261;
  for (let i = 0; i < asset.length; i++) h = Math.imul(h ^ asset.charCodeAt(i), 16777619);
  return 10 ** (((h >>> 0) % 3000) / 1000);
}

function clamp(x: number, lo: number, hi: number): number {
  return Math.min(hi, Math.max(lo, x));
}

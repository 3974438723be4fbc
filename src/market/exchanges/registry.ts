import type { ExchangeName } from '../exchange-ids.js';
import type { SymbolTable } from '../symbol-table.js';
import type { ExchangeFeed } from './base/exchange-feed.js';
import { BinanceSpotFeed } from './binance/binance-spot-feed.js';
import { BybitSpotFeed } from './bybit/bybit-spot-feed.js';
import { OkxPublicFeed } from './okx/okx-public-feed.js';

/**
 * The feed of each supported exchange, built from the shared symbol table.
 * Adding an exchange adds one line here (docs/adding-an-exchange.md).
 */
const kFeedFactories: { readonly [N in ExchangeName]: (table: SymbolTable) => ExchangeFeed } = {
  binance: (table) => new BinanceSpotFeed(table),
  bybit: (table) => new BybitSpotFeed(table),
  okx: (table) => new OkxPublicFeed(table),
};

export function createFeed(exchange: ExchangeName, table: SymbolTable): ExchangeFeed {
  return kFeedFactories[exchange](table);
}

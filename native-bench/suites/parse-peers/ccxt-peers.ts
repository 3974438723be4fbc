import type { ExchangeName } from '../../../src/market/exchange-ids.js';
import { CcxtOfflineClient } from './ccxt-offline-client.js';
import type { PeerParser, PeerQuote } from './peer-parser.js';

/**
 * ccxt pro's WebSocket handlers as a parse peer, offline: the exchange
 * class is constructed without credentials, given its markets with
 * `setMarkets` (no `loadMarkets`, so no REST call), and fed each frame
 * through `handleMessage(client, message)` with a CcxtOfflineClient.
 *
 * Per frame ccxt pays what its own `Client.onMessage` pays before the
 * handler: `toString()` of the Buffer and JSON.parse. (Client.onMessage also
 * runs a regex over the text to quote long integers; that is left out, which
 * flatters ccxt.) The handler is what a `watchBidsAsks` user runs:
 *
 *   binance bookTicker  handleMessage → handleBidsAsks → parseWsTicker → safeTicker
 *   bybit orderbook.1   handleMessage → handleOrderBook (book snapshot/deltas, then
 *                       parseWsBidAsk from the book, as ccxt does for depth 1)
 *   okx bbo-tbt         handleMessage → handleOrderBook → handleBidAsk (no
 *                       `bbo-tbt:SYMBOL` order-book subscription, so no book reset)
 *
 * Each handler leaves its result in `exchange.bidsasks[symbol]` (a ccxt
 * Ticker with numeric bid, ask, bidVolume, askVolume), where the bench reads it.
 */
export interface CcxtModule {
  readonly version: string;
  readonly pro: Readonly<Record<string, new (config?: object) => CcxtWsExchange>>;
}

/** The part of a ccxt pro exchange the peer uses (ccxt's own types are far wider). */
interface CcxtWsExchange {
  bidsasks: Record<string, CcxtTicker | undefined>;
  orderbooks: Record<string, unknown>;
  setMarkets(markets: readonly object[]): unknown;
  handleMessage(client: CcxtOfflineClient, message: unknown): void;
}

interface CcxtTicker {
  readonly bid?: number | undefined;
  readonly ask?: number | undefined;
  readonly bidVolume?: number | undefined;
  readonly askVolume?: number | undefined;
}

interface Venue {
  /** ccxt's class under `ccxt.pro`. */
  readonly ccxtId: string;
  /** Production stream URL: the handlers branch on it (spot or derivatives). */
  readonly url: string;
  /** The exchange's market id for a canonical BASE-QUOTE symbol. */
  readonly marketId: (base: string, quote: string) => string;
}

const kVenues: { readonly [N in ExchangeName]: Venue } = {
  binance: { ccxtId: 'binance', url: 'wss://stream.binance.com:9443/stream', marketId: (b, q) => `${b}${q}` },
  bybit: { ccxtId: 'bybit', url: 'wss://stream.bybit.com/v5/public/spot', marketId: (b, q) => `${b}${q}` },
  okx: { ccxtId: 'okx', url: 'wss://ws.okx.com:8443/ws/v5/public', marketId: (b, q) => `${b}-${q}` },
};

/** Loads ccxt (a large module: about a second) once, for every peer. */
export async function loadCcxt(): Promise<CcxtModule> {
  const mod = (await import('ccxt')) as unknown as { default?: CcxtModule } & Partial<CcxtModule>;
  const ccxt = mod.default ?? (mod as CcxtModule);
  if (ccxt.pro === undefined) throw new Error('the ccxt module has no `pro` namespace (ccxt < 4?)');
  return ccxt;
}

/** A ccxt peer for one exchange, with spot markets for the canonical `symbols` (BASE-QUOTE). */
export function ccxtPeer(ccxt: CcxtModule, exchange: ExchangeName, symbols: readonly string[]): PeerParser {
  const venue = kVenues[exchange];
  const Exchange = ccxt.pro[venue.ccxtId];
  if (Exchange === undefined) throw new Error(`ccxt ${ccxt.version} has no pro.${venue.ccxtId}`);
  const ex = new Exchange();
  ex.setMarkets(symbols.map((s) => spotMarket(s, venue)));
  return new CcxtPeer(ex, new CcxtOfflineClient(venue.url));
}

/**
 * The smallest market entry the handlers need: `safeMarket` finds it by id,
 * `safeTicker` reads its symbol and type. setMarkets merges ccxt's defaults
 * (precision, limits, fees) into it.
 */
function spotMarket(canonical: string, venue: Venue): object {
  const [base, quote] = canonical.split('-') as [string, string];
  return {
    id: venue.marketId(base, quote),
    symbol: `${base}/${quote}`,
    base,
    quote,
    baseId: base,
    quoteId: quote,
    type: 'spot',
    spot: true,
    margin: false,
    swap: false,
    future: false,
    option: false,
    contract: false,
    active: true,
    info: {},
  };
}

class CcxtPeer implements PeerParser {
  constructor(
    private readonly ex: CcxtWsExchange,
    private readonly client: CcxtOfflineClient,
  ) {}

  parse(frame: Buffer): number {
    this.ex.handleMessage(this.client, JSON.parse(frame.toString()));
    return 1;
  }

  takeQuote(): PeerQuote | undefined {
    // Every handler here writes exactly one entry per frame; take it and clear the map.
    const tickers = Object.values(this.ex.bidsasks).filter((t) => t !== undefined);
    this.ex.bidsasks = {};
    const t = tickers.length === 1 ? tickers[0]! : undefined;
    return t === undefined ? undefined : { bid: t.bid ?? NaN, ask: t.ask ?? NaN, bidSize: t.bidVolume ?? NaN, askSize: t.askVolume ?? NaN };
  }

  reset(): void {
    this.ex.orderbooks = {};
    this.ex.bidsasks = {};
  }
}

import { BinanceBookTickerMapper } from 'tardis-dev/dist/mappers/binance.js';
import { BybitV5BookTickerMapper } from 'tardis-dev/dist/mappers/bybit.js';
import { OkexV5BookTickerMapper } from 'tardis-dev/dist/mappers/okex.js';
import type { ExchangeName } from '../../../src/market/exchange-ids.js';
import type { PeerParser, PeerQuote } from './peer-parser.js';

/**
 * tardis-dev's normalisers (the library's `mapper`s) for the best bid/offer
 * channels: `toString()` of the frame, JSON.parse, then the mapper, whose
 * BookTicker objects are consumed. This is what tardis-dev's own
 * `streamNormalized` runs per message, minus its socket.
 */
type Mapper = { map(message: never, localTimestamp: Date): Iterable<TardisBookTicker> };

const kMappers: { readonly [N in ExchangeName]: () => Mapper } = {
  binance: () => new BinanceBookTickerMapper('binance') as unknown as Mapper,
  bybit: () => new BybitV5BookTickerMapper('bybit-spot') as unknown as Mapper,
  okx: () => new OkexV5BookTickerMapper('okex', true) as unknown as Mapper,
};

const kLocalTimestamp = new Date(0);

export function tardisPeer(exchange: ExchangeName): PeerParser {
  return new TardisPeer(kMappers[exchange]);
}

class TardisPeer implements PeerParser {
  private mapper: Mapper;
  private last: TardisBookTicker | undefined;

  constructor(private readonly create: () => Mapper) {
    this.mapper = create();
  }

  parse(frame: Buffer): number {
    let s = 0;
    this.last = undefined;
    for (const t of this.mapper.map(JSON.parse(frame.toString()) as never, kLocalTimestamp)) {
      s += t.bidPrice ?? 0;
      this.last = t;
    }
    return s;
  }

  takeQuote(): PeerQuote | undefined {
    const t = this.last;
    this.last = undefined;
    return t === undefined ? undefined : { bid: t.bidPrice ?? NaN, ask: t.askPrice ?? NaN, bidSize: t.bidAmount ?? NaN, askSize: t.askAmount ?? NaN };
  }

  /** A fresh mapper: the Bybit one keeps the book it builds from deltas. */
  reset(): void {
    this.mapper = this.create();
  }
}

/** The fields of tardis-dev's BookTicker that the bench reads. */
interface TardisBookTicker {
  readonly bidPrice?: number | undefined;
  readonly askPrice?: number | undefined;
  readonly bidAmount?: number | undefined;
  readonly askAmount?: number | undefined;
}

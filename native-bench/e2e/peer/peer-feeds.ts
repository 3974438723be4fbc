import type { ExchangeName } from '../../../src/market/exchange-ids.js';

/**
 * How the baseline ("peer") pipeline talks to each venue: the conventional
 * Node.js way, `ws` and `JSON.parse` of every frame, with the subscription
 * written inline. Only the shapes the simulator sends for the best
 * bid/offer streams; anything else is ignored (acks, pongs).
 */
export interface PeerQuote {
  symbol: number;
  bid: number;
  ask: number;
  bidSize: number;
  askSize: number;
}

export interface PeerFeed {
  readonly url: string;
  readonly subscribe: string | undefined;
  /** Fills `out` from a parsed frame; false when the frame is not a quote. */
  quote(msg: unknown, out: PeerQuote): boolean;
}

const concat = (s: string): string => s.replace('-', '');

export function peerFeed(venue: ExchangeName, baseUrl: string, symbols: readonly string[]): PeerFeed {
  switch (venue) {
    case 'binance': {
      const index = new Map(symbols.map((s, i) => [concat(s), i]));
      const streams = symbols.map((s) => `${concat(s).toLowerCase()}@bookTicker`).join('/');
      return {
        url: `${baseUrl}/stream?streams=${streams}`,
        subscribe: undefined,
        quote(msg, out) {
          const d = (msg as { data?: { s?: string; b?: string; B?: string; a?: string; A?: string } }).data;
          const i = d?.s === undefined ? undefined : index.get(d.s);
          if (d === undefined || i === undefined) return false;
          out.symbol = i;
          out.bid = Number(d.b);
          out.bidSize = Number(d.B);
          out.ask = Number(d.a);
          out.askSize = Number(d.A);
          return true;
        },
      };
    }
    case 'bybit': {
      const index = new Map(symbols.map((s, i) => [concat(s), i]));
      return {
        url: baseUrl,
        subscribe: JSON.stringify({ op: 'subscribe', args: symbols.map((s) => `orderbook.1.${concat(s)}`) }),
        quote(msg, out) {
          const d = (msg as { data?: { s?: string; b?: string[][]; a?: string[][] } }).data;
          const i = d?.s === undefined ? undefined : index.get(d.s);
          const b = d?.b?.[0];
          const a = d?.a?.[0];
          if (i === undefined || b === undefined || a === undefined) return false;
          out.symbol = i;
          out.bid = Number(b[0]);
          out.bidSize = Number(b[1]);
          out.ask = Number(a[0]);
          out.askSize = Number(a[1]);
          return true;
        },
      };
    }
    case 'okx': {
      const index = new Map(symbols.map((s, i) => [s, i]));
      return {
        url: baseUrl,
        subscribe: JSON.stringify({ op: 'subscribe', args: symbols.map((instId) => ({ channel: 'bbo-tbt', instId })) }),
        quote(msg, out) {
          const m = msg as { arg?: { instId?: string }; data?: { bids?: string[][]; asks?: string[][] }[] };
          const i = m.arg?.instId === undefined ? undefined : index.get(m.arg.instId);
          const d = m.data?.[0];
          const b = d?.bids?.[0];
          const a = d?.asks?.[0];
          if (i === undefined || b === undefined || a === undefined) return false;
          out.symbol = i;
          out.bid = Number(b[0]);
          out.bidSize = Number(b[1]);
          out.ask = Number(a[0]);
          out.askSize = Number(a[1]);
          return true;
        },
      };
    }
  }
}

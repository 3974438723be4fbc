import { formatScaled } from '../decimal-format.js';
import type { Quote } from '../price-model.js';
import type { SymbolSpec } from '../symbol-specs.js';
import {
  isRecord, reply, subscribeAll, tryParseJson, unsubscribeAll,
  type AcceptedPath, type EncodedUpdate, type ProtocolReply, type SimProtocol, type SimSession,
} from './protocol.js';

/**
 * Binance spot market streams, the subset the exchange actor uses
 * (web-socket-streams.md, binance-spot-api-docs):
 * - raw streams at `/ws/<stream>[/<stream>...]`, combined streams at
 *   `/stream?streams=a/b` whose events are wrapped `{"stream":..,"data":..}`;
 * - live `SUBSCRIBE`/`UNSUBSCRIBE`/`LIST_SUBSCRIPTIONS`/`SET_PROPERTY combined`
 *   /`GET_PROPERTY` over `/ws`, answered `{"result":..,"id":..}`; errors are
 *   `{"code":N,"msg":"..."}` as in the docs' error table;
 * - `<symbol>@bookTicker` payload `{"u","s","b","B","a","A"}`, prices and
 *   quantities as 8-decimal strings;
 * - the server pings every 20 s and drops a client that has not ponged within
 *   a minute (the endpoint's idle timeout does the dropping).
 * Unknown stream names are accepted and simply never produce data, as on the
 * real venue.
 */
/**
 * Binance's URL is the base endpoint (wss://stream.binance.com:9443): the
 * client appends `/ws`, `/ws/<streams>` or `/stream?streams=..` itself.
 */
export const kBinanceDefaultPath = '';
const kDigits = 8;

export function createBinanceProtocol(symbols: readonly SymbolSpec[]): SimProtocol {
  const byStream = new Map(symbols.map((s) => [`${s.lower}@bookTicker`, s.index]));
  const streamNames = symbols.map((s) => `${s.lower}@bookTicker`);
  const prefixes = symbols.map((s) => `,"s":"${s.concat}","b":"`);
  const combinedPrefixes = symbols.map((s) => `{"stream":"${s.lower}@bookTicker","data":`);
  let updateIds = initialIds(symbols.length);

  const streamsToSymbols = (streams: readonly string[]): number[] => {
    const out: number[] = [];
    for (const name of streams) {
      const idx = byStream.get(name);
      if (idx !== undefined) out.push(idx);
    }
    return out;
  };

  return {
    exchange: 'binance',
    defaultPath: kBinanceDefaultPath,
    routes: ['/ws', '/ws/*', '/stream'],
    serverPingIntervalMs: 20_000,
    snapshotOnSubscribe: false,

    accept(path: string, query: string): AcceptedPath | undefined {
      if (path === '/ws') return { symbols: [], combined: false };
      if (path.startsWith('/ws/')) return { symbols: streamsToSymbols(path.slice(4).split('/')), combined: false };
      if (path === '/stream') {
        const streams = new URLSearchParams(query).get('streams') ?? '';
        return { symbols: streamsToSymbols(streams.split('/')), combined: true };
      }
      return undefined;
    },

    handleText(session: SimSession, text: string): ProtocolReply {
      const msg = tryParseJson(text);
      if (msg === undefined) return reply([error(3, 'Invalid JSON: expected value at line 1 column 1')]);
      if (!isRecord(msg)) return reply([error(2, 'Invalid request: expected a JSON object')]);
      const id = msg.id === undefined ? null : msg.id;
      if (!validId(id)) return reply([error(2, 'Invalid request: request ID must be an unsigned integer')]);
      const idJson = JSON.stringify(id);
      const method = msg.method;
      if (typeof method !== 'string') return reply([error(2, 'Invalid request: missing field `method`', idJson)]);
      const params = msg.params === undefined ? [] : msg.params;
      switch (method) {
        case 'SUBSCRIBE':
        case 'UNSUBSCRIBE': {
          if (!Array.isArray(params) || !params.every((p) => typeof p === 'string')) {
            return reply([error(2, 'Invalid request: params must be an array of stream names', idJson)]);
          }
          const syms = streamsToSymbols(params as string[]);
          const ok = result('null', idJson);
          return method === 'SUBSCRIBE' ? reply([ok], subscribeAll(session, syms)) : reply([ok], [], unsubscribeAll(session, syms));
        }
        case 'LIST_SUBSCRIPTIONS': {
          const names = streamNames.filter((_, i) => session.subscribed[i] === 1);
          return reply([result(JSON.stringify(names), idJson)]);
        }
        case 'SET_PROPERTY': {
          if (!Array.isArray(params) || params[0] !== 'combined') return reply([error(0, 'Unknown property', idJson)]);
          if (typeof params[1] !== 'boolean') return reply([error(1, 'Invalid value type: expected Boolean', idJson)]);
          session.combined = params[1];
          return reply([result('null', idJson)]);
        }
        case 'GET_PROPERTY': {
          if (!Array.isArray(params) || params[0] !== 'combined') return reply([error(0, 'Unknown property', idJson)]);
          return reply([result(String(session.combined), idJson)]);
        }
        default:
          return reply([error(2, `Invalid request: unknown variant ${JSON.stringify(method)}, expected one of \`SUBSCRIBE\`, \`UNSUBSCRIBE\`, \`LIST_SUBSCRIPTIONS\`, \`SET_PROPERTY\`, \`GET_PROPERTY\``, idJson)]);
      }
    },

    encode(symbol: number, q: Quote): EncodedUpdate {
      const spec = symbols[symbol]!;
      const u = (updateIds[symbol] = updateIds[symbol]! + 1);
      const p = spec.priceDecimals;
      const z = spec.sizeDecimals;
      const main =
        `{"u":${u}${prefixes[symbol]!}${formatScaled(q.bidTicks, p, kDigits)}","B":"${formatScaled(q.bidLots, z, kDigits)}",` +
        `"a":"${formatScaled(q.askTicks, p, kDigits)}","A":"${formatScaled(q.askLots, z, kDigits)}"}`;
      return { symbol, main, alt: undefined };
    },

    frameFor(session: SimSession, update: EncodedUpdate): string {
      // The wrapper is a cheap concatenation, made only for combined-stream connections.
      return session.combined ? combinedPrefixes[update.symbol]! + update.main + '}' : update.main;
    },

    resetSequences(): void {
      updateIds = new Float64Array(symbols.length);
    },

    unknownSymbolFrame(): string {
      return '{"u":1,"s":"ZZZNOPE","b":"1.00000000","B":"1.00000000","a":"1.10000000","A":"1.00000000"}';
    },

    wrongShapeFrame(symbol: number): string {
      return `{"u":1,"s":"${symbols[symbol]!.concat}","b":"1.00000000"}`;
    },
  };
}

/** Update ids look like a live book's: large and different per symbol. */
function initialIds(n: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => 400_000_000 + i * 7_919_113);
}

function validId(id: unknown): boolean {
  if (id === null) return true;
  if (typeof id === 'number') return Number.isSafeInteger(id);
  return typeof id === 'string' && /^[A-Za-z0-9]{1,36}$/.test(id);
}

function result(resultJson: string, idJson: string): string {
  return `{"result":${resultJson},"id":${idJson}}`;
}

function error(code: number, msg: string, idJson?: string): string {
  const base = `{"code":${code},"msg":${JSON.stringify(msg)}`;
  return idJson === undefined ? base + '}' : `${base},"id":${idJson}}`;
}

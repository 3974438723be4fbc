import { formatScaled } from '../decimal-format.js';
import { kAskChanged, kBidChanged, type Quote } from '../price-model.js';
import type { SymbolSpec } from '../symbol-specs.js';
import {
  isRecord, reply, subscribeAll, tryParseJson, unsubscribeAll,
  type AcceptedPath, type EncodedUpdate, type ProtocolReply, type SimProtocol, type SimSession,
} from './protocol.js';

/**
 * Bybit v5 public spot (`/v5/public/spot`), the subset the exchange actor uses
 * (bybit-exchange.github.io/docs/v5/ws/connect and .../websocket/public/orderbook):
 * - `{"op":"subscribe","args":["orderbook.1.BTCUSDT"],"req_id":..}` answered
 *   `{"success":true,"ret_msg":"subscribe","conn_id":..,"req_id":..,"op":"subscribe"}`;
 *   spot accepts at most 10 args per request;
 * - `{"op":"ping"}` answered `{"success":true,"ret_msg":"pong","conn_id":..,"op":"ping"}`;
 *   the client pings (every 20 s is the documented advice), the server never does;
 * - data `{"topic","type","ts","data":{"s","b":[[p,q]],"a":[[p,q]],"u","seq"},"cts"}`;
 *   a snapshot first on subscribing; `u`=1 after a service restart.
 * The current docs say level-1 spot data is snapshot-only, so that is the
 * default. With `deltas` on, a connection gets one snapshot per symbol and
 * then deltas that carry only the side that changed (`"b":[]` otherwise), as
 * deeper books do; it exercises an actor's delta handling.
 * Error wording for unknown topics is ours; the docs do not print it.
 */
export const kBybitDefaultPath = '/v5/public/spot';
const kMaxArgsPerRequest = 10;

export interface BybitProtocolOptions {
  readonly deltas?: boolean;
}

export function createBybitProtocol(symbols: readonly SymbolSpec[], options: BybitProtocolOptions = {}): SimProtocol {
  const deltas = options.deltas ?? false;
  const byTopic = new Map(symbols.map((s) => [`orderbook.1.${s.concat}`, s.index]));
  const heads = symbols.map((s) => `{"topic":"orderbook.1.${s.concat}","type":"`);
  const dataHeads = symbols.map((s) => `,"data":{"s":"${s.concat}","b":`);
  // Update ids of a long-running feed; `u` = 1 means "service restarted" to clients.
  let u = Float64Array.from({ length: symbols.length }, (_, i) => 13_079_592 + i * 3_571);
  const seq = Float64Array.from({ length: symbols.length }, (_, i) => 22_520_573_250 + i * 104_729);

  const opReply = (session: SimSession, op: string, success: boolean, retMsg: string, reqId: unknown): string => {
    const req = reqId === undefined ? '' : `,"req_id":${JSON.stringify(String(reqId))}`;
    return `{"success":${success},"ret_msg":${JSON.stringify(retMsg)},"conn_id":"${session.connId}"${req},"op":"${op}"}`;
  };

  const levels = (ticks: number, lots: number, spec: SymbolSpec): string =>
    `[["${formatScaled(ticks, spec.priceDecimals, spec.priceDecimals)}","${formatScaled(lots, spec.sizeDecimals, spec.sizeDecimals)}"]]`;

  return {
    exchange: 'bybit',
    defaultPath: kBybitDefaultPath,
    routes: [kBybitDefaultPath],
    serverPingIntervalMs: 0,
    snapshotOnSubscribe: true,

    accept(path: string): AcceptedPath | undefined {
      return path === kBybitDefaultPath ? { symbols: [], combined: false } : undefined;
    },

    handleText(session: SimSession, text: string): ProtocolReply {
      const msg = tryParseJson(text);
      if (!isRecord(msg)) return reply([opReply(session, '', false, 'error:request must be a JSON object', undefined)]);
      const { op, req_id: reqId } = msg;
      if (op === 'ping') return reply([opReply(session, 'ping', true, 'pong', reqId)]);
      if (op !== 'subscribe' && op !== 'unsubscribe') {
        return reply([opReply(session, typeof op === 'string' ? op : '', false, `error:unsupported op ${JSON.stringify(op)}`, reqId)]);
      }
      const args = msg.args;
      if (!Array.isArray(args) || args.length === 0 || !args.every((a) => typeof a === 'string')) {
        return reply([opReply(session, op, false, 'error:args must be a non-empty array of topics', reqId)]);
      }
      if (args.length > kMaxArgsPerRequest) return reply([opReply(session, op, false, `error:args size >${kMaxArgsPerRequest}`, reqId)]);
      const known: number[] = [];
      const unknown: string[] = [];
      for (const topic of args as string[]) {
        const idx = byTopic.get(topic);
        if (idx === undefined) unknown.push(topic);
        else known.push(idx);
      }
      const retMsg = unknown.length === 0 ? op : `Invalid symbol :[${unknown.join(',')}]`;
      const answer = opReply(session, op, unknown.length === 0, retMsg, reqId);
      return op === 'subscribe' ? reply([answer], subscribeAll(session, known)) : reply([answer], [], unsubscribeAll(session, known));
    },

    encode(symbol: number, q: Quote, timeMs: number): EncodedUpdate {
      const spec = symbols[symbol]!;
      const upd = (u[symbol] = u[symbol]! + 1);
      const sq = (seq[symbol] = seq[symbol]! + 1 + (upd % 7));
      const ts = Math.floor(timeMs);
      const bid = levels(q.bidTicks, q.bidLots, spec);
      const ask = levels(q.askTicks, q.askLots, spec);
      const tail = `,"u":${upd},"seq":${sq}},"cts":${ts - 1}}`;
      const main = `${heads[symbol]!}snapshot","ts":${ts}${dataHeads[symbol]!}${bid},"a":${ask}${tail}`;
      if (!deltas) return { symbol, main, alt: undefined };
      const alt =
        `${heads[symbol]!}delta","ts":${ts}${dataHeads[symbol]!}${q.changed & kBidChanged ? bid : '[]'},` +
        `"a":${q.changed & kAskChanged ? ask : '[]'}${tail}`;
      return { symbol, main, alt };
    },

    frameFor(session: SimSession, update: EncodedUpdate): string {
      if (update.alt === undefined) return update.main;
      if (session.hasSnapshot[update.symbol] === 1) return update.alt;
      session.hasSnapshot[update.symbol] = 1;
      return update.main;
    },

    resetSequences(sessions: Iterable<SimSession>): void {
      u = new Float64Array(symbols.length);
      for (const s of sessions) s.hasSnapshot.fill(0);
    },

    unknownSymbolFrame(timeMs: number): string {
      const ts = Math.floor(timeMs);
      return `{"topic":"orderbook.1.ZZZNOPE","type":"snapshot","ts":${ts},"data":{"s":"ZZZNOPE","b":[["1.00","1.0"]],"a":[["1.10","1.0"]],"u":1,"seq":1},"cts":${ts}}`;
    },

    wrongShapeFrame(symbol: number): string {
      return `{"topic":"orderbook.1.${symbols[symbol]!.concat}","type":"snapshot","data":{"s":"${symbols[symbol]!.concat}"}}`;
    },
  };
}

import { formatScaled } from '../decimal-format.js';
import type { Quote } from '../price-model.js';
import type { SymbolSpec } from '../symbol-specs.js';
import {
  isRecord, reply, subscribeAll, tryParseJson, unsubscribeAll,
  type AcceptedPath, type EncodedUpdate, type ProtocolReply, type SimProtocol, type SimSession,
} from './protocol.js';

/**
 * OKX v5 public WebSocket (`/ws/v5/public`), the subset the exchange actor
 * uses (okx.com/docs-v5, WebSocket > Order book channel, bbo-tbt):
 * - `{"op":"subscribe","args":[{"channel":"bbo-tbt","instId":"BTC-USDT"}]}`
 *   answered once per arg `{"event":"subscribe","arg":{..},"connId":".."}`;
 *   failures `{"event":"error","code":"600xx","msg":"..","connId":".."}`;
 * - the text `ping` answered with the text `pong` (the client pings when it has
 *   heard nothing for under 30 s);
 * - data `{"arg":{..},"data":[{"asks":[[px,sz,"0",orders]],"bids":[[..]],"ts":"ms","seqId":N}]}`,
 *   a full one-level book every time, `ts` a string and `seqId` a number.
 * Only the bbo-tbt channel is served; others get error 60018.
 */
export const kOkxDefaultPath = '/ws/v5/public';

export function createOkxProtocol(symbols: readonly SymbolSpec[]): SimProtocol {
  const byInstId = new Map(symbols.map((s) => [s.instId, s.index]));
  const heads = symbols.map((s) => `{"arg":{"channel":"bbo-tbt","instId":"${s.instId}"},"data":[{"asks":[["`);
  const argJson = symbols.map((s) => `{"channel":"bbo-tbt","instId":"${s.instId}"}`);
  let seqIds = initialSeqIds(symbols.length, 4_153_112_115);

  const event = (session: SimSession, ev: string, arg: string): string => `{"event":"${ev}","arg":${arg},"connId":"${session.connId}"}`;
  const error = (session: SimSession, code: string, msg: string): string =>
    `{"event":"error","code":"${code}","msg":${JSON.stringify(msg)},"connId":"${session.connId}"}`;

  return {
    exchange: 'okx',
    defaultPath: kOkxDefaultPath,
    routes: [kOkxDefaultPath],
    serverPingIntervalMs: 0,
    snapshotOnSubscribe: false,

    accept(path: string): AcceptedPath | undefined {
      return path === kOkxDefaultPath ? { symbols: [], combined: false } : undefined;
    },

    handleText(session: SimSession, text: string): ProtocolReply {
      if (text === 'ping') return reply(['pong']);
      const msg = tryParseJson(text);
      if (!isRecord(msg)) return reply([error(session, '60012', `Invalid request: ${text.slice(0, 100)}`)]);
      const { op, args } = msg;
      if ((op !== 'subscribe' && op !== 'unsubscribe') || !Array.isArray(args) || args.length === 0) {
        return reply([error(session, '60012', `Invalid request: ${text.slice(0, 100)}`)]);
      }
      const replies: string[] = [];
      const touched: number[] = [];
      for (const arg of args as unknown[]) {
        const channel = isRecord(arg) ? arg.channel : undefined;
        const instId = isRecord(arg) ? arg.instId : undefined;
        const idx = channel === 'bbo-tbt' && typeof instId === 'string' ? byInstId.get(instId) : undefined;
        if (idx === undefined) {
          replies.push(error(session, '60018', `Wrong URL or channel:${String(channel)},instId:${String(instId)} doesn't exist`));
          continue;
        }
        touched.push(idx);
        replies.push(event(session, op, argJson[idx]!));
      }
      return op === 'subscribe' ? reply(replies, subscribeAll(session, touched)) : reply(replies, [], unsubscribeAll(session, touched));
    },

    encode(symbol: number, q: Quote, timeMs: number): EncodedUpdate {
      const spec = symbols[symbol]!;
      const seqId = (seqIds[symbol] = seqIds[symbol]! + 1 + (q.bidLots % 5));
      const p = spec.priceDecimals;
      const z = spec.sizeDecimals;
      const main =
        `${heads[symbol]!}${formatScaled(q.askTicks, p, p)}","${formatScaled(q.askLots, z, z)}","0","${1 + (q.askLots % 23)}"]],` +
        `"bids":[["${formatScaled(q.bidTicks, p, p)}","${formatScaled(q.bidLots, z, z)}","0","${1 + (q.bidLots % 23)}"]],` +
        `"ts":"${Math.floor(timeMs)}","seqId":${seqId}}]}`;
      return { symbol, main, alt: undefined };
    },

    frameFor(_session: SimSession, update: EncodedUpdate): string {
      return update.main;
    },

    resetSequences(): void {
      // OKX documents seqId going backwards after maintenance.
      seqIds = initialSeqIds(symbols.length, 1_000);
    },

    unknownSymbolFrame(timeMs: number): string {
      return `{"arg":{"channel":"bbo-tbt","instId":"ZZZ-NOPE"},"data":[{"asks":[["1.1","1","0","1"]],"bids":[["1.0","1","0","1"]],"ts":"${Math.floor(timeMs)}","seqId":1}]}`;
    },

    wrongShapeFrame(symbol: number): string {
      return `{"arg":{"channel":"bbo-tbt","instId":"${symbols[symbol]!.instId}"},"data":[{"ts":"0"}]}`;
    },
  };
}

function initialSeqIds(n: number, base: number): Float64Array {
  return Float64Array.from({ length: n }, (_, i) => base + i * 1_000_003);
}

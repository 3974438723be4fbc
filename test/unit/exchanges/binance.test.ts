import { describe, expect, it } from 'vitest';
import { planConnections } from '../../../src/market/exchanges/base/plan-connections.js';
import { BinanceSpotFeed } from '../../../src/market/exchanges/binance/binance-spot-feed.js';
import { binanceToCanonical } from '../../../src/market/exchanges/binance/binance-symbols.js';
import { SymbolTable } from '../../../src/market/symbol-table.js';
import { readTick, writeTick } from '../../../src/market/tick-codec.js';
import { kFlagCrossed, kFlagNoExchangeTs, kTickRecordSize } from '../../../src/market/tick-layout.js';
import { snapshotOf } from './result-snapshot.js';

// Frames below are written in the format of Binance's "Web Socket Streams"
// documentation (spot): bookTicker payloads, the combined-stream wrapper and
// the answers to SUBSCRIBE requests.

const table = new SymbolTable(['BTC-USDT', 'ETH-USDT', 'BNB-USDT']);
const kBtc = 0;
const kBnb = 2;
const recvTs = 1_700_000_000_123_456;

function newParser() {
  return new BinanceSpotFeed(table).createParser();
}

describe('Binance spot bookTicker parser', () => {
  it('maps a raw-stream payload (the documented example) to a tick without exchange time', () => {
    const p = newParser();
    const frame = '{"u":400900217,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"}';
    expect(snapshotOf(p.parse(frame, recvTs))).toEqual({
      kind: 'ticks',
      seqCheck: 'first',
      exchangeSeq: 400900217,
      prevExchangeSeq: -1,
      ticks: [{
        kind: 0, exchangeId: 1, symbolId: kBnb,
        bid: 25.3519, ask: 25.3652, bidSize: 31.21, askSize: 40.66,
        exchangeTs: 0, recvTs, seq: 0, flags: kFlagNoExchangeTs,
      }],
    });
  });

  it('unwraps combined-stream frames and checks u per symbol', () => {
    const p = newParser();
    const f = (u: number, s: string, b: string, a: string) =>
      `{"stream":"${s.toLowerCase()}@bookTicker","data":{"u":${u},"s":"${s}","b":"${b}","B":"1.5","a":"${a}","A":"2.5"}}`;
    expect(snapshotOf(p.parse(f(100, 'BTCUSDT', '60000.01', '60000.02'), recvTs))).toMatchObject({
      kind: 'ticks', seqCheck: 'first', exchangeSeq: 100,
      ticks: [{ symbolId: kBtc, bid: 60000.01, ask: 60000.02, bidSize: 1.5, askSize: 2.5, seq: 0 }],
    });
    // Another symbol keeps its own sequence.
    expect(snapshotOf(p.parse(f(7, 'ETHUSDT', '3000', '3000.5'), recvTs))).toMatchObject({ seqCheck: 'first', exchangeSeq: 7 });
    // bookTicker ids skip (they count every book change): still in order.
    expect(snapshotOf(p.parse(f(105, 'BTCUSDT', '60000.00', '60000.02'), recvTs))).toMatchObject({
      kind: 'ticks', seqCheck: 'in_order', exchangeSeq: 105, prevExchangeSeq: 100, ticks: [{ bid: 60000, seq: 2 }],
    });
    // Going back is a stale update: rejected, not published over the newer quote.
    expect(snapshotOf(p.parse(f(104, 'BTCUSDT', '59000', '60000.02'), recvTs))).toEqual({
      kind: 'rejected', reason: 'stale_sequence', detail: 'u 104 <= 105 already applied for BTCUSDT', dataFrame: true,
    });
    expect(snapshotOf(p.parse(f(105, 'BTCUSDT', '59000', '60000.02'), recvTs))).toMatchObject({ reason: 'stale_sequence' });
    // The rejected frames consumed no seq.
    expect(snapshotOf(p.parse(f(106, 'BTCUSDT', '60000', '60000.02'), recvTs))).toMatchObject({ ticks: [{ seq: 3 }] });
  });

  it('recognises subscribe acks, list answers and error objects as control frames', () => {
    const p = newParser();
    expect(snapshotOf(p.parse('{"result":null,"id":1}', recvTs))).toEqual({ kind: 'control', control: 'ack', detail: 'id 1: result null' });
    expect(snapshotOf(p.parse('{"result":["btcusdt@bookTicker"],"id":3}', recvTs))).toEqual({
      kind: 'control', control: 'ack', detail: 'id 3: result an array of 1',
    });
    expect(snapshotOf(p.parse('{"code":2,"msg":"Invalid request: request ID must be an unsigned integer","id":null}', recvTs))).toEqual({
      kind: 'control', control: 'error', detail: 'id null: code 2: "Invalid request: request ID must be an u…"',
    });
    expect(snapshotOf(p.parse('{"error":{"code":3,"msg":"Invalid JSON"},"id":4}', recvTs))).toEqual({
      kind: 'control', control: 'error', detail: 'id 4: code 3: "Invalid JSON"',
    });
  });

  it('flags a crossed or locked book and keeps it', () => {
    const p = newParser();
    const r = p.parse('{"u":1,"s":"BTCUSDT","b":"60001","B":"1","a":"60000","A":"1"}', recvTs);
    expect(r.kind === 'ticks' && r.ticks.at(0).flags).toBe(kFlagCrossed | kFlagNoExchangeTs);
    const locked = p.parse('{"u":2,"s":"BTCUSDT","b":"60000","B":"1","a":"60000","A":"1"}', recvTs);
    expect(locked.kind === 'ticks' && locked.ticks.at(0).flags & kFlagCrossed).toBe(kFlagCrossed);
  });

  it('uses a futures-style event time E (ms) when present', () => {
    const p = newParser();
    const r = p.parse('{"e":"bookTicker","u":9,"E":1568014460893,"T":1568014460891,"s":"BTCUSDT","b":"1","B":"2","a":"3","A":"4"}', recvTs);
    expect(snapshotOf(r)).toMatchObject({ ticks: [{ exchangeTs: 1568014460893000, flags: 0 }] });
  });

  it('rejects bad frames with a closed reason and a precise detail', () => {
    const p = newParser();
    const cases: Array<[string, string, string]> = [
      ['{"u":1,"s":"XRPUSDT","b":"1","B":"1","a":"2","A":"1"}', 'unknown_symbol', 'symbol "XRPUSDT" (XRP-USDT) is not in the symbol table'],
      ['{"u":1,"s":"BTCUSDT","b":"0.00000000","B":"1","a":"2","A":"1"}', 'bad_number', 'b: "0.00000000" is not a positive decimal'],
      ['{"u":1,"s":"BTCUSDT","b":"NaN","B":"1","a":"2","A":"1"}', 'bad_number', 'b: "NaN" is not a positive decimal'],
      ['{"u":1,"s":"BTCUSDT","b":"1","B":"-1","a":"2","A":"1"}', 'bad_number', 'B: "-1" is not a positive decimal'],
      ['{"u":1,"s":"BTCUSDT","b":"1","B":"1","a":"0x10","A":"1"}', 'bad_number', 'a: "0x10" is not a positive decimal'],
      ['{"u":1,"s":"BTCUSDT","b":1,"B":"1","a":"2","A":"1"}', 'wrong_type', 'b: 1, expected a decimal string'],
      ['{"u":1,"s":"BTCUSDT","b":"1","B":"1","a":"2"}', 'missing_field', 'A: missing'],
      ['{"u":-1,"s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1"}', 'bad_number', 'u: -1 is not an integer >= 0'],
      ['{"u":"1","s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1"}', 'wrong_type', 'u: "1", expected an integer'],
      ['{"u":1,"b":"1","B":"1","a":"2","A":"1"}', 'missing_field', 's: missing'],
      ['{"stream":"btcusdt@trade","data":{"e":"trade","s":"BTCUSDT"}}', 'unknown_message', 'stream "btcusdt@trade" is not a bookTicker stream'],
      ['{"stream":"btcusdt@bookTicker","data":[1]}', 'wrong_type', 'data: an array of 1, expected an object'],
      ['{"e":"trade","s":"BTCUSDT","t":12345}', 'unknown_message', 'event "trade" is not bookTicker'],
      ['{"id":1}', 'unknown_message', 'neither a bookTicker payload nor a response'],
      ['[1,2,3]', 'unknown_message', 'top level is an array of 3, expected an object'],
      ['{"u":1,', 'not_json', 'not JSON: "{\\"u\\":1,"'],
    ];
    for (const [frame, reason, detail] of cases) {
      expect(snapshotOf(p.parse(frame, recvTs)), frame).toMatchObject({ kind: 'rejected', reason, detail });
    }
  });

  it('reads UTF-8 bytes and refuses binary or oversized frames', () => {
    const p = new BinanceSpotFeed(table).createParser({ maxFrameBytes: 200 });
    const text = '{"u":1,"s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1"}';
    expect(p.parse(Buffer.from(text), recvTs).kind).toBe('ticks');
    expect(snapshotOf(p.parse(Buffer.from(text), recvTs, true))).toMatchObject({ reason: 'binary_frame', detail: 'binary WebSocket frame' });
    expect(snapshotOf(p.parse(new Uint8Array([0x7b, 0xff, 0xfe, 0x7d]), recvTs))).toMatchObject({ reason: 'binary_frame' });
    expect(snapshotOf(p.parse(' '.repeat(201), recvTs))).toMatchObject({ reason: 'frame_too_large', detail: '201 bytes > maxFrameBytes 200' });
    expect(snapshotOf(p.parse(new Uint8Array(201), recvTs))).toMatchObject({ reason: 'frame_too_large' });
  });

  it('reset() forgets sequences and restarts the per-connection seq', () => {
    const p = newParser();
    const frame = '{"u":50,"s":"BTCUSDT","b":"1","B":"1","a":"2","A":"1"}';
    p.parse(frame, recvTs);
    expect(p.parse(frame, recvTs).kind).toBe('rejected');
    p.reset();
    expect(snapshotOf(p.parse(frame, recvTs))).toMatchObject({ seqCheck: 'first', ticks: [{ seq: 0 }] });
  });

  it('hands out ticks that tick-codec writes into a ring slot unchanged', () => {
    const p = newParser();
    const r = p.parse('{"u":1,"s":"ETHUSDT","b":"3000.5","B":"0.25","a":"3001","A":"4"}', recvTs);
    if (r.kind !== 'ticks') throw new Error('expected ticks');
    const view = new DataView(new ArrayBuffer(kTickRecordSize * 2));
    writeTick(view, kTickRecordSize, r.ticks.at(0));
    expect(readTick(view, kTickRecordSize)).toEqual(r.ticks.toArray()[0]);
  });
});

describe('Binance spot feed', () => {
  it('describes streams, URLs, SUBSCRIBE requests and the connection rules', () => {
    const feed = new BinanceSpotFeed(table);
    expect(feed.topicOf(kBtc)).toBe('btcusdt@bookTicker');
    expect(feed.connectUrl('wss://stream.binance.com:9443')).toBe('wss://stream.binance.com:9443/ws');
    expect(feed.connectUrl('ws://127.0.0.1:9000/')).toBe('ws://127.0.0.1:9000/ws');
    expect(new BinanceSpotFeed(table, { streams: 'combined' }).connectUrl('ws://127.0.0.1:9000')).toBe('ws://127.0.0.1:9000/stream');
    expect(feed.subscribeMessage(['btcusdt@bookTicker', 'ethusdt@bookTicker'], 7)).toBe(
      '{"method":"SUBSCRIBE","params":["btcusdt@bookTicker","ethusdt@bookTicker"],"id":7}',
    );
    expect(feed.keepalive).toEqual({ kind: 'answer-server-pings', serverPingEveryMs: 20_000, pongWithinMs: 60_000 });
    expect(feed.limits.maxOutgoingMessagesPerSecond).toBe(5);
    expect(feed.limits.maxTopicsPerConnection).toBe(1024);
    expect(feed.limits.maxConnectionMs).toBeLessThan(24 * 3_600_000);
    expect(() => new BinanceSpotFeed(table, { streams: 'both' as 'raw' })).toThrow('exchanges.binance.streams: "both" is not one of raw, combined');
  });

  it('splits 1100 symbols over two connections and chunks their SUBSCRIBE requests', () => {
    const names = Array.from({ length: 1100 }, (_, i) => `C${i}-USDT`);
    const feed = new BinanceSpotFeed(new SymbolTable(names));
    const plans = planConnections(feed, names.map((_, i) => i));
    expect(plans.map((c) => c.symbolIds.length)).toEqual([1024, 76]);
    expect(plans.map((c) => c.subscribeMessages.length)).toEqual([6, 1]);
    const first = JSON.parse(plans[0]!.subscribeMessages[0]!) as { params: string[]; id: number };
    expect(first.params).toHaveLength(200);
    expect(first.params[0]).toBe('c0usdt@bookTicker');
    // Request ids run across the whole plan, so every ack can be matched.
    expect(plans.flatMap((c) => c.subscribeMessages.map((m) => (JSON.parse(m) as { id: number }).id))).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(plans[1]!.url).toBe('wss://stream.binance.com:9443/ws');
  });

  it('maps Binance spellings to canonical names', () => {
    expect(binanceToCanonical('btcusdt')).toBe('BTC-USDT');
    expect(binanceToCanonical('ETHBTC')).toBe('ETH-BTC');
    expect(binanceToCanonical('ETHBUSD')).toBe('ETH-BUSD');
    expect(binanceToCanonical('USDT')).toBeUndefined();
    expect(new BinanceSpotFeed(table).symbols.idOf('BNBUSDT')).toBe(kBnb);
  });
});

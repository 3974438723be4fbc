import { describe, expect, it } from 'vitest';
import { planConnections } from '../../../src/market/exchanges/base/plan-connections.js';
import { BybitSpotFeed } from '../../../src/market/exchanges/bybit/bybit-spot-feed.js';
import { bybitToCanonical } from '../../../src/market/exchanges/bybit/bybit-symbols.js';
import { SymbolTable } from '../../../src/market/symbol-table.js';
import { kFlagCrossed, kFlagReset } from '../../../src/market/tick-layout.js';
import { snapshotOf } from './result-snapshot.js';

// Frames below follow Bybit's v5 public WebSocket documentation for spot:
// orderbook.1 snapshot and delta pushes, op answers, ping/pong.

const table = new SymbolTable(['BTC-USDT', 'ETH-USDT']);
const kBtc = 0;
const kEth = 1;
const recvTs = 1_700_000_000_000_001;

function push(type: 'snapshot' | 'delta', u: number, sides: { b?: string[][]; a?: string[][] }, s = 'BTCUSDT', ts = 1671179923028): string {
  const data: Record<string, unknown> = { s };
  if (sides.b !== undefined) data.b = sides.b;
  if (sides.a !== undefined) data.a = sides.a;
  data.u = u;
  data.seq = 22520573250 + u;
  return JSON.stringify({ topic: `orderbook.1.${s}`, type, ts, data, cts: ts - 3 });
}

function newParser() {
  return new BybitSpotFeed(table).createParser();
}

describe('Bybit v5 orderbook.1 parser', () => {
  it('publishes a snapshot, then keeps the side a delta leaves out', () => {
    const p = newParser();
    expect(snapshotOf(p.parse(push('snapshot', 13079592, { b: [['17440.00', '40.833']], a: [['17440.50', '78.815']] }), recvTs))).toEqual({
      kind: 'ticks',
      seqCheck: 'first',
      exchangeSeq: 13079592,
      prevExchangeSeq: -1,
      ticks: [{
        kind: 0, exchangeId: 2, symbolId: kBtc,
        bid: 17440, ask: 17440.5, bidSize: 40.833, askSize: 78.815,
        exchangeTs: 1671179923028000, recvTs, seq: 0, flags: 0,
      }],
    });
    // The documented delta shape: "b": [] and a new ask.
    expect(snapshotOf(p.parse(push('delta', 13079593, { b: [], a: [['17440.50', '78.857']] }), recvTs))).toMatchObject({
      kind: 'ticks', seqCheck: 'in_order', exchangeSeq: 13079593, prevExchangeSeq: 13079592,
      ticks: [{ bid: 17440, bidSize: 40.833, ask: 17440.5, askSize: 78.857, seq: 1 }],
    });
    // A delta that omits the ask key altogether.
    expect(snapshotOf(p.parse(push('delta', 13079594, { b: [['17440.10', '1.5']] }), recvTs))).toMatchObject({
      seqCheck: 'in_order', ticks: [{ bid: 17440.1, bidSize: 1.5, ask: 17440.5, askSize: 78.857 }],
    });
  });

  it('replaces a deleted top with the level sent alongside it, and goes one-sided without one', () => {
    const p = newParser();
    p.parse(push('snapshot', 10, { b: [['100', '1']], a: [['101', '2']] }), recvTs);
    expect(snapshotOf(p.parse(push('delta', 11, { b: [['100', '0'], ['99.5', '3']] }), recvTs))).toMatchObject({
      ticks: [{ bid: 99.5, bidSize: 3, ask: 101 }],
    });
    // Deleting a price that is not the top changes nothing.
    expect(snapshotOf(p.parse(push('delta', 12, { b: [['98', '0']] }), recvTs))).toMatchObject({ ticks: [{ bid: 99.5 }] });
    // Deleting the top alone empties the side: no tick until it is refilled.
    expect(snapshotOf(p.parse(push('delta', 13, { b: [['99.5', '0']] }), recvTs))).toEqual({
      kind: 'rejected', reason: 'one_sided_book', detail: 'BTCUSDT has no bid after u 13', dataFrame: true,
    });
    expect(snapshotOf(p.parse(push('delta', 14, { a: [['101.5', '1']] }), recvTs))).toMatchObject({ reason: 'one_sided_book' });
    expect(snapshotOf(p.parse(push('delta', 15, { b: [['99', '4']] }), recvTs))).toMatchObject({
      kind: 'ticks', seqCheck: 'in_order', ticks: [{ bid: 99, bidSize: 4, ask: 101.5, askSize: 1 }],
    });
  });

  it('signals gaps, repeats, stale deltas and the u=1 service restart', () => {
    const p = newParser();
    p.parse(push('snapshot', 500, { b: [['100', '1']], a: [['101', '1']] }), recvTs);
    expect(snapshotOf(p.parse(push('delta', 503, { a: [['100.5', '1']] }), recvTs))).toMatchObject({
      kind: 'ticks', seqCheck: 'gap', exchangeSeq: 503, prevExchangeSeq: 500, ticks: [{ ask: 100.5 }],
    });
    expect(snapshotOf(p.parse(push('delta', 502, { a: [['109', '1']] }), recvTs))).toEqual({
      kind: 'rejected', reason: 'stale_sequence', detail: 'delta u 502 <= 503 already applied for BTCUSDT', dataFrame: true,
    });
    // After 3 s without change Bybit re-sends the snapshot with the same u.
    expect(snapshotOf(p.parse(push('snapshot', 503, { b: [['100', '1']], a: [['100.5', '1']] }), recvTs))).toMatchObject({
      kind: 'ticks', seqCheck: 'repeat', ticks: [{ ask: 100.5, flags: 0 }],
    });
    // Service restart: u = 1, the book is overwritten and the tick flagged.
    expect(snapshotOf(p.parse(push('snapshot', 1, { b: [['95', '2']], a: [['96', '2']] }), recvTs))).toMatchObject({
      kind: 'ticks', seqCheck: 'reset', exchangeSeq: 1, prevExchangeSeq: 503,
      ticks: [{ bid: 95, ask: 96, flags: kFlagReset }],
    });
    expect(snapshotOf(p.parse(push('delta', 2, { b: [['95.5', '1']] }), recvTs))).toMatchObject({
      seqCheck: 'in_order', ticks: [{ bid: 95.5, ask: 96, flags: 0 }],
    });
    // A snapshot that moves u backwards (not to 1) also overwrites, flagged;
    // one that leaves a side out empties it.
    p.parse(push('delta', 40, { a: [['96.5', '1']] }), recvTs);
    expect(snapshotOf(p.parse(push('snapshot', 30, { b: [['90', '1']], a: [['91', '1']] }), recvTs))).toMatchObject({
      seqCheck: 'reset', prevExchangeSeq: 40, ticks: [{ bid: 90, ask: 91, flags: kFlagReset }],
    });
    expect(snapshotOf(p.parse(push('snapshot', 31, { b: [['90', '1']] }), recvTs))).toMatchObject({ reason: 'one_sided_book' });
  });

  it('needs a snapshot before deltas, per symbol', () => {
    const p = newParser();
    expect(snapshotOf(p.parse(push('delta', 8, { b: [['1', '1']], a: [['2', '1']] }), recvTs))).toEqual({
      kind: 'rejected', reason: 'no_snapshot', detail: 'delta u 8 for BTCUSDT before its snapshot', dataFrame: true,
    });
    p.parse(push('snapshot', 9, { b: [['1', '1']], a: [['2', '1']] }), recvTs);
    expect(snapshotOf(p.parse(push('delta', 1, { b: [['3000', '1']] }, 'ETHUSDT'), recvTs))).toMatchObject({ reason: 'no_snapshot' });
    expect(snapshotOf(p.parse(push('snapshot', 77, { b: [['3000', '1']], a: [['2999', '1']] }, 'ETHUSDT'), recvTs))).toMatchObject({
      kind: 'ticks', seqCheck: 'first', ticks: [{ symbolId: kEth, flags: kFlagCrossed }],
    });
    p.reset();
    expect(snapshotOf(p.parse(push('delta', 10, { b: [['1', '1']] }), recvTs))).toMatchObject({ reason: 'no_snapshot' });
  });

  it('recognises op answers and pongs as control frames', () => {
    const p = newParser();
    const cases: Array<[string, string, string]> = [
      ['{"success":true,"ret_msg":"","conn_id":"cejreaspqfh3sjdnldmg-p","req_id":"1","op":"subscribe"}', 'ack', 'subscribe req_id "1"'],
      ['{"success":false,"ret_msg":"error:handler not found","conn_id":"x","req_id":"2","op":"subscribe"}', 'error', 'subscribe req_id "2": "error:handler not found"'],
      ['{"success":true,"ret_msg":"","conn_id":"x","op":"unsubscribe"}', 'ack', 'unsubscribe req_id nothing'],
      ['{"success":true,"ret_msg":"pong","conn_id":"0970e817-426e-429a-a679-ff7f55e0b16a","op":"ping"}', 'pong', 'req_id nothing'],
      ['{"req_id":"100001","op":"pong","args":["1675418560633"],"conn_id":"cfcb4ocsvfriu23r3er0-1b"}', 'pong', 'req_id "100001"'],
      ['{"op":"ping"}', 'ping', 'req_id nothing'],
    ];
    for (const [frame, control, detail] of cases) {
      expect(snapshotOf(p.parse(frame, recvTs)), frame).toEqual({ kind: 'control', control, detail });
    }
  });

  it('rejects bad frames without touching the book', () => {
    const p = newParser();
    p.parse(push('snapshot', 1, { b: [['100', '1']], a: [['101', '1']] }), recvTs);
    const cases: Array<[string, string, string]> = [
      ['{"topic":"orderbook.50.BTCUSDT","type":"delta","ts":1,"data":{}}', 'unknown_message', 'topic "orderbook.50.BTCUSDT" is not orderbook.1'],
      ['{"topic":"orderbook.1.BTCUSDT","type":"update","ts":1,"data":{}}', 'unknown_message', 'type "update" is neither snapshot nor delta'],
      ['{"topic":"orderbook.1.BTCUSDT","ts":1,"data":{}}', 'missing_field', 'type: missing'],
      [push('delta', 2, { b: [['99', '1']] }).replace('"s":"BTCUSDT"', '"s":"ETHUSDT"'), 'unknown_message', 'topic "orderbook.1.BTCUSDT" does not match data.s "ETHUSDT"'],
      [push('snapshot', 2, { b: [['1', '1']], a: [['2', '1']] }, 'SOLUSDT'), 'unknown_symbol', 'symbol "SOLUSDT" (SOL-USDT) is not in the symbol table'],
      [push('delta', 2, { b: [['99', '1'], ['98', 'NaN']] }), 'bad_number', 'data.b[][1]: "NaN" is not a non-negative decimal'],
      [push('delta', 2, { b: [['-99', '1']] }), 'bad_number', 'data.b[][0]: "-99" is not a positive decimal'],
      [push('delta', 2, { a: [['99']] }), 'wrong_type', 'data.a[]: an array of 1, expected [price, size]'],
      [push('delta', 2, {}).replace('"u":2', '"u":2.5'), 'bad_number', 'data.u: 2.5 is not an integer >= 0'],
      ['{"topic":"orderbook.1.BTCUSDT","type":"delta","ts":"1","data":{}}', 'wrong_type', 'ts: "1", expected an integer'],
      ['{"topic":"orderbook.1.BTCUSDT","type":"delta","ts":1,"data":{"s":"BTCUSDT","b":{"0":["1","1"]},"u":2}}', 'wrong_type', 'data.b: an object, expected an array'],
      ['{"topic":7}', 'wrong_type', 'topic: 7, expected a string'],
      ['{"success":true}', 'unknown_message', 'neither a topic message nor an op answer (op nothing)'],
    ];
    for (const [frame, reason, detail] of cases) {
      expect(snapshotOf(p.parse(frame, recvTs)), frame).toMatchObject({ kind: 'rejected', reason, detail });
    }
    expect(snapshotOf(p.parse(push('delta', 2, { a: [['100.5', '1']] }), recvTs))).toMatchObject({
      kind: 'ticks', seqCheck: 'in_order', ticks: [{ bid: 100, bidSize: 1, ask: 100.5, seq: 1 }],
    });
  });
});

describe('Bybit spot feed', () => {
  it('describes topics, subscribe requests of at most 10 args and the 20 s ping', () => {
    const names = Array.from({ length: 25 }, (_, i) => `C${i}-USDT`);
    const feed = new BybitSpotFeed(new SymbolTable(names));
    expect(feed.topicOf(3)).toBe('orderbook.1.C3USDT');
    expect(feed.connectUrl('ws://127.0.0.1:9001/v5/public/spot')).toBe('ws://127.0.0.1:9001/v5/public/spot');
    expect(feed.subscribeMessage(['orderbook.1.BTCUSDT'], 5)).toBe('{"req_id":"5","op":"subscribe","args":["orderbook.1.BTCUSDT"]}');
    expect(feed.keepalive).toEqual({ kind: 'send-text-pings', message: '{"op":"ping"}', everyMs: 20_000, onlyWhenIdle: false, pongWithinMs: 10_000 });
    const plans = planConnections(feed, names.map((_, i) => i));
    expect(plans).toHaveLength(1);
    expect(plans[0]!.subscribeMessages.map((m) => (JSON.parse(m) as { args: string[] }).args.length)).toEqual([10, 10, 5]);
  });

  it('maps Bybit spellings to canonical names', () => {
    expect(bybitToCanonical('BTCUSDT')).toBe('BTC-USDT');
    expect(bybitToCanonical('ETHUSDC')).toBe('ETH-USDC');
    expect(new BybitSpotFeed(table).symbols.idOf('ETHUSDT')).toBe(kEth);
  });
});

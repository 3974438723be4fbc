import { describe, expect, it } from 'vitest';
import { planConnections } from '../../../src/market/exchanges/base/plan-connections.js';
import { OkxPublicFeed } from '../../../src/market/exchanges/okx/okx-public-feed.js';
import { okxToCanonical } from '../../../src/market/exchanges/okx/okx-symbols.js';
import { SymbolTable } from '../../../src/market/symbol-table.js';
import { kFlagReset } from '../../../src/market/tick-layout.js';
import { snapshotOf } from './result-snapshot.js';

// Frames below follow OKX's API v5 public WebSocket documentation: bbo-tbt
// pushes, subscribe/error/notice events, the text ping/pong.

const table = new SymbolTable(['BTC-USDT', 'ETH-USDT']);
const kBtc = 0;
const recvTs = 1_700_000_000_000_002;

function push(instId: string, entries: Array<{ ask: string[]; bid: string[]; ts: string; seqId?: number }>): string {
  const data = entries.map((e) => ({ asks: [e.ask], bids: [e.bid], ts: e.ts, ...(e.seqId === undefined ? {} : { seqId: e.seqId }) }));
  return JSON.stringify({ arg: { channel: 'bbo-tbt', instId }, data });
}

function newParser() {
  return new OkxPublicFeed(table).createParser();
}

describe('OKX bbo-tbt parser', () => {
  it('maps a push (the documented shape) to a tick', () => {
    const p = newParser();
    const frame = '{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"data":[{"asks":[["36232.2","1.8826134","0","17"]],"bids":[["36232.1","0.00572212","0","2"]],"ts":"1651826598363","seqId":363996337}]}';
    expect(snapshotOf(p.parse(frame, recvTs))).toEqual({
      kind: 'ticks',
      seqCheck: 'first',
      exchangeSeq: 363996337,
      prevExchangeSeq: -1,
      ticks: [{
        kind: 0, exchangeId: 3, symbolId: kBtc,
        bid: 36232.1, ask: 36232.2, bidSize: 0.00572212, askSize: 1.8826134,
        exchangeTs: 1651826598363000, recvTs, seq: 0, flags: 0,
      }],
    });
  });

  it('follows seqId: rising, unchanged, and reset by maintenance', () => {
    const p = newParser();
    const f = (seqId: number | undefined, bid: string) => push('BTC-USDT', [{ ask: ['101', '1', '0', '1'], bid: [bid, '1', '0', '1'], ts: '1700000000000', seqId }]);
    p.parse(f(1000, '100'), recvTs);
    expect(snapshotOf(p.parse(f(1013, '100.5'), recvTs))).toMatchObject({
      seqCheck: 'in_order', exchangeSeq: 1013, prevExchangeSeq: 1000, ticks: [{ bid: 100.5, seq: 1 }],
    });
    expect(snapshotOf(p.parse(f(1013, '100.5'), recvTs))).toMatchObject({ seqCheck: 'repeat' });
    expect(snapshotOf(p.parse(f(7, '99'), recvTs))).toMatchObject({
      seqCheck: 'reset', exchangeSeq: 7, prevExchangeSeq: 1013, ticks: [{ bid: 99, flags: kFlagReset }],
    });
    expect(snapshotOf(p.parse(f(8, '99'), recvTs))).toMatchObject({ seqCheck: 'in_order', ticks: [{ flags: 0 }] });
    // An entry without seqId (older pushes) has nothing to check and leaves the last one alone.
    expect(snapshotOf(p.parse(f(undefined, '98'), recvTs))).toMatchObject({ seqCheck: 'none', exchangeSeq: 8, ticks: [{ bid: 98 }] });
    expect(snapshotOf(p.parse(f(9, '98'), recvTs))).toMatchObject({ seqCheck: 'in_order', prevExchangeSeq: 8 });
  });

  it('turns every data entry into a tick and reports the worst sequence check', () => {
    const p = newParser();
    p.parse(push('ETH-USDT', [{ ask: ['3001', '1'], bid: ['3000', '1'], ts: '1', seqId: 50 }]), recvTs);
    const r = p.parse(push('ETH-USDT', [
      { ask: ['3001', '2'], bid: ['3000', '1'], ts: '2', seqId: 51 },
      { ask: ['3001', '3'], bid: ['3000', '1'], ts: '3', seqId: 40 },
    ]), recvTs);
    expect(snapshotOf(r)).toMatchObject({
      kind: 'ticks', seqCheck: 'reset', exchangeSeq: 40, prevExchangeSeq: 50,
      ticks: [{ askSize: 2, exchangeTs: 2000, seq: 1, flags: 0 }, { askSize: 3, exchangeTs: 3000, seq: 2, flags: kFlagReset }],
    });
  });

  it('recognises pong, ping and events as control frames', () => {
    const p = newParser();
    const cases: Array<[string | Buffer, string, string]> = [
      ['pong', 'pong', 'pong'],
      [Buffer.from('pong'), 'pong', 'pong'],
      ['ping', 'ping', 'ping'],
      ['{"event":"subscribe","arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"connId":"a4d3ae55"}', 'ack', 'subscribe "bbo-tbt" "BTC-USDT"'],
      ['{"event":"unsubscribe","arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"connId":"a4d3ae55"}', 'ack', 'unsubscribe "bbo-tbt" "BTC-USDT"'],
      ['{"event":"error","code":"60012","msg":"Invalid request: {\\"op\\": \\"subscribe\\"}","connId":"a4d3ae55"}', 'error', 'error code "60012": "Invalid request: {\\"op\\": \\"subscribe\\"}"'],
      ['{"event":"notice","code":"64008","msg":"The connection will soon be closed for a service upgrade. Please reconnect.","connId":"a4d3ae55"}', 'notice', 'notice code "64008": "The connection will soon be closed for a…"'],
      ['{"event":"channel-conn-count","channel":"bbo-tbt","connCount":"2","connId":"abcd1234"}', 'notice', 'channel-conn-count "bbo-tbt" connCount "2"'],
    ];
    for (const [frame, control, detail] of cases) {
      expect(snapshotOf(p.parse(frame, recvTs)), String(frame)).toEqual({ kind: 'control', control, detail });
    }
  });

  it('rejects bad frames and keeps the sequence it had', () => {
    const p = newParser();
    p.parse(push('BTC-USDT', [{ ask: ['101', '1'], bid: ['100', '1'], ts: '1', seqId: 10 }]), recvTs);
    const ok = { ask: ['101', '1'], bid: ['100', '1'], ts: '1', seqId: 11 };
    const cases: Array<[string, string, string]> = [
      ['{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"data":[{"asks":[],"bids":[["100","1","0","1"]],"ts":"1","seqId":12}]}', 'one_sided_book', 'BTC-USDT has no ask'],
      ['{"arg":{"channel":"bbo-tbt","instId":"BTC-USDT"},"data":[]}', 'missing_field', 'data: empty'],
      ['{"arg":{"channel":"books5","instId":"BTC-USDT"},"data":[]}', 'unknown_message', 'channel "books5" is not bbo-tbt'],
      [push('BTC-USDT-SWAP', [ok]), 'unknown_symbol', 'symbol "BTC-USDT-SWAP" is not in the symbol table'],
      [push('SOL-USDT', [ok]), 'unknown_symbol', 'symbol "SOL-USDT" (SOL-USDT) is not in the symbol table'],
      [push('BTC-USDT', [{ ...ok, ask: ['101'] }]), 'wrong_type', 'data[].asks[0]: an array of 1, expected [price, size, "0", orders]'],
      [push('BTC-USDT', [{ ...ok, bid: ['1e400', '1'] }]), 'bad_number', 'data[].bids[0][0]: "1e400" is not a positive decimal'],
      [push('BTC-USDT', [{ ...ok, ts: '17x' }]), 'bad_number', 'data[].ts: "17x" is not a time in ms'],
      [push('BTC-USDT', [ok]).replace('"seqId":11', '"seqId":"11"'), 'wrong_type', 'data[].seqId: "11", expected an integer'],
      // A bad second entry rejects the whole frame: the first is not published either.
      [push('BTC-USDT', [ok, { ...ok, seqId: 12, ask: ['0', '1'] }]), 'bad_number', 'data[].asks[0][0]: "0" is not a positive decimal'],
      ['{"event":"login","code":"0"}', 'unknown_message', 'event "login"'],
      ['{"event":1}', 'wrong_type', 'event: 1, expected a string'],
      ['{"data":[]}', 'unknown_message', 'neither an event nor a push (no arg)'],
      ['PONG', 'not_json', 'not JSON: "PONG"'],
    ];
    for (const [frame, reason, detail] of cases) {
      expect(snapshotOf(p.parse(frame, recvTs)), frame).toMatchObject({ kind: 'rejected', reason, detail });
    }
    expect(snapshotOf(p.parse(push('BTC-USDT', [ok]), recvTs))).toMatchObject({
      kind: 'ticks', seqCheck: 'in_order', prevExchangeSeq: 10, ticks: [{ seq: 1 }],
    });
  });

  it('rejects a frame with more entries than maxTicksPerFrame and rolls back its seqs', () => {
    const p = new OkxPublicFeed(table).createParser({ maxTicksPerFrame: 2 });
    const e = { ask: ['101', '1'], bid: ['100', '1'], ts: '1' };
    expect(snapshotOf(p.parse(push('BTC-USDT', [e, e, e]), recvTs))).toMatchObject({ reason: 'too_many_ticks', detail: 'more than 2 ticks in one frame' });
    expect(snapshotOf(p.parse(push('BTC-USDT', [e, e]), recvTs))).toMatchObject({ ticks: [{ seq: 0 }, { seq: 1 }] });
  });
});

describe('OKX public feed', () => {
  it('describes subscribe args, the idle text ping and chunking', () => {
    const names = Array.from({ length: 230 }, (_, i) => `C${i}-USDT`);
    const feed = new OkxPublicFeed(new SymbolTable(names));
    expect(feed.topicOf(0)).toBe('C0-USDT');
    expect(feed.subscribeMessage(['BTC-USDT', 'ETH-USDT'], 1)).toBe(
      '{"op":"subscribe","args":[{"channel":"bbo-tbt","instId":"BTC-USDT"},{"channel":"bbo-tbt","instId":"ETH-USDT"}]}',
    );
    expect(feed.keepalive).toEqual({ kind: 'send-text-pings', message: 'ping', everyMs: 25_000, onlyWhenIdle: true, pongWithinMs: 25_000 });
    expect(feed.keepalive.kind === 'send-text-pings' && feed.keepalive.everyMs).toBeLessThan(30_000);
    const plans = planConnections(feed, names.map((_, i) => i), 'ws://127.0.0.1:9002/ws/v5/public');
    expect(plans.map((c) => c.subscribeMessages.length)).toEqual([4, 1]);
    expect(plans[0]!.url).toBe('ws://127.0.0.1:9002/ws/v5/public');
  });

  it('takes spot instIds as canonical names', () => {
    expect(okxToCanonical('BTC-USDT')).toBe('BTC-USDT');
    expect(okxToCanonical('BTC-USDT-SWAP')).toBeUndefined();
  });
});

import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../actors/simulator/simulator-server.js';
import type { SimulatorOptionsInput } from '../../../actors/simulator/simulator-options.js';
import { ConnectRefused, isData, WsProbe } from './ws-probe.js';

// Each venue's protocol subset, spoken by the real simulator to the real `ws`
// client over 127.0.0.1. Frames are checked field by field against the
// venue's documented shape.

const kSymbols = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT'];
const decimal = /^\d+\.\d+$/;
const eightDecimals = /^\d+\.\d{8}$/;

let sim: SimulatorHandle | undefined;
const probes: WsProbe[] = [];

async function start(options: Partial<SimulatorOptionsInput> = {}): Promise<SimulatorHandle> {
  sim = await startSimulator({ symbols: kSymbols, rate: 400, ...options });
  return sim;
}

async function connect(url: string): Promise<WsProbe> {
  const p = await WsProbe.open(url);
  probes.push(p);
  return p;
}

afterEach(async () => {
  await Promise.all(probes.splice(0).map((p) => p.close()));
  await sim?.stop();
  sim = undefined;
});

describe('binance', () => {
  it('answers SUBSCRIBE with result null and sends bookTicker frames for the subscribed symbol only', async () => {
    const s = await start();
    const c = await connect(s.urls.binance! + '/ws');
    c.send({ method: 'SUBSCRIBE', params: ['btcusdt@bookTicker'], id: 1 });
    expect(await c.nextText((t) => t.includes('"id":1'), 'ack')).toBe('{"result":null,"id":1}');

    await c.until(() => c.texts.length >= 30, '30 frames');
    const frames = c.json().filter((m) => (m as { u?: unknown }).u !== undefined) as Record<string, unknown>[];
    expect(frames.length).toBeGreaterThanOrEqual(29);
    for (const f of frames) {
      expect(Object.keys(f)).toEqual(['u', 's', 'b', 'B', 'a', 'A']);
      expect(f.s).toBe('BTCUSDT');
      expect(typeof f.u).toBe('number');
      for (const k of ['b', 'B', 'a', 'A']) expect(f[k]).toMatch(eightDecimals);
      expect(Number(f.b)).toBeLessThan(Number(f.a));
      expect(Number(f.b)).toBeGreaterThan(30_000);
    }
    const ids = frames.map((f) => f.u as number);
    expect([...ids].sort((a, b) => a - b)).toEqual(ids);

    c.send({ method: 'LIST_SUBSCRIPTIONS', id: 'list7' });
    expect(await c.nextText((t) => t.includes('"list7"'), 'list')).toBe('{"result":["btcusdt@bookTicker"],"id":"list7"}');
  });

  it('answers bad requests with the documented error codes', async () => {
    const s = await start({ rate: 0 });
    const c = await connect(s.urls.binance! + '/ws');
    c.send('not json');
    expect(JSON.parse(await c.nextText((t) => t.includes('"code":3'), 'invalid JSON error'))).toMatchObject({ code: 3 });
    c.send({ method: 'SUBSCRIBE', params: ['btcusdt@bookTicker'], id: 1.5 });
    expect(await c.nextText((t) => t.includes('request ID'), 'bad id')).toContain('"code":2');
    c.send({ method: 'FROB', id: 9 });
    expect(JSON.parse(await c.nextText((t) => t.includes('unknown variant'), 'bad method'))).toMatchObject({ code: 2, id: 9 });
  });

  it('serves a raw stream from the /ws/<stream> path without any request', async () => {
    const s = await start();
    const c = await connect(s.urls.binance! + '/ws/ethusdt@bookTicker');
    await c.until(() => c.texts.length >= 5, '5 frames');
    for (const f of c.json()) expect(f).toMatchObject({ s: 'ETHUSDT' });
  });

  it('wraps combined-stream frames as {"stream","data"} on /stream?streams=a/b', async () => {
    const s = await start();
    const c = await connect(s.urls.binance! + '/stream?streams=btcusdt@bookTicker/solusdt@bookTicker');
    await c.until(() => c.texts.length >= 20, '20 frames');
    const seen = new Set<string>();
    for (const m of c.json() as { stream: string; data: Record<string, unknown> }[]) {
      expect(Object.keys(m)).toEqual(['stream', 'data']);
      expect(m.stream).toBe(`${(m.data.s as string).toLowerCase()}@bookTicker`);
      expect(m.data.b).toMatch(eightDecimals);
      seen.add(m.data.s as string);
    }
    expect([...seen].sort()).toEqual(['BTCUSDT', 'SOLUSDT']);
  });

  it('pings the client on its own cadence, and the ws client pongs', async () => {
    const s = await start({ rate: 0, binancePingIntervalMs: 20 });
    const c = await connect(s.urls.binance! + '/ws');
    await c.until(() => c.pings >= 3, 'three server pings');
    expect(s.stats().exchanges.binance!.pingsSent).toBeGreaterThanOrEqual(3);
  });

  it('answers an unknown path with 404', async () => {
    const s = await start({ rate: 0 });
    const err = await WsProbe.open(s.urls.binance! + '/nope').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectRefused);
    expect((err as ConnectRefused).status).toBe(404);
  });
});

describe('bybit', () => {
  it('acks subscribe, sends a snapshot first, then orderbook.1 frames for that symbol only', async () => {
    const s = await start();
    const c = await connect(s.urls.bybit!);
    c.send({ op: 'subscribe', args: ['orderbook.1.ETHUSDT'], req_id: 'r1' });
    const ack = JSON.parse(await c.nextText(isData((m) => m.op === 'subscribe'), 'ack'));
    expect(ack).toEqual({ success: true, ret_msg: 'subscribe', conn_id: expect.any(String), req_id: 'r1', op: 'subscribe' });

    await c.until(() => c.texts.length >= 20, '20 frames');
    const frames = c.json().filter((m) => (m as { topic?: unknown }).topic !== undefined) as Record<string, any>[];
    expect(frames[0]!.type).toBe('snapshot');
    for (const f of frames) {
      expect(Object.keys(f)).toEqual(['topic', 'type', 'ts', 'data', 'cts']);
      expect(f.topic).toBe('orderbook.1.ETHUSDT');
      expect(f.type).toBe('snapshot'); // level-1 spot is snapshot-only (Bybit docs)
      expect(Object.keys(f.data)).toEqual(['s', 'b', 'a', 'u', 'seq']);
      expect(f.data.s).toBe('ETHUSDT');
      const [[bp, bq]] = f.data.b;
      const [[ap, aq]] = f.data.a;
      for (const v of [bp, bq, ap, aq]) expect(v).toMatch(decimal);
      expect(Number(bp)).toBeLessThan(Number(ap));
      expect(f.cts).toBeLessThanOrEqual(f.ts);
    }
    const us = frames.map((f) => f.data.u as number);
    expect(us.slice(1)).toEqual(us.slice(1).map((_, i) => us[1]! + i)); // contiguous after the first snapshot
  });

  it('answers op ping with a pong, and rejects unknown symbols and over-long args', async () => {
    const s = await start({ rate: 0 });
    const c = await connect(s.urls.bybit!);
    c.send({ op: 'ping' });
    expect(JSON.parse(await c.nextText(isData((m) => m.op === 'ping'), 'pong'))).toEqual({
      success: true, ret_msg: 'pong', conn_id: expect.any(String), op: 'ping',
    });
    c.send({ op: 'subscribe', args: ['orderbook.1.NOPEUSDT'] });
    expect(JSON.parse(await c.nextText(isData((m) => m.op === 'subscribe'), 'nack'))).toMatchObject({ success: false, op: 'subscribe' });
    c.send({ op: 'subscribe', args: Array.from({ length: 11 }, () => 'orderbook.1.BTCUSDT'), req_id: 'big' });
    expect(JSON.parse(await c.nextText(isData((m) => m.req_id === 'big'), 'args limit'))).toMatchObject({ success: false });
    expect(s.stats().exchanges.bybit!.subscriptions).toBe(0);
  });

  it('sends to every connection subscribed to a symbol, including from inside a subscribe', async () => {
    const s = await start();
    const a = await connect(s.urls.bybit!);
    const b = await connect(s.urls.bybit!);
    a.send({ op: 'subscribe', args: ['orderbook.1.BTCUSDT'] });
    await a.until(() => a.texts.length >= 3, 'a gets data');
    b.send({ op: 'subscribe', args: ['orderbook.1.BTCUSDT', 'orderbook.1.SOLUSDT'] });
    await b.nextText(isData((m) => m.topic === 'orderbook.1.SOLUSDT'), 'b gets SOL');
    await b.nextText(isData((m) => m.topic === 'orderbook.1.BTCUSDT'), 'b gets BTC');
    expect(a.texts.some(isData((m) => m.topic === 'orderbook.1.SOLUSDT'))).toBe(false);
    expect(s.stats().exchanges.bybit).toMatchObject({ connections: 2, subscriptions: 3 });
  });

  it('with deltas on, sends one snapshot per symbol and then deltas, some one-sided', async () => {
    const s = await start({ bybitDeltas: true, rate: 2000 });
    const c = await connect(s.urls.bybit!);
    c.send({ op: 'subscribe', args: ['orderbook.1.BTCUSDT'] });
    const oneSided = isData((m) => m.type === 'delta' && ((m.data as any).b.length === 0) !== ((m.data as any).a.length === 0));
    await c.nextText(oneSided, 'a one-sided delta');
    const frames = c.json().filter((m) => (m as { topic?: unknown }).topic !== undefined) as Record<string, any>[];
    expect(frames[0]!.type).toBe('snapshot');
    expect(frames.slice(1).every((f) => f.type === 'delta')).toBe(true);
  });

  it('restarts with a u=1 snapshot after resetSequences', async () => {
    const s = await start();
    const c = await connect(s.urls.bybit!);
    c.send({ op: 'subscribe', args: ['orderbook.1.BTCUSDT'] });
    await c.until(() => c.texts.length >= 5, 'frames');
    const before = c.texts.length;
    s.resetSequences('bybit');
    const restart = JSON.parse(await c.nextText(isData((m) => (m.data as { u?: number } | undefined)?.u === 1), 'u=1', before));
    expect(restart.type).toBe('snapshot');
  });
});

describe('okx', () => {
  it('acks each subscribe arg, errors on unknown ones, and sends bbo-tbt frames', async () => {
    const s = await start();
    const c = await connect(s.urls.okx!);
    c.send({ op: 'subscribe', args: [{ channel: 'bbo-tbt', instId: 'SOL-USDT' }, { channel: 'bbo-tbt', instId: 'FOO-USDT' }] });
    expect(JSON.parse(await c.nextText(isData((m) => m.event === 'subscribe'), 'ack'))).toEqual({
      event: 'subscribe', arg: { channel: 'bbo-tbt', instId: 'SOL-USDT' }, connId: expect.any(String),
    });
    expect(JSON.parse(await c.nextText(isData((m) => m.event === 'error'), 'error'))).toMatchObject({ event: 'error', code: '60018' });

    await c.until(() => c.texts.length >= 20, '20 frames');
    const frames = c.json().filter((m) => (m as { data?: unknown }).data !== undefined) as Record<string, any>[];
    let lastSeq = -1;
    for (const f of frames) {
      expect(Object.keys(f)).toEqual(['arg', 'data']);
      expect(f.arg).toEqual({ channel: 'bbo-tbt', instId: 'SOL-USDT' });
      expect(f.data).toHaveLength(1);
      const d = f.data[0];
      expect(Object.keys(d)).toEqual(['asks', 'bids', 'ts', 'seqId']);
      expect(d.ts).toMatch(/^\d{13}$/);
      expect(typeof d.seqId).toBe('number');
      expect(d.seqId).toBeGreaterThan(lastSeq);
      lastSeq = d.seqId;
      for (const side of [d.asks, d.bids]) {
        expect(side).toHaveLength(1);
        const [px, sz, zero, orders] = side[0];
        expect(px).toMatch(decimal);
        expect(sz).toMatch(decimal);
        expect(zero).toBe('0');
        expect(orders).toMatch(/^\d+$/);
      }
      expect(Number(d.bids[0][0])).toBeLessThan(Number(d.asks[0][0]));
    }
  });

  it('answers the text ping with the text pong', async () => {
    const s = await start({ rate: 0 });
    const c = await connect(s.urls.okx!);
    c.send('ping');
    expect(await c.nextText((t) => t === 'pong', 'pong')).toBe('pong');
  });
});

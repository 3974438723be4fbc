import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { kMalformedKinds } from '../../../actors/simulator/protocols/malformed.js';
import { startSimulator, type SimulatorHandle } from '../../../actors/simulator/simulator-server.js';
import type { SimulatorOptionsInput } from '../../../actors/simulator/simulator-options.js';
import { ConnectRefused, isData, pollUntil, WsProbe } from './ws-probe.js';

// Fault injection against the real `ws` client. Time-bounded faults run on an
// injected clock, so a test moves time instead of waiting for it. "Nothing
// arrived" is shown against a witness: a second venue driven by the same
// pump keeps receiving frames, which proves the pump ran while the faulty
// venue stayed quiet.

const kSymbols = ['BTC-USDT', 'ETH-USDT'];
let sim: SimulatorHandle | undefined;
const probes: WsProbe[] = [];
let now = 1_700_000_000_000;
const clock = (): number => now;

async function start(options: Partial<SimulatorOptionsInput> = {}): Promise<SimulatorHandle> {
  sim = await startSimulator({ symbols: kSymbols, rate: 500, clock, ...options });
  return sim;
}

async function connect(url: string): Promise<WsProbe> {
  const p = await WsProbe.open(url);
  probes.push(p);
  return p;
}

async function okxSubscribed(s: SimulatorHandle): Promise<WsProbe> {
  const c = await connect(s.urls.okx!);
  c.send({ op: 'subscribe', args: [{ channel: 'bbo-tbt', instId: 'BTC-USDT' }] });
  await c.nextText(isData((m) => m.event === 'subscribe'), 'okx ack');
  return c;
}

/** A Bybit client used as the witness that the shared pump kept running. */
async function witness(s: SimulatorHandle): Promise<WsProbe> {
  const w = await connect(s.urls.bybit!);
  w.send({ op: 'subscribe', args: ['orderbook.1.BTCUSDT'] });
  await w.until(() => w.texts.length >= 3, 'witness data');
  return w;
}

const okxData = isData((m) => Array.isArray(m.data));

afterEach(async () => {
  await Promise.all(probes.splice(0).map((p) => p.close()));
  await sim?.stop();
  sim = undefined;
});

describe('disconnect', () => {
  it('closes every client of the venue with a close frame, and abruptly on request', async () => {
    const s = await start({ rate: 0 });
    const a = await connect(s.urls.okx!);
    const b = await connect(s.urls.okx!);
    const other = await connect(s.urls.bybit!);
    expect(s.disconnect('okx')).toBe(2);
    await a.until(() => a.closed !== undefined, 'a closed');
    await b.until(() => b.closed !== undefined, 'b closed');
    expect(a.closed!.code).toBe(1001);
    expect(other.closed).toBeUndefined();

    const c = await connect(s.urls.okx!);
    s.disconnect('okx', { abrupt: true });
    await c.until(() => c.closed !== undefined, 'c closed');
    expect(c.closed!.code).toBe(1006);
    expect(s.stats().exchanges.okx!.connections).toBe(0);
  });
});

describe('stall', () => {
  it('stops data while replies still flow, until resumed', async () => {
    const s = await start();
    const c = await okxSubscribed(s);
    await c.until(() => c.texts.some(okxData), 'okx data');
    const w = await witness(s);

    s.stall('okx');
    c.send('ping');
    const mark = c.texts.indexOf(await c.nextText((t) => t === 'pong', 'pong while stalled'));
    const seen = w.texts.length;
    await w.until(() => w.texts.length >= seen + 20, 'witness keeps receiving');
    c.send('ping');
    await c.until(() => c.texts.filter((t) => t === 'pong').length === 2, 'second pong');
    expect(c.texts.slice(mark + 1).filter(okxData)).toEqual([]);
    expect(s.stats().exchanges.okx!.stalled).toBe(true);

    s.resume('okx');
    await c.nextText(okxData, 'data after resume', mark + 1);
  });

  it('with silent, swallows pongs too', async () => {
    const s = await start();
    const c = await okxSubscribed(s);
    const w = await witness(s);
    s.stall('okx', undefined, { silent: true });
    c.send('ping');
    const seen = w.texts.length;
    await w.until(() => w.texts.length >= seen + 20, 'witness keeps receiving');
    expect(c.texts.filter((t) => t === 'pong')).toEqual([]);
    s.resume('okx');
    c.send('ping');
    await c.nextText((t) => t === 'pong', 'pong after resume');
  });

  it('ends by itself when its time is up (injected clock)', async () => {
    const s = await start();
    const c = await okxSubscribed(s);
    const w = await witness(s);
    s.stall('okx', 1_000);
    c.send('ping');
    const mark = c.texts.indexOf(await c.nextText((t) => t === 'pong', 'pong'));
    const seen = w.texts.length;
    await w.until(() => w.texts.length >= seen + 20, 'witness keeps receiving');
    expect(c.texts.slice(mark + 1).filter(okxData)).toEqual([]);
    now += 1_001;
    await c.nextText(okxData, 'data once the stall expired', mark + 1);
  });
});

describe('malformed frames', () => {
  it('delivers one of every kind, each broken in its own way', async () => {
    const s = await start({ rate: 0 });
    const c = await connect(s.urls.bybit!);
    c.send({ op: 'subscribe', args: ['orderbook.1.BTCUSDT'] });
    await c.nextText(isData((m) => m.op === 'subscribe'), 'ack');
    await c.nextText(isData((m) => m.type === 'snapshot'), 'first snapshot');
    const before = c.texts.length;

    expect(s.sendMalformed('bybit', kMalformedKinds.length)).toBe(kMalformedKinds.length);
    await c.until(() => c.texts.length - before + c.binaries.length >= kMalformedKinds.length, 'all malformed frames');
    const [truncated, garbage, wrongShape, badNumber, unknownSymbol] = c.texts.slice(before);
    expect(() => JSON.parse(truncated!)).toThrow();
    expect(() => JSON.parse(garbage!)).toThrow();
    expect(JSON.parse(wrongShape!).data.b).toBeUndefined();
    expect(badNumber).toContain('"not-a-number"');
    expect(JSON.parse(badNumber!).topic).toBe('orderbook.1.BTCUSDT');
    expect(JSON.parse(unknownSymbol!).data.s).toBe('ZZZNOPE');
    expect(c.binaries).toHaveLength(1);
    expect(s.stats().exchanges.bybit!.malformedSent).toBe(kMalformedKinds.length);
  });
});

describe('burst', () => {
  it('delivers the whole burst on top of a zero rate', async () => {
    const s = await start({ rate: 0 });
    const c = await okxSubscribed(s);
    const before = c.texts.length;
    s.burst('okx', 5_000);
    await c.until(() => c.texts.length >= before + 5_000, '5000 burst frames');
    expect(c.texts.slice(before).filter(okxData)).toHaveLength(5_000);
    expect(s.stats().exchanges.okx).toMatchObject({ framesSent: 5_000, pendingBurst: 0 });
  });
});

describe('refuse connections', () => {
  it('fails upgrades with 503 until accepted again', async () => {
    const s = await start({ rate: 0 });
    s.refuseConnections('binance');
    const err = await WsProbe.open(s.urls.binance! + '/ws').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ConnectRefused);
    expect((err as ConnectRefused).status).toBe(503);
    expect(s.stats().exchanges.binance).toMatchObject({ refusing: true, connectionsRefused: 1 });
    s.acceptConnections('binance');
    await connect(s.urls.binance! + '/ws');
  });

  it('recovers by itself when the window ends (injected clock), with 429 if asked', async () => {
    const s = await start({ rate: 0 });
    s.refuseConnections('bybit', 5_000, 429);
    const err = await WsProbe.open(s.urls.bybit!).catch((e: unknown) => e);
    expect((err as ConnectRefused).status).toBe(429);
    now += 5_001;
    const c = await connect(s.urls.bybit!);
    c.send({ op: 'ping' });
    await c.nextText(isData((m) => m.ret_msg === 'pong'), 'pong');
  });
});

describe('backpressure', () => {
  it('skips frames for a client that stops reading instead of buffering without bound', async () => {
    const s = await start({ rate: 100_000, maxBufferedBytes: 64 * 1024 });
    const port = s.ports.okx!;
    // A raw TCP client: upgrade, subscribe, then never read again.
    const socket = net.connect(port, '127.0.0.1');
    await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
    socket.write(
      'GET /ws/v5/public HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    await new Promise<void>((resolve) => socket.once('data', () => resolve()));
    socket.pause();
    socket.write(maskedText('{"op":"subscribe","args":[{"channel":"bbo-tbt","instId":"BTC-USDT"}]}'));
    try {
      await pollUntil(() => s.stats().exchanges.okx!.framesDropped > 0, 'frames dropped for the stuck client');
      const st = s.stats().exchanges.okx!;
      expect(st.connections).toBe(1);
      expect(st.framesSent).toBeGreaterThan(0);
    } finally {
      socket.destroy();
    }
  });
});

describe('options', () => {
  it('rejects bad options naming the key, the value and what is allowed', async () => {
    await expect(startSimulator({ symbols: ['btc'] })).rejects.toThrow(/symbols\[0\]: "btc" is not BASE-QUOTE/);
    await expect(startSimulator({ symbols: kSymbols, rate: -1 })).rejects.toThrow(/simulator\.rate: .*\(got -1\)/);
    await expect(startSimulator({ symbols: kSymbols, idleTimeoutSec: { okx: 4 } })).rejects.toThrow(/simulator\.idleTimeoutSec\.okx: must be 0 \(off\) or an integer from 8 to 960/);
    await expect(startSimulator({ symbols: kSymbols, exchanges: ['kraken' as never] })).rejects.toThrow(/simulator\.exchanges\.0/);
    await expect(startSimulator({ symbols: kSymbols, colour: 'red' } as never)).rejects.toThrow(/colour/);
  });

  it('rejects fault controls aimed at a venue it does not serve, or with bad numbers', async () => {
    const s = await start({ exchanges: ['okx'], rate: 0 });
    expect(s.urls).toEqual({ okx: expect.stringMatching(/^ws:\/\/127\.0\.0\.1:\d+\/ws\/v5\/public$/) });
    expect(() => s.stall('binance')).toThrow(/not served/);
    expect(() => s.burst('okx', -1)).toThrow(/count must be a non-negative integer/);
    expect(() => s.setRate(Number.NaN)).toThrow(/framesPerSecond/);
  });
});

/** A client text frame (clients must mask; the mask here is zero, which is legal). */
function maskedText(text: string): Buffer {
  const payload = Buffer.from(text);
  if (payload.length > 125) throw new Error('short frames only');
  return Buffer.concat([Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0]), payload]);
}

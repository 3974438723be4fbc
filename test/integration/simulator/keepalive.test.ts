import net from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulator, type SimulatorHandle } from '../../../actors/simulator/simulator-server.js';
import { WsProbe } from './ws-probe.js';

// Binance's keepalive rule, end to end: the server pings, a client that
// pongs stays, a client that never pongs is dropped once the idle timeout
// passes. The timeout is uWS's shortest (8 s, 4 s granularity), so this file
// takes about 10 s; it waits for the drop, it does not time it.

let sim: SimulatorHandle | undefined;

afterEach(async () => {
  await sim?.stop();
  sim = undefined;
});

describe('binance keepalive', () => {
  it('drops a client that never pongs and keeps one that does', async () => {
    sim = await startSimulator({
      symbols: ['BTC-USDT'],
      rate: 0,
      exchanges: ['binance'],
      binancePingIntervalMs: 1_000,
      idleTimeoutSec: { binance: 8 },
    });
    const url = new URL(sim.urls.binance!);
    const ponging = await WsProbe.open(`${sim.urls.binance!}/ws`);

    // A bare TCP client: upgrades, then ignores everything, pings included.
    const silent = net.connect(Number(url.port), url.hostname);
    await new Promise<void>((resolve) => silent.once('connect', () => resolve()));
    silent.write(
      'GET /ws HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n' +
        'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
    );
    silent.resume();
    const silentClosed = new Promise<void>((resolve) => silent.once('close', () => resolve()));
    try {
      await silentClosed;
      expect(ponging.pings).toBeGreaterThanOrEqual(5);
      expect(ponging.closed).toBeUndefined();
      expect(sim.stats().exchanges.binance!.connections).toBe(1);
    } finally {
      silent.destroy();
      await ponging.close();
    }
  }, 30_000);
});

/**
 * How many frames per second the simulator gets to one local client, and
 * what they cost. The simulator runs in a worker thread (as it will as an
 * actor); one client in the main thread subscribes to every symbol. The rate
 * knob is set far above what can be delivered, so the figures are ceilings;
 * frames the server skipped for backpressure are reported beside them.
 *
 *   npx tsx actors/simulator/measure-throughput.ts [exchange] [seconds] [rate] [ws|raw]
 *   e.g. npx tsx actors/simulator/measure-throughput.ts okx 5 1000000 ws
 *
 * Client `ws` is the real `ws` library parsing every frame (what an exchange
 * actor pays). Client `raw` is a TCP socket that discards the bytes, so the
 * process's CPU time is almost all the simulator's: `framesPerCpuSecond`
 * then estimates what one core of simulator can send, whatever else the
 * machine is running. `simulatorLoopUtilization` is how busy the simulator's
 * thread was (wall time, so it includes time the OS took the core away).
 *
 * A manual tool, not a test: it saturates a core or two for its duration.
 */
import net from 'node:net';
import os from 'node:os';
import WebSocket from 'ws';
import { isExchangeName, type ExchangeName } from '../../src/market/exchange-ids.js';
import { spawnWorker } from '../../src/runtime/worker/spawn-worker.js';
import type { SimulatorCommand, SimulatorEvent } from './worker-messages.js';

const exchangeArg = process.argv[2] ?? 'okx';
if (!isExchangeName(exchangeArg)) throw new RangeError(`exchange: "${exchangeArg}" is not one of binance, bybit, okx`);
const exchange: ExchangeName = exchangeArg;
const seconds = Number(process.argv[3] ?? 5);
const rate = Number(process.argv[4] ?? 1_000_000);
const clientKind = process.argv[5] ?? 'ws';
if (clientKind !== 'ws' && clientKind !== 'raw') throw new RangeError(`client: "${clientKind}" is not one of ws, raw`);
const symbols = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'BNB-USDT', 'XRP-USDT', 'DOGE-USDT', 'ADA-USDT', 'LTC-USDT'];

const entry = new URL(import.meta.url.endsWith('.ts') ? './worker.ts' : './worker.js', import.meta.url);
const worker = spawnWorker(entry, { workerData: { options: { symbols, rate: 0, exchanges: [exchange] } } });
const events: SimulatorEvent[] = [];
const waiters: (() => void)[] = [];
worker.on('message', (e: SimulatorEvent) => {
  events.push(e);
  waiters.splice(0).forEach((w) => w());
});
const next = async (type: SimulatorEvent['type']): Promise<SimulatorEvent> => {
  for (;;) {
    const i = events.findIndex((e) => e.type === type);
    if (i >= 0) return events.splice(i, 1)[0]!;
    await new Promise<void>((r) => waiters.push(r));
  }
};
const send = (cmd: SimulatorCommand): void => worker.postMessage(cmd);
const serverStats = async (id: number) => {
  send({ type: 'stats', id });
  const e = await next('stats');
  if (e.type !== 'stats') throw new Error('unreachable');
  return e.stats.exchanges[exchange]!;
};
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const listening = await next('listening');
if (listening.type !== 'listening') throw new Error('unreachable');
let url = listening.urls[exchange]!;
let subscribe = '';
if (exchange === 'binance') url += `/stream?streams=${symbols.map((s) => `${s.replace('-', '').toLowerCase()}@bookTicker`).join('/')}`;
if (exchange === 'bybit') subscribe = JSON.stringify({ op: 'subscribe', args: symbols.map((s) => `orderbook.1.${s.replace('-', '')}`) });
if (exchange === 'okx') subscribe = JSON.stringify({ op: 'subscribe', args: symbols.map((instId) => ({ channel: 'bbo-tbt', instId })) });

const client = clientKind === 'ws' ? await wsClient(url, subscribe) : await rawClient(url, subscribe);
await sleep(200);
send({ type: 'fault', id: 1, fault: { op: 'setRate', framesPerSecond: rate } });
await next('done');
await sleep(500); // warm up

const s0 = await serverStats(2);
const c0 = client.counts();
const cpu0 = process.cpuUsage();
const elu0 = worker.performance.eventLoopUtilization();
const t0 = performance.now();
await sleep(seconds * 1000);
const elapsed = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const elu = worker.performance.eventLoopUtilization(elu0);
const c1 = client.counts();
const s1 = await serverStats(3);

const cpuSeconds = (cpu.user + cpu.system) / 1e6;
const sent = s1.framesSent - s0.framesSent;
console.log(JSON.stringify({
  exchange,
  client: clientKind,
  rateKnob: rate,
  seconds: Number(elapsed.toFixed(2)),
  serverFramesSentPerSec: Math.round(sent / elapsed),
  serverFramesSkippedPerSec: Math.round((s1.framesDropped - s0.framesDropped) / elapsed),
  clientFramesPerSec: clientKind === 'ws' ? Math.round((c1.frames - c0.frames) / elapsed) : undefined,
  clientMBPerSec: Number(((c1.bytes - c0.bytes) / elapsed / 1e6).toFixed(1)),
  simulatorLoopUtilization: Number(elu.utilization.toFixed(2)),
  processCpuCores: Number((cpuSeconds / elapsed).toFixed(2)),
  framesPerCpuSecond: Math.round(sent / cpuSeconds),
  loadAverage1m: Number(os.loadavg()[0]!.toFixed(1)),
  machine: `${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}, node ${process.version}`,
}, null, 2));

client.close();
send({ type: 'stop' });
await next('stopped');

interface Client {
  counts(): { frames: number; bytes: number };
  close(): void;
}

async function wsClient(target: string, sub: string): Promise<Client> {
  const ws = new WebSocket(target, { perMessageDeflate: false });
  let frames = 0;
  let bytes = 0;
  ws.on('message', (data: Buffer) => {
    frames++;
    bytes += data.length;
  });
  await new Promise<void>((resolve, reject) => {
    ws.once('open', () => resolve());
    ws.once('error', reject);
  });
  if (sub) ws.send(sub);
  return { counts: () => ({ frames, bytes }), close: () => ws.close() };
}

/** Upgrades a bare TCP socket, sends the subscribe request, then only counts bytes. */
async function rawClient(target: string, sub: string): Promise<Client> {
  const u = new URL(target);
  const socket = net.connect(Number(u.port), u.hostname);
  await new Promise<void>((resolve, reject) => {
    socket.once('connect', () => resolve());
    socket.once('error', reject);
  });
  socket.write(
    `GET ${u.pathname}${u.search} HTTP/1.1\r\nHost: ${u.host}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
      'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n',
  );
  await new Promise<void>((resolve) => socket.once('data', () => resolve()));
  let bytes = 0;
  socket.on('data', (d: Buffer) => {
    bytes += d.length;
  });
  if (sub) {
    // A masked client text frame; the zero mask leaves the payload as is.
    const payload = Buffer.from(sub);
    const header = payload.length < 126
      ? Buffer.from([0x81, 0x80 | payload.length, 0, 0, 0, 0])
      : Buffer.from([0x81, 0x80 | 126, payload.length >> 8, payload.length & 0xff, 0, 0, 0, 0]);
    socket.write(Buffer.concat([header, payload]));
  }
  return { counts: () => ({ frames: 0, bytes }), close: () => socket.destroy() };
}

/**
 * How many frames per second the simulator gets to one local `ws` client.
 * The simulator runs in a worker thread (as it will as an actor); one `ws`
 * client in the main thread subscribes to every symbol and counts frames.
 * The rate knob is set far above what the client can take, so the figure is
 * the delivered ceiling; frames the server skipped for backpressure are
 * reported beside it.
 *
 *   npx tsx actors/simulator/measure-throughput.ts [exchange] [seconds] [rate]
 *   e.g. npx tsx actors/simulator/measure-throughput.ts okx 5 1000000
 *
 * `simulatorLoopUtilization` is how busy the simulator's thread was: the
 * simulator's own cost, apart from the client's.
 *
 * A manual tool, not a test: it saturates both cores for its duration.
 */
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

const listening = await next('listening');
if (listening.type !== 'listening') throw new Error('unreachable');
let url = listening.urls[exchange]!;
let subscribe = '';
if (exchange === 'binance') url += `/stream?streams=${symbols.map((s) => `${s.replace('-', '').toLowerCase()}@bookTicker`).join('/')}`;
if (exchange === 'bybit') subscribe = JSON.stringify({ op: 'subscribe', args: symbols.map((s) => `orderbook.1.${s.replace('-', '')}`) });
if (exchange === 'okx') subscribe = JSON.stringify({ op: 'subscribe', args: symbols.map((instId) => ({ channel: 'bbo-tbt', instId })) });

const ws = new WebSocket(url, { perMessageDeflate: false });
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
if (subscribe) ws.send(subscribe);
await new Promise((r) => setTimeout(r, 200));

send({ type: 'fault', id: 1, fault: { op: 'setRate', framesPerSecond: rate } });
await next('done');
await new Promise((r) => setTimeout(r, 500)); // warm up
const s0 = await serverStats(2);
const f0 = frames;
const b0 = bytes;
const cpu0 = process.cpuUsage();
const elu0 = worker.performance.eventLoopUtilization();
const t0 = performance.now();
await new Promise((r) => setTimeout(r, seconds * 1000));
const elapsed = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
const elu = worker.performance.eventLoopUtilization(elu0);
const s1 = await serverStats(3);
const received = (frames - f0) / elapsed;
const result = {
  exchange,
  rateKnob: rate,
  seconds: Number(elapsed.toFixed(2)),
  clientFramesPerSec: Math.round(received),
  clientMBPerSec: Number(((bytes - b0) / elapsed / 1e6).toFixed(1)),
  serverFramesSentPerSec: Math.round((s1.framesSent - s0.framesSent) / elapsed),
  serverFramesSkippedPerSec: Math.round((s1.framesDropped - s0.framesDropped) / elapsed),
  /** Busy fraction of the simulator worker's event loop: its cost at this delivered rate. */
  simulatorLoopUtilization: Number(elu.utilization.toFixed(2)),
  processCpuCores: Number(((cpu.user + cpu.system) / 1e6 / elapsed).toFixed(2)),
  loadAverage1m: Number(os.loadavg()[0]!.toFixed(1)),
  machine: `${os.cpus()[0]?.model ?? 'unknown cpu'} x${os.cpus().length}, node ${process.version}`,
};
console.log(JSON.stringify(result, null, 2));

ws.close();
send({ type: 'stop' });
await next('stopped');

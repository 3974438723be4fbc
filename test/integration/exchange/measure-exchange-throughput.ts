/**
 * How many frames per second one exchange actor takes from its socket into
 * its rings: the real worker entry under an ActorSystem, the simulator in
 * this (main) thread sending a burst, a host endpoint draining the rings.
 * Not a test; prints one line. The simulator and the endpoint share this
 * thread, so on a small machine this is a lower bound for the actor.
 *
 *   node --import tsx test/integration/exchange/measure-exchange-throughput.ts [exchange] [frames]
 */
import { exchangeCounterNames } from '../../../actors/exchange/counters.js';
import type { ExchangeActorConfig } from '../../../actors/exchange/config.js';
import { startSimulator } from '../../../actors/simulator/simulator-server.js';
import { isExchangeName } from '../../../src/market/exchange-ids.js';
import { ActorSystem, Topology } from '../../../src/runtime/index.js';
import { pino } from 'pino';

const exchange = process.argv[2] ?? 'okx';
const frames = Number(process.argv[3] ?? 200_000);
if (!isExchangeName(exchange)) throw new Error(`unknown exchange ${exchange}`);
const symbols = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'XRP-USDT', 'DOGE-USDT'];
const sim = await startSimulator({ symbols, exchanges: [exchange], rate: 0, seed: 1 });
const name = `exchange.${exchange}`;
const config: ExchangeActorConfig = {
  exchange, url: sim.urls[exchange]!, symbols, shardCount: 2, staleAfterMs: 60_000, maxFrameBytes: 65_536,
  breaker: { failureThreshold: 1, initialMs: 1000, maxMs: 15_000, multiplier: 2, jitter: 0.2 },
  deadLetters: { path: null, maxPerSource: 100 }, logMaxRepeatsPerMinute: 10,
};
const topology = new Topology()
  .actor({ name, entry: new URL('../../../actors/exchange/connection-actor.ts', import.meta.url).href, counters: exchangeCounterNames(), config })
  .endpoint('host')
  .connect(`${name}.shard0`, 'host.shard0', { capacity: 1 << 16, policy: 'block' })
  .connect(`${name}.shard1`, 'host.shard1', { capacity: 1 << 16, policy: 'block' })
  .connect(`${name}.recorder`, 'host.recorder', { capacity: 1 << 16, policy: 'block' });
const system = new ActorSystem({ topology, log: pino({ level: 'warn' }) });
await system.start();
let received = 0;
system.consume('host', () => void received++);
const ticks = () => system.counters()[`${name}.ticksOut`] ?? 0;
while ((system.counters()[`${name}.controlFrames`] ?? 0) < 1) await new Promise((r) => setTimeout(r, 5));
const cpu0 = process.cpuUsage();
const t0 = performance.now();
sim.burst(exchange, frames);
while (ticks() < frames) await new Promise((r) => setTimeout(r, 2));
const ms = performance.now() - t0;
const cpu = process.cpuUsage(cpu0);
console.log(JSON.stringify({
  exchange, frames, ms: Math.round(ms), framesPerSecond: Math.round(frames / (ms / 1000)),
  processCpuMs: Math.round((cpu.user + cpu.system) / 1000), ringRecordsRead: received,
}));
await system.stop();
await sim.stop();

import { parentPort, workerData, type MessagePort } from 'node:worker_threads';
import { kTicksIn, kTid, osThreadId, type PeerCommand, type PeerEvent, type PeerShardData, type PeerTick } from './peer-messages.js';

/**
 * Baseline windowing shard: the latest book per (symbol, venue) in typed
 * arrays; on every tick the spreads against every other venue with a book
 * (buy on one's ask, sell on the other's bid, bps) and, while measuring,
 * one latency sample: computed − received. No rolling windows, no
 * debounce, no publication: less work than ringmaster's shard.
 * Exits when every input port has closed and `stop` was received.
 */
const data = workerData as PeerShardData;
const port = parentPort!;
const counters = new Float64Array(data.counters);
counters[kTid] = osThreadId();
const V = data.venues;
const bid = new Float64Array(data.symbolCount * V).fill(Number.NaN);
const ask = new Float64Array(data.symbolCount * V).fill(Number.NaN);
let measuring = false;
let samples = new Float64Array(1 << 16);
let n = 0;
let open = data.inputs.length;
let stopRequested = false;
export let lastSpread = 0; // kept observable so the maths is not optimised away

const post = (e: PeerEvent): void => port.postMessage(e);

function onTick(tick: PeerTick): void {
  counters[kTicksIn]!++;
  const row = tick.s * V;
  bid[row + tick.x] = tick.b;
  ask[row + tick.x] = tick.a;
  let computed = 0;
  for (let y = 0; y < V; y++) {
    if (y === tick.x || Number.isNaN(bid[row + y]!)) continue;
    const buyAsk = tick.a;
    const sellBid = bid[row + y]!;
    lastSpread = ((sellBid - buyAsk) / ((sellBid + buyAsk) / 2)) * 1e4;
    lastSpread += ((tick.b - ask[row + y]!) / ((tick.b + ask[row + y]!) / 2)) * 1e4;
    computed++;
  }
  if (computed === 0 || !measuring) return;
  const latency = (performance.timeOrigin + performance.now()) * 1000 - tick.t;
  if (n === samples.length) {
    const bigger = new Float64Array(samples.length * 2);
    bigger.set(samples);
    samples = bigger;
  }
  samples[n++] = latency;
}

function maybeExit(): void {
  if (open > 0 || !stopRequested) return;
  post({ type: 'stopped' });
  port.close();
}

for (const input of data.inputs as MessagePort[]) {
  input.on('message', onTick);
  input.once('close', () => {
    open--;
    maybeExit();
  });
}

port.on('message', (cmd: PeerCommand) => {
  switch (cmd.type) {
    case 'measure':
      measuring = cmd.on;
      if (cmd.on) n = 0;
      return;
    case 'collect': {
      const out = samples.slice(0, n);
      port.postMessage({ type: 'samples', latenciesUs: out } satisfies PeerEvent, [out.buffer]);
      return;
    }
    case 'stop':
      stopRequested = true;
      maybeExit();
      return;
  }
});

/**
 * Manual measurement, not a test (vitest runs *.test.ts only; nothing here is
 * asserted). Run:  npx tsx --expose-gc test/unit/market/measure-shard-core.ts
 *
 *   1. ns per tick of ShardCore.onTick at the production shape: 50 symbols on
 *      3 exchanges (6 ordered pairs each, 300 windows), 15-minute windows of
 *      capacity 30000, ticks 400 µs apart so that windows fill to ~30k points
 *      and time eviction runs (steady state), debounced publication on.
 *   2. Typed-array bytes of the window arena at that load: windowMemoryBytes
 *      (pure) against the arena actually allocated, and RSS / arrayBuffers
 *      before and after every window is filled to capacity. Measured first,
 *      in a clean heap, so that the inputs of (1) do not blur RSS.
 */
import { ShardCore } from '../../../src/market/shard-core.js';
import { RollingWindowStore } from '../../../src/market/windows/rolling-window-store.js';
import { windowMemoryBytes } from '../../../src/market/windows/window-config.js';
import { createWindowStats } from '../../../src/market/windows/window-stats.js';

const kSymbols = 50;
const kExchanges = [1, 2, 3];
const kCapacity = 30_000;
const kWindowMs = 900_000;
const kStepUs = 400;
const kTicks = 4_000_000;
const kWarmup = 2_500_000;
const T0 = 1_700_000_000_000_000;

const mb = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;
const gc = (globalThis as { gc?: () => void }).gc ?? (() => {});

// --- 2. memory, first ---
const memOptions = { keySpace: kSymbols * 16, windowMs: kWindowMs, capacity: kCapacity, maxWindows: kSymbols * 6 };
const pure = windowMemoryBytes(memOptions);
gc();
const m0 = process.memoryUsage();
let store: RollingWindowStore | null = new RollingWindowStore(memOptions);
const m1 = process.memoryUsage();
const perWindow = store.config.capacity;
for (let w = 0; w < kSymbols * 6; w++) {
  for (let i = 0; i < perWindow; i++) store.push(w, T0 + i * 10, (i % 1000) / 100);
}
gc();
const m2 = process.memoryUsage();
console.log(`windowMemoryBytes (pure): ${pure} B = ${mb(pure)}; arena allocated: ${store.arenaBytes} B; ` +
  `${(pure / (kSymbols * 6 * perWindow)).toFixed(3)} B/point (${kSymbols * 6} windows x ${perWindow})`);
console.log(`arrayBuffers +${mb(m1.arrayBuffers - m0.arrayBuffers)} at construction; RSS ${mb(m0.rss)} before, ` +
  `${mb(m1.rss)} after construction (pages untouched), ${mb(m2.rss)} with every window full: +${mb(m2.rss - m0.rss)}`);
store = null;
gc();

// Deterministic inputs (a small LCG), generated before timing.
let seed = 12345;
const rnd = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
const ex = new Uint8Array(kTicks);
const sym = new Uint32Array(kTicks);
const bid = new Float64Array(kTicks);
const ask = new Float64Array(kTicks);
const mids = Array.from({ length: kSymbols }, (_, i) => 100 + i);
for (let i = 0; i < kTicks; i++) {
  const s = Math.floor(rnd() * kSymbols);
  mids[s]! += (rnd() - 0.5) * 0.01;
  const m = mids[s]! * (1 + (rnd() - 0.5) * 2e-4);
  ex[i] = kExchanges[Math.floor(rnd() * kExchanges.length)]!;
  sym[i] = s;
  bid[i] = m - 0.01;
  ask[i] = m + 0.01;
}

// --- 1. ns per tick ---
let published = 0;
const core = new ShardCore({
  shardIndex: 0, shardCount: 1, symbolCount: kSymbols, maxQuoteAgeMs: 5000,
  window: { windowMs: kWindowMs, capacity: kCapacity, maxWindows: kSymbols * 6 },
  sink: (_items, n) => { published += n; },
  clock: () => 0,
});

let spreads = 0;
let t = T0;
for (let i = 0; i < kWarmup; i++, t += kStepUs) spreads += core.onTick(ex[i]!, sym[i]!, bid[i]!, ask[i]!, 1, 2, t, t, 0);
// Timed in chunks: on a shared machine the fastest chunk is the best estimate of the cost, the median shows the noise.
const kChunk = 100_000;
const chunkNs: number[] = [];
for (let c = kWarmup; c < kTicks; c += kChunk) {
  const start = process.hrtime.bigint();
  for (let i = c; i < c + kChunk; i++, t += kStepUs) {
    spreads += core.onTick(ex[i]!, sym[i]!, bid[i]!, ask[i]!, 1, 2, t, t, 0);
    if ((i & 255) === 0) core.poll(t);
  }
  chunkNs.push(Number(process.hrtime.bigint() - start) / kChunk);
}
chunkNs.sort((a, b) => a - b);
const ns = chunkNs[0]!;
const median = chunkNs[chunkNs.length >> 1]!;

const out = createWindowStats();
let points = 0;
for (let s = 0; s < kSymbols; s++) {
  for (const b of kExchanges) for (const x of kExchanges) if (b !== x && core.readWindow(s, b, x, t, out)) points += out.count;
}
const h = core.health(t);
console.log(`onTick: ${ns.toFixed(0)} ns/tick (fastest 100k-tick chunk; median ${median.toFixed(0)}) over ${kTicks - kWarmup} ticks after ${kWarmup} warm-up ` +
  `(${(spreads / kTicks).toFixed(2)} spreads/tick, ${published} published, ${h.windows} windows, ` +
  `${(points / h.windows).toFixed(0)} points/window, evictions ${JSON.stringify(h.evictions)}, recompute ratio ${h.recomputeRatio.toFixed(4)})`);


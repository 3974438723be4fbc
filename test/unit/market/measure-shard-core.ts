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
 *      before and after every window is full.
 */
import { ShardCore } from '../../../src/market/shard-core.js';
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

gc();
const rss0 = process.memoryUsage();
let published = 0;
const core = new ShardCore({
  shardIndex: 0, shardCount: 1, symbolCount: kSymbols, maxQuoteAgeMs: 5000,
  window: { windowMs: kWindowMs, capacity: kCapacity, maxWindows: kSymbols * 6 },
  sink: (_items, n) => { published += n; },
  clock: () => 0,
});
const rss1 = process.memoryUsage();

let spreads = 0;
let t = T0;
for (let i = 0; i < kWarmup; i++, t += kStepUs) spreads += core.onTick(ex[i]!, sym[i]!, bid[i]!, ask[i]!, 1, 2, t, t, 0);
const start = process.hrtime.bigint();
for (let i = kWarmup; i < kTicks; i++, t += kStepUs) {
  spreads += core.onTick(ex[i]!, sym[i]!, bid[i]!, ask[i]!, 1, 2, t, t, 0);
  if ((i & 255) === 0) core.poll(t);
}
const ns = Number(process.hrtime.bigint() - start) / (kTicks - kWarmup);
gc();
const rss2 = process.memoryUsage();

const out = createWindowStats();
let points = 0;
for (let s = 0; s < kSymbols; s++) {
  for (const b of kExchanges) for (const x of kExchanges) if (b !== x && core.readWindow(s, b, x, t, out)) points += out.count;
}
const h = core.health(t);
console.log(`onTick: ${ns.toFixed(0)} ns/tick over ${kTicks - kWarmup} ticks after ${kWarmup} warm-up ` +
  `(${(spreads / kTicks).toFixed(2)} spreads/tick, ${published} published, ${h.windows} windows, ` +
  `${(points / h.windows).toFixed(0)} points/window, evictions ${JSON.stringify(h.evictions)}, recompute ratio ${h.recomputeRatio.toFixed(4)})`);

const pure = windowMemoryBytes({ keySpace: kSymbols * 16, windowMs: kWindowMs, capacity: kCapacity, maxWindows: kSymbols * 6 });
console.log(`windowMemoryBytes (pure): ${pure} B = ${mb(pure)}; arena allocated: ${core.windows.arenaBytes} B; ` +
  `${(pure / (kSymbols * 6 * core.windows.config.capacity)).toFixed(3)} B/point`);
console.log(`arrayBuffers: +${mb(rss1.arrayBuffers - rss0.arrayBuffers)} at construction; ` +
  `RSS: ${mb(rss0.rss)} before, ${mb(rss1.rss)} after construction (pages untouched), ${mb(rss2.rss)} with windows full ` +
  `(+${mb(rss2.rss - rss0.rss)}; the input arrays, ${mb(kTicks * 25)}, were allocated before the first reading)`);

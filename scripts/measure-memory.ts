import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { SimulatorChild } from '../native-bench/e2e/simulator-child.js';
import { rssBreakdown, type RssBreakdown } from '../native-bench/e2e/proc-stats.js';
import { parseConfig } from '../src/host/config/index.js';
import { createHostLogger } from '../src/host/logging/logger.js';
import { startHost, type RunningHost } from '../src/host/start.js';
import { kExchangeNames } from '../src/market/exchange-ids.js';

/**
 * `node dist/scripts/measure-memory.js`: the host's memory at the production
 * load of issue 4 (3 exchanges × 50 symbols, 15-minute windows holding about
 * 30k spreads each), against the target of 150 MB RSS (one third of a peer
 * system's 450 MB). Result and reading: docs/memory.md.
 *
 * The simulator runs in a child process (native-bench/e2e/simulator-child.ts)
 * so its memory is not counted; the host runs in this process via startHost,
 * so this process's RSS is the host's (every worker thread included) plus
 * this driver's few kB of state.
 *
 *   --rate N              total ticks/s offered while filling, split over the venues
 *                         (default 90000: the fill compresses 15 minutes into about 30 s)
 *   --production-rate N   total ticks/s while sampling (default 2500: the issue's load,
 *                         30k spreads per window per 15 minutes × 300 windows, with
 *                         each tick moving the 4 windows of its exchange)
 *   --settle-seconds N    at the production rate before sampling (default 15)
 *   --fill N              points per window to wait for (default 30000)
 *   --fill-seconds N      give up waiting for the fill after this long (default 600)
 *   --sample-seconds N    RSS sampled once a second for this long, load still on (default 20)
 *   --set key=json        config override on top of the measured config, dotted
 *                         path, e.g. --set rings.exchangeToRecorder.capacity=16384
 *                         (repeatable): how the config variants in docs/memory.md
 *                         were measured
 *
 * Phases: start (idle host, RSS sampled), fill (--rate until the fullest
 * windows hold --fill points and the emptiest at least 90 % of it, or the
 * total stops growing; RSS sampled on every poll), production (--production-rate,
 * settle, then RSS sampled once a second), shutdown. The fill writes about
 * what 15 minutes at the production rate would write to the store, so the
 * store's pages in RSS are those of a host 15 minutes into its day. Prints
 * one markdown report to stdout (the workers' log lines go there too), and
 * to --out when given.
 */
const kSymbols = Array.from({ length: 50 }, (_, i) => `S${String(i).padStart(2, '0')}-USDT`);
const kMiB = 1024 * 1024;

interface Options {
  rate: number;
  productionRate: number;
  settleSeconds: number;
  out: string | undefined;
  fill: number;
  fillSeconds: number;
  sampleSeconds: number;
  overrides: [string[], unknown][];
}

function options(): Options {
  const { values } = parseArgs({
    options: {
      rate: { type: 'string', default: '90000' },
      'production-rate': { type: 'string', default: '2500' },
      'settle-seconds': { type: 'string', default: '15' },
      out: { type: 'string' },
      fill: { type: 'string', default: '30000' },
      'fill-seconds': { type: 'string', default: '600' },
      'sample-seconds': { type: 'string', default: '20' },
      set: { type: 'string', multiple: true, default: [] },
    },
    strict: true,
  });
  const num = (name: string, raw: string | undefined, min: number, max: number): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new RangeError(`--${name}: must be a number from ${min} to ${max}, got ${String(raw)}`);
    return n;
  };
  const overrides = (values.set ?? []).map((s): [string[], unknown] => {
    const eq = s.indexOf('=');
    if (eq <= 0) throw new RangeError(`--set: expected key=json, got ${s}`);
    const raw = s.slice(eq + 1);
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      value = raw; // a bare string such as drop
    }
    return [s.slice(0, eq).split('.'), value];
  });
  return {
    rate: num('rate', values.rate, 1, 3_000_000),
    productionRate: num('production-rate', values['production-rate'], 0, 3_000_000),
    settleSeconds: num('settle-seconds', values['settle-seconds'], 0, 3600),
    out: values.out,
    fill: num('fill', values.fill, 1, 32_768),
    fillSeconds: num('fill-seconds', values['fill-seconds'], 1, 3600),
    sampleSeconds: num('sample-seconds', values['sample-seconds'], 1, 3600),
    overrides,
  };
}

/** The issue's load: every exchange on the child simulator, 300 windows over 2 shards. */
function measuredConfig(urls: Readonly<Partial<Record<string, string>>>, dataDir: string, overrides: Options['overrides']): Record<string, unknown> {
  const exchanges = Object.fromEntries(kExchangeNames.map((x) => [x, { enabled: true, url: urls[x], staleAfterMs: 600_000 }]));
  const config: Record<string, unknown> = {
    symbols: kSymbols,
    exchanges,
    simulator: { enabled: false },
    shards: { count: 2, windowCapacity: 32_768, maxWindows: 150 },
    recorder: { path: dataDir, durability: 'os' },
    http: { port: 0 },
    log: { level: 'warn' },
  };
  for (const [keys, value] of overrides) {
    let at = config;
    for (const k of keys.slice(0, -1)) at = (at[k] ??= {}) as Record<string, unknown>;
    at[keys.at(-1)!] = value;
  }
  return config;
}

interface ShardFill {
  windows: number;
  points: number;
  min: number;
  max: number;
  arenaBytes: number;
}

async function shardFill(host: RunningHost): Promise<ShardFill> {
  const fill: ShardFill = { windows: 0, points: 0, min: Number.POSITIVE_INFINITY, max: 0, arenaBytes: 0 };
  for (const a of host.system.actors().filter((x) => x.name.startsWith('shard.'))) {
    const s = (await host.system.stats(a.name))?.actor as { bounds: { arenaBytes: number }; snapshot: { windows: { count: number }[] } } | undefined;
    if (s === undefined) continue;
    fill.arenaBytes += s.bounds.arenaBytes;
    for (const w of s.snapshot.windows) {
      fill.windows++;
      fill.points += w.count;
      fill.min = Math.min(fill.min, w.count);
      fill.max = Math.max(fill.max, w.count);
    }
  }
  if (fill.windows === 0) fill.min = 0;
  return fill;
}

/** Ring SAB bytes by edge kind ("exchange→recorder" etc.), from the ring names. */
function ringBytes(host: RunningHost): Map<string, { rings: number; bytes: number }> {
  const kinds = new Map<string, { rings: number; bytes: number }>();
  for (const [name, r] of Object.entries(host.system.rings())) {
    const kind = edgeKind(name);
    const k = kinds.get(kind) ?? { rings: 0, bytes: 0 };
    k.rings++;
    k.bytes += r.capacity * r.recordSize;
    kinds.set(kind, k);
  }
  return kinds;
}

function edgeKind(ringName: string): string {
  const parts = ringName.split(/->|→|=>|:/).map((p) => p.replace(/[.[].*$/, '').trim());
  return parts.length >= 2 ? `${parts[0]}→${parts[1]}` : ringName;
}

const sleep = (ms: number): Promise<void> => new Promise((r) => setTimeout(r, ms));
const mib = (b: number): string => (b / kMiB).toFixed(1);
const median = (xs: readonly number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s.length === 0 ? Number.NaN : (s[(s.length - 1) >> 1]! + s[s.length >> 1]!) / 2;
};

function dirBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = path.join(dir, e.name);
    total += e.isDirectory() ? dirBytes(p) : statSync(p).blocks * 512;
  }
  return total;
}

async function sampleRss(seconds: number): Promise<RssBreakdown[]> {
  const samples: RssBreakdown[] = [];
  for (let i = 0; i < seconds; i++) {
    await sleep(1000);
    const s = rssBreakdown(process.pid);
    if (s !== undefined) samples.push(s);
  }
  return samples;
}

function rssRow(label: string, samples: readonly RssBreakdown[]): string {
  const col = (f: (s: RssBreakdown) => number): string => `${mib(median(samples.map(f)))} / ${mib(Math.max(...samples.map(f)))}`;
  return `| ${label} | ${col((s) => s.rss)} | ${col((s) => s.anon)} | ${col((s) => s.file)} | ${col((s) => s.shmem)} |`;
}

async function main(): Promise<number> {
  const o = options();
  const log = (line: string): void => void process.stderr.write(`[memory] ${line}\n`);
  const dir = mkdtempSync(path.join(os.tmpdir(), 'ringmaster-memory-'));
  const exchanges = [...kExchangeNames];
  const sim = await SimulatorChild.start({ symbols: kSymbols, exchanges, logFile: path.join(dir, 'simulator.log') });
  let host: RunningHost | undefined;
  try {
    const config = parseConfig(measuredConfig(sim.urls, path.join(dir, 'data'), o.overrides), { source: 'measure-memory' });
    const baseline = rssBreakdown(process.pid);
    host = await startHost(config, createHostLogger(config.log.level));
    log(`host up: ${host.system.actors().length} actors; simulator pid ${sim.pid}; data in ${dir}`);
    const idle = await sampleRss(5);

    await sim.setTotalRate(o.rate);
    const fillStart = Date.now();
    let fill = await shardFill(host);
    let flatPolls = 0;
    const filling: RssBreakdown[] = [];
    while (Date.now() - fillStart < o.fillSeconds * 1000) {
      await sleep(2000);
      const next = await shardFill(host);
      flatPolls = next.points <= fill.points ? flatPolls + 1 : 0;
      fill = next;
      const rss = rssBreakdown(process.pid);
      if (rss !== undefined) filling.push(rss);
      log(`fill ${((Date.now() - fillStart) / 1000).toFixed(0)} s: ${fill.windows} windows, ${fill.points} points, min ${fill.min} max ${fill.max}, rss ${mib(rss?.rss ?? 0)} MiB`);
      if ((fill.max >= o.fill && fill.min >= 0.9 * o.fill) || (fill.windows > 0 && flatPolls >= 3)) break;
    }
    const fillSeconds = (Date.now() - fillStart) / 1000;
    const offered = await sim.totals();

    await sim.setTotalRate(o.productionRate);
    await sleep(o.settleSeconds * 1000);
    const loaded = await sampleRss(o.sampleSeconds);
    const heaps: [string, NodeJS.MemoryUsage][] = [['host (main thread)', process.memoryUsage()]];
    for (const a of host.system.actors()) {
      const s = await host.system.stats(a.name);
      if (s !== undefined) heaps.push([a.name, s.memory]);
    }
    const finalFill = await shardFill(host);
    const rings = ringBytes(host);
    const storeBytes = dirBytes(config.recorder.path);
    await sim.setTotalRate(0);
    const code = await host.shutdown('measurement done');
    host = undefined;

    const ringTotal = [...rings.values()].reduce((t, r) => t + r.bytes, 0);
    const rssMedian = median(loaded.map((s) => s.rss));
    const rssMax = Math.max(...loaded.map((s) => s.rss));
    const lines = [
      `## Memory at ${kSymbols.length} symbols × ${exchanges.length} exchanges, windows full, ${o.productionRate} ticks/s`,
      '',
      `Overrides: ${o.overrides.length === 0 ? 'none' : o.overrides.map(([k, v]) => `${k.join('.')}=${JSON.stringify(v)}`).join(', ')}; node ${process.version}; MALLOC_ARENA_MAX ${process.env['MALLOC_ARENA_MAX'] ?? 'unset'}; ${os.cpus().length} CPUs; load ${os.loadavg().map((l) => l.toFixed(1)).join(' ')}`,
      `Fill: ${finalFill.windows} windows, ${finalFill.points} points (min ${finalFill.min}, max ${finalFill.max} per window) after ${fillSeconds.toFixed(0)} s; ${offered.sent} ticks sent, ${offered.skipped} skipped by the simulator; store on disk ${mib(storeBytes)} MiB; shutdown exit ${code}`,
      '',
      '| RSS (MiB, median / max) | total | anon | file | shmem |',
      '|---|---|---|---|---|',
      ...(baseline === undefined ? [] : [rssRow('before startHost', [baseline])]),
      rssRow('idle host (5 s)', idle),
      rssRow(`filling at ${o.rate} ticks/s (every 2 s)`, filling),
      rssRow(`windows full, ${o.productionRate} ticks/s (${o.sampleSeconds} s after ${o.settleSeconds} s)`, loaded),
      '',
      '| typed-array bytes | count | MiB |',
      '|---|---|---|',
      ...[...rings].sort().map(([kind, r]) => `| rings ${kind} | ${r.rings} | ${mib(r.bytes)} |`),
      `| rings, all | ${[...rings.values()].reduce((t, r) => t + r.rings, 0)} | ${mib(ringTotal)} |`,
      `| window arenas (allocated) | ${config.shards.count} | ${mib(finalFill.arenaBytes)} |`,
      `| window points held (${(finalFill.arenaBytes / (config.shards.count * config.shards.maxWindows * config.shards.windowCapacity)).toFixed(2)} B/slot) | ${finalFill.points} | ${mib(finalFill.points * finalFill.arenaBytes / (config.shards.count * config.shards.maxWindows * config.shards.windowCapacity))} |`,
      '',
      '| heap per thread (MiB) | heapUsed | heapTotal | external | arrayBuffers |',
      '|---|---|---|---|---|',
      ...heaps.map(([n, m]) => `| ${n} | ${mib(m.heapUsed)} | ${mib(m.heapTotal)} | ${mib(m.external)} | ${mib(m.arrayBuffers)} |`),
      '',
      `Verdict (production rate): RSS median ${mib(rssMedian)} MiB (${(rssMedian / 1e6).toFixed(0)} MB), max ${mib(rssMax)} MiB (${(rssMax / 1e6).toFixed(0)} MB): ` +
        `${rssMax <= 150e6 ? 'within' : 'over'} the 150 MB target; ${(rssMax / 450e6 * 100).toFixed(0)} % of the peer's 450 MB.`,
    ];
    process.stdout.write(`${lines.join('\n')}\n`);
    if (o.out !== undefined) writeFileSync(o.out, `${lines.join('\n')}\n`);
    return rssMax <= 150e6 ? 0 : 1;
  } finally {
    if (host !== undefined) await host.shutdown('measurement failed');
    await sim.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`measure-memory: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 2;
  },
);

import { existsSync, readFileSync } from 'node:fs';
import os from 'node:os';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import type { ExchangeActorConfig } from '../../actors/exchange/config.js';
import { exchangeCounterNames } from '../../actors/exchange/counters.js';
import { defaultConfig } from '../../src/host/config/index.js';
import { kActorEntries } from '../../src/host/pipeline/actor-entries.js';
import { isExchangeName, kExchangeNames, type ExchangeName } from '../../src/market/exchange-ids.js';
import { ActorSystem, Topology, type RingStats } from '../../src/runtime/index.js';
import { processCpuNs, threadCpuNs, threadIds } from '../e2e/proc-stats.js';
import { SimulatorChild } from '../e2e/simulator-child.js';
import { sleep, waitUntil } from '../e2e/wait.js';
import type { Measurement } from '../report/aggregate.js';
import type { BenchSuite } from './bench-suite.js';

/**
 * The most frames per second ONE exchange actor ingests with zero loss: the
 * simulator in a process of its own (e2e/simulator-child.ts) sends one
 * venue's best bid/offer frames over a real WebSocket to the real actor
 * (compiled connection-actor under an ActorSystem, the shipped ring
 * settings), whose shard and recorder outputs a host endpoint on this
 * thread drains. Per exchange the rate steps up (kRampRates, `stepSeconds`
 * each) while steps are lossless and the simulator delivers the target.
 * The figure is the highest rate the simulator actually sent (over the
 * step's steady window) in a lossless step.
 *
 * A step is lossless when, counted from rest to rest (rate 0 before, and
 * after the actor caught up):
 *   - the simulator skipped no frame (it skips when a client's socket buffer passes 1 MiB);
 *   - frames sent = frames the actor received (framesIn − controlFrames)
 *     = ticks it wrote (ticksOut) = records entering the recorder ring
 *     = records entering the shard rings, with no rejection and no gap;
 *   - no ring dropped or conflated a record;
 *   - the actor caught up within kCatchUpMs of the simulator stopping.
 * The ramp stops at a lossy step (the actor, or the drain, is the limit:
 * the CPU readings say which), or at a lossless step where the simulator
 * sent under 90 % of the target (the simulator is the limit: its own CPU,
 * or the machine's other load starving it). The stopping step is tried once
 * more (a shared machine has hiccups); after a lossy stop the midpoint
 * between the last lossless rate and the lossy one is tried once.
 * CPU comes from /proc over each step's steady window: the actor's thread
 * (the one thread the ActorSystem added to this process), this process's
 * main thread (the drain), the simulator process, and the whole machine
 * (/proc/stat: everyone's processes and the kernel's loopback work), which
 * tells a saturated thread from a full machine.
 *
 * Environment (run.ts's flags are its own):
 *   RINGMASTER_INGEST_STEP_SECONDS  seconds per step (default 3)
 *   RINGMASTER_INGEST_RUNS          runs that measure (default 1, a run takes ~2 min)
 *   RINGMASTER_INGEST_EXCHANGES     comma-separated exchanges (default all)
 */
const kSuite = 'ingest';
const kRampRates = [25_000, 50_000, 100_000, 150_000, 200_000, 300_000, 400_000, 500_000] as const;
const kSymbols = ['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'XRP-USDT', 'DOGE-USDT'];
const kSettleMs = 500;
const kCatchUpMs = 2_000;
const kMinOfferedShare = 0.9;
/** A thread this busy (CPU seconds per wall second) is saturated. */
const kSaturated = 0.85;
/** The simulator's maxBufferedBytes (its default): past this a client's frames are skipped. */
const kSimBufferBytes = 1 << 20;

interface Options {
  readonly stepSeconds: number;
  readonly runs: number;
  readonly exchanges: readonly ExchangeName[];
}

function options(env: NodeJS.ProcessEnv = process.env): Options {
  const pick = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`${name}: must be an integer ${min}..${max}, got ${raw}`);
    return n;
  };
  const listed = (env.RINGMASTER_INGEST_EXCHANGES ?? '').split(',').map((x) => x.trim()).filter((x) => x !== '');
  for (const x of listed) {
    if (!isExchangeName(x)) throw new RangeError(`RINGMASTER_INGEST_EXCHANGES: "${x}" is not one of ${kExchangeNames.join(', ')}`);
  }
  return {
    stepSeconds: pick('RINGMASTER_INGEST_STEP_SECONDS', 3, 1, 600),
    runs: pick('RINGMASTER_INGEST_RUNS', 1, 1, 100),
    exchanges: listed.length === 0 ? kExchangeNames : (listed as ExchangeName[]),
  };
}

/** CPU seconds per wall second over a step; NaN where /proc is not readable. */
interface StepCpu {
  readonly actor: number;
  readonly drain: number;
  readonly simulator: number;
  /** This process (actor, drain, V8 helper threads) plus the simulator process. */
  readonly ours: number;
  /** Every process on the machine (/proc/stat), ours and anyone else's, and the kernel's own work. */
  readonly machine: number;
}

interface Step {
  /** Target frames/s. */
  readonly rate: number;
  /** Frames/s the simulator sent over the steady window. */
  readonly offered: number;
  /** Every frame sent arrived and became a tick in every ring, nothing dropped. */
  readonly lossless: boolean;
  /** The simulator sent under kMinOfferedShare of the target. */
  readonly short: boolean;
  /** Why the step was lossy; empty when lossless. */
  readonly reason: string;
  readonly cpu: StepCpu;
  /** Actor-thread CPU ns per frame received. */
  readonly actorNsPerFrame: number;
  /** How long a stalled reader may lag at this rate before the simulator skips: kSimBufferBytes ÷ bytes/s. */
  readonly bufferMs: number;
}

interface ExchangeResult {
  readonly exchange: ExchangeName;
  readonly steps: readonly Step[];
  readonly best: Step | undefined;
  readonly limit: string;
}

export const ingestSuite: BenchSuite = {
  name: kSuite,
  async prepare() {
    if (!existsSync(fileURLToPath(kActorEntries.exchange)) || !existsSync(fileURLToPath(new URL('../e2e/simulator-process.js', import.meta.url)))) {
      return { ready: false, reason: 'not compiled (run through `npm run bench`, which builds dist/ first).' };
    }
    const o = options();
    return { ready: true, notes: [`steps of ${o.stepSeconds} s (RINGMASTER_INGEST_STEP_SECONDS), ${o.runs} measuring run(s) (RINGMASTER_INGEST_RUNS); ${kSymbols.length} symbols; the actor, the drain and the simulator share ${os.availableParallelism()} cores.`] };
  },
  async runOnce({ run }) {
    const o = options();
    if (run >= o.runs) return { measurements: [], notes: [`runs after the first ${o.runs} do not measure (RINGMASTER_INGEST_RUNS).`] };
    const measurements: Measurement[] = [];
    const notes: string[] = [];
    for (const x of o.exchanges) {
      const r = await measureExchange(x, o.stepSeconds, (line) => process.stderr.write(`[bench] ingest ${x}: ${line}\n`));
      measurements.push({ suite: kSuite, name: `${x}: highest zero-loss frames/s into one actor`, unit: 'records/s', value: r.best?.offered ?? 0 });
      if (r.best !== undefined && Number.isFinite(r.best.actorNsPerFrame)) {
        measurements.push({ suite: kSuite, name: `${x}: actor thread CPU per frame at that rate`, unit: 'ns/op', value: r.best.actorNsPerFrame });
      }
      notes.push(describe(r, run));
    }
    return { measurements, notes };
  },
};

async function measureExchange(x: ExchangeName, stepSeconds: number, log: (line: string) => void): Promise<ExchangeResult> {
  const sim = await SimulatorChild.start({ symbols: kSymbols, exchanges: [x], seed: 1 });
  let system: ActorSystem | undefined;
  try {
    const before = new Set(threadIds(process.pid));
    system = new ActorSystem({ topology: ingestTopology(x, sim.urls[x]!), log: pino({ level: 'warn' }) });
    await system.start();
    system.consume('host', () => {}, { pollBatch: 1024 });
    const probe = new Probe(system, sim, x, before);
    await sim.setTotalRate(2_000);
    await waitUntil(() => probe.counter('dataFrames') > 0, `${x} delivering ticks`, 30_000);
    await sim.setTotalRate(5_000); // warm the JIT on both sides
    await sleep(1_000);
    await sim.setTotalRate(0);
    probe.identifyActorThread();

    const steps: Step[] = [];
    let best: Step | undefined;
    const attempt = async (rate: number): Promise<Step> => {
      const s = await runStep(probe, rate, stepSeconds);
      log(`${rate}/s: sent ${Math.round(s.offered)}/s, ${s.lossless ? 'lossless' : `LOSSY: ${s.reason}`}; CPU actor ${s.cpu.actor.toFixed(2)}, drain ${s.cpu.drain.toFixed(2)}, simulator ${s.cpu.simulator.toFixed(2)}, both processes ${s.cpu.ours.toFixed(2)}, machine ${s.cpu.machine.toFixed(2)}`);
      steps.push(s);
      if (s.lossless && s.offered > (best?.offered ?? 0)) best = s;
      return s;
    };
    let stop: Step | undefined;
    let retried = false;
    for (let i = 0; i < kRampRates.length && stop === undefined; i++) {
      const s = await attempt(kRampRates[i]!);
      if (s.lossless && !s.short) continue;
      if (retried) stop = s;
      else {
        retried = true;
        i--;
      }
    }
    if (stop !== undefined && !stop.lossless && best !== undefined) {
      const mid = Math.round((best.rate + stop.rate) / 2 / 5_000) * 5_000;
      if (mid > best.rate && mid < stop.rate) {
        const s = await attempt(mid);
        if (!s.lossless) stop = s;
      }
    }
    return { exchange: x, steps, best, limit: limitOf(stop, best) };
  } finally {
    await sim.setTotalRate(0).catch(() => {});
    if (system !== undefined) await system.stop(5_000).catch(() => system!.terminate());
    await sim.stop();
  }
}

/** One exchange actor, its outputs all into the host endpoint, with the shipped ring settings. */
function ingestTopology(x: ExchangeName, url: string): Topology {
  const config = defaultConfig();
  const name = `exchange.${x}`;
  const actorConfig: ExchangeActorConfig = {
    exchange: x,
    url,
    symbols: kSymbols,
    shardCount: config.shards.count,
    staleAfterMs: 600_000, // the feed rests between steps on purpose
    maxFrameBytes: config.exchanges[x].maxFrameBytes,
    breaker: config.exchanges[x].breaker,
    deadLetters: { path: null, maxPerSource: config.recorder.dlqMaxPerSource },
    logMaxRepeatsPerMinute: config.log.maxRepeatsPerMinute,
  };
  const edge = (r: { capacity: number; policy: 'conflate' | 'drop' | 'block'; blockTimeoutMs: number }) => ({ capacity: r.capacity, policy: r.policy, blockTimeoutMs: r.blockTimeoutMs });
  const t = new Topology()
    .actor({ name, entry: kActorEntries.exchange, counters: exchangeCounterNames(), config: actorConfig })
    .endpoint('host');
  for (let i = 0; i < config.shards.count; i++) t.connect(`${name}.shard${i}`, `host.shard${i}`, edge(config.rings.exchangeToShard));
  return t.connect(`${name}.recorder`, 'host.recorder', edge(config.rings.exchangeToRecorder));
}

/** Reads everything a step compares: actor counters, its rings, the simulator's totals, CPU. */
class Probe {
  private actorTid: number | undefined;

  constructor(
    private readonly system: ActorSystem,
    readonly sim: SimulatorChild,
    private readonly x: ExchangeName,
    private readonly threadsBefore: ReadonlySet<number>,
  ) {}

  counter(name: string): number {
    return this.system.counters()[`exchange.${this.x}.${name}`] ?? 0;
  }

  rings(): RingStats[] {
    return Object.entries(this.system.rings()).filter(([n]) => n.startsWith(`exchange.${this.x}.`)).map(([, s]) => s);
  }

  recorderRing(): RingStats | undefined {
    return this.system.rings()[`exchange.${this.x}.recorder->host.recorder`];
  }

  /** The actor's OS thread: of the threads the ActorSystem added, the one that worked during the warm-up. */
  identifyActorThread(): void {
    const added = threadIds(process.pid).filter((t) => !this.threadsBefore.has(t));
    this.actorTid = added.map((t) => [t, threadCpuNs(process.pid, t) ?? 0] as const).sort((a, b) => b[1] - a[1])[0]?.[0];
  }

  async snapshot() {
    const venue = (await this.sim.stats()).exchanges[this.x];
    const rings = this.rings();
    const recorder = this.recorderRing();
    return {
      at: performance.now(),
      sent: venue?.framesSent ?? Number.NaN,
      skipped: venue?.framesDropped ?? Number.NaN,
      bytes: venue?.bytesSent ?? Number.NaN,
      received: this.counter('framesIn') - this.counter('controlFrames'),
      dataFrames: this.counter('dataFrames'),
      rejected: this.counter('rejected'),
      ticksOut: this.counter('ticksOut'),
      gaps: this.counter('gapsWritten'),
      recorderWritten: recorder?.written ?? Number.NaN,
      ringsWritten: rings.reduce((s, r) => s + r.written, 0),
      lost: rings.reduce((s, r) => s + r.dropped + r.conflated, 0),
      backlog: rings.reduce((s, r) => s + r.fill + r.pending, 0),
      actorNs: this.actorTid === undefined ? Number.NaN : threadCpuNs(process.pid, this.actorTid) ?? Number.NaN,
      drainNs: threadCpuNs(process.pid, process.pid) ?? Number.NaN,
      simNs: processCpuNs(this.sim.pid) ?? Number.NaN,
      benchNs: processCpuNs(process.pid) ?? Number.NaN,
      ...machineCpuTicks(),
    };
  }
}

type Snapshot = Awaited<ReturnType<Probe['snapshot']>>;

async function runStep(probe: Probe, rate: number, seconds: number): Promise<Step> {
  const a = await probe.snapshot();
  await probe.sim.setTotalRate(rate);
  await sleep(kSettleMs);
  const c0 = await probe.snapshot();
  await sleep(seconds * 1000);
  const c1 = await probe.snapshot();
  await probe.sim.setTotalRate(0);
  let b: Snapshot = c1;
  const caughtUp = async (): Promise<boolean> => {
    b = await probe.snapshot();
    return b.received - a.received >= b.sent - a.sent && b.backlog === 0;
  };
  const inTime = await waitUntil(caughtUp, 'catch-up', kCatchUpMs).then(() => true, () => false);
  const window = (c1.at - c0.at) / 1e3;
  const cpu: StepCpu = {
    actor: (c1.actorNs - c0.actorNs) / 1e9 / window,
    drain: (c1.drainNs - c0.drainNs) / 1e9 / window,
    simulator: (c1.simNs - c0.simNs) / 1e9 / window,
    ours: (c1.benchNs - c0.benchNs + c1.simNs - c0.simNs) / 1e9 / window,
    machine: ((c1.busyTicks - c0.busyTicks) / (c1.allTicks - c0.allTicks)) * os.availableParallelism(),
  };
  const d = (k: keyof Snapshot): number => b[k] - a[k];
  const offered = (c1.sent - c0.sent) / window;
  const reason = lossReason(d('sent'), d, inTime);
  return {
    rate,
    offered,
    lossless: reason === '',
    short: offered < kMinOfferedShare * rate,
    reason,
    cpu,
    actorNsPerFrame: (c1.actorNs - c0.actorNs) / Math.max(1, c1.received - c0.received),
    bufferMs: (kSimBufferBytes / ((c1.bytes - c0.bytes) / window)) * 1e3,
  };
}

/** Why a step lost frames (empty when it did not): `d(k)` is the change of snapshot field k over the step. */
function lossReason(sent: number, d: (k: keyof Snapshot) => number, inTime: boolean): string {
  if (d('skipped') > 0) return `the simulator skipped ${d('skipped')} frames (the actor's socket buffer passed 1 MiB)`;
  if (!inTime) return `the actor had not caught up ${kCatchUpMs} ms after the simulator stopped (${sent - d('received')} frames behind)`;
  if (d('received') !== sent) return `${sent} frames sent, ${d('received')} received`;
  if (d('rejected') > 0) return `${d('rejected')} frames rejected`;
  if (d('gaps') > 0) return `${d('gaps')} gap markers (a disconnect or a sequence gap)`;
  if (d('ticksOut') !== sent) return `${sent} frames, ${d('ticksOut')} ticks written`;
  if (d('recorderWritten') !== sent) return `${sent} frames, ${d('recorderWritten')} records into the recorder ring`;
  if (d('ringsWritten') !== 2 * sent) return `${sent} frames, ${d('ringsWritten') - d('recorderWritten')} records into the shard rings`;
  if (d('lost') > 0) return `${d('lost')} records dropped or conflated at a full ring`;
  return '';
}

/** What stopped the ramp, from the failing step's reason and who was saturated during it. */
function limitOf(stop: Step | undefined, best: Step | undefined): string {
  if (stop === undefined) return best === undefined ? 'no step ran' : `not reached: every step up to ${best.rate}/s was lossless`;
  const c = stop.cpu;
  const n = os.availableParallelism();
  const cores = `actor thread ${c.actor.toFixed(2)}, drain (main thread) ${c.drain.toFixed(2)}, simulator process ${c.simulator.toFixed(2)}; both processes ${c.ours.toFixed(2)}, whole machine ${c.machine.toFixed(2)} of ${n} cores`;
  const machineFull = c.machine >= kSaturated * n;
  if (stop.lossless) {
    const why = c.simulator >= kSaturated ? 'simulator CPU' : machineFull ? 'the machine\'s cores were all busy, so the simulator got no more CPU' : 'the simulator was not CPU-bound, and the machine not full';
    return `the simulator: it sent ${Math.round(stop.offered)}/s of ${stop.rate}/s asked; ${why} (${cores})`;
  }
  const saturated = [c.actor >= kSaturated ? 'actor CPU' : '', c.drain >= kSaturated ? 'the drain (main thread) CPU' : '', c.simulator >= kSaturated ? 'simulator CPU (a saturated simulator falls behind its pacing and catches up in bursts of up to 50 ms of frames, more than its 1 MiB buffer holds)' : ''].filter((s) => s !== '');
  if (saturated.length > 0) return `${saturated.join(' and ')} (${cores})`;
  if (machineFull) {
    const whose = c.machine - c.ours > 0.5 ? 'largely by other processes' : 'by the bench\'s own processes and the kernel\'s loopback work';
    return `the machine: no thread saturated, but all ${n} cores were busy, ${whose}, and the actor fell behind while descheduled (${cores})`;
  }
  // On average there was room: the reader fell behind in short stalls (its
  // GC pauses, being descheduled) longer than the simulator's buffer covers.
  return `short stalls of the actor (GC pauses, descheduling) outlasting the ${Math.round(stop.bufferMs)} ms of frames that the simulator's 1 MiB socket buffer holds at this rate; on average neither a thread nor the machine was saturated (${cores})`;
}

/** Busy and total CPU ticks of the whole machine (/proc/stat); NaN off Linux. */
function machineCpuTicks(): { busyTicks: number; allTicks: number } {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n', 1)[0]!.trim().split(/\s+/).slice(1, 9).map(Number);
    const all = fields.reduce((a, b) => a + b, 0);
    const idle = fields[3]! + fields[4]!; // idle + iowait
    return { busyTicks: all - idle, allTicks: all };
  } catch {
    return { busyTicks: Number.NaN, allTicks: Number.NaN };
  }
}

function describe(r: ExchangeResult, run: number): string {
  const steps = r.steps.map((s) => `${s.rate / 1000}k: sent ${Math.round(s.offered / 1000)}k/s, ${s.lossless ? 'lossless' : `lossy (${s.reason})`}`).join('; ');
  const best = r.best === undefined ? 'no step was lossless' : `highest lossless rate ${Math.round(r.best.offered)}/s (step ${r.best.rate}/s; actor thread ${r.best.cpu.actor.toFixed(2)} cores, ${Math.round(r.best.actorNsPerFrame)} ns/frame)`;
  return `run ${run + 1}, ${r.exchange}: ${best}; limit: ${r.limit}. Steps: ${steps}.`;
}

import type { Measurement } from '../report/aggregate.js';
import { median, summarizeLatency } from '../report/stats.js';
import type { E2eOptions } from './e2e-options.js';
import { kLatencyRates, type E2eRunResult } from './e2e-run.js';
import { formatIdentity } from './loss-identity.js';
import { kShutdownRate } from './throughput-phase.js';

/**
 * The e2e run as report rows (native-bench/report): every ringmaster figure
 * names its baseline, the same figure of the peer pipeline (or a bare
 * worker's start for restarts) measured in the same run. Units the report
 * model does not have (cores, bytes) go to the notes.
 */
const kPercentiles = [['p50', 0.5], ['p99', 0.99], ['p99.9', 0.999]] as const;

export const kE2eNames = {
  latency: (p: string, at: string) => `tick-to-spread ${p} at ${at}`,
  peerLatency: (p: string, at: string) => `peer: tick-to-spread ${p} at ${at}`,
  wake: (p: string, at: string) => `thread wake-up ${p} at ${at} (Atomics.notify → sleeping thread running)`,
  rampMax: (s: number) => `highest rate passing a ${s} s step, zero loss at the recorder`,
  peerRampMax: (s: number) => `peer: highest rate passing a ${s} s step`,
  sustained: (s: number) => `highest rate sustained ${s} s, zero loss at the recorder`,
  peerSustained: (s: number) => `peer: highest rate sustained ${s} s`,
  shutdown: `graceful shutdown at ${kShutdownRate / 1000}k ticks/s`,
  peerShutdown: `peer: shutdown at ${kShutdownRate / 1000}k ticks/s`,
  restartRunning: (actor: string) => `restart ${actor}: crash → running again`,
  restartData: (actor: string) => `restart ${actor}: crash → its data flowing again`,
  peerExchangeStart: 'peer: exchange worker start → first tick',
  bareWorkerStart: 'bare worker start → first message',
  cpu: (role: string) => `CPU per tick at ${kShutdownRate / 1000}k ticks/s: ${role}`,
  peerCpu: (role: string) => `peer: CPU per tick at ${kShutdownRate / 1000}k ticks/s: ${role}`,
} as const;

export function rateLabel(rate: number, isMax: boolean): string {
  return isMax ? 'the max sustained rate' : `${rate / 1000}k ticks/s`;
}

export function e2eMeasurements(suite: string, r: E2eRunResult, o: E2eOptions): Measurement[] {
  const out: Measurement[] = [];
  const m = (name: string, unit: Measurement['unit'], value: number, ...baselines: (string | undefined)[]): void => {
    if (!Number.isFinite(value)) return;
    const compareTo = baselines.filter((b): b is string => b !== undefined).map((b) => ({ name: b }));
    out.push({ suite, name, unit, value, ...(compareTo.length === 0 ? {} : { compareTo }) });
  };

  const maxIndex = r.latencyRates.length > kLatencyRates.length ? r.latencyRates.length - 1 : -1;
  r.latency.steps.forEach((step, i) => {
    const at = rateLabel(step.targetRate, i === maxIndex);
    const peer = r.peer.steps[i];
    const mine = step.latenciesUs.length > 0 ? summarizeLatency(step.latenciesUs) : undefined;
    const theirs = peer !== undefined && peer.latenciesUs.length > 0 ? summarizeLatency(peer.latenciesUs) : undefined;
    const wake = step.wakeUs.length > 0 ? summarizeLatency(step.wakeUs) : undefined;
    for (const [p, q] of kPercentiles) {
      const key = q === 0.5 ? 'p50' : q === 0.99 ? 'p99' : 'p999';
      const baselines = [
        ...(theirs === undefined ? [] : [kE2eNames.peerLatency(p, at)]),
        ...(wake === undefined ? [] : [kE2eNames.wake(p, at)]),
      ];
      if (mine !== undefined) m(kE2eNames.latency(p, at), 'µs', mine[key], ...baselines);
    }
    if (wake !== undefined) for (const [p, q] of kPercentiles) m(kE2eNames.wake(p, at), 'µs', q === 0.5 ? wake.p50 : q === 0.99 ? wake.p99 : wake.p999);
  });
  r.peer.steps.forEach((step, i) => {
    const at = rateLabel(step.targetRate, i === maxIndex);
    if (step.latenciesUs.length === 0) return;
    const s = summarizeLatency(step.latenciesUs);
    for (const [p, q] of kPercentiles) m(kE2eNames.peerLatency(p, at), 'µs', q === 0.5 ? s.p50 : q === 0.99 ? s.p99 : s.p999);
  });

  m(kE2eNames.rampMax(o.stepSeconds), 'records/s', r.throughput.rampMaxRate, kE2eNames.peerRampMax(o.stepSeconds));
  m(kE2eNames.peerRampMax(o.stepSeconds), 'records/s', r.peer.rampMaxRate);
  m(kE2eNames.sustained(o.sustainSeconds), 'records/s', r.throughput.maxSustainedRate, kE2eNames.peerSustained(o.sustainSeconds));
  m(kE2eNames.peerSustained(o.sustainSeconds), 'records/s', r.peer.sustainedRate);

  m(kE2eNames.shutdown, 'ms', r.throughput.shutdownMs, kE2eNames.peerShutdown);
  m(kE2eNames.peerShutdown, 'ms', r.peer.shutdownMs);

  for (const { actor, timing } of r.latency.restarts) {
    const baseline = actor.startsWith('exchange.') ? kE2eNames.peerExchangeStart : kE2eNames.bareWorkerStart;
    m(kE2eNames.restartRunning(actor), 'ms', timing.readyMs, baseline);
    m(kE2eNames.restartData(actor), 'ms', timing.dataMs, baseline);
  }
  m(kE2eNames.peerExchangeStart, 'ms', r.peer.exchangeStartMs);
  m(kE2eNames.bareWorkerStart, 'ms', r.bareWorkerStartMs);

  const step = r.throughput.ramp.find((s) => s.targetRate === kShutdownRate);
  const peerStep = r.peer.ramp.find((s) => s.targetRate === kShutdownRate);
  const peerCpu = r.peer.cpuAtShutdownRate;
  if (step !== undefined) {
    const perTick = (cores: number): number => (cores * 1e9) / step.window.sentRate;
    const roles = cpuRoles(step.window.cpu.cores);
    const peerPerTick = (cores: number): number => (cores * 1e9) / (peerStep?.sentRate ?? Number.NaN);
    m(kE2eNames.cpu('exchange actors'), 'ns/record', perTick(roles.exchanges), peerCpu === undefined ? undefined : kE2eNames.peerCpu('exchange workers'));
    m(kE2eNames.cpu('shards'), 'ns/record', perTick(roles.shards), peerCpu === undefined ? undefined : kE2eNames.peerCpu('shard workers'));
    m(kE2eNames.cpu('recorder'), 'ns/record', perTick(roles.recorder));
    m(kE2eNames.cpu('host main thread'), 'ns/record', perTick(roles.main));
    m(kE2eNames.cpu('other threads (V8, libuv, LMDB)'), 'ns/record', perTick(step.window.cpu.otherCores));
    m(kE2eNames.cpu('whole host process'), 'ns/record', perTick(step.window.cpu.processCores), peerCpu === undefined ? undefined : kE2eNames.peerCpu('whole process'));
    m(kE2eNames.cpu('simulator process'), 'ns/record', perTick(step.window.simulatorCores));
    if (peerCpu !== undefined) {
      m(kE2eNames.peerCpu('exchange workers'), 'ns/record', peerPerTick(peerCpu.exchanges));
      m(kE2eNames.peerCpu('shard workers'), 'ns/record', peerPerTick(peerCpu.shards));
      m(kE2eNames.peerCpu('whole process'), 'ns/record', peerPerTick(peerCpu.process));
    }
  }
  return out;
}

interface RoleCores {
  exchanges: number;
  shards: number;
  recorder: number;
  main: number;
}

function cpuRoles(cores: ReadonlyMap<string, number>): RoleCores {
  const r: RoleCores = { exchanges: 0, shards: 0, recorder: 0, main: 0 };
  for (const [name, c] of cores) {
    if (name.startsWith('exchange.')) r.exchanges += c;
    else if (name.startsWith('shard.')) r.shards += c;
    else if (name === 'recorder') r.recorder += c;
    else if (name === 'main') r.main += c;
  }
  return r;
}

const collected: E2eRunResult[] = [];

/**
 * Notes for latest.md. Each run's result is kept; the last measuring run
 * writes the summary over all of them (medians), so the notes do not repeat
 * per run.
 */
export function e2eNotes(r: E2eRunResult, o: E2eOptions, run: number, runs: number): string[] {
  collected.push(r);
  if (run < Math.min(runs, o.maxRuns) - 1) return [];
  const all = collected.splice(0);
  const notes: string[] = [];
  const med = (f: (x: E2eRunResult) => number): number => {
    const v = all.map(f).filter(Number.isFinite);
    return v.length === 0 ? Number.NaN : median(v);
  };
  const last = all[all.length - 1]!;
  const fmt = (v: number, digits = 0): string => (Number.isFinite(v) ? v.toFixed(digits) : 'n/a');
  const mib = (b: number): string => fmt(b / 2 ** 20, 0);

  notes.push(
    'how: a simulator process serves Binance, Bybit and OKX over WebSockets on 127.0.0.1 (5 symbols, one tick per frame, the rate split evenly); ' +
    'the host runs `startHost` in a process of its own (native-bench/e2e/host-process.ts) with the shipped config except exchange URLs, data dir, port 0 and staleAfterMs; ' +
    'each thread of that process writes its OS thread id at start (--require thread-tag.cjs) so CPU per actor is read from /proc/PID/task/TID/schedstat. ' +
    `Ramp: ${o.stepSeconds} s steps from 100k ticks/s until one fails (frames skipped for a slow client, the simulator short of the rate, a recorder-edge drop, under 98 % recorded, or a backlog over half the ring); then, once the rings have drained, the best rate for ${o.sustainSeconds} s (15 % lower on failure, twice at most); the peer goes through the same steps and rule. ` +
    'Latency: a second host with shards.debounceMs 0 and backoff 0 (every change published in the round of its tick; restarts without the backoff policy); latency = computedTs − ts of every spread the recorder stored in the step window, ts being the triggering tick\'s receive stamp in the exchange actor (clocks of all threads agree to under 1 µs). ' +
    'Baseline ("peer"): one worker per venue with ws + JSON.parse + one postMessage per tick to a shard worker that keeps the book and computes the spreads; no recorder, no windows, no debounce: less work than ringmaster does.',
  );
  if (o.sustainSeconds < 60) notes.push(`the sustain run lasted ${o.sustainSeconds} s; the issue's figure is 60 s: \`npm run bench -- --suite e2e --sustain-seconds 60\`.`);

  const achieved = last.latency.steps.map((st, i) =>
    `${st.targetRate / 1000}k → ${fmt(st.window.sentRate / 1000, 1)}k with ${fmt(st.window.spreadsRate / 1000, 1)}k spreads/s published (peer ${fmt((last.peer.steps[i]?.sentRate ?? Number.NaN) / 1000, 1)}k)`).join(', ');
  notes.push(`latency steps, rate asked → rate the simulator achieved (last run): ${achieved}. With debounce 0 every tick's changed spreads are published (coalesced per loop round), and each goes to the recorder as well: the latency host does more work per tick than the shipped config, so it saturates at a lower rate; where the achieved rate falls short, the simulator was skipping frames for a client that was not reading, and the figures at that step are queueing. "The max sustained rate" is the throughput phase's result of the same run.`);
  const sustained = med((x) => x.throughput.maxSustainedRate);
  notes.push(`target ≥ 150k ticks/s from the simulator through to the recorder, zero loss: median ${fmt(sustained / 1000, 1)}k ticks/s over ${o.sustainSeconds} s → ${sustained >= 150_000 ? 'met' : 'not met'}` +
    ` (per run: ${all.map((x) => `${fmt(x.throughput.maxSustainedRate / 1000, 1)}k`).join(', ')}; ramp stops: ${all.map((x) => x.throughput.ramp.find((s) => !s.verdict.pass)?.verdict.reason ?? 'none').join(' | ')}).`);
  const p99at50 = med((x) => {
    const i = x.latencyRates.indexOf(50_000);
    const s = x.latency.steps[i];
    return s === undefined || s.latenciesUs.length === 0 ? Number.NaN : summarizeLatency(s.latenciesUs).p99;
  });
  const wakeP99at50 = med((x) => {
    const s = x.latency.steps[x.latencyRates.indexOf(50_000)];
    return s === undefined || s.wakeUs.length === 0 ? Number.NaN : summarizeLatency(s.wakeUs).p99;
  });
  notes.push(`target tick-to-spread p99 ≤ 100 µs at 50k ticks/s: median ${fmt(p99at50)} µs → ${p99at50 <= 100 ? 'met' : 'not met'}. ` +
    `The floor under it: a sleeping thread notified once a millisecond in the bench process during the same step took ${fmt(wakeP99at50)} µs (p99, median of runs) to run again; ` +
    'a shard parks (spin-then-wait) when its rings are empty, which at 50k ticks/s over 2 shards is between most ticks, so its p99 cannot be below this floor, and only a spinning shard (a core of its own) avoids it.');
  const shutdownMs = med((x) => x.throughput.shutdownMs);
  const identityHeld = all.every((x) => x.throughput.identity.every((row) => row.ok));
  const clean = all.every((x) => x.throughput.shutdownExitCode === 0 && x.throughput.shutdownDropped === 0);
  notes.push(`target graceful shutdown at 100k ticks/s ≤ 1 s with zero loss: median ${fmt(shutdownMs)} ms; exit codes ${all.map((x) => x.throughput.shutdownExitCode).join(', ')}; drops at the recorder edge during it ${all.map((x) => x.throughput.shutdownDropped).join(', ')}; loss identity of the phase ${identityHeld ? 'held in every run' : 'FAILED'} → ${shutdownMs <= 1000 && clean && identityHeld ? 'met' : 'not met'}.`);

  for (const [phase, rows] of [['throughput phase', last.throughput.identity], ['latency phase', last.latency.identity]] as const) {
    notes.push(`loss identity, ${phase} (last run): ${formatIdentity(rows).join('; ')}.`);
  }
  all.forEach((x, i) => {
    const bad = [...x.throughput.identity, ...x.latency.identity].filter((row) => !row.ok);
    if (bad.length > 0) notes.push(`LOSS in run ${i + 1}: ${bad.flatMap((row) => `${row.exchange}: ${row.problems.join(', ')}`).join('; ')}`);
    const unplanned = [...x.throughput.unplannedRestarts.map((u) => `throughput phase: ${u}`), ...x.latency.unplannedRestarts.map((u) => `latency phase: ${u}`)];
    if (unplanned.length > 0) {
      notes.push(`restarts nobody injected in run ${i + 1} (a worker terminated from outside, e.g. by the heartbeat watchdog, can lose the frame it was handling): ${unplanned.join('; ')}`);
    }
    if (x.keptLogs !== undefined) notes.push(`run ${i + 1}: logs kept in ${x.keptLogs}`);
  });

  const step = last.throughput.ramp.find((s) => s.targetRate === kShutdownRate);
  if (step !== undefined) {
    const threads = [...step.window.cpu.cores].map(([name, c]) => `${name} ${fmt(c * 100)} %`).join(', ');
    notes.push(`CPU per thread at ${kShutdownRate / 1000}k ticks/s (last run, % of one core): ${threads}, other threads ${fmt(step.window.cpu.otherCores * 100)} %, host process ${fmt(step.window.cpu.processCores * 100)} %, simulator process ${fmt(step.window.simulatorCores * 100)} %` +
      (last.peer.cpuAtShutdownRate === undefined ? '' : `; peer at the same rate: exchange workers ${fmt(last.peer.cpuAtShutdownRate.exchanges * 100)} %, shard workers ${fmt(last.peer.cpuAtShutdownRate.shards * 100)} %, process ${fmt(last.peer.cpuAtShutdownRate.process * 100)} %`) + '.');
  }
  const windows = (x: E2eRunResult) => [...x.throughput.ramp.map((s) => s.window), ...(x.throughput.sustain === undefined ? [] : [x.throughput.sustain.window])];
  const at100k = (x: E2eRunResult) => x.throughput.ramp.find((s) => s.targetRate === kShutdownRate)?.window.rss;
  notes.push(`RSS of the host process (median of runs): ${mib(med((x) => at100k(x)?.rss ?? Number.NaN))} MiB at ${kShutdownRate / 1000}k ticks/s, of which anonymous (heaps, rings, window arenas) ${mib(med((x) => at100k(x)?.anon ?? Number.NaN))} MiB and mapped files (node's code and LMDB's map, which the recorder keeps within recorder.mapResidencyBytes except while a restarted shard reads the store) ${mib(med((x) => at100k(x)?.file ?? Number.NaN))} MiB; ` +
    `peak ${mib(med((x) => Math.max(...windows(x).map((w) => w.rss?.rss ?? 0))))} MiB (anonymous ${mib(med((x) => Math.max(...windows(x).map((w) => w.rss?.anon ?? 0))))} MiB) over the ramp and sustain. ` +
    `Baseline: the peer pipeline grew the bench process by ${mib(med((x) => x.peer.rssGrowth.rss))} MiB (anonymous ${mib(med((x) => x.peer.rssGrowth.anon))} MiB); it keeps no windows and no store.`);
  const shardRestart = last.latency.restarts.find((x) => x.actor.startsWith('shard.'));
  if (shardRestart !== undefined) {
    notes.push(`a restarted shard rebuilds its windows from the recorder's store (the last windowMs + maxQuoteAgeMs of its symbols' ticks) before it reads its rings, so its restart time grows with what the store holds: ${fmt(shardRestart.timing.readyMs)} ms in the last run, after the latency steps had stored their ticks; meanwhile its input rings fill and conflate.`);
  }
  const conflated = last.throughput.ramp.map((s) => `${s.targetRate / 1000}k: ${s.window.shardConflated}`).join(', ');
  notes.push(`ticks conflated on exchange → shard edges per ramp step (by design when a shard lags; never on the recorder edge), last run: ${conflated}.`);
  notes.push(`host start-up (config → every actor ready), median ${fmt(med((x) => x.throughput.startupMs))} ms.`);
  return notes;
}

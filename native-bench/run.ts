import os from 'node:os';
import { parseArgs } from 'node:util';
import { kReportsDir } from './bench-paths.js';
import { kE2eFlags } from './e2e/e2e-options.js';
import { aggregateRuns, type Measurement } from './report/aggregate.js';
import { describeMachine } from './report/machine.js';
import type { BenchTarget, ReportNote } from './report/report-model.js';
import { renderReportMarkdown, writeReport } from './report/report-writer.js';
import type { BenchSuite } from './suites/bench-suite.js';

/**
 * `npm run bench` entry: runs the suites, writes native-bench/reports/latest.{json,md}
 * and prints the markdown. Runs compiled (dist/native-bench/run.js).
 *
 *   --suite NAME[,NAME]  only these suites (repeatable); default: all
 *   --runs N             runs per suite, each value is the median (default 5)
 *   --out DIR            report directory (default native-bench/reports)
 *   --list               print the suite names and exit
 *
 * A suite that cannot run here (no C compiler, a runtime piece not written
 * yet) is skipped with a note. A suite that throws while running is reported
 * as failed, its partial numbers are dropped, and the exit code is 1.
 */

type SuiteLoader = () => Promise<BenchSuite>;

// Loaded lazily, so a suite whose module cannot load becomes a skipped suite
// instead of taking the whole bench down.
const kSuites: ReadonlyArray<readonly [string, SuiteLoader]> = [
  ['c-floor', async () => (await import('./suites/c-floor.bench.js')).cFloorSuite],
  ['ring', async () => (await import('./suites/ring.bench.js')).ringSuite],
  ['codec', async () => (await import('./suites/codec.bench.js')).codecSuite],
  ['parse', async () => (await import('./suites/parse.bench.js')).parseSuite],
  ['restart', async () => (await import('./suites/restart.bench.js')).restartSuite],
  ['e2e', async () => (await import('./suites/e2e.bench.js')).e2eSuite],
  ['ingest', async () => (await import('./suites/ingest.bench.js')).ingestSuite],
];

interface Options {
  readonly suites: readonly string[];
  readonly runs: number;
  readonly out: string;
}

function parseOptions(argv: string[]): Options | 'list' {
  const { values } = parseArgs({
    args: argv,
    options: {
      suite: { type: 'string', multiple: true },
      runs: { type: 'string', default: '5' },
      out: { type: 'string', default: kReportsDir },
      list: { type: 'boolean', default: false },
      ...kE2eFlags, // read by the e2e suite itself (e2e/e2e-options.ts)
    },
    strict: true,
  });
  if (values.list === true) return 'list';
  const known = kSuites.map(([name]) => name);
  const suites = (values.suite ?? known).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  for (const s of suites) {
    if (!known.includes(s)) throw new Error(`--suite: unknown suite "${s}"; known: ${known.join(', ')}`);
  }
  const runs = Number(values.runs);
  if (!Number.isInteger(runs) || runs < 1 || runs > 100) throw new Error(`--runs: must be an integer 1..100, got ${values.runs}`);
  return { suites, runs, out: values.out ?? kReportsDir };
}

async function main(): Promise<number> {
  const options = parseOptions(process.argv.slice(2));
  if (options === 'list') {
    console.log(kSuites.map(([name]) => name).join('\n'));
    return 0;
  }
  const notes: ReportNote[] = [];
  const loadAtStart = loadAverage();
  const targets: BenchTarget[] = [];
  const ready: BenchSuite[] = [];
  let failed = false;

  for (const [name, load] of kSuites) {
    if (!options.suites.includes(name)) continue;
    try {
      const suite = await load();
      const readiness = await suite.prepare();
      targets.push(...(suite.targets ?? []));
      if (!readiness.ready) {
        notes.push({ suite: name, text: readiness.reason, skipped: true });
        log(`${name}: skipped (${readiness.reason})`);
        continue;
      }
      for (const text of readiness.notes ?? []) notes.push({ suite: name, text });
      ready.push(suite);
    } catch (err) {
      notes.push({ suite: name, text: `could not be prepared: ${describe(err)}`, skipped: true });
      log(`${name}: skipped, prepare failed: ${describe(err)}`);
    }
  }

  // Interleaved: run r of every suite before run r + 1 of any, so a noisy
  // stretch of time on a shared machine spreads over all suites.
  const runs: Measurement[][] = [];
  const broken = new Set<BenchSuite>();
  const seenNotes = new Set<string>();
  for (let r = 0; r < options.runs; r++) {
    const measured: Measurement[] = [];
    for (const suite of ready) {
      if (broken.has(suite)) continue;
      const started = performance.now();
      try {
        const result = await suite.runOnce({ run: r, runs: options.runs });
        measured.push(...result.measurements);
        for (const text of result.notes ?? []) {
          if (seenNotes.has(`${suite.name}\u0000${text}`)) continue;
          seenNotes.add(`${suite.name}\u0000${text}`);
          notes.push({ suite: suite.name, text });
        }
        log(`${suite.name}: run ${r + 1}/${options.runs} done in ${((performance.now() - started) / 1000).toFixed(1)} s`);
      } catch (err) {
        broken.add(suite);
        failed = true;
        notes.push({ suite: suite.name, text: `failed in run ${r + 1}, no results reported: ${describe(err)}`, skipped: true });
        log(`${suite.name}: FAILED in run ${r + 1}: ${describe(err)}`);
      }
    }
    runs.push(measured);
  }
  for (const suite of ready) await suite.close?.();

  // Spinning benches need a free core per thread: a busy machine shows in every figure.
  const cores = os.availableParallelism();
  const loadAtEnd = loadAverage();
  notes.push({ suite: 'machine', text: `1-minute load average ${loadAtStart.toFixed(2)} at start, ${loadAtEnd.toFixed(2)} at end, on ${cores} cores.` });
  if (Math.max(loadAtStart, loadAtEnd) > cores) {
    notes.push({
      suite: 'machine',
      text: 'the machine was oversubscribed (load above the core count): a spinning thread whose partner is descheduled waits out a scheduler time slice, so busy-spin and one-way figures (JS and C alike) include milliseconds of scheduling and are not representative of an idle host.',
    });
  }

  const brokenNames = new Set([...broken].map((s) => s.name));
  const report = {
    machine: describeMachine(),
    at: new Date().toISOString(),
    results: aggregateRuns(runs.map((run) => run.filter((m) => !brokenNames.has(m.suite)))),
  };
  const extras = { runs: options.runs, notes, targets, suites: options.suites };
  const { jsonPath, markdownPath } = await writeReport(options.out, report, extras);
  console.log(renderReportMarkdown(report, extras));
  log(`wrote ${jsonPath} and ${markdownPath}`);
  return failed ? 1 : 0;
}

function loadAverage(): number {
  return os.loadavg()[0] ?? 0;
}

function log(line: string): void {
  process.stderr.write(`[bench] ${line}\n`);
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}

main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    log(describe(err));
    process.exitCode = 2;
  },
);

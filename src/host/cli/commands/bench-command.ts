import { spawn } from 'node:child_process';
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { listOption, stringOption, type CliCommand, type ParsedArgs } from '../cli-command.js';
import { kExitFailure } from '../exit-codes.js';
import { notAvailable } from './not-available.js';

/**
 * `ringmaster bench`: runs the benchmark runner (native-bench/run.ts) in a
 * child node process, because the runner is a program (it reads its own
 * argv and owns process.exitCode), and benches want a fresh process anyway.
 */
export const kBenchCommand: CliCommand = {
  name: 'bench',
  summary: 'run the benchmarks and write native-bench/reports/latest.{md,json}',
  synopsis: 'bench [--suite NAME]... [--runs N] [--out DIR] [--list]',
  help: `Runs the tinybench suites (ring, codec, restart, C floor) side by side with
their baselines and writes the latency report. Takes minutes; run it on a quiet
machine.

  --suite NAME   only this suite; repeat for several (default: all)
  --runs N       runs per suite; each figure is the median (default 5)
  --out DIR      report directory (default native-bench/reports)
  --list         print the suite names and exit

Exit codes: 0, or 1 when a suite failed.`,
  options: {
    suite: { type: 'string', multiple: true },
    runs: { type: 'string' },
    out: { type: 'string' },
    list: { type: 'boolean' },
  },
  async run(args, { io }) {
    const entry = benchEntry();
    if (entry === undefined) return notAvailable('bench', 'native-bench/run.js is missing', io);
    const child = spawn(process.execPath, [...process.execArgv, entry, ...benchArgs(args)], { cwd: io.cwd, env: { ...io.env }, stdio: ['ignore', 'pipe', 'pipe'] });
    child.stdout.pipe(io.stdout, { end: false });
    child.stderr.pipe(io.stderr, { end: false });
    return new Promise<number>((resolve) => {
      child.on('error', (err) => {
        io.stderr.write(`ringmaster bench: ${err.message}\n`);
        resolve(kExitFailure);
      });
      child.on('close', (code) => resolve(code ?? kExitFailure));
    });
  },
};

/** dist/native-bench/run.js when built; native-bench/run.ts from source (tsx is then in execArgv). */
function benchEntry(): string | undefined {
  for (const name of ['run.js', 'run.ts']) {
    const file = fileURLToPath(new URL(`../../../../native-bench/${name}`, import.meta.url));
    if (fs.existsSync(file)) return file;
  }
  return undefined;
}

function benchArgs(args: ParsedArgs): string[] {
  const out: string[] = [];
  for (const suite of listOption(args, 'suite') ?? []) out.push('--suite', suite);
  const runs = stringOption(args, 'runs');
  if (runs !== undefined) out.push('--runs', runs);
  const dir = stringOption(args, 'out');
  if (dir !== undefined) out.push('--out', dir);
  if (args.values['list'] === true) out.push('--list');
  return out;
}

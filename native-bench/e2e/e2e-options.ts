import { parseArgs } from 'node:util';

/**
 * Options of the e2e suite. From the bench command line (run.ts declares the
 * flags so its strict parser accepts them) or, for `ringmaster bench`, which
 * forwards only the runner's own flags, from the environment:
 *
 *   --sustain-seconds N   RINGMASTER_E2E_SUSTAIN_SECONDS   length of the zero-loss
 *                         sustain run at the highest ramp rate (default 10; the
 *                         issue's figure is 60)
 *   --step-seconds N      RINGMASTER_E2E_STEP_SECONDS      length of each ramp and
 *                         latency step (default 3)
 *   --e2e-runs N          RINGMASTER_E2E_RUNS              runs that measure: a run
 *                         takes minutes, so the default is 1 unless --runs is
 *                         given on the command line, then that many (the issue's
 *                         figures are medians of 3: --runs 3)
 */
export interface E2eOptions {
  readonly sustainSeconds: number;
  readonly stepSeconds: number;
  readonly maxRuns: number;
}

export const kE2eFlags = {
  'sustain-seconds': { type: 'string' },
  'step-seconds': { type: 'string' },
  'e2e-runs': { type: 'string' },
} as const;

export function e2eOptions(argv: readonly string[] = process.argv.slice(2), env: NodeJS.ProcessEnv = process.env): E2eOptions {
  const { values } = parseArgs({ args: [...argv], options: { ...kE2eFlags, runs: { type: 'string' } }, strict: false, allowPositionals: true });
  const pick = (flag: keyof typeof kE2eFlags, envName: string, fallback: number, min: number, max: number): number => {
    const raw = values[flag] ?? env[envName];
    if (raw === undefined || raw === '' || typeof raw === 'boolean') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) throw new RangeError(`--${flag} (${envName}): must be an integer ${min}..${max}, got ${String(raw)}`);
    return n;
  };
  return {
    sustainSeconds: pick('sustain-seconds', 'RINGMASTER_E2E_SUSTAIN_SECONDS', 10, 1, 3600),
    stepSeconds: pick('step-seconds', 'RINGMASTER_E2E_STEP_SECONDS', 3, 1, 600),
    maxRuns: pick('e2e-runs', 'RINGMASTER_E2E_RUNS', values.runs === undefined || typeof values.runs === 'boolean' ? 1 : Number(values.runs), 1, 100),
  };
}

import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { e2eOptions } from '../e2e/e2e-options.js';
import { runE2e } from '../e2e/e2e-run.js';
import { e2eMeasurements, e2eNotes } from '../e2e/e2e-report.js';
import type { BenchSuite } from './bench-suite.js';

/**
 * End to end over real sockets: simulator process → exchange actors →
 * shards → recorder, in a host process of its own (native-bench/e2e/). Each
 * figure beside the same figure of a conventional pipeline (ws + JSON.parse
 * + postMessage) measured in the same run. A run takes about two minutes
 * with the defaults, so only the first `--e2e-runs` runs (default 3)
 * measure; see e2e/e2e-options.ts for --sustain-seconds and --step-seconds.
 */
const kSuite = 'e2e';

export const e2eSuite: BenchSuite = {
  name: kSuite,
  async prepare() {
    if (process.platform !== 'linux') return { ready: false, reason: 'reads per-thread CPU and RSS from /proc: Linux only.' };
    const host = fileURLToPath(new URL('../e2e/host-process.js', import.meta.url));
    const entries = fileURLToPath(new URL('../../src/host/pipeline/actor-entries.js', import.meta.url));
    if (!existsSync(host) || !existsSync(entries)) return { ready: false, reason: 'not compiled (run through `npm run bench`, which builds dist/ first).' };
    const o = e2eOptions();
    return { ready: true, notes: [`sustain ${o.sustainSeconds} s, steps ${o.stepSeconds} s, at most ${o.maxRuns} measuring runs (\`--sustain-seconds 60\` for the issue's figure).`] };
  },
  async runOnce({ run, runs }) {
    const o = e2eOptions();
    if (run >= o.maxRuns) return { measurements: [], notes: [`runs after the first ${o.maxRuns} do not measure (--e2e-runs).`] };
    const result = await runE2e({ ...o, log: (line) => process.stderr.write(`[bench] e2e run ${run + 1}: ${line}\n`) });
    return { measurements: e2eMeasurements(kSuite, result, o), notes: e2eNotes(result, o, run, runs) };
  },
};

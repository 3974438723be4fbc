import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { kDefaultSymbols } from '../src/host/config/index.js';
import { kExchangeNames } from '../src/market/exchange-ids.js';
import { runChaosSoak } from '../native-bench/e2e/chaos-soak.js';
import { e2eConfig } from '../native-bench/e2e/e2e-config.js';
import { HostChild } from '../native-bench/e2e/host-child.js';
import { SimulatorChild } from '../native-bench/e2e/simulator-child.js';
import { formatSoakSummary } from '../native-bench/e2e/soak-summary.js';
import { childSoakTarget } from '../native-bench/e2e/soak-targets.js';

/**
 * `npm run soak -- --minutes N`: the chaos soak (native-bench/e2e/chaos-soak.ts)
 * against a real host process fed by a simulator process over WebSockets.
 *
 *   --minutes N           how long faults are injected (default 5; fractions allowed)
 *   --rate N              total ticks per second offered, split over the venues (default 30000)
 *   --interval-seconds N  time between two faults (default 3)
 *   --seed N              seed of the actor/fault sequence (default 1)
 *   --keep                keep the working directory (store, logs) even on success
 *
 * Prints a summary; exits 0 when every check passed, 1 when one failed (loss
 * identity, restart log, an unclean shutdown, the host stopping by itself),
 * 2 on a bad command line or when the soak overran its time bound.
 */
const kBoundSlackMs = 3 * 60_000;

function options(): { minutes: number; rate: number; intervalSeconds: number; seed: number; keep: boolean } {
  const { values } = parseArgs({
    options: {
      minutes: { type: 'string', default: '5' },
      rate: { type: 'string', default: '30000' },
      'interval-seconds': { type: 'string', default: '3' },
      seed: { type: 'string', default: '1' },
      keep: { type: 'boolean', default: false },
    },
    strict: true,
  });
  const num = (name: string, raw: string | undefined, min: number, max: number): number => {
    const n = Number(raw);
    if (!Number.isFinite(n) || n < min || n > max) throw new RangeError(`--${name}: must be a number from ${min} to ${max}, got ${String(raw)}`);
    return n;
  };
  return {
    minutes: num('minutes', values.minutes, 0.1, 24 * 60),
    rate: num('rate', values.rate, 0, 3_000_000),
    intervalSeconds: num('interval-seconds', values['interval-seconds'], 0.5, 3600),
    seed: Math.trunc(num('seed', values.seed, 0, 2 ** 32 - 1)),
    keep: values.keep === true,
  };
}

async function main(): Promise<number> {
  let o: ReturnType<typeof options>;
  try {
    o = options();
  } catch (err) {
    process.stderr.write(`soak: ${err instanceof Error ? err.message : String(err)}\n`);
    return 2;
  }
  const bound = setTimeout(() => {
    process.stderr.write(`soak: overran its bound of ${o.minutes} min + ${kBoundSlackMs / 60_000} min; giving up\n`);
    process.exit(2);
  }, o.minutes * 60_000 + kBoundSlackMs);
  bound.unref();

  const dir = mkdtempSync(path.join(os.tmpdir(), 'ringmaster-soak-'));
  const exchanges = [...kExchangeNames];
  const symbols = [...kDefaultSymbols];
  const dataDir = path.join(dir, 'data');
  const adminToken = randomBytes(24).toString('hex');
  const log = (line: string): void => void process.stderr.write(`[soak] ${line}\n`);
  log(`working directory ${dir}; ${o.minutes} min at ${o.rate} ticks/s, a fault every ${o.intervalSeconds} s, seed ${o.seed}`);

  const sim = await SimulatorChild.start({ symbols, exchanges, logFile: path.join(dir, 'simulator.log') });
  let host: HostChild | undefined;
  let ok = false;
  try {
    host = await HostChild.start(e2eConfig({ dataDir, urls: sim.urls, exchanges, symbols, adminToken, chaos: true }), { logFile: path.join(dir, 'host.log') });
    log(`host pid ${host.pid}, ops on 127.0.0.1:${host.started.opsPort}`);
    await sim.setTotalRate(o.rate);
    const summary = await runChaosSoak(childSoakTarget(host, { adminToken, exchanges, dataDir, symbolCount: symbols.length }), {
      durationMs: o.minutes * 60_000,
      intervalMs: o.intervalSeconds * 1000,
      seed: o.seed,
      log,
    });
    process.stdout.write(`${formatSoakSummary(summary)}\n`);
    ok = summary.ok;
  } finally {
    await host?.stop();
    await sim.stop();
    if (ok && !o.keep) rmSync(dir, { recursive: true, force: true });
    else log(`kept ${dir} (host.log, simulator.log, data/)`);
  }
  return ok ? 0 : 1;
}

main().then(
  (code) => { process.exitCode = code; },
  (err: unknown) => {
    process.stderr.write(`soak: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exitCode = 1;
  },
);

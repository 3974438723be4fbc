import type { RssTrend, SoakSummary } from './chaos-soak.js';
import { formatIdentity } from './loss-identity.js';

function slowest(s: SoakSummary): string {
  let at = -1;
  s.restarts.downtimesMs.forEach((d, i) => { if (Number.isFinite(d) && (at < 0 || d > s.restarts.downtimesMs[at]!)) at = i; });
  const f = s.faults[at];
  return f === undefined ? '' : ` (${f.fault} ${f.actor})`;
}

function trend(t: RssTrend): string {
  return `${t.firstMiB.toFixed(0)} → ${t.lastMiB.toFixed(0)} MiB (max ${t.maxMiB.toFixed(0)}), slope ${t.slopeMiBPerMin.toFixed(2)} MiB/min without the first fifth, ${t.slopeLateHalfMiBPerMin.toFixed(2)} MiB/min over the second half`;
}

/** The soak's summary as printed by `npm run soak`: what was done, the checks, the verdict last. */
export function formatSoakSummary(s: SoakSummary): string {
  const byKind = new Map<string, number>();
  for (const f of s.faults) byKind.set(`${f.fault} ${f.actor}`, (byKind.get(`${f.fault} ${f.actor}`) ?? 0) + 1);
  const downtimes = s.restarts.downtimesMs.filter(Number.isFinite).sort((a, b) => a - b);
  const pct = (p: number): string => (downtimes.length === 0 ? 'n/a' : `${Math.round(downtimes[Math.min(downtimes.length - 1, Math.floor(p * downtimes.length))]!)} ms`);
  const lines = [
    `chaos soak: ${(s.durationMs / 60_000).toFixed(1)} min, ${s.faults.length} faults injected (${s.notRunning} requests found the actor not running yet)`,
    `  faults: ${[...byKind].sort().map(([k, n]) => `${k} ×${n}`).join(', ') || 'none'}`,
    `  host: ${s.exitedEarly ? 'STOPPED BY ITSELF during the soak' : 'never exited'}; graceful shutdown ${Math.round(s.shutdownMs)} ms, exit code ${s.shutdownExitCode}`,
    `  restart log: ${s.restarts.logged} of ${s.faults.length} faults have their fail and ready lines; downtime p50 ${pct(0.5)}, max ${pct(1)}${slowest(s)}` +
      (s.restarts.unplanned.length > 0 ? `\n  restarts nobody injected (findings): ${s.restarts.unplanned.join('; ')}` : ''),
    `  loss identity per exchange (framesIn = recorded + rejected + dropped + control):`,
    ...formatIdentity(s.identity).map((l) => `    ${l}`),
    `  RSS: ${trend(s.rss)}`,
    `  RSS, anonymous part (heaps, rings, arenas; the rest is mostly LMDB's map: at most recorder.mapResidencyBytes of it, except while a shard reads the store to recover): ${trend(s.rssAnon)}`,
    `  (${s.rss.samples} samples, one a second; slopes by least squares)`,
  ];
  if (s.problems.length > 0) lines.push('  problems:', ...s.problems.map((p) => `    - ${p}`));
  lines.push(s.ok ? 'PASS' : 'FAIL');
  return lines.join('\n');
}

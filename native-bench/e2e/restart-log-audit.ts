import type { ChaosFault } from './chaos-plan.js';
import type { SupervisorLine } from './host-messages.js';

/**
 * Did every restart leave its restart log (docs/runtime.md)? For each
 * injected fault, in injection order, the supervisor's lines for that actor
 * written at or after the injection must hold a `fail` with the reason this
 * fault produces, and after it a `ready` (the replacement running). Each
 * line is used by one fault at most. A `fail` no fault explains is a restart
 * nobody injected (on a healthy host there is none; a watchdog that found a
 * thread silent for its heartbeat TTL is the usual cause): it is listed in
 * `unplanned`, and it too must be followed by a `ready` of that actor.
 *
 *   kill  → fail reason exit_nonzero (terminated from outside)
 *   crash → fail reason error        (uncaught throw)
 *   hang  → fail reason hung         (the heartbeat watchdog terminated it)
 */
export const kFailReason: Readonly<Record<ChaosFault, string>> = { kill: 'exit_nonzero', crash: 'error', hang: 'hung' };

export interface InjectedFault {
  readonly actor: string;
  readonly fault: ChaosFault;
  /** Date.now() just before the request was sent (same clock as the log's `time`). */
  readonly atMs: number;
}

export interface RestartAudit {
  readonly ok: boolean;
  /** Faults with their fail and ready lines found. */
  readonly logged: number;
  /** Injected faults, or unplanned failures, without their complete log. */
  readonly missing: readonly string[];
  /** Restarts nobody injected (each with its ready line, else it is in `missing` too). */
  readonly unplanned: readonly string[];
  /** Outage per fault (the ready line's downtimeMs), in injection order; NaN where missing. */
  readonly downtimesMs: readonly number[];
}

export function auditRestartLog(faults: readonly InjectedFault[], lines: readonly SupervisorLine[], clockSlackMs = 50): RestartAudit {
  const used = new Set<number>();
  const missing: string[] = [];
  const downtimesMs: number[] = [];
  let logged = 0;
  for (const f of faults) {
    const want = kFailReason[f.fault];
    const fail = lines.findIndex((l, i) => !used.has(i) && l.actor === f.actor && l.action === 'fail' && l.time >= f.atMs - clockSlackMs);
    if (fail < 0 || lines[fail]!.reason !== want) {
      missing.push(`${f.fault} ${f.actor} at ${new Date(f.atMs).toISOString()}: ${fail < 0 ? 'no fail line' : `fail reason ${lines[fail]!.reason}, expected ${want}`}`);
      downtimesMs.push(Number.NaN);
      if (fail >= 0) used.add(fail);
      continue;
    }
    used.add(fail);
    const ready = lines.findIndex((l, i) => i > fail && !used.has(i) && l.actor === f.actor && l.action === 'ready');
    if (ready < 0) {
      missing.push(`${f.fault} ${f.actor} at ${new Date(f.atMs).toISOString()}: failed (${want}) but no ready line after it`);
      downtimesMs.push(Number.NaN);
      continue;
    }
    used.add(ready);
    downtimesMs.push(lines[ready]!.downtimeMs ?? Number.NaN);
    logged++;
  }
  const unplanned: string[] = [];
  lines.forEach((l, i) => {
    if (l.action !== 'fail' || used.has(i)) return;
    // Any ready after it: a failure during another restart (the watchdog finding the
    // replacement silent) shares the ready line that ends the whole outage.
    const ready = lines.findIndex((r, j) => j > i && r.actor === l.actor && r.action === 'ready');
    const what = `${l.actor} failed (${l.reason ?? 'unknown'}) at ${new Date(l.time).toISOString()}, not injected`;
    unplanned.push(ready >= 0 ? `${what}; running again after ${lines[ready]!.downtimeMs ?? '?'} ms` : what);
    if (ready < 0) missing.push(`${what}: no ready line after it`);
  });
  return { ok: missing.length === 0, logged, missing, unplanned, downtimesMs };
}

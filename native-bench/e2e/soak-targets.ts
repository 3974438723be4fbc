import type { ExchangeName } from '../../src/market/exchange-ids.js';
import type { RunningHost } from '../../src/host/start.js';
import type { SoakTarget } from './chaos-soak.js';
import type { HostChild } from './host-child.js';
import type { HostSnapshot } from './host-messages.js';
import { rssBreakdown } from './proc-stats.js';
import type { SupervisorLineTap } from './supervisor-line-tap.js';

/** The chaos soak's view of a host in a process of its own (`npm run soak`): RSS is that process's. */
export function childSoakTarget(host: HostChild, o: { adminToken: string; exchanges: readonly ExchangeName[]; dataDir: string; symbolCount: number }): SoakTarget {
  let exited = false;
  void host.exitedEarly.then(() => { exited = true; });
  return {
    opsPort: host.started.opsPort,
    adminToken: o.adminToken,
    exchanges: o.exchanges,
    dataDir: o.dataDir,
    symbolCount: o.symbolCount,
    snapshot: () => host.snapshot(),
    supervisorLines: () => host.supervisorLines(0),
    memory: () => rssBreakdown(host.pid),
    exited: () => exited || !host.alive,
    shutdown: (reason) => host.shutdown(reason),
  };
}

/** The chaos soak's view of a host in this process (the CI soak test): RSS is this whole process's (test runner included). */
export function inProcessSoakTarget(host: RunningHost, tap: SupervisorLineTap, o: { exchanges: readonly ExchangeName[]; symbolCount: number }): SoakTarget {
  let exited = false;
  let shuttingDown = false;
  void host.done.then(() => { if (!shuttingDown) exited = true; });
  const snapshot = (): HostSnapshot => ({
    atMs: Date.now(),
    counters: host.system.counters(),
    rings: host.system.rings(),
    actors: host.system.actors().map((a) => ({ name: a.name, state: a.state, incarnation: a.incarnation, restarts: a.restarts, threadId: a.threadId })),
  });
  const token = host.config.http.adminToken;
  if (token === null) throw new RangeError('inProcessSoakTarget: the host has no http.adminToken (the chaos endpoints need one)');
  return {
    opsPort: host.ops.port,
    adminToken: token,
    exchanges: o.exchanges,
    dataDir: host.config.recorder.path,
    symbolCount: o.symbolCount,
    snapshot: async () => snapshot(),
    supervisorLines: async () => tap.since(0),
    memory: () => rssBreakdown(process.pid),
    exited: () => exited,
    async shutdown(reason) {
      shuttingDown = true;
      const t0 = performance.now();
      const exitCode = await host.shutdown(reason);
      return { exitCode, durationMs: performance.now() - t0, snapshot: snapshot() };
    },
  };
}

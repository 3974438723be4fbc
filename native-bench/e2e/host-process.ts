import { startHost, type RunningHost } from '../../src/host/start.js';
import { parseConfig } from '../../src/host/config/index.js';
import { createHostLogger } from '../../src/host/logging/logger.js';
import type { FaultKind } from '../../src/runtime/index.js';
import { emitEvent, serveRequests } from './child-rpc.js';
import type { HostShutdown, HostSnapshot, HostStarted, RestartTiming } from './host-messages.js';
import { SupervisorLineTap } from './supervisor-line-tap.js';

/**
 * The whole ringmaster host (startHost: actor system, ops server) in a
 * process of its own, driven by its parent over IPC (host-child.ts; the
 * requests are listed in host-messages.ts). A process of its own so that the
 * bench can read the pipeline's CPU per thread and its RSS from /proc
 * without counting the load generator or itself; started with
 * `--require thread-tag.cjs` so every thread says its OS id.
 *
 * Logs: pino lines on stdout (the parent points stdout at a file); the
 * supervisor lines are also kept here for timing and auditing.
 */
const tap = new SupervisorLineTap((line) => process.stdout.write(line));
let host: RunningHost | undefined;
let shutdownRequested = false;

function running(): RunningHost {
  if (host === undefined) throw new Error('host not started');
  return host;
}

function snapshot(h: RunningHost): HostSnapshot {
  return {
    atMs: Date.now(),
    counters: h.system.counters(),
    rings: h.system.rings(),
    actors: h.system.actors().map((a) => ({ name: a.name, state: a.state, incarnation: a.incarnation, restarts: a.restarts, threadId: a.threadId })),
  };
}

async function measureRestart(h: RunningHost, actor: string, fault: FaultKind | 'kill', dataCounter: string, timeoutMs: number): Promise<RestartTiming> {
  const ready = tap.waitFor((l) => l.actor === actor && l.action === 'ready', timeoutMs);
  const t0 = performance.now();
  await h.system.inject(actor, fault);
  await ready;
  const readyMs = performance.now() - t0;
  const base = h.system.counters()[dataCounter] ?? 0;
  const deadline = t0 + timeoutMs;
  while ((h.system.counters()[dataCounter] ?? 0) <= base) {
    if (performance.now() > deadline) throw new Error(`${actor}: ${dataCounter} did not move within ${timeoutMs} ms of the fault`);
    await new Promise((r) => setTimeout(r, 1));
  }
  return { readyMs, dataMs: performance.now() - t0 };
}

serveRequests(async (request) => {
  switch (request.type) {
    case 'start': {
      const started = performance.now();
      const config = parseConfig(request.config, { source: 'e2e bench' });
      const h = await startHost(config, createHostLogger(config.log.level, tap));
      host = h;
      void h.done.then((exitCode) => {
        if (!shutdownRequested) emitEvent({ type: 'exited', exitCode });
      });
      return { pid: process.pid, opsPort: h.ops.port, startupMs: performance.now() - started } satisfies HostStarted;
    }
    case 'snapshot':
      return snapshot(running());
    case 'inject':
      await running().system.inject(request.actor as string, request.fault as FaultKind | 'kill');
      return null;
    case 'measureRestart':
      return measureRestart(running(), request.actor as string, request.fault as FaultKind | 'kill', request.dataCounter as string, (request.timeoutMs as number | undefined) ?? 20_000);
    case 'supervisorLines':
      return tap.since((request.from as number | undefined) ?? 0);
    case 'shutdown': {
      const h = running();
      shutdownRequested = true;
      const t0 = performance.now();
      const exitCode = await h.shutdown(String(request.reason ?? 'e2e bench'));
      const durationMs = performance.now() - t0;
      return { exitCode, durationMs, snapshot: snapshot(h) } satisfies HostShutdown;
    }
    case 'stop':
      if (host !== undefined && !shutdownRequested) {
        shutdownRequested = true;
        await host.shutdown('e2e bench stop');
      }
      return null;
    default:
      throw new Error(`unknown request ${String(request.type)}`);
  }
});

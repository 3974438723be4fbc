import { mkdirSync } from 'node:fs';
import type { Logger } from 'pino';
import { startSimulator, type SimulatorHandle } from '../../actors/simulator/simulator-server.js';
import { SymbolTable } from '../market/symbol-table.js';
import { ActorSystem } from '../runtime/index.js';
import type { StartRequest } from './cli/command-contracts.js';
import type { RingmasterConfig } from './config/schema.js';
import { startOpsServer, type OpsServer } from './http/ops-server.js';
import { createHostLogger } from './logging/logger.js';
import { startFaultSchedule } from './pipeline/fault-schedule.js';
import { PipelineStatus } from './pipeline/pipeline-status.js';
import { buildPipeline, kHostEndpoint } from './pipeline/pipeline-topology.js';
import { SpreadBoard } from './pipeline/spread-board.js';
import { ActorMetricsPoller } from './status/actor-metrics-poller.js';
import { SystemAdminActions, SystemStatusSource } from './status/system-status-source.js';

import { kExitEscalated, kExitFailure as kExitUnclean, kExitOk as kExitClean } from './cli/exit-codes.js';

export interface RunningHost {
  readonly config: RingmasterConfig;
  readonly system: ActorSystem;
  readonly ops: OpsServer;
  readonly simulator: SimulatorHandle | undefined;
  readonly log: Logger;
  /** Graceful shutdown; resolves with the exit code. Idempotent. */
  shutdown(reason: string): Promise<number>;
  /** Resolves with the exit code once the host has shut down for any reason. */
  readonly done: Promise<number>;
}

/**
 * The composition root: the embedded simulator (when enabled), the actor
 * system running the market pipeline, the host-thread consumer of published
 * spreads, the stats poller, and the ops server. Shutdown runs in reverse:
 * the pipeline drains producers-first, then the ops server and the simulator
 * close.
 */
export async function startHost(config: RingmasterConfig, log: Logger = createHostLogger(config.log.level)): Promise<RunningHost> {
  const started = Date.now();
  mkdirSync(config.recorder.path, { recursive: true });
  const symbols = new SymbolTable(config.symbols);
  const plan0 = buildPipeline(config);
  let simulator: SimulatorHandle | undefined;
  if (config.simulator.enabled) {
    simulator = await startSimulator({
      symbols: [...config.symbols],
      exchanges: [...plan0.exchanges],
      seed: config.simulator.seed,
      rate: config.simulator.framesPerSecond,
    });
    log.info({ category: 'host', action: 'simulator_started', urls: simulator.urls }, 'embedded simulator listening');
  }
  const plan = simulator === undefined ? plan0 : buildPipeline(config, simulator.urls);

  let finish: (code: number) => void = () => {};
  const done = new Promise<number>((resolve) => (finish = resolve));
  let shuttingDown: Promise<number> | undefined;

  const system = new ActorSystem({
    topology: plan.topology,
    tree: plan.tree,
    log,
    chaos: config.chaos.enabled,
    onEscalate: (reason) => {
      log.fatal({ category: 'supervisor', action: 'shutdown', actor: 'root', reason }, `root supervisor escalated: ${reason}; shutting down`);
      void shutdown(`escalation: ${reason}`, kExitEscalated);
    },
  });

  const board = new SpreadBoard(symbols);
  const poller = new ActorMetricsPoller({ system, intervalMs: 1000, log });
  const pipeline = new PipelineStatus(config, plan, system, (a) => poller.stats(a), board);
  const source = new SystemStatusSource({
    system,
    topology: plan.topology,
    startedAtMs: started,
    exchanges: () => pipeline.exchanges(),
    shards: () => pipeline.shards(),
    recorder: () => pipeline.recorder(),
    spreads: () => pipeline.spreads(),
    actorMetrics: () => poller.snapshot(),
    bounds: () => pipeline.bounds(),
  });
  const ops = await startOpsServer({
    host: config.http.host,
    port: config.http.port,
    adminToken: config.http.adminToken,
    chaosEnabled: config.chaos.enabled,
    maxBodyBytes: config.http.maxBodyBytes,
    source,
    admin: new SystemAdminActions(system),
    // The exchange actors report `open` while streaming (actors/exchange/feed-connection.ts).
    health: { connectedStates: ['open'] },
    log,
  });
  log.info({ category: 'host', action: 'http_listening', host: ops.host, port: ops.port }, `ops server on http://${ops.host}:${ops.port}/`);

  await system.start();
  system.consume(kHostEndpoint, board.onRecord);
  poller.start();
  const faults = simulator !== undefined && config.simulator.faults.enabled ? startFaultSchedule(simulator, config, log) : undefined;
  log.info({ category: 'host', action: 'started', actors: system.actors().length, startupMs: Date.now() - started }, 'ringmaster running');

  const shutdown = (reason: string, failCode = kExitUnclean): Promise<number> => {
    shuttingDown ??= (async () => {
      // The verdict at the moment of shutdown, for the log: after an
      // escalation it says unhealthy and why, even though /health goes away.
      const verdict = ops.assess();
      log.info({ category: 'host', action: 'shutdown', reason, health: verdict.status, reasons: verdict.reasons }, `shutting down (${verdict.status}): ${reason}`);
      faults?.stop();
      poller.stop();
      const report = await system.stop(config.supervision.shutdownMs);
      await ops.close();
      await simulator?.stop();
      const code = failCode === kExitEscalated ? kExitEscalated : report.clean ? kExitClean : failCode;
      log.info({ category: 'host', action: 'stopped', clean: report.clean, durationMs: report.durationMs, exitCode: code, actors: report.actors }, 'ringmaster stopped');
      finish(code);
      return code;
    })();
    return shuttingDown;
  };

  return { config, system, ops, simulator, log, shutdown, done };
}

/**
 * glibc gives threads malloc arenas of their own, up to 8 per core, and a
 * worker thread that dies leaves its arena's free fragments behind for the
 * next one. With actors restarting (a chaos soak restarts one every 3 s)
 * the host's anonymous RSS then climbs for many minutes: +7.8 MiB/min over a
 * 20-minute soak, against -0.65 MiB/min (flat at about 300 MiB) with
 * MALLOC_ARENA_MAX=2, at the same throughput and CPU per tick (docs/operations.md).
 * glibc reads it once, before main(), so the host can only say so.
 */
function warnIfMallocArenasUnbounded(env: NodeJS.ProcessEnv, log: Logger): void {
  if (process.platform !== 'linux' || env['MALLOC_ARENA_MAX'] !== undefined) return;
  log.warn({ category: 'host', action: 'malloc_arenas_unbounded' },
    'MALLOC_ARENA_MAX is not set: each restarted worker can leave malloc fragments behind and RSS creeps up; run the host with MALLOC_ARENA_MAX=2 (npm start does)');
}

/** `ringmaster start`: runs until SIGINT/SIGTERM or escalation; resolves with the exit code. */
export async function runStart(request: StartRequest): Promise<number> {
  const log = createHostLogger(request.config.log.level);
  log.info({ category: 'host', action: 'config', files: request.configFiles }, 'configuration loaded');
  warnIfMallocArenasUnbounded(request.io.env, log);
  const host = await startHost(request.config, log);
  const onSignal = (signal: NodeJS.Signals) => void host.shutdown(signal);
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const code = await host.done;
  process.off('SIGINT', onSignal);
  process.off('SIGTERM', onSignal);
  return code;
}

import type { Logger } from 'pino';
import { twoPipelines } from '../runtime/topology-fixture.js';
import type { ActorSystem } from '../../../src/runtime/index.js';
import { ActorMetricsPoller } from '../../../src/host/status/actor-metrics-poller.js';
import { SystemAdminActions, SystemStatusSource } from '../../../src/host/status/system-status-source.js';
import type { ExchangeStatus, ShardStatus, SpreadView } from '../../../src/host/status/status-source.js';
import { startOpsServer, type OpsServer } from '../../../src/host/http/ops-server.js';

export const kAdminToken = 'test-admin-token-0123456789';

/**
 * The literal market side of the status (no exchange, shard or recorder
 * actors run here): values an operator would see on a healthy host. Spreads
 * are mutable so a test can move them and watch the dashboard follow.
 */
export class MarketLiterals {
  spreads: SpreadView[] = [
    { symbol: 'BTC-USDT', buy: 'okx', sell: 'bybit', spreadBps: 1.25, mid: 64_012.5, ts: Date.now(), window: { min: -0.8, max: 2.1, mean: 0.4, stddev: 0.3, count: 900 } },
    { symbol: 'ETH-USDT', buy: 'bybit', sell: 'binance', spreadBps: -0.42, mid: 3_105.25, ts: Date.now() },
  ];

  exchanges(): Record<string, ExchangeStatus> {
    return {
      binance: { enabled: true, connection: 'connected', breaker: 'closed', lastMessageAgeMs: 40, lastDataAgeMs: 60, staleAfterMs: 10_000 },
      bybit: { enabled: true, connection: 'connected', breaker: 'closed', lastMessageAgeMs: 35, lastDataAgeMs: 90, staleAfterMs: 10_000 },
      okx: { enabled: false, connection: 'idle', breaker: 'closed', lastMessageAgeMs: null, lastDataAgeMs: null, staleAfterMs: 10_000 },
    };
  }

  shards(): Record<string, ShardStatus> {
    return {
      '0': { state: 'ok', windows: 4, spreads: 4, ticks: 120_000, recomputeRatio: 0.002 },
      '1': { state: 'ok', windows: 2, spreads: 2, ticks: 80_000, recomputeRatio: 0.001 },
    };
  }

  recorder() {
    return { lagRecords: 12, lastCommitAtMs: Date.now() - 40, committedRecords: 200_000, diskBytes: 3 * 2 ** 30, diskBudgetBytes: 10 * 2 ** 30, refusing: false, storeRemaps: 0 };
  }

  bounds(): Record<string, unknown> {
    return { 'rings.exchangeToShard.capacity': 1024, 'shards.windowMs': 900_000, 'shards.maxWindows': 4096, 'recorder.batchSize': 512, 'recorder.dlqMaxPerSource': 10_000 };
  }
}

export interface OpsFixture {
  readonly system: ActorSystem;
  readonly market: MarketLiterals;
  readonly server: OpsServer;
  readonly base: string;
  close(): Promise<void>;
}

/**
 * A real ActorSystem (two producer→consumer pipelines from the runtime's
 * fixtures, chaos on) behind a real ops server on 127.0.0.1, port 0.
 */
export async function startOpsFixture(log: Logger, options: { dashboardIntervalMs?: number } = {}): Promise<OpsFixture> {
  const system = twoPipelines(log);
  const market = new MarketLiterals();
  await system.start();
  const poller = new ActorMetricsPoller({ system, intervalMs: 100, log }).start();
  const source = new SystemStatusSource({
    system,
    startedAtMs: Date.now(),
    exchanges: () => market.exchanges(),
    shards: () => market.shards(),
    recorder: () => market.recorder(),
    spreads: () => market.spreads,
    actorMetrics: () => poller.snapshot(),
    bounds: () => market.bounds(),
  });
  let server: OpsServer;
  try {
    server = await startOpsServer({
      port: 0,
      adminToken: kAdminToken,
      chaosEnabled: true,
      maxBodyBytes: 4096,
      source,
      admin: new SystemAdminActions(system),
      log,
      dashboardIntervalMs: options.dashboardIntervalMs ?? 100,
    });
  } catch (err) {
    poller.stop();
    await system.terminate();
    throw err;
  }
  return {
    system,
    market,
    server,
    base: `http://127.0.0.1:${server.port}`,
    close: async () => {
      await server.close();
      poller.stop();
      await system.terminate();
    },
  };
}

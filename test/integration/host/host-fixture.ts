import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseConfig, type RingmasterConfigInput } from '../../../src/host/config/index.js';
import { startHost, type RunningHost } from '../../../src/host/start.js';
import { captureLog } from '../../support/log-capture.js';

export const kAdminToken = 'test-admin-token-0123456789';

/**
 * The real host (every actor in its worker, the embedded simulator, the ops
 * server on 127.0.0.1:0, LMDB in a temp dir) with test-speed timings.
 */
export async function startTestHost(overrides: RingmasterConfigInput = {}): Promise<{
  host: RunningHost;
  lines: Array<Record<string, unknown>>;
  url: (path: string) => string;
  cleanup: () => Promise<void>;
}> {
  const dir = mkdtempSync(join(tmpdir(), 'ringmaster-host-'));
  const base: RingmasterConfigInput = {
    symbols: ['BTC-USDT', 'ETH-USDT', 'SOL-USDT'],
    shards: { count: 2, windowCapacity: 1024, maxWindows: 32 },
    recorder: { path: dir, diskBudgetBytes: 0, mapSizeBytes: 256 * 2 ** 20, durability: 'os' },
    http: { port: 0, adminToken: kAdminToken },
    simulator: { enabled: true, framesPerSecond: 500 },
    chaos: { enabled: true },
    // A 1 s restart backoff keeps a restarting actor visibly degraded for a
    // second: long enough for a test to observe it, every time.
    supervision: { heartbeat: { intervalMs: 50, ttlMs: 2000 }, backoff: { initialMs: 1000, maxMs: 2000, jitter: 0 } },
    exchanges: {
      binance: { staleAfterMs: 3000 },
      bybit: { staleAfterMs: 3000 },
      okx: { staleAfterMs: 3000 },
    },
  };
  const config = parseConfig(merge(base, overrides), { source: 'test' });
  const { log, lines } = captureLog();
  const host = await startHost(config, log);
  return {
    host,
    lines,
    url: (path) => `http://127.0.0.1:${host.ops.port}${path}`,
    cleanup: async () => {
      await host.shutdown('test cleanup');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

function merge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = { ...a };
  for (const [k, v] of Object.entries(b)) {
    const prev = out[k];
    out[k] = isObject(prev) && isObject(v) ? merge(prev, v) : v;
  }
  return out;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export interface HealthBody {
  status: 'healthy' | 'degraded' | 'unhealthy';
  reasons: string[];
  [key: string]: unknown;
}

export async function health(url: string): Promise<HealthBody> {
  const res = await fetch(url);
  return (await res.json()) as HealthBody;
}

import type { RingmasterConfigInput } from '../../src/host/config/index.js';
import { kDefaultSymbols } from '../../src/host/config/index.js';
import type { ExchangeName } from '../../src/market/exchange-ids.js';

/**
 * The config of a host under e2e measurement or soak: the shipped defaults
 * (docs/config.md) except what the measurement needs, each change named here:
 *
 *   exchanges.*.url         the simulator process's URLs (simulator.enabled off:
 *                           the load generator runs in its own process)
 *   exchanges.*.staleAfterMs 600 s: the bench pauses the feed between phases on
 *                           purpose; a stale-feed reconnect would be noise
 *   recorder.path           a fresh directory per host
 *   http.port               0 (any free port)
 *   shards.debounceMs       only when given: the latency phase publishes every
 *                           change (0) so every recorded spread carries the tick
 *                           that caused it
 *   supervision.backoff     only when given: restart timing without the backoff policy
 *   chaos.enabled           when `chaos` is set: fault injection (the bench's restart
 *                           timing injects through the actor system; the soak through
 *                           the ops server, which also needs `adminToken`)
 *   http.adminToken         only when given
 */
export interface E2eConfigOptions {
  readonly dataDir: string;
  readonly urls: Readonly<Partial<Record<ExchangeName, string>>>;
  readonly exchanges: readonly ExchangeName[];
  readonly symbols?: readonly string[];
  readonly debounceMs?: number;
  readonly backoffInitialMs?: number;
  readonly chaos?: boolean;
  readonly adminToken?: string;
  readonly logLevel?: 'info' | 'warn' | 'debug';
  readonly durability?: 'fsync' | 'os';
}

export function e2eConfig(o: E2eConfigOptions): RingmasterConfigInput {
  const exchanges: Record<string, unknown> = {};
  for (const x of ['binance', 'bybit', 'okx'] as const) {
    const url = o.urls[x];
    exchanges[x] = o.exchanges.includes(x) && url !== undefined ? { enabled: true, url, staleAfterMs: 600_000 } : { enabled: false };
  }
  return {
    symbols: [...(o.symbols ?? kDefaultSymbols)],
    exchanges,
    simulator: { enabled: false },
    recorder: { path: o.dataDir, ...(o.durability === undefined ? {} : { durability: o.durability }) },
    http: { port: 0, ...(o.adminToken === undefined ? {} : { adminToken: o.adminToken }) },
    chaos: { enabled: o.chaos ?? false },
    ...(o.debounceMs === undefined ? {} : { shards: { debounceMs: o.debounceMs } }),
    ...(o.backoffInitialMs === undefined ? {} : { supervision: { backoff: { initialMs: o.backoffInitialMs, jitter: 0 } } }),
    log: { level: o.logLevel ?? 'info' },
  } as RingmasterConfigInput;
}

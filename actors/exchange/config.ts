import path from 'node:path';
import { isExchangeName, type ExchangeName } from '../../src/market/exchange-ids.js';
import { breakerSettings, type BreakerSettings } from '../../src/runtime/machines/breaker-machine.js';
import { kCanonicalSymbolPattern } from '../../src/market/symbol-table.js';

/**
 * What the host hands an exchange connection actor (workerData config),
 * built by src/host/pipeline/pipeline-topology.ts from the validated config.
 *
 *   exchange        binance | bybit | okx
 *   url             base WebSocket URL (the feed appends its path where it has one)
 *   symbols         the FULL configured symbol table in order: symbolId = index
 *   shardCount      outputs shard0..shard{N-1}; a tick goes to shard symbolId % N
 *   staleAfterMs    no data message for this long: the connection is replaced
 *   maxFrameBytes   longer frames are rejected (frame_too_large) and dead-lettered;
 *                   frames over 4 × this close the socket (a ws backstop)
 *   breaker         reconnect circuit breaker (breaker-machine.ts)
 *   deadLetters     path: the recorder's LMDB directory (`ringmaster dlq --data`),
 *                   or null for a bounded in-memory ring only; maxPerSource: bound
 *   logMaxRepeatsPerMinute  log lines per minute per repeated event (reject reason)
 *
 * Optional, with defaults (not part of the host contract):
 *   connectTimeoutMs  10 000  WebSocket handshake deadline
 *   closeTimeoutMs     1 000  graceful close before the socket is destroyed
 *   deadLetterFlushMs    250  dead letters are written to LMDB in batches this often
 */
export interface ExchangeActorConfig {
  readonly exchange: ExchangeName;
  readonly url: string;
  readonly symbols: readonly string[];
  readonly shardCount: number;
  readonly staleAfterMs: number;
  readonly maxFrameBytes: number;
  readonly breaker: {
    readonly failureThreshold: number;
    readonly initialMs: number;
    readonly maxMs: number;
    readonly multiplier: number;
    readonly jitter: number;
  };
  /** durability: as the recorder opens the same directory (lmdb-js refuses mixed settings); default fsync. */
  readonly deadLetters: { readonly path: string | null; readonly maxPerSource: number; readonly durability?: 'fsync' | 'os' };
  readonly logMaxRepeatsPerMinute: number;
  readonly connectTimeoutMs?: number;
  readonly closeTimeoutMs?: number;
  readonly deadLetterFlushMs?: number;
}

/** The config after validation, with defaults applied and the breaker resolved. */
export interface ResolvedExchangeConfig {
  readonly exchange: ExchangeName;
  readonly url: string;
  readonly symbols: readonly string[];
  readonly shardCount: number;
  readonly staleAfterMs: number;
  readonly maxFrameBytes: number;
  readonly breaker: BreakerSettings;
  readonly deadLetters: { readonly path: string | null; readonly maxPerSource: number; readonly flushMs: number; readonly durability: 'fsync' | 'os' };
  readonly logMaxRepeatsPerMinute: number;
  readonly connectTimeoutMs: number;
  readonly closeTimeoutMs: number;
}

/**
 * Validates a config from workerData; throws a RangeError naming the bad key
 * (`exchange.config.<key>: ...`). A relative dead-letter path is resolved
 * against the working directory, as the recorder resolves recorder.path.
 */
export function resolveExchangeConfig(input: unknown): ResolvedExchangeConfig {
  const c = record(input, 'exchange.config');
  const exchange = c.exchange;
  if (typeof exchange !== 'string' || !isExchangeName(exchange)) fail('exchange', exchange, 'one of binance, bybit, okx');
  const where = `exchange.${exchange}.config`;
  const url = c.url;
  if (typeof url !== 'string' || !/^wss?:\/\/[^\s]+$/.test(url)) fail('url', url, 'a ws:// or wss:// URL', where);
  const symbols = c.symbols;
  if (!Array.isArray(symbols) || symbols.length === 0) fail('symbols', symbols, 'a non-empty list of BASE-QUOTE names', where);
  symbols.forEach((s: unknown, i) => {
    if (typeof s !== 'string' || !kCanonicalSymbolPattern.test(s)) fail(`symbols[${i}]`, s, 'BASE-QUOTE, e.g. BTC-USDT', where);
  });
  const b = record(c.breaker, `${where}.breaker`);
  let breaker: BreakerSettings;
  try {
    breaker = breakerSettings({
      failureThreshold: b.failureThreshold as number,
      backoff: { initialMs: b.initialMs as number, maxMs: b.maxMs as number, multiplier: b.multiplier as number, jitter: b.jitter as number },
    });
  } catch (err) {
    throw new RangeError(`${where}.${(err as Error).message}`);
  }
  const d = record(c.deadLetters, `${where}.deadLetters`);
  const dlqPath = d.path;
  if (dlqPath !== null && (typeof dlqPath !== 'string' || dlqPath === '')) {
    fail('deadLetters.path', dlqPath, 'a directory path or null (in-memory only)', where);
  }
  return {
    exchange,
    url,
    symbols: [...(symbols as string[])],
    shardCount: int(c.shardCount, 'shardCount', 1, 1024, where),
    staleAfterMs: int(c.staleAfterMs, 'staleAfterMs', 1, 24 * 3_600_000, where),
    maxFrameBytes: int(c.maxFrameBytes, 'maxFrameBytes', 64, 256 * 1024 * 1024, where),
    breaker,
    deadLetters: {
      path: dlqPath === null ? null : path.resolve(dlqPath as string),
      maxPerSource: int(d.maxPerSource, 'deadLetters.maxPerSource', 1, 10_000_000, where),
      flushMs: int(c.deadLetterFlushMs ?? 250, 'deadLetterFlushMs', 1, 60_000, where),
      durability: d.durability === 'os' ? 'os' : 'fsync',
    },
    logMaxRepeatsPerMinute: int(c.logMaxRepeatsPerMinute, 'logMaxRepeatsPerMinute', 0, 1_000_000, where),
    connectTimeoutMs: int(c.connectTimeoutMs ?? 10_000, 'connectTimeoutMs', 1, 600_000, where),
    closeTimeoutMs: int(c.closeTimeoutMs ?? 1000, 'closeTimeoutMs', 1, 60_000, where),
  };
}

function record(v: unknown, where: string): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) {
    throw new RangeError(`${where}: must be an object, got ${v === null ? 'null' : typeof v}`);
  }
  return v as Record<string, unknown>;
}

function int(v: unknown, key: string, min: number, max: number, where: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v < min || v > max) fail(key, v, `an integer from ${min} to ${max}`, where);
  return v;
}

function fail(key: string, value: unknown, allowed: string, where = 'exchange.config'): never {
  throw new RangeError(`${where}.${key}: ${JSON.stringify(value) ?? String(value)} is not allowed; it must be ${allowed}`);
}

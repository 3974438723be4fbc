import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { defaultConfig, loadConfig, parseConfig } from '../../../src/host/config/load-config.js';
import { kDefaultBreakerSettings } from '../../../src/runtime/machines/breaker-machine.js';
import { kDefaultBackoff, kDefaultHeartbeat, kDefaultIntensity } from '../../../src/runtime/supervisor/child-spec.js';
import { ConfigDir, configError, kRepoRoot } from './config-fixtures.js';

const files = new ConfigDir();
afterAll(() => files.remove());
const load = (file: string | string[], env: Record<string, string> = {}) => loadConfig({ file, env, cwd: files.dir });

describe('defaults', () => {
  it('an empty config is every default, frozen, with an absolute recorder.path', () => {
    const config = loadConfig({ env: {}, cwd: '/srv/rm' });
    expect(config.symbols).toEqual(['BTC-USDT', 'ETH-USDT', 'SOL-USDT', 'XRP-USDT', 'DOGE-USDT']);
    expect(config.exchanges.binance).toEqual({
      enabled: true,
      url: 'wss://stream.binance.com:9443',
      staleAfterMs: 10_000,
      maxFrameBytes: 65_536,
      breaker: { failureThreshold: 1, initialMs: 1000, maxMs: 15_000, multiplier: 2, jitter: 0.2 },
    });
    expect(config.exchanges.bybit.url).toBe('wss://stream.bybit.com/v5/public/spot');
    expect(config.exchanges.okx.url).toBe('wss://ws.okx.com:8443/ws/v5/public');
    expect(config.shards).toEqual({
      count: 2, windowMs: 900_000, windowCapacity: 32_768, maxWindows: 256, maxQuoteAgeMs: 5000,
      debounceMs: 250, bypassBps: 2, batchMaxUpdates: 64, batchMaxDelayMs: 50, staleAfterMs: 10_000,
    });
    expect(config.rings).toEqual({
      exchangeToShard: { capacity: 16_384, policy: 'conflate', blockTimeoutMs: 1000 },
      exchangeToRecorder: { capacity: 131_072, policy: 'block', blockTimeoutMs: 50 },
      shardToRecorder: { capacity: 16_384, policy: 'block', blockTimeoutMs: 50 },
      shardToHost: { capacity: 4096, policy: 'conflate', blockTimeoutMs: 1000 },
    });
    expect(config.recorder).toEqual({
      path: '/srv/rm/data', batchRecords: 1000, batchMs: 50, retentionMs: 7 * 86_400_000,
      diskBudgetBytes: 10 * 2 ** 30, dlqMaxPerSource: 10_000, mapSizeBytes: 16 * 2 ** 30, mapResidencyBytes: 64 * 2 ** 20, durability: 'fsync',
    });
    expect(config.http).toEqual({ host: '127.0.0.1', port: 8080, adminToken: null, maxBodyBytes: 65_536 });
    expect(config.simulator.enabled).toBe(false);
    expect(config.simulator.faults.enabled).toBe(false);
    expect(config.chaos).toEqual({ enabled: false });
    expect(config.log).toEqual({ level: 'info', maxRepeatsPerMinute: 60 });
    expect(Object.isFrozen(config)).toBe(true);
    expect(Object.isFrozen(config.exchanges.okx.breaker)).toBe(true);
    expect(Object.isFrozen(config.symbols)).toBe(true);
  });

  it('uses the same supervision and breaker defaults as the runtime', () => {
    const { supervision, exchanges } = defaultConfig();
    expect(supervision.intensity).toEqual(kDefaultIntensity);
    expect(supervision.heartbeat).toEqual(kDefaultHeartbeat);
    expect(supervision.backoff).toEqual(kDefaultBackoff);
    const { backoff, failureThreshold } = kDefaultBreakerSettings;
    expect(exchanges.bybit.breaker).toEqual({ failureThreshold, ...backoff });
  });
});

describe('the packaged configs', () => {
  const packaged = (...names: string[]) => loadConfig({ file: names.map((n) => path.join('config', n)), env: {}, cwd: kRepoRoot });

  it('default.yaml runs the embedded simulator', () => {
    expect(packaged('default.yaml').simulator.enabled).toBe(true);
  });

  it('live.yaml connects to the real endpoints with the simulator off', () => {
    const config = packaged('live.yaml');
    expect(config.simulator.enabled).toBe(false);
    expect(config.exchanges.binance.url).toBe('wss://stream.binance.com:9443');
    expect(Object.values(config.exchanges).every((e) => e.enabled)).toBe(true);
  });

  it('production.yaml is an overlay: merged on live.yaml it changes only what it names', () => {
    const live = packaged('live.yaml');
    const prod = packaged('live.yaml', 'production.yaml');
    expect(prod.recorder.path).toBe('/var/lib/ringmaster');
    expect(prod.recorder.mapSizeBytes).toBeGreaterThanOrEqual(prod.recorder.diskBudgetBytes);
    expect(prod.shards.count).toBe(4);
    expect(prod.exchanges).toEqual(live.exchanges);
    expect(prod.simulator).toEqual(live.simulator);
    expect(prod.shards.windowMs).toBe(live.shards.windowMs);
  });
});

describe('layers', () => {
  it('merges files left to right: mappings key by key, lists and scalars replaced', () => {
    const base = files.write('base.yaml', 'symbols: [BTC-USDT, ETH-USDT]\nshards: {count: 3, debounceMs: 100}\nhttp: {adminToken: abcdefghijklmnopq}\n');
    const over = files.write('over.yaml', 'symbols: [SOL-USDT]\nshards: {count: 8}\nhttp: {adminToken: null}\n');
    const config = load([base, over]);
    expect(config.symbols).toEqual(['SOL-USDT']);
    expect(config.shards.count).toBe(8);
    expect(config.shards.debounceMs).toBe(100);
    expect(config.http.adminToken).toBeNull();
  });

  it('an empty section (every key commented out) and an empty file change nothing', () => {
    const empty = files.write('empty.yaml', '');
    const commented = files.write('commented.yaml', 'http:\n  # port: 1\nshards:\n');
    expect(load([empty, commented])).toEqual(parseConfig({}, { cwd: files.dir }));
  });

  it('names the later file when the value it set is bad', () => {
    const good = files.write('good-count.yaml', 'shards: {count: 2}\n');
    const bad = files.write('bad-count.yaml', 'shards: {count: 99}\n');
    expect(configError(() => load([good, bad])).message).toBe('bad-count.yaml: shards.count: 99 is not allowed (an integer from 1 to 64)');
  });

  it('reports every problem of every file at once', () => {
    const a = files.write('two-a.yaml', 'shards: {count: 0}\n');
    const b = files.write('two-b.yaml', 'http: {port: -1}\n');
    expect(configError(() => load([a, b])).message.split('\n')).toEqual([
      'two-a.yaml: shards.count: 0 is not allowed (an integer from 1 to 64)',
      'two-b.yaml: http.port: -1 is not allowed (an integer from 0 to 65535)',
    ]);
    expect(configError(() => load(['nope-1.yaml', 'nope-2.yaml'])).issues.map((i) => i.source)).toEqual(['nope-1.yaml', 'nope-2.yaml']);
  });

  it('a later mapping does not hide an earlier section given a non-mapping value', () => {
    const bad = files.write('http-scalar.yaml', 'http: 5\n');
    const error = configError(() => load(bad, { RINGMASTER_HTTP_PORT: '9000' }));
    expect(error.message).toMatch(/^http-scalar\.yaml: http: 5 is not allowed \(a mapping with keys host, port, adminToken, maxBodyBytes\)$/);
  });
});

describe('environment overrides', () => {
  it('RINGMASTER_HTTP_PORT, RINGMASTER_DATA_DIR and RINGMASTER_ADMIN_TOKEN override the files', () => {
    const file = files.write('env-base.yaml', 'http: {port: 8081, adminToken: file-token-0123456789}\nrecorder: {path: /from/file}\n');
    const config = load(file, {
      RINGMASTER_HTTP_PORT: '9191',
      RINGMASTER_DATA_DIR: 'relative/data',
      RINGMASTER_ADMIN_TOKEN: 'env-token-0123456789',
    });
    expect(config.http.port).toBe(9191);
    expect(config.recorder.path).toBe(path.join(files.dir, 'relative/data'));
    expect(config.http.adminToken).toBe('env-token-0123456789');
  });

  it('an empty variable counts as unset', () => {
    const config = loadConfig({ env: { RINGMASTER_HTTP_PORT: '', RINGMASTER_ADMIN_TOKEN: '', RINGMASTER_CONFIG: '' } });
    expect(config.http.port).toBe(8080);
    expect(config.http.adminToken).toBeNull();
  });

  it('RINGMASTER_CONFIG names the files when none is given; an explicit file wins', () => {
    const a = files.write('env-a.yaml', 'shards: {count: 5}\n');
    const b = files.write('env-b.yaml', 'shards: {debounceMs: 7}\n');
    const env = { RINGMASTER_CONFIG: [path.join(files.dir, a), path.join(files.dir, b)].join(path.delimiter) };
    const fromEnv = loadConfig({ env });
    expect([fromEnv.shards.count, fromEnv.shards.debounceMs]).toEqual([5, 7]);
    const explicit = loadConfig({ file: path.join(files.dir, b), env });
    expect([explicit.shards.count, explicit.shards.debounceMs]).toEqual([2, 7]);
  });

  it('names the variable, shows its text, and never echoes the admin token', () => {
    const error = configError(() => loadConfig({ env: { RINGMASTER_HTTP_PORT: '70000', RINGMASTER_ADMIN_TOKEN: 'hunter2' } }));
    expect(error.message.split('\n')).toEqual([
      'RINGMASTER_HTTP_PORT: "70000" is not allowed (an integer from 0 to 65535)',
      'RINGMASTER_ADMIN_TOKEN: a string of 7 characters is not allowed (at least 16 printable ASCII characters without spaces, or null (admin disabled))',
    ]);
    expect(error.message).not.toContain('hunter2');
  });
});

describe('parseConfig', () => {
  it('validates an object the way a file is validated', () => {
    expect(parseConfig({ shards: { count: 3 } }).shards.count).toBe(3);
    expect(configError(() => parseConfig({ shards: { count: 3.5 } }, { source: 'test' })).message)
      .toBe('test: shards.count: 3.5 is not allowed (an integer from 1 to 64)');
    expect(configError(() => parseConfig([1])).message).toBe('(object): [1] is not allowed (a mapping with keys symbols, exchanges, shards, rings, recorder, http, simulator, chaos, supervision, log)');
  });
});

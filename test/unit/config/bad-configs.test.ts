import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../../src/host/config/load-config.js';
import { ConfigDir, configError } from './config-fixtures.js';

/**
 * Each bad config is rejected with exactly one line, which names the file (or
 * env var), the key, the value and what is allowed.
 */
const files = new ConfigDir();
afterAll(() => files.remove());

const kTopKeys = 'symbols, exchanges, shards, rings, recorder, http, simulator, chaos, supervision, log';

interface BadConfig {
  readonly what: string;
  readonly yaml: string;
  readonly env?: Record<string, string>;
  /** The one line; a RegExp where part of it is the YAML library's wording. */
  readonly line: string | RegExp;
}

const kBadConfigs: readonly BadConfig[] = [
  { what: 'unknown top-level key', yaml: 'colour: red\n', line: `bad.yaml: colour: unknown key (allowed: ${kTopKeys})` },
  {
    what: 'unknown nested key',
    yaml: 'shards:\n  cuont: 3\n',
    line: 'bad.yaml: shards.cuont: unknown key (allowed: count, windowMs, windowCapacity, maxWindows, maxQuoteAgeMs, debounceMs, bypassBps, batchMaxUpdates, batchMaxDelayMs, staleAfterMs)',
  },
  {
    what: 'bad symbol format',
    yaml: 'symbols: [BTC-USDT, btc/usdt]\n',
    line: 'bad.yaml: symbols[1]: "btc/usdt" is not allowed (BASE-QUOTE in upper-case letters and digits, e.g. BTC-USDT)',
  },
  {
    what: 'duplicate symbol',
    yaml: 'symbols: [BTC-USDT, ETH-USDT, BTC-USDT]\n',
    line: 'bad.yaml: symbols[2]: "BTC-USDT" is not allowed (each item at most once; also at [0])',
  },
  { what: 'empty symbol list', yaml: 'symbols: []\n', line: 'bad.yaml: symbols: [] is not allowed (a non-empty list of BASE-QUOTE symbols)' },
  { what: 'shards.count 0', yaml: 'shards: {count: 0}\n', line: 'bad.yaml: shards.count: 0 is not allowed (an integer from 1 to 64)' },
  { what: 'port 70000', yaml: 'http: {port: 70000}\n', line: 'bad.yaml: http.port: 70000 is not allowed (an integer from 0 to 65535)' },
  { what: 'port as a string', yaml: 'http: {port: "8080"}\n', line: 'bad.yaml: http.port: "8080" is not allowed (an integer from 0 to 65535)' },
  {
    what: 'bad url scheme',
    yaml: 'exchanges:\n  okx:\n    url: https://ws.okx.com:8443/ws/v5/public\n',
    line: 'bad.yaml: exchanges.okx.url: "https://ws.okx.com:8443/ws/v5/public" is not allowed (a ws:// or wss:// URL)',
  },
  {
    what: 'adminToken too short (and not echoed)',
    yaml: 'http: {adminToken: s3cret}\n',
    line: 'bad.yaml: http.adminToken: a string of 6 characters is not allowed (at least 16 printable ASCII characters without spaces, or null (admin disabled))',
  },
  {
    what: 'conflate on a recorder edge',
    yaml: 'rings:\n  exchangeToRecorder: {policy: conflate}\n',
    line: 'bad.yaml: rings.exchangeToRecorder.policy: "conflate" is not allowed (one of drop, block; conflate would lose ticks the recorder must keep)',
  },
  {
    what: 'capacity not a power of 2',
    yaml: 'rings:\n  shardToHost: {capacity: 1000}\n',
    line: 'bad.yaml: rings.shardToHost.capacity: 1000 is not allowed (a power of 2 from 16 to 16777216)',
  },
  { what: 'negative batchMs', yaml: 'recorder: {batchMs: -50}\n', line: 'bad.yaml: recorder.batchMs: -50 is not allowed (an integer from 1 to 60000)' },
  { what: 'unknown exchange', yaml: 'exchanges:\n  kraken: {enabled: true}\n', line: 'bad.yaml: exchanges.kraken: unknown key (allowed: binance, bybit, okx)' },
  { what: 'YAML 1.1 boolean spelling', yaml: 'chaos: {enabled: yes}\n', line: 'bad.yaml: chaos.enabled: "yes" is not allowed (true or false)' },
  { what: 'infinite number', yaml: 'shards: {bypassBps: .inf}\n', line: 'bad.yaml: shards.bypassBps: Infinity is not allowed (a number >= 0)' },
  { what: 'unknown enum value', yaml: 'log: {level: verbose}\n', line: 'bad.yaml: log.level: "verbose" is not allowed (one of fatal, error, warn, info, debug, trace, silent)' },
  {
    what: 'every exchange disabled',
    yaml: 'exchanges:\n  binance: {enabled: false}\n  bybit: {enabled: false}\n  okx: {enabled: false}\n',
    line: 'bad.yaml: exchanges: no exchange is enabled (set enabled: true on at least one of binance, bybit, okx)',
  },
  {
    what: 'breaker maxMs below its initialMs (the default)',
    yaml: 'exchanges:\n  bybit:\n    breaker: {initialMs: 20000}\n',
    line: 'bad.yaml: exchanges.bybit.breaker.maxMs: 15000 (the default) is not allowed (an integer >= initialMs (20000))',
  },
  {
    what: 'heartbeat TTL shorter than two intervals',
    yaml: 'supervision:\n  heartbeat: {intervalMs: 500, ttlMs: 900}\n',
    line: 'bad.yaml: supervision.heartbeat.ttlMs: 900 is not allowed (an integer >= 2 × intervalMs (1000))',
  },
  {
    what: 'memory map smaller than the disk budget',
    yaml: 'recorder: {diskBudgetBytes: 34359738368}\n',
    line: 'bad.yaml: recorder.mapSizeBytes: 17179869184 (the default) is not allowed (an integer >= diskBudgetBytes (34359738368))',
  },
  {
    what: 'a section that is not a mapping',
    yaml: 'chaos: true\n',
    line: 'bad.yaml: chaos: true is not allowed (a mapping with keys enabled)',
  },
  { what: '__proto__ as a key', yaml: '__proto__: {polluted: true}\n', line: `bad.yaml: __proto__: unknown key (allowed: ${kTopKeys})` },
  { what: 'a file that is a list', yaml: '- shards\n', line: 'bad.yaml: the file must be a mapping of keys (such as "shards: {count: 2}"), not a list' },
  { what: 'bad YAML syntax (names the line)', yaml: 'shards:\n  count: 2\nhttp: {port: 8080\nlog: {}\n', line: /^bad\.yaml:4:1: YAML syntax error: \S.*$/ },
  { what: 'a duplicate YAML key (names the line)', yaml: 'shards: {count: 2}\nshards: {count: 3}\n', line: 'bad.yaml:2:1: YAML syntax error: Map keys must be unique' },
  { what: 'bad env port', yaml: '', env: { RINGMASTER_HTTP_PORT: 'abc' }, line: 'RINGMASTER_HTTP_PORT: "abc" is not allowed (an integer from 0 to 65535)' },
  { what: 'bad env port, out of range', yaml: '', env: { RINGMASTER_HTTP_PORT: '65536' }, line: 'RINGMASTER_HTTP_PORT: "65536" is not allowed (an integer from 0 to 65535)' },
];

describe('bad configs: exactly one line each, naming the key', () => {
  it.each(kBadConfigs)('$what', ({ yaml, env, line }) => {
    const file = files.write('bad.yaml', yaml);
    const error = configError(() => loadConfig({ file, env: env ?? {}, cwd: files.dir }));
    expect(error.message.split('\n')).toHaveLength(1);
    if (typeof line === 'string') expect(error.message).toBe(line);
    else expect(error.message).toMatch(line);
    expect(error.issues).toHaveLength(1);
  });

  it('a file that does not exist', () => {
    expect(configError(() => loadConfig({ file: 'missing.yaml', env: {}, cwd: files.dir })).message)
      .toBe('missing.yaml: cannot read the config file (no such file)');
  });

  it('many problems: one line each, in schema order', () => {
    const file = files.write('many.yaml', 'shards: {count: 0, windowCapacity: 3}\nhttp: {port: 1.5, bogus: 1}\n');
    expect(configError(() => loadConfig({ file, env: {}, cwd: files.dir })).message.split('\n')).toEqual([
      'many.yaml: shards.count: 0 is not allowed (an integer from 1 to 64)',
      'many.yaml: shards.windowCapacity: 3 is not allowed (a power of 2 from 128 to 32768)',
      'many.yaml: http.port: 1.5 is not allowed (an integer from 0 to 65535)',
      'many.yaml: http.bogus: unknown key (allowed: host, port, adminToken, maxBodyBytes)',
    ]);
  });

  it('a value failing several checks is still one line', () => {
    const file = files.write('neg-float.yaml', 'shards: {count: -1.5}\n');
    expect(configError(() => loadConfig({ file, env: {}, cwd: files.dir })).message)
      .toBe('neg-float.yaml: shards.count: -1.5 is not allowed (an integer from 1 to 64)');
  });
});

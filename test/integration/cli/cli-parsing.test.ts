import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { loadImplementation } from '../../../src/host/cli/load-implementation.js';
import { parseTimeArg } from '../../../src/host/cli/time-arg.js';
import { runInProcess } from './cli-harness.js';

/**
 * The dispatcher in this process: command-line checks that must fail before
 * any command module is loaded, time arguments, and lazy loading. (Valid
 * start/export/dlq runs are left to their modules' own tests.)
 */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringmaster-cli-parse-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const firstLine = (text: string) => text.split('\n')[0];

describe('command-line errors exit 2 with one line, before anything runs', () => {
  it.each([
    [['start', '--config'], 'ringmaster start: option --config needs a value'],
    [['start', '--help=yes'], 'ringmaster start: option --help takes no value'],
    [['start', 'now'], 'ringmaster start: unexpected argument "now"'],
    [['export'], 'ringmaster export: missing what to do (ticks|spreads)'],
    [['export', 'candles', '--data', '/d'], 'ringmaster export: unknown action "candles" (expected ticks|spreads)'],
    [['export', 'ticks', '--data', 'a', '--data', 'b'], 'ringmaster export: option --data given twice'],
    [['export', 'ticks'], 'ringmaster export: --data DIR is required (or set RINGMASTER_DATA_DIR)'],
    [['export', 'ticks', '--data', '/d', '--symbol', 'btcusdt'], 'ringmaster export: --symbol "btcusdt" is not BASE-QUOTE in upper-case letters and digits (e.g. BTC-USDT)'],
    [['export', 'ticks', '--data', '/d', '--exchange', 'kraken'], 'ringmaster export: --exchange "kraken" is not one of binance, bybit, okx'],
    [['export', 'ticks', '--data', '/d', '--format', 'xml'], 'ringmaster export: --format "xml" is not one of jsonl, csv'],
    [['export', 'ticks', '--data', '/d', '--since', '2024-05-01T12:00:00'], 'ringmaster export: --since "2024-05-01T12:00:00" is not a time (ISO 8601 with a zone (2024-05-01T12:00:00Z), a date (UTC), microseconds since the epoch, or an age such as 15m, 2h, 7d)'],
    [['export', 'ticks', '--data', '/d', '--since', '1h', '--until', '2h'], 'ringmaster export: --until must be later than --since'],
    [['dlq', 'list', '--data', '/d', '--limit', '0'], 'ringmaster dlq: --limit "0" is not a count (an integer from 1 to 999999999)'],
    [['bench', '--runs'], 'ringmaster bench: option --runs needs a value'],
    [['--frobnicate'], 'ringmaster: unknown option --frobnicate'],
    [['help', 'frobnicate'], 'ringmaster: unknown command "frobnicate"'],
  ])('%j', async (argv, line) => {
    const { code, stdout, stderr } = await runInProcess(argv);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(firstLine(stderr)).toBe(line);
    expect(stderr.split('\n')[1]).toMatch(/^usage: ringmaster /);
  });

  it('no arguments at all prints the usage on stderr', async () => {
    const { code, stderr } = await runInProcess([]);
    expect(code).toBe(2);
    expect(firstLine(stderr)).toBe('usage: ringmaster <command> [options]');
  });
});

describe('help and version', () => {
  it('help COMMAND is COMMAND --help', async () => {
    const viaHelp = await runInProcess(['help', 'dlq']);
    const viaFlag = await runInProcess(['dlq', '-h']);
    expect(viaHelp.code).toBe(0);
    expect(viaHelp.stdout).toBe(viaFlag.stdout);
    expect(firstLine(viaHelp.stdout)).toBe('usage: ringmaster dlq list|replay --data DIR [--source NAME] [--limit N]');
  });

  it('--help wins over other problems on the same line', async () => {
    const { code, stdout } = await runInProcess(['export', 'candles', '--help']);
    expect(code).toBe(0);
    expect(firstLine(stdout)).toMatch(/^usage: ringmaster export /);
  });

  it('--version prints the package version', async () => {
    const { code, stdout } = await runInProcess(['--version']);
    expect(code).toBe(0);
    expect(stdout).toMatch(/^ringmaster \d+\.\d+\.\d+/);
  });
});

describe('config check|show', () => {
  it('show prints the merged config with defaults, and never the admin token', async () => {
    fs.writeFileSync(path.join(tmp, 'over.yaml'), 'shards: {count: 3}\n');
    const { code, stdout } = await runInProcess(['config', 'show', '--config', 'config/default.yaml', '--config', path.join(tmp, 'over.yaml')], {
      env: { RINGMASTER_ADMIN_TOKEN: 'a-very-secret-token-123' },
    });
    expect(code).toBe(0);
    expect(stdout).not.toContain('a-very-secret-token-123');
    const shown = parseYaml(stdout) as { shards: { count: number; debounceMs: number }; simulator: { enabled: boolean }; http: { adminToken: string } };
    expect(shown.shards).toMatchObject({ count: 3, debounceMs: 250 });
    expect(shown.simulator.enabled).toBe(true);
    expect(shown.http.adminToken).toBe('(set, not shown)');
  });

  it('without --config or RINGMASTER_CONFIG, the packaged default.yaml is loaded', async () => {
    const { code, stdout } = await runInProcess(['config', 'check']);
    expect(code).toBe(0);
    expect(stdout).toBe('ok: config/default.yaml\n');
  });

  it('an invalid config exits 78 with its lines only', async () => {
    fs.writeFileSync(path.join(tmp, 'bad.yaml'), 'http: {port: 123456}\nlog: {level: loud}\n');
    const { code, stdout, stderr } = await runInProcess(['config', 'check', '--config', 'bad.yaml'], { cwd: tmp });
    expect(code).toBe(78);
    expect(stdout).toBe('');
    expect(stderr).toBe([
      'bad.yaml: http.port: 123456 is not allowed (an integer from 0 to 65535)',
      'bad.yaml: log.level: "loud" is not allowed (one of fatal, error, warn, info, debug, trace, silent)',
      '',
    ].join('\n'));
  });
});

describe('--since / --until', () => {
  const now = Date.UTC(2024, 4, 1, 12);
  it.each([
    ['1714564800000000', 1_714_564_800_000_000],
    ['2024-05-01', Date.UTC(2024, 4, 1) * 1000],
    ['2024-05-01T12:00:00Z', Date.UTC(2024, 4, 1, 12) * 1000],
    ['2024-05-01T12:00Z', Date.UTC(2024, 4, 1, 12) * 1000],
    ['2024-05-01T12:00:00.123456+02:00', Date.UTC(2024, 4, 1, 10) * 1000 + 123_456],
    ['2024-05-01T12:00:00.5Z', Date.UTC(2024, 4, 1, 12) * 1000 + 500_000],
    ['15m', (now - 15 * 60_000) * 1000],
    ['7d', (now - 7 * 86_400_000) * 1000],
  ])('%s', (text, us) => {
    expect(parseTimeArg(text, now)).toBe(us);
  });

  it.each(['2024-05-01T12:00:00', 'yesterday', '-5', '2024-13-01', '2024-02-30', '2024-05-01T25:00Z', '15x', ''])('refuses %j', (text) => {
    expect(parseTimeArg(text, now)).toBeUndefined();
  });
});

describe('loadImplementation', () => {
  const moduleAt = (name: string, text?: string): URL => {
    const file = path.join(tmp, name);
    if (text !== undefined) fs.writeFileSync(file, text);
    return new URL(`file://${file}`);
  };

  it('a missing module is "not available", naming it', async () => {
    const result = await loadImplementation(moduleAt('absent.mjs'), 'run');
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('absent.mjs is missing') as unknown });
  });

  it('a module without the function is "not available", naming the export', async () => {
    const result = await loadImplementation(moduleAt('no-export.mjs', 'export const other = 1;\n'), 'run');
    expect(result).toEqual({ ok: false, reason: expect.stringContaining('does not export run()') as unknown });
  });

  it('a present module whose own import is missing is a bug, not "not available"', async () => {
    const url = moduleAt('broken.mjs', "import './absent-dependency.mjs';\nexport function run() { return 0; }\n");
    await expect(loadImplementation(url, 'run')).rejects.toMatchObject({ code: 'ERR_MODULE_NOT_FOUND' });
  });

  it('a present module yields its function', async () => {
    const result = await loadImplementation<() => number>(moduleAt('present.mjs', 'export function run() { return 42; }\n'), 'run');
    expect(result.ok && result.fn()).toBe(42);
  });
});

import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { runProcess } from './cli-harness.js';

/** The CLI as users and scripts run it: a separate process, judged by its exit code and output. */
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'ringmaster-cli-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const kStackLine = /^\s+at /m;

describe('ringmaster CLI (child process)', () => {
  it('--help lists every command on stdout and exits 0', async () => {
    const { code, stdout, stderr } = await runProcess(['--help']);
    expect(code).toBe(0);
    expect(stderr).toBe('');
    expect(stdout).toMatch(/^usage: ringmaster <command> \[options\]\n/);
    for (const command of ['start', 'export', 'dlq', 'bench', 'config']) expect(stdout).toMatch(new RegExp(`^  ${command} +\\S`, 'm'));
  });

  it('COMMAND --help prints that command\'s usage and exits 0', async () => {
    const { code, stdout } = await runProcess(['export', '--help']);
    expect(code).toBe(0);
    expect(stdout.split('\n')[0]).toBe('usage: ringmaster export ticks|spreads --data DIR [--symbol S] [--exchange E] [--since T] [--until T] [--format jsonl|csv]');
  });

  it('an unknown command prints one line and the usage, exits 2', async () => {
    const { code, stdout, stderr } = await runProcess(['frobnicate']);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    const [first, second] = stderr.split('\n');
    expect(first).toBe('ringmaster: unknown command "frobnicate"');
    expect(second).toBe('usage: ringmaster <command> [options]');
  });

  it('an unknown flag prints one line and the command\'s usage, exits 2', async () => {
    const { code, stderr } = await runProcess(['start', '--frobnicate']);
    expect(code).toBe(2);
    expect(stderr.split('\n').slice(0, 2)).toEqual(['ringmaster start: unknown option --frobnicate', 'usage: ringmaster start [--config FILE]...']);
  });

  it('a bad config exits 78 with one line per problem and no stack trace', async () => {
    const file = path.join(tmp, 'bad.yaml');
    fs.writeFileSync(file, 'shards: {count: 0}\nexchanges: {kraken: {}}\nrings:\n  shardToRecorder: {policy: conflate}\n');
    const { code, stdout, stderr } = await runProcess(['start', '--config', file]);
    expect(code).toBe(78);
    expect(stdout).toBe('');
    expect(stderr).not.toMatch(kStackLine);
    expect(stderr.trimEnd().split('\n')).toEqual([
      `${file}: exchanges.kraken: unknown key (allowed: binance, bybit, okx)`,
      `${file}: shards.count: 0 is not allowed (an integer from 1 to 64)`,
      `${file}: rings.shardToRecorder.policy: "conflate" is not allowed (one of drop, block; conflate would lose ticks the recorder must keep)`,
    ]);
  });

  it('a bad env override exits 78 naming the variable; a relative --config is named as given', async () => {
    fs.writeFileSync(path.join(tmp, 'ok.yaml'), 'shards: {count: 1}\n');
    const { code, stderr } = await runProcess(['config', 'check', '--config', 'ok.yaml'], { cwd: tmp, env: { RINGMASTER_HTTP_PORT: 'abc' } });
    expect(code).toBe(78);
    expect(stderr).toBe('RINGMASTER_HTTP_PORT: "abc" is not allowed (an integer from 0 to 65535)\n');
  });

  it('a missing config file exits 78; RINGMASTER_CONFIG is used when no --config is given', async () => {
    const missing = await runProcess(['config', 'check'], { cwd: tmp, env: { RINGMASTER_CONFIG: 'nope.yaml' } });
    expect(missing.code).toBe(78);
    expect(missing.stderr).toBe('nope.yaml: cannot read the config file (no such file)\n');
  });

  it('config check accepts the packaged live config with the production overlay', async () => {
    const { code, stdout } = await runProcess(['config', 'check', '--config', 'config/live.yaml', '--config', 'config/production.yaml']);
    expect(code).toBe(0);
    expect(stdout).toBe('ok: config/live.yaml, config/production.yaml\n');
  });
});

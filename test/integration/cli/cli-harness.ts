import { execFile } from 'node:child_process';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { pathToFileURL } from 'node:url';
import { runCli } from '../../../src/host/cli/run-cli.js';

export const kRepoRoot = path.resolve(import.meta.dirname, '../../..');
/** tsx's loader by absolute URL, so a child started in another directory still finds it. */
const kTsxLoader = pathToFileURL(path.join(kRepoRoot, 'node_modules/tsx/dist/loader.mjs')).href;

export interface CliResult {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** The environment without any RINGMASTER_* variable of the machine running the tests, plus `extra`. */
export function cleanEnv(extra: Record<string, string> = {}): Record<string, string | undefined> {
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !name.startsWith('RINGMASTER_')));
  return { ...env, ...extra };
}

/** runCli in this process, with captured output and a fixed clock. */
export async function runInProcess(argv: string[], options: { env?: Record<string, string>; cwd?: string; nowMs?: number } = {}): Promise<CliResult> {
  const stdout = collect();
  const stderr = collect();
  const code = await runCli(argv, {
    io: { stdout: stdout.stream, stderr: stderr.stream, env: options.env ?? {}, cwd: options.cwd ?? kRepoRoot },
    now: () => options.nowMs ?? Date.UTC(2024, 4, 1, 12),
  });
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** `node --import tsx src/host/cli/main.ts ...argv` as a child process (RINGMASTER_* vars cleared, then `env`). */
export function runProcess(argv: string[], options: { env?: Record<string, string>; cwd?: string } = {}): Promise<CliResult> {
  const main = path.join(kRepoRoot, 'src/host/cli/main.ts');
  return new Promise((resolve, reject) => {
    execFile(
      process.execPath,
      ['--import', kTsxLoader, main, ...argv],
      { cwd: options.cwd ?? kRepoRoot, env: cleanEnv(options.env), timeout: 30_000 },
      (err, stdout, stderr) => {
        const code = err === null ? 0 : typeof err.code === 'number' ? err.code : undefined;
        if (code === undefined) reject(err ?? new Error('no exit code'));
        else resolve({ code, stdout, stderr });
      },
    );
  });
}

function collect(): { stream: PassThrough; text: () => string } {
  const stream = new PassThrough();
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return { stream, text: () => Buffer.concat(chunks).toString('utf8') };
}

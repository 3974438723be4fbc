import { execFile } from 'node:child_process';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { kCBuildDir, kCSourcePath } from './bench-paths.js';

const run = promisify(execFile);

/** gcc flags for the floor: plain -O2, as a user of the ring would build C. */
export const kCFloorCompileFlags = ['-O2', '-pthread', '-std=c11'] as const;

export type CFloorBuild =
  | { readonly ok: true; readonly binary: string; readonly compiler: string }
  | { readonly ok: false; readonly reason: string };

export interface CFloorThroughput {
  readonly mode: 'throughput';
  /** Iterations actually run (fewer than asked when the 2 s budget ran out). */
  readonly iterations: number;
  readonly recordsPerIteration: number;
  readonly batch: number;
  readonly capacity: number;
  readonly nsPerRecordMedian: number;
  readonly nsPerRecordMean: number;
  readonly errors: number;
}

export interface CFloorRoundTrip {
  readonly mode: 'roundtrip';
  readonly samples: number;
  readonly p50Ns: number;
  readonly p99Ns: number;
  readonly p999Ns: number;
  readonly meanNs: number;
  readonly errors: number;
}

/**
 * Compiles native-bench/c/spsc_ring.c with the system gcc into
 * native-bench/c/build/. Never throws: a missing compiler or a failed build
 * comes back as a reason, so the bench skips the floor with a note.
 */
export async function buildCFloor(compiler = process.env.CC ?? 'gcc'): Promise<CFloorBuild> {
  const binary = path.join(kCBuildDir, 'spsc_ring');
  let version: string;
  try {
    version = (await run(compiler, ['--version'])).stdout.split('\n')[0] ?? compiler;
  } catch (err) {
    return { ok: false, reason: `no C compiler: \`${compiler} --version\` failed (${errorCode(err)})` };
  }
  try {
    await mkdir(kCBuildDir, { recursive: true });
    await run(compiler, [...kCFloorCompileFlags, '-o', binary, kCSourcePath]);
  } catch (err) {
    const stderr = (err as { stderr?: string }).stderr?.trim().split('\n').slice(0, 3).join(' ') ?? '';
    return { ok: false, reason: `${compiler} could not build ${path.basename(kCSourcePath)}: ${stderr || errorCode(err)}` };
  }
  return { ok: true, binary, compiler: version.trim() };
}

export async function runCFloorThroughput(
  binary: string, iterations: number, recordsPerIteration: number, batch: number, capacity: number,
): Promise<CFloorThroughput> {
  return parseOutput<CFloorThroughput>(binary, ['throughput', String(iterations), String(recordsPerIteration), String(batch), String(capacity)]);
}

export async function runCFloorRoundTrip(binary: string, samples: number, capacity: number): Promise<CFloorRoundTrip> {
  return parseOutput<CFloorRoundTrip>(binary, ['roundtrip', String(samples), String(capacity)]);
}

async function parseOutput<T extends { errors: number }>(binary: string, args: string[]): Promise<T> {
  const { stdout } = await run(binary, args, { timeout: 60_000 });
  const out = JSON.parse(stdout) as T;
  // The program exits non-zero on a sequence error, so this is a second guard.
  if (out.errors !== 0) throw new Error(`C floor ${args.join(' ')}: ${out.errors} records out of order`);
  return out;
}

function errorCode(err: unknown): string {
  return (err as { code?: string }).code ?? String(err);
}

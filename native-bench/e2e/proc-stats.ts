import { readdirSync, readFileSync } from 'node:fs';

/**
 * CPU time and memory of a process and of each of its threads, from Linux
 * /proc. Everything returns undefined (never throws) when the file is not
 * there: another OS, or the process or thread has gone.
 *
 * CPU time per thread: /proc/PID/task/TID/schedstat's first field (ns on the
 * CPU), falling back to utime + stime of .../stat (clock ticks, 10 ms).
 */
const kClockTickNs = 10_000_000; // USER_HZ = 100 on Linux

/** CPU time of one thread, ns. */
export function threadCpuNs(pid: number, tid: number): number | undefined {
  const base = `/proc/${pid}/task/${tid}`;
  const sched = readText(`${base}/schedstat`);
  if (sched !== undefined) {
    const ns = Number(sched.split(' ')[0]);
    if (Number.isFinite(ns)) return ns;
  }
  return statTicks(readText(`${base}/stat`));
}

/** CPU time of the whole process (every thread, living ones only), ns. */
export function processCpuNs(pid: number): number | undefined {
  return statTicks(readText(`/proc/${pid}/stat`));
}

/** OS thread ids of the process. */
export function threadIds(pid: number): number[] {
  try {
    return readdirSync(`/proc/${pid}/task`).map(Number).filter(Number.isInteger);
  } catch {
    return [];
  }
}

/** Resident set size, bytes. */
export function rssBytes(pid: number): number | undefined {
  return statusKb(readText(`/proc/${pid}/status`), 'VmRSS');
}

/**
 * RSS split by kind, bytes: `anon` is heap and SharedArrayBuffers (what a
 * leak grows), `file` is mapped files, here mostly LMDB's memory map, which
 * grows with the store as its pages are read or written and which the
 * kernel can drop at will.
 */
export interface RssBreakdown {
  readonly rss: number;
  readonly anon: number;
  readonly file: number;
  readonly shmem: number;
}

export function rssBreakdown(pid: number): RssBreakdown | undefined {
  const status = readText(`/proc/${pid}/status`);
  const rss = statusKb(status, 'VmRSS');
  if (rss === undefined) return undefined;
  return { rss, anon: statusKb(status, 'RssAnon') ?? Number.NaN, file: statusKb(status, 'RssFile') ?? Number.NaN, shmem: statusKb(status, 'RssShmem') ?? Number.NaN };
}

function statusKb(status: string | undefined, field: string): number | undefined {
  const m = status?.match(new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm'));
  return m === null || m === undefined ? undefined : Number(m[1]) * 1024;
}

function statTicks(stat: string | undefined): number | undefined {
  if (stat === undefined) return undefined;
  // Fields after the command name, which may itself hold spaces and parentheses.
  const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const utime = Number(rest[11]); // field 14
  const stime = Number(rest[12]); // field 15
  return Number.isFinite(utime) && Number.isFinite(stime) ? (utime + stime) * kClockTickNs : undefined;
}

function readText(file: string): string | undefined {
  try {
    return readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
}

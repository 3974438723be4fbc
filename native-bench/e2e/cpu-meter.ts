import { processCpuNs, threadCpuNs } from './proc-stats.js';

/**
 * CPU time per named thread of one process over a window: read once at the
 * start and once at the end. Threads are named by the caller (actor names,
 * `main`); every thread of the process not named is in `other` (V8's
 * platform and GC threads, libuv's pool, LMDB), computed as the process
 * total minus the named ones. A thread that was replaced during the window
 * (a restarted actor) is measured from its own start.
 */
export interface CpuReading {
  readonly atNs: number;
  readonly processNs: number;
  readonly threads: ReadonlyMap<string, { readonly tid: number; readonly ns: number }>;
}

export interface CpuWindow {
  readonly seconds: number;
  /** CPU seconds per wall second (1 = one core busy), per named thread. */
  readonly cores: ReadonlyMap<string, number>;
  readonly processCores: number;
  readonly otherCores: number;
}

export function readCpu(pid: number, named: ReadonlyMap<string, number>): CpuReading {
  const threads = new Map<string, { tid: number; ns: number }>();
  for (const [name, tid] of named) {
    const ns = threadCpuNs(pid, tid);
    if (ns !== undefined) threads.set(name, { tid, ns });
  }
  return { atNs: Number(process.hrtime.bigint()), processNs: processCpuNs(pid) ?? Number.NaN, threads };
}

export function cpuWindow(a: CpuReading, b: CpuReading): CpuWindow {
  const seconds = (b.atNs - a.atNs) / 1e9;
  const cores = new Map<string, number>();
  let named = 0;
  for (const [name, end] of b.threads) {
    const start = a.threads.get(name);
    const ns = start !== undefined && start.tid === end.tid ? end.ns - start.ns : end.ns;
    cores.set(name, ns / 1e9 / seconds);
    named += ns;
  }
  const processNs = b.processNs - a.processNs;
  return { seconds, cores, processCores: processNs / 1e9 / seconds, otherCores: Math.max(0, processNs - named) / 1e9 / seconds };
}

import { Worker, type WorkerOptions } from 'node:worker_threads';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** Key under which the real entry travels to the tsx bootstrap. */
export const kEntryKey = '__ringmasterEntry';

/**
 * Starts a worker thread on `entry`. A `.js`/`.mjs` entry runs directly (the
 * production path: compiled code in dist/). A `.ts` entry runs through a tiny
 * JS bootstrap that registers tsx inside the worker; this costs about 100 ms
 * of start-up and is meant for tests and docs examples run from source.
 *
 * `workerData` must be a plain object (or undefined): the bootstrap adds one
 * key to it.
 */
export function spawnWorker(entry: URL | string, options: WorkerOptions = {}): Worker {
  const url = typeof entry === 'string' ? toUrl(entry) : entry;
  if (!url.pathname.endsWith('.ts')) return new Worker(url, options);
  const data = (options.workerData ?? {}) as Record<string, unknown>;
  if (typeof data !== 'object' || data === null || Array.isArray(data)) {
    throw new TypeError('spawnWorker: workerData must be a plain object for a .ts entry');
  }
  return new Worker(bootstrapUrl(), { ...options, workerData: { ...data, [kEntryKey]: url.href } });
}

function toUrl(entry: string): URL {
  return entry.startsWith('file:') ? new URL(entry) : pathToFileURL(entry);
}

function bootstrapUrl(): URL {
  // The bootstrap sits beside this file in src/; from dist/ we point back at
  // the source copy, which only .ts entries (i.e. source checkouts) need.
  const here = fileURLToPath(import.meta.url);
  const srcDir = here.includes('/dist/src/') ? here.replace('/dist/src/', '/src/') : here;
  return new URL('./tsx-bootstrap.mjs', pathToFileURL(srcDir));
}

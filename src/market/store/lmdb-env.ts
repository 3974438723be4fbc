import fs from 'node:fs';
import { open, type Database, type RootDatabase } from 'lmdb';
import type { ResolvedStoreOptions } from './store-options.js';

/**
 * One LMDB environment per data directory, holding every sub-db of the
 * recorder: ticks, spreads and gaps (ordered keys of keys.ts, the 64-byte
 * records as values), meta (commit stamps, symbol names) and the dead-letter
 * store. lmdb-js shares the native environment between every open() of one
 * path in a process, so each thread (recorder actor, exchange actors,
 * piscina export tasks) opens its own handle.
 *
 * Native handles and threads: a worker that holds an open environment must
 * `await close()` it before it exits. Terminating a worker (worker.terminate(),
 * piscina's destroy, a supervisor kill) while its handle is open can abort
 * the whole process inside the native addon.
 */
export const SubDb = {
  ticks: 'ticks',
  spreads: 'spreads',
  gaps: 'gaps',
  meta: 'meta',
  deadLetters: 'dlq',
  deadLetterStats: 'dlq-stats',
} as const;
export type SubDbName = (typeof SubDb)[keyof typeof SubDb];

export type BinaryDb = Database<Buffer, Buffer>;

/**
 * transactionSync flags: abortable (so an error inside rolls the batch back)
 * and synchronous commit, flushed before returning. lmdb-js's
 * TransactionFlags.ABORTABLE | SYNCHRONOUS_COMMIT; without NO_SYNC_FLUSH.
 */
export const kSyncTxnFlags = 1 | 2;

export function openStoreEnv(o: ResolvedStoreOptions): RootDatabase {
  if (o.readOnly && !fs.existsSync(`${o.path}/data.mdb`)) {
    throw new Error(`store: no recorded data at ${o.path} (data.mdb is missing)`);
  }
  return open({
    path: o.path,
    // The path is always a directory: lmdb-js would take one with a dot in its
    // name (a mktemp dir, `data.v2`) for a file and fail with "Is a directory".
    noSubdir: false,
    mapSize: o.mapSizeBytes,
    maxDbs: 16,
    readOnly: o.readOnly,
    // 'fsync' keeps lmdb-js's default overlappingSync; readers must not
    // pass noSync to an environment that a writer opened without it.
    ...(o.durability === 'os' && !o.readOnly ? { noSync: true } : {}),
  });
}

/**
 * Opens a binary sub-db; in a read-only environment a sub-db that was never
 * written does not exist, and `null` stands for "empty".
 */
export function openBinaryDb(root: RootDatabase, name: SubDbName): BinaryDb | null {
  const db = root.openDB<Buffer, Buffer>({ name, keyEncoding: 'binary', encoding: 'binary' });
  return db ?? null;
}

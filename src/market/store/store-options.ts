/**
 * Options of the recorder's LMDB store, their defaults and validation.
 *
 *   path          directory of the LMDB environment (created if missing,
 *                 unless readOnly). Required.
 *   mapSizeBytes  initial size of the memory map; lmdb-js grows it when full,
 *                 so this only avoids early remaps. Default 1 GiB; at least
 *                 the budget when one is set.
 *   budgetBytes   disk budget over the live pages of the store (see
 *                 disk-usage.ts). Past it writeBatch refuses new data with
 *                 `{ ok: false, reason: 'over-budget' }`. Default: none.
 *   durability    'fsync' (default): every commit is flushed to disk before
 *                 writeBatch returns (lmdb-js overlappingSync). A process kill
 *                 or a machine crash loses only uncommitted batches.
 *                 'os': commits go to the OS page cache, no fsync (LMDB
 *                 noSync). A process kill still loses only uncommitted
 *                 batches, but a machine crash can lose recent batches or
 *                 corrupt the file. About twice the throughput on this host.
 *                 Every opener of one path in one process must agree.
 *   readOnly      open for reading only (exports, queries). Default false.
 *   clock         µs since the epoch, for commit stamps. Default Date.now()*1000.
 *
 * Rejected: a relative or empty path, non-positive or non-integer sizes, a
 * budget larger than 2^52, readOnly with a budget (nothing to refuse).
 */
export type Durability = 'fsync' | 'os';

export interface StoreOptions {
  readonly path: string;
  readonly mapSizeBytes?: number;
  readonly budgetBytes?: number;
  readonly durability?: Durability;
  readonly readOnly?: boolean;
  readonly clock?: () => number;
}

export interface ResolvedStoreOptions {
  readonly path: string;
  readonly mapSizeBytes: number;
  readonly budgetBytes: number | undefined;
  readonly durability: Durability;
  readonly readOnly: boolean;
  readonly clock: () => number;
}

export const kDefaultMapSizeBytes = 1024 * 1024 * 1024;
const kMaxBytes = 2 ** 52;

export const systemClockUs = (): number => Date.now() * 1000;

export function resolveStoreOptions(o: StoreOptions, where = 'store'): ResolvedStoreOptions {
  if (typeof o !== 'object' || o === null) throw new TypeError(`${where}: options must be an object`);
  if (typeof o.path !== 'string' || o.path === '' || !o.path.startsWith('/')) {
    throw new TypeError(`${where}.path: ${JSON.stringify(o.path)} must be an absolute directory path`);
  }
  const budgetBytes = o.budgetBytes === undefined ? undefined : positiveBytes(o.budgetBytes, `${where}.budgetBytes`);
  const mapSizeBytes = o.mapSizeBytes === undefined
    ? Math.max(kDefaultMapSizeBytes, budgetBytes ?? 0)
    : positiveBytes(o.mapSizeBytes, `${where}.mapSizeBytes`);
  const durability = o.durability ?? 'fsync';
  if (durability !== 'fsync' && durability !== 'os') {
    throw new RangeError(`${where}.durability: ${JSON.stringify(durability)} is not one of "fsync", "os"`);
  }
  const readOnly = o.readOnly ?? false;
  if (typeof readOnly !== 'boolean') throw new TypeError(`${where}.readOnly: must be a boolean`);
  if (readOnly && budgetBytes !== undefined) {
    throw new RangeError(`${where}.budgetBytes: a read-only store cannot enforce a budget; drop one of them`);
  }
  const clock = o.clock ?? systemClockUs;
  if (typeof clock !== 'function') throw new TypeError(`${where}.clock: must be a function returning µs`);
  return { path: o.path, mapSizeBytes, budgetBytes, durability, readOnly, clock };
}

function positiveBytes(v: unknown, name: string): number {
  if (typeof v !== 'number' || !Number.isInteger(v) || v <= 0 || v > kMaxBytes) {
    throw new RangeError(`${name}: ${String(v)} must be a positive integer number of bytes up to 2^52`);
  }
  return v;
}

import type { Durability } from '../../src/market/store/store-options.js';
import { kDefaultSlackBytes } from './buffer-sweeper.js';

/** Default of mapResidencyBytes: about 260k records between two remaps, each ~5 ms. */
export const kDefaultMapResidencyBytes = 64 * 1024 * 1024;
import type { RecorderActorConfig } from './config.js';

/**
 * The recorder's configuration with defaults filled in, checked once at
 * init; a bad value fails init with the key, the value and what is allowed.
 *
 *   path                   absolute directory of the LMDB store. Required.
 *   batchRecords           a batch commits once it holds this many records...
 *   batchMs                ...or once its oldest record waited this long
 *                          (plus at most the run loop's parkMs when idle).
 *   maxBatchRecords        a backlog may grow one batch up to this many
 *                          (fewer, larger commits catch up faster). Default
 *                          20 × batchRecords (measured: 1.17 M records/s
 *                          with `os`, 1.08 M with fsync, against 0.99 M and
 *                          0.96 M at 10 ×); at least batchRecords.
 *   retentionMs            records older than this (key time) are deleted;
 *                          0 keeps everything.
 *   retentionIntervalMs    how often retention runs. Default retentionMs / 10,
 *                          clamped to [1 s, 60 s].
 *   retentionChunkRecords  deletes per retention transaction. Default 10 000.
 *   diskBudgetBytes        live bytes the store may use; past it commits are
 *                          refused (nothing is released). 0: no budget.
 *   mapSizeBytes           LMDB map size; at least diskBudgetBytes.
 *   durability             'fsync' (default) | 'os' (store-options.ts).
 *   symbols                canonical names by id; must extend what the store
 *                          recorded (ids are never renumbered).
 *   gcSlackBytes           ArrayBuffer bytes (mostly lmdb-js's spent write
 *                          buffers) the thread may pile up before it runs a
 *                          full GC (buffer-sweeper.ts). Default 32 MiB.
 *   mapResidencyBytes      store pages the memory map may keep resident: after
 *                          writing records that may have touched this many
 *                          bytes, the store is closed and reopened, which
 *                          unmaps them (async-store-writer.ts). Default 64 MiB.
 *
 * Memory: the recorder stages records in exactly two batches (one commits
 * while the other fills), each of at most max(maxBatchRecords, batchRecords
 * + one loop round) records of 64 bytes: 2.6 MB at batchRecords 1000. While
 * both are sealed it reads nothing more (ring-recorder.ts).
 */
export interface RecorderOptions {
  readonly path: string;
  readonly batchRecords: number;
  readonly batchMs: number;
  readonly maxBatchRecords: number;
  readonly retentionMs: number;
  readonly retentionIntervalMs: number;
  readonly retentionChunkRecords: number;
  /** undefined: no budget. */
  readonly diskBudgetBytes: number | undefined;
  readonly mapSizeBytes: number;
  readonly durability: Durability;
  readonly symbols: readonly string[];
  readonly gcSlackBytes: number;
  readonly mapResidencyBytes: number;
}

export function resolveRecorderOptions(c: RecorderActorConfig, where = 'recorder'): RecorderOptions {
  if (typeof c !== 'object' || c === null) throw new TypeError(`${where}: config must be an object`);
  if (typeof c.path !== 'string' || !c.path.startsWith('/')) {
    throw new TypeError(`${where}.path: ${JSON.stringify(c.path)} must be an absolute directory path`);
  }
  const batchRecords = int(c.batchRecords, `${where}.batchRecords`, 1);
  const batchMs = int(c.batchMs, `${where}.batchMs`, 1);
  const maxBatchRecords = int(c.maxBatchRecords ?? 20 * batchRecords, `${where}.maxBatchRecords`, batchRecords);
  const retentionMs = int(c.retentionMs, `${where}.retentionMs`, 0);
  const retentionIntervalMs = int(
    c.retentionIntervalMs ?? Math.min(60_000, Math.max(1000, Math.floor(retentionMs / 10))),
    `${where}.retentionIntervalMs`, 1,
  );
  const retentionChunkRecords = int(c.retentionChunkRecords ?? 10_000, `${where}.retentionChunkRecords`, 1);
  const budget = int(c.diskBudgetBytes, `${where}.diskBudgetBytes`, 0);
  const mapSizeBytes = int(c.mapSizeBytes, `${where}.mapSizeBytes`, 1);
  if (budget > mapSizeBytes) throw new RangeError(`${where}.mapSizeBytes: ${mapSizeBytes} must be >= diskBudgetBytes (${budget})`);
  const durability = c.durability ?? 'fsync';
  if (durability !== 'fsync' && durability !== 'os') {
    throw new RangeError(`${where}.durability: ${JSON.stringify(durability)} is not one of "fsync", "os"`);
  }
  if (!Array.isArray(c.symbols) || c.symbols.some((s) => typeof s !== 'string')) {
    throw new TypeError(`${where}.symbols: must be a list of symbol names`);
  }
  const gcSlackBytes = int(c.gcSlackBytes ?? kDefaultSlackBytes, `${where}.gcSlackBytes`, 1);
  const mapResidencyBytes = int(c.mapResidencyBytes ?? kDefaultMapResidencyBytes, `${where}.mapResidencyBytes`, 1);
  return {
    path: c.path, batchRecords, batchMs, maxBatchRecords, retentionMs, retentionIntervalMs, retentionChunkRecords,
    diskBudgetBytes: budget === 0 ? undefined : budget, mapSizeBytes, durability, symbols: c.symbols, gcSlackBytes,
    mapResidencyBytes,
  };
}

function int(v: unknown, name: string, min: number): number {
  if (typeof v !== 'number' || !Number.isSafeInteger(v) || v < min) {
    throw new RangeError(`${name}: ${String(v)} must be an integer >= ${min}`);
  }
  return v;
}

import type { RootDatabase } from 'lmdb';
import { kSyncTxnFlags, type BinaryDb } from './lmdb-env.js';

/**
 * The meta sub-db: small facts about the store kept in the same transaction
 * as the data they describe.
 *
 *   "lastCommit"  4 × f64 LE: atUs, records in that batch, batches ever,
 *                 records ever. Written inside every writeBatch transaction,
 *                 so after a hard kill it describes the last batch that is
 *                 really on disk.
 *   "symbols"     JSON array of canonical symbol names by id. Symbol ids are
 *                 dense in config order (symbol-table.ts), so a reordered
 *                 config would silently renumber recorded data: the store
 *                 accepts only appends.
 */
export interface LastCommit {
  readonly atUs: number;
  readonly records: number;
  readonly batches: number;
  readonly totalRecords: number;
}

export type SymbolNamesResult =
  | { readonly ok: true; readonly added: number }
  | { readonly ok: false; readonly reason: 'symbol-table-mismatch'; readonly index: number; readonly stored: string; readonly given: string | undefined };

const kLastCommitKey = Buffer.from('lastCommit');
const kSymbolsKey = Buffer.from('symbols');
const kAtUsField = 0;
const kRecordsField = 8;
const kBatchesField = 16;
const kTotalRecordsField = 24;
const kLastCommitSize = 32;

/** Called inside the batch's write transaction; reads the previous totals from it. */
export function stampCommit(meta: BinaryDb, atUs: number, records: number): void {
  const prev = meta.get(kLastCommitKey);
  const out = Buffer.alloc(kLastCommitSize);
  out.writeDoubleLE(atUs, kAtUsField);
  out.writeDoubleLE(records, kRecordsField);
  out.writeDoubleLE((prev ? prev.readDoubleLE(kBatchesField) : 0) + 1, kBatchesField);
  out.writeDoubleLE((prev ? prev.readDoubleLE(kTotalRecordsField) : 0) + records, kTotalRecordsField);
  meta.putSync(kLastCommitKey, out);
}

export function readLastCommit(meta: BinaryDb): LastCommit | undefined {
  const b = meta.get(kLastCommitKey);
  if (!b || b.byteLength < kLastCommitSize) return undefined;
  return {
    atUs: b.readDoubleLE(kAtUsField),
    records: b.readDoubleLE(kRecordsField),
    batches: b.readDoubleLE(kBatchesField),
    totalRecords: b.readDoubleLE(kTotalRecordsField),
  };
}

export function readSymbolNames(meta: BinaryDb): readonly string[] | undefined {
  const b = meta.get(kSymbolsKey);
  return b ? (JSON.parse(b.toString('utf8')) as string[]) : undefined;
}

export function writeSymbolNames(root: RootDatabase, meta: BinaryDb, names: readonly string[]): SymbolNamesResult {
  return root.transactionSync((): SymbolNamesResult => {
    const stored = readSymbolNames(meta) ?? [];
    for (let i = 0; i < stored.length; i++) {
      if (stored[i] !== names[i]) return { ok: false, reason: 'symbol-table-mismatch', index: i, stored: stored[i]!, given: names[i] };
    }
    if (names.length > stored.length) meta.putSync(kSymbolsKey, Buffer.from(JSON.stringify(names)));
    return { ok: true, added: names.length - stored.length };
  }, kSyncTxnFlags);
}

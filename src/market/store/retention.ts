import type { RootDatabase } from 'lmdb';
import type { BinaryDb } from './lmdb-env.js';
import { kSyncTxnFlags } from './lmdb-env.js';
import { kAllPrefixes, prefixWindow, storedPrefixes } from './prefix-scan.js';

/**
 * Retention by age: deletes records whose key time is before `cutoffUs`, at
 * most `maxDeletes` of them in one write transaction, so that a timer can
 * call it off the hot path and the recorder's own commits never wait behind
 * a long delete. Each call starts again from the lowest prefix; prefixes
 * already pruned cost one seek each.
 *
 * Old records sit at the start of every (symbol, stream) prefix, so a chunk
 * is a skip scan over prefixes taking the head of each.
 */
export interface PruneResult {
  readonly deleted: number;
  /** True when records older than the cutoff remain: call again. */
  readonly more: boolean;
}

export function pruneChunk(root: RootDatabase, dbs: readonly (BinaryDb | null)[], cutoffUs: number, maxDeletes: number): PruneResult {
  return root.transactionSync(() => {
    // Collect one key more than we delete: it tells whether more remain
    // without a second pass. Keys are copies; bounded by maxDeletes + 1.
    const doomed: { db: BinaryDb; key: Buffer }[] = [];
    const want = maxDeletes + 1;
    outer: for (const db of dbs) {
      if (db === null) continue;
      for (const prefix of storedPrefixes(db, kAllPrefixes)) {
        for (const { key } of prefixWindow(db, prefix, { untilUs: cutoffUs }, undefined, want - doomed.length)) {
          doomed.push({ db, key });
        }
        if (doomed.length >= want) break outer;
      }
    }
    const n = Math.min(maxDeletes, doomed.length);
    for (let i = 0; i < n; i++) {
      const d = doomed[i]!;
      d.db.removeSync(d.key);
    }
    return { deleted: n, more: doomed.length > maxDeletes };
  }, kSyncTxnFlags);
}

import fs from 'node:fs';
import type { Database, RootDatabase } from 'lmdb';

/**
 * How much disk the store takes, from LMDB's own statistics.
 *
 * liveBytes counts the pages that hold data now: the B-tree pages of every
 * sub-db and of the main db, the freelist's own pages and the two meta pages.
 * It falls after retention deletes records. fileBytes is the size of
 * data.mdb: LMDB never shrinks the file, it reuses freed pages, so the file
 * stays near the high-water mark of liveBytes (plus pages that a long-lived
 * reader still pins). The disk budget is enforced on liveBytes, so that
 * pruning reopens the budget; with retention running, fileBytes stays close
 * to the budget.
 */
export interface DiskUsage {
  readonly liveBytes: number;
  readonly fileBytes: number;
  readonly mapBytes: number;
  readonly pageSize: number;
}

interface TreeStats {
  readonly pageSize: number;
  readonly treeBranchPageCount: number;
  readonly treeLeafPageCount: number;
  readonly overflowPages: number;
}

interface EnvStats extends TreeStats {
  readonly mapSize: number;
  readonly free: TreeStats;
}

const kMetaPages = 2;

function treePages(s: TreeStats): number {
  return s.treeBranchPageCount + s.treeLeafPageCount + s.overflowPages;
}

/** Cheap enough to call once per write batch: one native stat per db, no I/O. */
export function liveBytes(root: RootDatabase, dbs: readonly (Database | null)[]): number {
  const env = root.getStats() as EnvStats;
  let pages = kMetaPages + treePages(env) + treePages(env.free);
  for (const db of dbs) if (db !== null) pages += treePages(db.getStats() as TreeStats);
  return pages * env.pageSize;
}

export function measureDiskUsage(root: RootDatabase, dbs: readonly (Database | null)[], dir: string): DiskUsage {
  const env = root.getStats() as EnvStats;
  let fileBytes = 0;
  try {
    fileBytes = fs.statSync(`${dir}/data.mdb`).size;
  } catch {
    // A store opened with another file layout reports 0 rather than failing a health probe.
  }
  return { liveBytes: liveBytes(root, dbs), fileBytes, mapBytes: env.mapSize, pageSize: env.pageSize };
}

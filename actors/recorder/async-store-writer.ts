import { open, type RootDatabase, type RootDatabaseOptionsWithPath } from 'lmdb';
import { kAllPrefixes, prefixWindow, storedPrefixes } from '../../src/market/store/prefix-scan.js';
import { openBinaryDb, SubDb, type BinaryDb } from '../../src/market/store/lmdb-env.js';
import { kKeySize, writeRecordKey } from '../../src/market/store/keys.js';
import { SymbolGrouping } from '../../src/market/store/symbol-grouping.js';
import { openTickStore, type LmdbTickStore } from '../../src/market/store/tick-store.js';
import { readKind } from '../../src/market/tick-codec.js';
import { kTickRecordSize, RecordKind } from '../../src/market/tick-layout.js';
import { BufferSweeper } from './buffer-sweeper.js';
import { MapResidency } from './map-residency.js';
import type { RecorderOptions } from './recorder-options.js';

/**
 * Writes the recorder's batches to the store (src/market/store: same
 * environment, sub-dbs, keys and values as LmdbTickStore.writeBatch) with
 * lmdb-js's asynchronous puts, opened so that a terminated recorder worker
 * can neither deadlock nor leave the store locked. The supervisor terminates
 * the recorder on a hang, a heap overflow, an admin restart or a chaos kill,
 * at whatever instruction it is on (README.md in this folder has the whole
 * story and the measurements):
 *
 *   - no JavaScript runs while this thread holds LMDB's write lock. With
 *     transactionSync (writeBatch), transaction(cb) or batch(cb) it does, and
 *     a terminate landing there never finishes: lmdb-js 3.5's env cleanup
 *     hook relocks the writingLock its own thread holds, the LMDB write lock
 *     stays taken, every writer of the store in the process blocks, and the
 *     process cannot exit.
 *   - eventTurnBatching: false. By default lmdb-js wraps each event turn's
 *     writes in a block that the turn closes; terminated mid-turn, its write
 *     thread waits for the block's end forever and worker teardown waits for
 *     the write thread.
 *   - txnStartThreshold: never mid-turn. The write thread starts once per
 *     batch, after the turn that encoded it (so a batch is one transaction),
 *     not every few puts: each start is a native call, and a terminate that
 *     lands in the moment before one aborts the whole process
 *     (node-addon-api's napi_throw fails while the worker stops:
 *     napi_fatal_error). Fewer native calls, fewer such moments.
 *
 * Contract of write(): resolves once every record of the batch is committed
 * (and, with durability 'fsync', flushed), or with a refusal; never rejects.
 * The batch's bytes must stay untouched until it resolves (lmdb-js reads
 * values from the caller's memory on its write thread) and must not live in
 * a SharedArrayBuffer (tick-store.ts). Writes may overlap (the recorder keeps
 * two in flight): lmdb-js queues every put in call order and commits in that
 * order, so a write whose puts were queued first commits no later than one
 * queued after it. A write that starts while an earlier one is still being
 * written by lmdb-js's thread may share that transaction, so a transaction
 * holds at most two writes' records. Keys are the store's (keys.ts), so
 * writing a batch again overwrites it.
 *
 * Not kept: the store's meta "lastCommit" stamp (store-meta.ts writes it
 * inside a synchronous transaction); the recorder reports its last commit in
 * stats() instead.
 */
export type WriteOutcome =
  | { readonly ok: true; readonly ticks: number; readonly spreads: number; readonly gaps: number; readonly rejected: number; readonly commitUs: number }
  | { readonly ok: false; readonly reason: 'over-budget'; readonly liveBytes: number; readonly budgetBytes: number }
  | { readonly ok: false; readonly reason: 'write-failed'; readonly error: string };

export interface PruneOutcome {
  readonly deleted: number;
  /** Records older than the cutoff remain: run another chunk. */
  readonly more: boolean;
}

/** A put's promise with separateFlushed: `flushed` resolves once its transaction is on disk. */
type FlushedPromise = Promise<boolean> & { readonly flushed?: Promise<unknown> };

/**
 * One Buffer over a whole batch, handed to every put with `start`/`end`
 * moved to the record: lmdb-js's put (write.js) takes a Uint8Array value
 * with numeric `start` and `end` as the bytes [start, end) of its
 * ArrayBuffer (the convention of its own msgpackr encoder), reads the address
 * at the call and the bytes at commit. Saves a Buffer (and its garbage) per
 * record; the recorder tests check every stored record bit for bit.
 */
type RecordWindow = Buffer & { start: number; end: number };

function recordWindow(bytes: Uint8Array): RecordWindow {
  const w = Buffer.from(bytes.buffer, 0, bytes.buffer.byteLength) as RecordWindow;
  w.start = 0;
  w.end = 0;
  return w;
}

/** Most bytes one record can add to the store's live pages (LmdbTickStore's bound: a 90-byte leaf node in a half-full page, plus branches). */
const kMaxBytesPerRecord = 256;

/** lmdb-js starts its write thread mid-turn past this many queued writes; never, so it starts once per turn. */
const kNeverStartMidTurn = 2 ** 30;

export class AsyncStoreWriter {
  /** Both handles on the store; replaced by each remap, null while one is under way or if reopening failed. */
  private handles: StoreHandles | null;
  private readonly grouping = new SymbolGrouping();
  private readonly key = Buffer.alloc(kKeySize);
  private readonly keyView = new DataView(this.key.buffer, this.key.byteOffset, kKeySize);
  /** Frees lmdb-js's spent write buffers (a full GC when they pile up). */
  private readonly sweeper: BufferSweeper;
  private closed = false;
  private lastLiveBytes = Infinity; // forces a measurement on the first batch
  private recordsSinceMeasure = 0;
  private lastDiskBytes = 0;
  /** How much the current map has made resident (map-residency.ts). */
  private readonly residency: MapResidency;
  /** Set while the store is closed and reopened; every write and prune waits for it. */
  private remapping: Promise<void> | null = null;
  private remapCount = 0;
  /** Writes and prunes not settled yet: a remap waits for all of them. */
  private readonly pending = new Set<Promise<unknown>>();

  constructor(private readonly o: RecorderOptions, sweeper?: BufferSweeper, residency?: MapResidency) {
    this.sweeper = sweeper ?? new BufferSweeper(o.gcSlackBytes);
    this.residency = residency ?? new MapResidency(o.mapResidencyBytes, kMaxBytesPerRecord);
    this.handles = openHandles(o);
    this.residency.opened();
  }

  /** Symbol names, disk usage: the store's own (read-mostly) API. Only while no remap is under way (init, tests). */
  get store(): LmdbTickStore {
    if (this.handles === null) throw new Error('recorder store: closed (being remapped, or reopening it failed)');
    return this.handles.store;
  }

  /** How many times the store was closed and reopened to unmap its resident pages. */
  remaps(): number {
    return this.remapCount;
  }

  /** Live bytes of the store, the figure the budget applies to (~30 µs). */
  liveBytes(): number {
    return this.store.diskUsageBytes();
  }

  /** Full GCs run to free lmdb-js's spent write buffers (buffer-sweeper.ts); null if V8 refused the gc function. */
  fullGcs(): number | null {
    return this.sweeper.enabled ? this.sweeper.count : null;
  }

  /** For stats(): live bytes, or null once closed (a late poll during shutdown); during a remap, the last figure. */
  diskBytes(): number | null {
    if (this.closed) return null;
    if (this.handles !== null) this.lastDiskBytes = this.liveBytes();
    return this.lastDiskBytes;
  }

  write(bytes: Uint8Array): Promise<WriteOutcome> {
    this.remapIfDue();
    return this.afterRemap(() => this.writeNow(bytes));
  }

  private async writeNow(bytes: Uint8Array): Promise<WriteOutcome> {
    const handles = this.reopened();
    if (typeof handles === 'string') return { ok: false, reason: 'write-failed', error: handles };
    const n = bytes.byteLength / kTickRecordSize;
    const refusal = this.checkBudget(n);
    if (refusal !== undefined) return refusal;
    const started = performance.now();
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const values = recordWindow(bytes);
    let ticks = 0, spreads = 0, gaps = 0, rejected = 0;
    let last: Promise<boolean> | undefined;
    const { root, byKind } = handles;
    this.residency.wrote(n);
    try {
      const order = this.grouping.orderOf(view, n);
      for (let j = 0; j < n; j++) {
        const off = order[j]! * kTickRecordSize;
        const kind = readKind(view, off);
        const db = byKind[kind] ?? null;
        if (db === null) { rejected++; continue; }
        writeRecordKey(this.keyView, 0, view, off, kind);
        values.start = bytes.byteOffset + off;
        values.end = values.start + kTickRecordSize;
        last = db.put(this.key, values); // key copied now; value's address taken now, its bytes read at commit
        if (kind === RecordKind.Tick) ticks++; else if (kind === RecordKind.Spread) spreads++; else gaps++;
      }
      this.sweeper.check(); // while LMDB's write thread works on these puts
      if (last !== undefined) {
        await last;
        // This batch's own flush (separateFlushed), not the latest transaction's:
        // root.flushed would also wait for a write queued after this one.
        if (this.o.durability === 'fsync') await ((last as FlushedPromise).flushed ?? root.flushed);
      }
    } catch (err) {
      return { ok: false, reason: 'write-failed', error: err instanceof Error ? err.message : String(err) };
    }
    return { ok: true, ticks, spreads, gaps, rejected, commitUs: Math.round((performance.now() - started) * 1000) };
  }

  /**
   * Deletes at most `max` records whose key time is before cutoffUs. The
   * doomed keys are collected under one short read snapshot (never held
   * across turns), then removed asynchronously like write()'s puts.
   */
  prune(cutoffUs: number, max: number): Promise<PruneOutcome> {
    return this.afterRemap(() => this.pruneNow(cutoffUs, max));
  }

  private async pruneNow(cutoffUs: number, max: number): Promise<PruneOutcome> {
    const handles = this.reopened();
    if (typeof handles === 'string') throw new Error(handles);
    const { root, byKind } = handles;
    const doomed: { db: BinaryDb; key: Buffer }[] = [];
    const want = max + 1; // one more than we delete tells whether more remain
    outer: for (const db of byKind) {
      if (db === null || db === undefined) continue;
      for (const prefix of storedPrefixes(db, kAllPrefixes)) {
        for (const { key } of prefixWindow(db, prefix, { untilUs: cutoffUs }, undefined, want - doomed.length)) {
          doomed.push({ db, key });
        }
        if (doomed.length >= want) break outer;
      }
    }
    const n = Math.min(max, doomed.length);
    let last: Promise<boolean> | undefined;
    for (let i = 0; i < n; i++) last = doomed[i]!.db.remove(doomed[i]!.key);
    this.sweeper.check();
    if (last !== undefined) await last;
    if (n > 0 && this.o.durability === 'fsync') await root.flushed;
    return { deleted: n, more: doomed.length > max };
  }

  /**
   * Measuring live bytes takes a native stat per sub-db (~30 µs), so, as
   * LmdbTickStore does, it is skipped while even the worst-case growth since
   * the last measurement (kMaxBytesPerRecord per record) stays under the
   * budget; near the budget every batch measures, so space freed by
   * retention reopens it at once. Fewer native calls also mean fewer moments
   * at which a terminate can hit this thread inside lmdb-js (README.md).
   */
  private checkBudget(incoming: number): WriteOutcome | undefined {
    const budget = this.o.diskBudgetBytes;
    if (budget === undefined) return undefined;
    this.recordsSinceMeasure += incoming;
    if (this.lastLiveBytes + this.recordsSinceMeasure * kMaxBytesPerRecord < budget) return undefined;
    this.lastLiveBytes = this.liveBytes();
    this.recordsSinceMeasure = incoming;
    return this.lastLiveBytes >= budget ? { ok: false, reason: 'over-budget', liveBytes: this.lastLiveBytes, budgetBytes: budget } : undefined;
  }

  /**
   * LMDB reads every page it writes back through its memory map (the next
   * transaction walks the tree to the tails it appends to), and a page once
   * read stays in the process's RSS until the map goes away: without this,
   * the recorder's RSS grows with the whole store, 7 days of it by default
   * (docs/memory.md). So once the map has made mapResidencyBytes resident
   * since it was opened (map-residency.ts), the next write first waits for
   * the writes in flight, closes both handles and reopens them (about
   * 5 ms; measured in docs/memory.md). The native environment, and with it
   * the map, goes only when no other thread of the process holds the store
   * open: a shard's recovery or an export keeps it (and its pages) until it
   * closes, and the next remap then drops them.
   */
  private remapIfDue(): void {
    if (this.remapping !== null || this.closed || !this.residency.due()) return;
    const inFlight = [...this.pending];
    this.remapping = (async () => {
      await Promise.allSettled(inFlight);
      const h = this.handles;
      this.handles = null;
      if (h !== null) await closeHandles(h);
      this.remapCount++;
      this.reopened(); // a failure is reported by the next write, which tries again
    })().catch(() => undefined).finally(() => {
      this.remapping = null;
    });
  }

  /** The open handles, opening them again if a remap closed them; an error message if that fails. */
  private reopened(): StoreHandles | string {
    if (this.handles !== null) return this.handles;
    try {
      this.handles = openHandles(this.o);
      this.residency.opened();
      return this.handles;
    } catch (err) {
      return `reopening the store failed: ${err instanceof Error ? err.message : String(err)}`;
    }
  }

  /**
   * Runs an operation on the store now, or after the remap under way (calls
   * made during one run after it in call order, so puts keep their order),
   * and remembers it until it settles so that the next remap can wait for it.
   */
  private afterRemap<T>(run: () => Promise<T>): Promise<T> {
    const op = this.remapping === null ? run() : this.remapping.then(run);
    this.pending.add(op);
    void op.finally(() => this.pending.delete(op));
    return op;
  }

  /** Waits for pending writes (and a remap under way), then closes both handles. Must be awaited before the worker exits. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (this.remapping !== null) await this.remapping;
    await Promise.allSettled([...this.pending]);
    if (this.handles !== null) await closeHandles(this.handles);
    this.handles = null;
  }
}

/** The store's read-mostly API and the asynchronous writer's root, both over one environment. */
interface StoreHandles {
  readonly store: LmdbTickStore;
  readonly root: RootDatabase;
  /** Sub-db by RecordKind; null where a kind is not stored. */
  readonly byKind: readonly (BinaryDb | null)[];
}

function openHandles(o: RecorderOptions): StoreHandles {
  const store = openTickStore({ path: o.path, mapSizeBytes: o.mapSizeBytes, durability: o.durability });
  // The options of lmdb-env.ts's openStoreEnv, plus the two that make the
  // writes terminate-safe (top comment): no event-turn batch block, and
  // one write transaction per batch, started after the turn that encoded it.
  // (txnStartThreshold is documented by lmdb-js but missing from its types.)
  const options: RootDatabaseOptionsWithPath & { txnStartThreshold: number } = {
    path: o.path, mapSize: o.mapSizeBytes, maxDbs: 16,
    eventTurnBatching: false, txnStartThreshold: kNeverStartMidTurn,
    // Every write's promise carries its own `flushed` promise (fsync durability).
    separateFlushed: true,
    ...(o.durability === 'os' ? { noSync: true } : {}),
  };
  const root = open(options);
  const byKind: (BinaryDb | null)[] = [];
  byKind[RecordKind.Tick] = openBinaryDb(root, SubDb.ticks);
  byKind[RecordKind.Spread] = openBinaryDb(root, SubDb.spreads);
  byKind[RecordKind.Gap] = openBinaryDb(root, SubDb.gaps);
  return { store, root, byKind };
}

async function closeHandles(h: StoreHandles): Promise<void> {
  await h.root.committed;
  await h.root.close();
  await h.store.close();
}

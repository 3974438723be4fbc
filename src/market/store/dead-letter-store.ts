import type { RootDatabase } from 'lmdb';
import {
  decodeEntry, decodeStats, encodeEntry, encodeStats, entryKey, idOfKey, makeIdGenerator, sourceEnd, sourcePrefix,
  type DeadLetter, type SourceStats,
} from './dead-letter-codec.js';
import { kSyncTxnFlags, openBinaryDb, openStoreEnv, SubDb, type BinaryDb } from './lmdb-env.js';
import { resolveStoreOptions, type StoreOptions } from './store-options.js';

/**
 * Dead-letter store: malformed or unexpected messages kept for inspection
 * and replay (`ringmaster dlq list|replay`), in the recorder's LMDB
 * environment (own sub-dbs, see dead-letter-codec.ts for the layout).
 *
 * Bound: at most maxPerSource entries per source; adding past it evicts that
 * source's oldest entries in the same transaction, and counts them.
 *
 * add() is for actor threads: it never blocks on disk and never rejects. It
 * joins lmdb-js's asynchronous write batch (all adds of one event turn share
 * one transaction, committed off the JS thread) and resolves to a result.
 * list/take/replay are for tools and the host, and run synchronously.
 *
 * Options (beyond StoreOptions): maxPerSource (default 10 000),
 * maxRawBytes (default 64 KiB; longer frames are cut and marked truncated).
 */
export interface DeadLetterInput {
  readonly source: string;
  readonly reason: string;
  readonly raw: string | Uint8Array;
  /** µs since the epoch; default: the store's clock. */
  readonly receivedAt?: number;
}

export type AddResult =
  | { readonly ok: true; readonly id: string; readonly evicted: number }
  | { readonly ok: false; readonly id: string; readonly error: string };

export interface ListOptions {
  readonly source?: string;
  /** Default 100. */
  readonly limit?: number;
}

/** What a replay handler decides: drop the entry (true / undefined) or keep it (false). Throwing stops the replay and keeps it. */
export type ReplayHandler = (entry: DeadLetter) => boolean | void | Promise<boolean | void>;

export interface ReplayResult {
  readonly replayed: number;
  readonly kept: number;
  readonly failed?: { readonly id: string; readonly error: string };
}

export interface DeadLetterStoreOptions extends StoreOptions {
  readonly maxPerSource?: number;
  readonly maxRawBytes?: number;
}

export class LmdbDeadLetterStore {
  private readonly root: RootDatabase;
  private readonly entries: BinaryDb | null;
  private readonly stats: BinaryDb | null;
  private readonly nextId: () => string;
  private readonly clock: () => number;
  private readonly readOnly: boolean;
  private closed = false;

  constructor(options: DeadLetterStoreOptions, readonly maxPerSource: number, readonly maxRawBytes: number) {
    const o = resolveStoreOptions(options, 'deadLetterStore');
    this.root = openStoreEnv(o);
    this.entries = openBinaryDb(this.root, SubDb.deadLetters);
    this.stats = openBinaryDb(this.root, SubDb.deadLetterStats);
    this.clock = o.clock;
    this.readOnly = o.readOnly;
    this.nextId = makeIdGenerator(() => o.clock() / 1000);
  }

  add(input: DeadLetterInput): Promise<AddResult> {
    this.assertWritable();
    const prefix = sourcePrefix(input.source);
    const id = this.nextId();
    const size = typeof input.raw === 'string' ? Buffer.byteLength(input.raw) : input.raw.byteLength;
    const entry: DeadLetter = {
      id, source: input.source, reason: input.reason, receivedAt: input.receivedAt ?? this.clock(),
      raw: this.cut(input.raw), truncated: size > this.maxRawBytes,
    };
    const value = encodeEntry(entry);
    const statsKey = prefix.subarray(1);
    const entries = this.entries!, stats = this.stats!;
    return this.root.transaction((): AddResult => {
      const s = decodeStats(stats.get(statsKey));
      entries.putSync(entryKey(prefix, id), value);
      const excess = Math.max(0, s.count + 1 - this.maxPerSource);
      let evicted = 0;
      if (excess > 0) {
        for (const key of entries.getKeys({ start: prefix, end: sourceEnd(prefix), limit: excess })) {
          if (entries.removeSync(key)) evicted++;
        }
      }
      stats.putSync(statsKey, encodeStats({ ...s, count: s.count + 1 - evicted, added: s.added + 1, evicted: s.evicted + evicted }));
      return { ok: true, id, evicted };
    }).catch((err: unknown): AddResult => ({ ok: false, id, error: err instanceof Error ? err.message : String(err) }));
  }

  /** Oldest first within a source; sources in byte order of their names. */
  list(opts: ListOptions = {}): DeadLetter[] {
    const out: DeadLetter[] = [];
    for (const { value } of this.range(opts.source, opts.limit ?? 100)) out.push(decodeEntry(value));
    return out;
  }

  /** Removes and returns up to `limit` oldest entries, atomically (at-most-once delivery). */
  take(opts: ListOptions = {}): DeadLetter[] {
    this.assertWritable();
    return this.root.transactionSync(() => {
      const out: { key: Buffer; entry: DeadLetter }[] = [];
      for (const { key, value } of this.range(opts.source, opts.limit ?? 100)) out.push({ key, entry: decodeEntry(value) });
      for (const { key, entry } of out) this.removeCounted(key, entry.source);
      return out.map((o) => o.entry);
    }, kSyncTxnFlags);
  }

  /**
   * Hands entries, oldest first, to `handler` one at a time and deletes each
   * that it accepts only after it resolved (at-least-once delivery: a crash
   * mid-replay leaves the entry for the next replay).
   */
  async replay(handler: ReplayHandler, opts: ListOptions = {}): Promise<ReplayResult> {
    this.assertWritable();
    const limit = opts.limit ?? Infinity;
    let replayed = 0, kept = 0;
    let after: Buffer | undefined;
    while (replayed + kept < limit) {
      const next = this.firstAfter(opts.source, after);
      if (!next) break;
      after = next.key;
      const entry = decodeEntry(next.value);
      let keep: boolean | void;
      try {
        keep = (await handler(entry)) === false;
      } catch (err) {
        return { replayed, kept, failed: { id: entry.id, error: err instanceof Error ? err.message : String(err) } };
      }
      if (keep) { kept++; continue; }
      this.root.transactionSync(() => this.removeCounted(next.key, entry.source), kSyncTxnFlags);
      replayed++;
    }
    return { replayed, kept };
  }

  /** Counters per source (count now, added, evicted, removed). */
  sourceStats(): Record<string, SourceStats> {
    const out: Record<string, SourceStats> = {};
    if (this.stats === null) return out;
    for (const { key, value } of this.stats.getRange({})) out[key.toString('utf8')] = decodeStats(value);
    return out;
  }

  /** Waits for pending add()s, then closes. Must be awaited before the owning worker exits (lmdb-env.ts). */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    if (!this.readOnly) await this.root.committed;
    await this.root.close();
  }

  private range(source: string | undefined, limit: number): Iterable<{ key: Buffer; value: Buffer }> {
    if (this.entries === null) return [];
    if (source === undefined) return this.entries.getRange({ limit });
    const prefix = sourcePrefix(source);
    return this.entries.getRange({ start: prefix, end: sourceEnd(prefix), limit });
  }

  private firstAfter(source: string | undefined, after: Buffer | undefined): { key: Buffer; value: Buffer } | undefined {
    if (this.entries === null) return undefined;
    const prefix = source === undefined ? undefined : sourcePrefix(source);
    const start = after ?? prefix;
    for (const e of this.entries.getRange({
      ...(start ? { start } : {}), ...(after ? { exclusiveStart: true } : {}), ...(prefix ? { end: sourceEnd(prefix) } : {}), limit: 1,
    })) return e;
    return undefined;
  }

  /** Inside a write transaction. */
  private removeCounted(key: Buffer, source: string): void {
    if (!this.entries!.removeSync(key)) return;
    const statsKey = Buffer.from(source, 'utf8');
    const s = decodeStats(this.stats!.get(statsKey));
    this.stats!.putSync(statsKey, encodeStats({ ...s, count: s.count - 1, removed: s.removed + 1 }));
  }

  private cut(raw: string | Uint8Array): string | Uint8Array {
    if (typeof raw === 'string') {
      return Buffer.byteLength(raw) <= this.maxRawBytes ? raw : Buffer.from(raw).subarray(0, this.maxRawBytes).toString('utf8');
    }
    // Copy: the caller's buffer may be reused (or shared) once add() returns.
    return Uint8Array.from(raw.byteLength <= this.maxRawBytes ? raw : raw.subarray(0, this.maxRawBytes));
  }

  private assertWritable(): void {
    if (this.closed) throw new Error('dead letter store: used after close()');
    if (this.readOnly) throw new Error('dead letter store: opened readOnly');
  }
}

export function openDeadLetterStore(options: DeadLetterStoreOptions): LmdbDeadLetterStore {
  const maxPerSource = options.maxPerSource ?? 10_000;
  const maxRawBytes = options.maxRawBytes ?? 64 * 1024;
  if (!Number.isInteger(maxPerSource) || maxPerSource <= 0) {
    throw new RangeError(`deadLetterStore.maxPerSource: ${String(maxPerSource)} must be a positive integer`);
  }
  if (!Number.isInteger(maxRawBytes) || maxRawBytes <= 0) {
    throw new RangeError(`deadLetterStore.maxRawBytes: ${String(maxRawBytes)} must be a positive integer`);
  }
  return new LmdbDeadLetterStore(options, maxPerSource, maxRawBytes);
}
